import pytest
import time_machine

from billing.models import Invoice
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReviewAction
from tests.factories import UserFactory
from tests.reminders.api.desk import NOW, api, review_of, sent_invoice


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role="Attorney")


@pytest.fixture
def alices(attorney):
    return review_of(sent_invoice(attorney=attorney, number="R-2027-000001"))


@pytest.fixture
def bobs(bob):
    return review_of(sent_invoice(attorney=bob, number="R-2027-000002"))


def test_the_list_holds_only_her_matters_flags(attorney, alices, bobs):
    response = api(attorney).get("/api/v1/reviews/")

    assert response.status_code == 200
    assert [r["invoice_number"] for r in response.json()["results"]] == ["R-2027-000001"]


def test_billing_staff_see_every_flag(billing_clerk, alices, bobs):
    listed = api(billing_clerk).get("/api/v1/reviews/").json()

    assert listed["count"] == 2


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("snooze", {"until": "2027-04-20", "note": ""}),
        ("resume", {"note": "back"}),
        ("dispute", {"note": "The client says the hours are wrong."}),
        ("log-call", {"note": "Left a message."}),
        ("write-off", {"note": "The client went bankrupt."}),
    ],
)
def test_acting_on_another_attorneys_review_is_a_404_and_changes_nothing(
    attorney, bobs, action, body
):
    with time_machine.travel(NOW, tick=False):
        response = api(attorney).post(f"/api/v1/reviews/{bobs.pk}/{action}/", body, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such review."}
    assert AttorneyReview.objects.get(pk=bobs.pk).state == AttorneyReview.State.OPEN
    assert not ReviewAction.objects.exists()
    assert not OutboxMessage.objects.filter(kind="clio.note.create").exists()
    assert Invoice.objects.get(pk=bobs.invoice_id).disputed_at is None


def test_a_review_that_does_not_exist_is_a_404(attorney):
    assert api(attorney).post("/api/v1/reviews/999999/resume/", {}).status_code == 404


def test_a_user_without_the_desk_permission_is_refused(alices):
    nobody = UserFactory(username="nobody", role=None)

    assert api(nobody).get("/api/v1/reviews/").status_code == 403
    response = api(nobody).post(f"/api/v1/reviews/{alices.pk}/log-call/", {"note": "hello"})
    assert response.status_code == 403
    assert not ReviewAction.objects.exists()


def test_anonymous_callers_are_refused(alices):
    assert api().get("/api/v1/reviews/").status_code in (401, 403)
    assert api().post(f"/api/v1/reviews/{alices.pk}/dispute/", {"note": "x"}).status_code in (
        401,
        403,
    )
