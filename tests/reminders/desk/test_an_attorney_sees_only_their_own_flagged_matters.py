"""The desk shows an attorney the flags on their own matters (responsible or originating) and
billing staff every flag; nobody else reaches it."""

from django.urls import reverse

from reminders.models import AttorneyReview
from tests.factories import UserFactory
from tests.reminders.desk.world import (
    attorney_make,
    flagged_matter_of,
    invoice_sent,
    matter_of,
    review_flag,
)

DESK = reverse("reminders:flagged")


def _shown(response) -> set[int]:
    return {row.review.pk for row in response.context["rows"]}


def test_an_attorney_sees_their_own_flag_and_not_another_attorneys(client, attorney):
    mine = flagged_matter_of(attorney)
    theirs = flagged_matter_of(attorney_make("bob"), name="Bob Barrister")
    client.force_login(attorney)

    response = client.get(DESK)

    assert response.status_code == 200
    assert _shown(response) == {mine.pk}
    assert theirs.invoice.number not in response.text
    assert "Bob Barrister" not in response.text


def test_an_attorney_sees_the_matters_they_originated(client, attorney):
    matter = matter_of(None, name="Someone Else")
    matter.originating_attorney = matter_of(attorney).responsible_attorney
    matter.save()
    review = review_flag(invoice_sent(matter))
    client.force_login(attorney)

    assert review.pk in _shown(client.get(DESK, {"show": "all"}))


def test_billing_staff_see_every_flag(client, billing_clerk, attorney):
    mine = flagged_matter_of(attorney)
    theirs = flagged_matter_of(attorney_make("bob"), name="Bob Barrister")
    client.force_login(billing_clerk)

    response = client.get(DESK)

    assert _shown(response) == {mine.pk, theirs.pk}
    assert "these are your matters" not in response.text.lower()


def test_the_attorneys_page_says_these_are_their_matters(client, attorney):
    client.force_login(attorney)

    response = client.get(DESK)

    assert "<title>Flagged matters" in response.text
    assert "These are your matters" in response.text


def test_a_row_shows_the_client_the_amount_due_its_age_and_its_history(client, attorney):
    review = flagged_matter_of(attorney)
    client.force_login(attorney)

    response = client.get(DESK)

    row = response.text
    matter = review.matter
    assert matter.display_number in row and matter.description in row
    assert matter.client.name in row and matter.client.primary_email in row
    assert review.invoice.number in row
    assert "$1,234.56" in row
    [shown] = response.context["rows"]
    assert shown.age == 35
    assert "2027-03-31" in row  # flagged, in the firm's time zone
    assert "Jane Counsel" in row
    assert "Day 30: still due." in row


def test_the_tabs_sort_the_flags_by_what_the_attorney_did(client, attorney):
    waiting = flagged_matter_of(attorney)
    disputed = flagged_matter_of(attorney)
    AttorneyReview.objects.filter(pk=disputed.pk).update(state=AttorneyReview.State.DISPUTED)
    client.force_login(attorney)

    assert _shown(client.get(DESK)) == {waiting.pk}
    assert _shown(client.get(DESK, {"show": "disputed"})) == {disputed.pk}
    assert _shown(client.get(DESK, {"show": "all"})) == {waiting.pk, disputed.pk}
    assert _shown(client.get(DESK, {"show": "nonsense"})) == {waiting.pk}


def test_the_desk_shows_25_flags_a_page(client, billing_clerk):
    for _ in range(26):
        flagged_matter_of(None)
    client.force_login(billing_clerk)

    assert len(client.get(DESK).context["rows"]) == 25
    assert len(client.get(DESK, {"page": "2"}).context["rows"]) == 1


def test_someone_without_the_desk_permission_is_refused(client, db):
    assert client.get(DESK).status_code == 302  # to the login page
    client.force_login(UserFactory(username="norole", role=None))

    assert client.get(DESK).status_code == 403
