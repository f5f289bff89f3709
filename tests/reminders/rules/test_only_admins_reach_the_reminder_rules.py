"""Only admins (manage reminder rules) reach the reminder rules; the others change nothing."""

import pytest
from django.urls import reverse

from reminders.models import ReminderOptOut, ReminderSettings, ReminderStep
from tests.billing.factories import ClientFactory
from tests.reminders.rules.conftest import hours_values, step_on, step_values

# The roles' users come through getfixturevalue, which pytest-django cannot see: say it here,
# so these tests run with the other database tests (before any transactional flush).
pytestmark = pytest.mark.django_db


def routes():
    step = step_on(7)
    client = ClientFactory(name="Jane Garcia")
    opt_out = ReminderOptOut.objects.create(client=ClientFactory(), reason="Asked")
    return [
        ("get", reverse("reminders:rules"), {}),
        ("post", reverse("reminders:rules"), hours_values(business_days=["6"])),
        ("get", reverse("reminders:step-new"), {}),
        ("post", reverse("reminders:step-new"), step_values(step, day_offset=99)),
        ("get", reverse("reminders:step-edit", args=[step.pk]), {}),
        ("post", reverse("reminders:step-edit", args=[step.pk]), step_values(step, day_offset=9)),
        ("post", reverse("reminders:opt-out-add"), {"client": client.name, "reason": "x"}),
        ("post", reverse("reminders:opt-out-remove", args=[opt_out.pk]), {}),
    ]


def snapshot():
    settings = ReminderSettings.objects.first()
    return (
        list(ReminderStep.objects.values_list("day_offset", "active").order_by("pk")),
        settings.business_days if settings else None,
        list(ReminderOptOut.objects.values_list("pk", flat=True)),
    )


@pytest.mark.parametrize("role", ["billing_clerk", "attorney"])
def test_billing_staff_and_attorneys_are_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()

    for method, url, data in routes():
        assert getattr(client, method)(url, data).status_code == 403, (method, url)

    assert snapshot()[0] == before[0] and snapshot()[2] != []


def test_nobody_signed_in_is_sent_to_the_login_page(client, db):
    for method, url, data in routes():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], (method, url)
    assert ReminderStep.objects.filter(day_offset__in=[9, 99]).count() == 0
    assert ReminderOptOut.objects.count() == 1


def test_an_admin_reaches_every_page(admin_client):
    for method, url, data in routes():
        assert admin_client.get(url).status_code in (200, 405), url
        assert getattr(admin_client, method)(url, data).status_code in (200, 302), (method, url)


def test_the_opt_out_actions_take_post_only(admin_client):
    assert admin_client.get(reverse("reminders:opt-out-add")).status_code == 405
    assert admin_client.put(reverse("reminders:rules")).status_code == 405
