"""A post without the CSRF token changes nothing, even for an admin."""

from django.test import Client
from django.urls import reverse

from reminders.models import ReminderOptOut
from reminders.services.rules import reminder_settings_get
from tests.billing.factories import ClientFactory
from tests.reminders.rules.conftest import hours_values, step_on, step_values


def test_a_post_without_the_csrf_token_is_refused(firm_admin):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(firm_admin)
    step = step_on(7)
    opt_out = ReminderOptOut.objects.create(client=ClientFactory(), reason="Asked")

    posts = [
        (reverse("reminders:rules"), hours_values(business_days=["6"])),
        (reverse("reminders:step-new"), step_values(step, day_offset=99)),
        (reverse("reminders:step-edit", args=[step.pk]), step_values(step, day_offset=9)),
        (reverse("reminders:opt-out-add"), {"client": opt_out.client.name, "reason": "x"}),
        (reverse("reminders:opt-out-remove", args=[opt_out.pk]), {}),
    ]
    for url, data in posts:
        assert browser.post(url, data).status_code == 403, url

    step.refresh_from_db()
    assert step.day_offset == 7
    assert reminder_settings_get().business_days == [0, 1, 2, 3, 4]
    assert ReminderOptOut.objects.filter(pk=opt_out.pk).exists()


def test_the_rules_forms_carry_the_token(admin_client):
    page = admin_client.get(reverse("reminders:rules")).content.decode()

    assert page.count('name="csrfmiddlewaretoken"') >= 3
