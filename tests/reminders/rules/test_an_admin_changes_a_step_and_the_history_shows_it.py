"""An admin rewords and moves a step; the rules page lists it and the history says who did what."""

from django.urls import reverse

from tests.reminders.rules.conftest import RULES, step_on, step_values


def test_the_steps_are_listed_in_day_order(admin_client):
    page = admin_client.get(RULES).content.decode()

    day_7, day_21, day_30 = (page.index(f"<td>{day}</td>") for day in (7, 21, 30))
    assert day_7 < day_21 < day_30
    assert "Reminder email with the direct payment link" in page
    assert "Flag for attorney review" in page


def test_an_admin_changes_a_step_and_the_history_shows_it(admin_client, firm_admin):
    step = step_on(7)
    url = reverse("reminders:step-edit", args=[step.pk])
    admin_client.post(url, step_values(step, subject="Gentle reminder: {{ invoice_number }}"))
    step.refresh_from_db()

    response = admin_client.post(url, step_values(step, day_offset=8), follow=True)

    step.refresh_from_db()
    assert (step.day_offset, step.subject) == (8, "Gentle reminder: {{ invoice_number }}")
    assert step.history.latest().history_user == firm_admin
    page = response.content.decode()
    assert "Step on day 8 saved." in page
    assert "Changed: Step on day 8" in page and firm_admin.username in page
    assert "Day: 7 → 8" in page
    # The first change of a default step: the migration left no earlier row to compare with.
    assert "Before: as installed (not recorded). Now:" in page
    assert "Subject: Gentle reminder: {{ invoice_number }}" in page


def test_a_change_of_the_text_body_is_named_not_quoted(admin_client):
    step = step_on(30)
    url = reverse("reminders:step-edit", args=[step.pk])
    admin_client.post(url, step_values(step))
    step.refresh_from_db()

    admin_client.post(url, step_values(step, body_text="Call {{ client_name }} today."))

    page = admin_client.get(RULES).content.decode()
    assert "Text body changed" in page
    assert "Call John Smith" not in page and "Call {{ client_name }} today." not in page


def test_a_step_switched_off_stays_on_the_page_and_its_history_says_so(admin_client):
    step = step_on(21)

    admin_client.post(reverse("reminders:step-edit", args=[step.pk]), step_values(step, active=""))

    step.refresh_from_db()
    assert step.active is False
    page = admin_client.get(RULES).content.decode()
    assert "<td>Off</td>" in page
    assert "Active: no" in page


def test_an_admin_adds_a_step(admin_client):
    response = admin_client.post(
        reverse("reminders:step-new"),
        {
            "day_offset": 45,
            "action": "email_with_link",
            "subject": "Final reminder: {{ amount_due }}",
            "body_text": "Dear {{ client_name }},\r\n\r\nPlease pay {{ payment_url }}",
            "active": "on",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Step on day 45 saved." in page
    assert "Added: Step on day 45" in page
    assert "Subject: Final reminder: {{ amount_due }}" in page
    from reminders.models import ReminderStep

    assert ReminderStep.objects.get(day_offset=45).body_text.count("\r") == 0


def test_an_unknown_step_is_a_404(admin_client):
    assert admin_client.get(reverse("reminders:step-edit", args=[999999])).status_code == 404
