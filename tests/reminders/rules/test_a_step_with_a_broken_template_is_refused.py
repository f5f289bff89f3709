"""A step whose day or templates cannot work is refused with the reason; nothing is saved."""

import pytest
from django.urls import reverse

from tests.reminders.rules.conftest import step_on, step_values


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body_text": "Dear {% if %} client"}, "The template does not parse"),
        ({"subject": "Invoice {{ invoice_number|nosuchfilter }}"}, "The template does not parse"),
        ({"body_html": "<p>{% for x in %}</p>"}, "The template does not parse"),
        ({"body_text": "Pay at {% url 'no-such-page' %}"}, "does not render with the sample"),
        ({"day_offset": 0}, "greater than or equal to 1"),
        ({"day_offset": 400}, "less than or equal to 365"),
        ({"day_offset": "seven"}, "Enter a whole number"),
        ({"action": "sms"}, "Select a valid choice"),
        ({"subject": ""}, "This field is required"),
    ],
)
def test_a_step_with_a_broken_template_or_day_is_refused(admin_client, changes, message):
    step = step_on(7)
    before = (step.day_offset, step.subject, step.body_text, step.body_html, step.action)
    history = step.history.count()

    response = admin_client.post(
        reverse("reminders:step-edit", args=[step.pk]), step_values(step, **changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    step.refresh_from_db()
    assert (step.day_offset, step.subject, step.body_text, step.body_html, step.action) == before
    assert step.history.count() == history


def test_a_new_step_with_a_broken_template_is_not_created(admin_client):
    from reminders.models import ReminderStep

    response = admin_client.post(
        reverse("reminders:step-new"),
        {"day_offset": 50, "action": "email", "subject": "Hi", "body_text": "{% if %}"},
    )

    assert "The template does not parse" in response.content.decode()
    assert not ReminderStep.objects.filter(day_offset=50).exists()
