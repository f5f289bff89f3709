"""Each desk action changes the review through its service, records the history, and says so."""

from datetime import date

from django.urls import reverse

from billing.models import AttentionItem
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReviewAction
from tests.reminders.desk.world import NOW, flagged_matter_of

Kind = ReviewAction.Kind
State = AttorneyReview.State


def _post(client, url_name, review, data):
    return client.post(reverse(url_name, args=[review.pk]), data, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_logging_a_call_keeps_the_note_and_sends_it_to_clio(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = _post(
        client, "reminders:review-log-call", review, {"note": "Promised to pay Friday."}
    )

    assert response.status_code == 200
    assert any("call logged" in m for m in _messages(response))
    action = review.actions.get(kind=Kind.CALL_LOGGED)
    assert (action.note, action.by, action.at) == ("Promised to pay Friday.", attorney, NOW)
    [note] = OutboxMessage.objects.filter(kind="clio.note.create")
    assert note.payload["clio_matter_id"] == review.matter.clio_id
    assert "Promised to pay Friday." in note.payload["detail"]
    assert "Promised to pay Friday." in response.text  # in the row's history


def test_snoozing_takes_the_flag_off_the_waiting_list_until_the_day(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = _post(
        client, "reminders:review-snooze", review, {"until": "2027-04-19", "note": "Holiday"}
    )

    review.refresh_from_db()
    assert (review.state, review.snoozed_until) == (State.SNOOZED, date(2027, 4, 19))
    assert review.actions.get(kind=Kind.SNOOZED).until == date(2027, 4, 19)
    assert any("snoozed until 2027-04-19" in m for m in _messages(response))
    assert response.context["rows"] == []
    snoozed = client.get(reverse("reminders:flagged"), {"show": "snoozed"})
    assert [row.review.pk for row in snoozed.context["rows"]] == [review.pk]


def test_resuming_puts_a_snoozed_flag_back_on_the_waiting_list(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)
    _post(client, "reminders:review-snooze", review, {"until": "2027-04-19"})

    _post(client, "reminders:review-resume", review, {})

    review.refresh_from_db()
    assert (review.state, review.snoozed_until) == (State.OPEN, None)
    assert review.actions.filter(kind=Kind.RESUMED).count() == 1


def test_marking_disputed_stops_reminders_on_the_invoice(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = _post(
        client, "reminders:review-dispute", review, {"note": "Says the March hours are wrong."}
    )

    review.refresh_from_db()
    review.invoice.refresh_from_db()
    assert review.state == State.DISPUTED
    assert review.invoice.disputed_at == NOW
    assert review.actions.get(kind=Kind.DISPUTED).note == "Says the March hours are wrong."
    assert OutboxMessage.objects.filter(kind="clio.note.create").count() == 1
    assert any("marked disputed" in m for m in _messages(response))


def test_resuming_a_disputed_flag_clears_the_dispute(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)
    _post(client, "reminders:review-dispute", review, {"note": "Hours."})

    _post(client, "reminders:review-resume", review, {"note": "Settled with the client."})

    review.refresh_from_db()
    review.invoice.refresh_from_db()
    assert review.state == State.OPEN
    assert review.invoice.disputed_at is None


def test_requesting_a_write_off_puts_it_in_billings_needs_attention(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    _post(client, "reminders:review-write-off", review, {"note": "Client went bankrupt."})

    review.refresh_from_db()
    assert review.state == State.WRITE_OFF_REQUESTED
    item = AttentionItem.objects.get(reason=AttentionItem.Reason.WRITE_OFF_REQUESTED)
    assert "Client went bankrupt." in item.detail


def test_billing_staff_act_on_any_attorneys_flag(client, billing_clerk, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(billing_clerk)

    _post(client, "reminders:review-log-call", review, {"note": "Left a voicemail."})

    assert review.actions.get(kind=Kind.CALL_LOGGED).by == billing_clerk


def test_an_action_returns_to_the_tab_and_page_it_came_from(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = client.post(
        reverse("reminders:review-log-call", args=[review.pk]),
        {"note": "Called.", "show": "all", "page": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/reminders/flagged/?show=all&page=1"
