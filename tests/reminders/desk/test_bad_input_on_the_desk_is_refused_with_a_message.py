"""Bad input on the desk is answered with a message saying what to fix; nothing changes."""

import pytest
from django.urls import reverse

from billing.models import AttentionItem
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReviewAction
from tests.reminders.desk.world import flagged_matter_of

REFUSED = [
    ("reminders:review-log-call", {"note": ""}, "Say what was said on the call."),
    ("reminders:review-log-call", {"note": "   "}, "Say what was said on the call."),
    ("reminders:review-log-call", {"note": "x" * 2001}, "2000"),
    ("reminders:review-log-call", {"note": "nul\x00byte"}, "Null characters are not allowed."),
    ("reminders:review-dispute", {"note": ""}, "Say what the client disputes."),
    ("reminders:review-write-off", {"note": ""}, "Say why it should be written off."),
    ("reminders:review-snooze", {"until": "2027-04-04"}, "Snooze until a day after today."),
    ("reminders:review-snooze", {"until": "2027-04-05"}, "Snooze until a day after today."),
    ("reminders:review-snooze", {"until": "2029-01-01"}, "Snooze for at most a year."),
    ("reminders:review-snooze", {"until": "31/04/2027"}, "Give the day as YYYY-MM-DD."),
    ("reminders:review-snooze", {"until": "2027-02-30"}, "Give the day as YYYY-MM-DD."),
    ("reminders:review-snooze", {"until": "soon"}, "Give the day as YYYY-MM-DD."),
    ("reminders:review-snooze", {}, "Choose the day the reminders should start again."),
    ("reminders:review-resume", {}, "already waiting for the attorney"),
]


@pytest.mark.parametrize(("url_name", "data", "message"), REFUSED)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client, attorney, url_name, data, message
):
    review = flagged_matter_of(attorney)
    actions_before = ReviewAction.objects.count()
    client.force_login(attorney)

    response = client.post(reverse(url_name, args=[review.pk]), data, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    shown = [str(m) for m in response.context["messages"]]
    assert any(message in m for m in shown), shown
    assert f'role="alert">{review.invoice.number}' in response.text
    review.refresh_from_db()
    review.invoice.refresh_from_db()
    assert (review.state, review.snoozed_until) == (AttorneyReview.State.OPEN, None)
    assert review.invoice.disputed_at is None
    assert ReviewAction.objects.count() == actions_before
    assert not OutboxMessage.objects.exists()
    assert not AttentionItem.objects.exists()
