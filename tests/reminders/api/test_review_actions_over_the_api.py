from datetime import date

import pytest
import time_machine

from billing.models import AttentionItem, Invoice
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReviewAction
from tests.reminders.api.desk import NOW, api, review_of, sent_invoice

State = AttorneyReview.State


@pytest.fixture
def review(attorney):
    return review_of(sent_invoice(attorney=attorney))


def _post(user, review, action, body):
    with time_machine.travel(NOW, tick=False):
        return api(user).post(f"/api/v1/reviews/{review.pk}/{action}/", body, format="json")


def test_snoozing_sets_the_day_and_answers_the_review(attorney, review):
    response = _post(attorney, review, "snooze", {"until": "2027-04-20", "note": "Pays Friday"})

    assert response.status_code == 200, response.json()
    answer = response.json()
    assert (answer["state"], answer["snoozed_until"]) == ("snoozed", "2027-04-20")
    assert answer["actions"] == [
        {
            "kind": "snoozed",
            "note": "Pays Friday",
            "until": "2027-04-20",
            "by": "alice",
            "at": "2027-04-05T15:00:00Z",
        }
    ]
    review.refresh_from_db()
    assert (review.state, review.snoozed_until) == (State.SNOOZED, date(2027, 4, 20))


def test_resuming_a_snooze_puts_it_back_on_the_waiting_list(attorney, review):
    _post(attorney, review, "snooze", {"until": "2027-04-20"})

    response = _post(attorney, review, "resume", {})

    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["snoozed_until"]) == ("open", None)
    assert [a["kind"] for a in response.json()["actions"]] == ["snoozed", "resumed"]


def test_a_dispute_marks_the_invoice_disputed(attorney, review):
    response = _post(attorney, review, "dispute", {"note": "Hours on 3 March are wrong."})

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "disputed"
    assert Invoice.objects.get(pk=review.invoice_id).disputed_at is not None


def test_resuming_a_dispute_clears_it_on_the_invoice(attorney, review):
    _post(attorney, review, "dispute", {"note": "Hours on 3 March are wrong."})

    response = _post(attorney, review, "resume", {"note": "Settled with the client."})

    assert response.status_code == 200, response.json()
    assert Invoice.objects.get(pk=review.invoice_id).disputed_at is None


def test_a_logged_call_is_kept_and_becomes_a_clio_note(attorney, review):
    response = _post(attorney, review, "log-call", {"note": "Client will pay next week."})

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "open"
    assert ReviewAction.objects.get(review=review).kind == ReviewAction.Kind.CALL_LOGGED
    [note] = OutboxMessage.objects.filter(kind="clio.note.create")
    assert note.payload["clio_matter_id"] == review.matter.clio_id
    assert "Client will pay next week." in note.payload["detail"]


def test_a_write_off_request_reaches_billing_staff(attorney, review):
    response = _post(attorney, review, "write-off", {"note": "The client went bankrupt."})

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "write_off_requested"
    item = AttentionItem.objects.get(invoice=review.invoice_id)
    assert item.reason == AttentionItem.Reason.WRITE_OFF_REQUESTED
    assert "The client went bankrupt." in item.detail


def test_billing_staff_may_act_on_any_review(billing_clerk, review):
    response = _post(billing_clerk, review, "log-call", {"note": "Spoke to the client."})

    assert response.status_code == 200, response.json()
    assert response.json()["actions"][0]["by"] == "bill"
