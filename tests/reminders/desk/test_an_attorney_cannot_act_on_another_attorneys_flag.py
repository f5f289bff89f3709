"""Another attorney's flag is not on your desk: acting on it is a 404 and changes nothing."""

import pytest
from django.urls import reverse

from billing.models import AttentionItem
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReviewAction
from tests.reminders.desk.world import attorney_make, flagged_matter_of

ACTIONS = {
    "reminders:review-log-call": {"note": "Spoke to the client."},
    "reminders:review-snooze": {"until": "2027-04-20", "note": ""},
    "reminders:review-resume": {"note": ""},
    "reminders:review-dispute": {"note": "Client disputes the hours."},
    "reminders:review-write-off": {"note": "Client is insolvent."},
}


@pytest.mark.parametrize("url_name", ACTIONS)
def test_an_attorney_gets_a_404_acting_on_another_attorneys_flag(client, attorney, url_name):
    theirs = flagged_matter_of(attorney_make("bob"), name="Bob Barrister")
    AttorneyReview.objects.filter(pk=theirs.pk).update(state=AttorneyReview.State.DISPUTED)
    actions_before = ReviewAction.objects.count()
    client.force_login(attorney)

    response = client.post(reverse(url_name, args=[theirs.pk]), ACTIONS[url_name])

    assert response.status_code == 404
    theirs.refresh_from_db()
    theirs.invoice.refresh_from_db()
    assert theirs.state == AttorneyReview.State.DISPUTED
    assert theirs.snoozed_until is None
    assert theirs.invoice.disputed_at is None
    assert ReviewAction.objects.count() == actions_before
    assert not OutboxMessage.objects.exists()
    assert not AttentionItem.objects.exists()


def test_a_flag_id_that_is_nobodys_is_a_404(client, attorney):
    client.force_login(attorney)

    for pk in (999999, 10**30):
        response = client.post(f"/reminders/flagged/{pk}/call/", {"note": "Hello"})
        assert response.status_code == 404


def test_the_desk_actions_take_only_posts(client, attorney):
    mine = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = client.get(reverse("reminders:review-log-call", args=[mine.pk]))

    assert response.status_code == 405
