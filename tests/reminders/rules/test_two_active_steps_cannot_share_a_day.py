"""One active step per day: a second one on the same day is refused; a switched-off one is not."""

from django.urls import reverse

from reminders.models import ReminderStep
from tests.reminders.rules.conftest import step_on, step_values

NEW_STEP = {"action": "email", "subject": "Again", "body_text": "Still due: {{ amount_due }}"}


def test_a_new_active_step_on_a_taken_day_is_refused(admin_client):
    response = admin_client.post(
        reverse("reminders:step-new"), {**NEW_STEP, "day_offset": 7, "active": "on"}
    )

    assert response.status_code == 200
    assert "Another active step already runs on day 7." in response.content.decode()
    assert ReminderStep.objects.filter(day_offset=7).count() == 1


def test_moving_a_step_onto_a_taken_day_is_refused(admin_client):
    step = step_on(21)

    response = admin_client.post(
        reverse("reminders:step-edit", args=[step.pk]), step_values(step, day_offset=30)
    )

    assert "Another active step already runs on day 30." in response.content.decode()
    step.refresh_from_db()
    assert step.day_offset == 21


def test_a_switched_off_step_may_share_a_day(admin_client):
    response = admin_client.post(reverse("reminders:step-new"), {**NEW_STEP, "day_offset": 7})

    assert response.status_code == 302
    assert ReminderStep.objects.filter(day_offset=7, active=False).count() == 1
