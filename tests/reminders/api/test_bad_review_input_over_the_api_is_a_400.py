import pytest
import time_machine

from reminders.models import AttorneyReview, ReviewAction
from tests.reminders.api.desk import NOW, api, review_of, sent_invoice


@pytest.fixture
def review(attorney):
    return review_of(sent_invoice(attorney=attorney))


def _post(user, review, action, body):
    with time_machine.travel(NOW, tick=False):
        return api(user).post(f"/api/v1/reviews/{review.pk}/{action}/", body, format="json")


@pytest.mark.parametrize("action", ["dispute", "log-call", "write-off"])
@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "   "}])
def test_an_action_that_needs_a_note_refuses_none(attorney, review, action, body):
    response = _post(attorney, review, action, body)

    assert response.status_code == 400
    assert "note" in response.json()
    assert not ReviewAction.objects.exists()


@pytest.mark.parametrize(
    ("until", "says"),
    [
        ("2027-04-05", "after today"),
        ("2027-01-01", "after today"),
        ("2028-06-01", "at most a year"),
        ("next friday", "Date has wrong format"),
        ("2027-02-30", "Date has wrong format"),
        (None, "may not be null"),
    ],
)
def test_a_snooze_needs_a_later_day_within_a_year(attorney, review, until, says):
    response = _post(attorney, review, "snooze", {"until": until})

    assert response.status_code == 400
    assert says in str(response.json()["until"])
    assert AttorneyReview.objects.get(pk=review.pk).state == AttorneyReview.State.OPEN


def test_a_snooze_without_a_day_is_refused(attorney, review):
    response = _post(attorney, review, "snooze", {"note": "later"})

    assert response.status_code == 400 and "until" in response.json()


@pytest.mark.parametrize("note", ["x" * 2001, "call\x00me"])
def test_a_note_too_long_or_holding_a_nul_is_refused(attorney, review, note):
    response = _post(attorney, review, "log-call", {"note": note})

    assert response.status_code == 400 and "note" in response.json()
    assert not ReviewAction.objects.exists()


def test_resuming_a_review_already_waiting_says_so(attorney, review):
    response = _post(attorney, review, "resume", {})

    assert response.status_code == 400
    assert response.json() == {"detail": "This review is already waiting for the attorney."}


def test_a_body_that_is_not_an_object_is_refused(attorney, review):
    assert _post(attorney, review, "dispute", ["note"]).status_code == 400


@pytest.mark.parametrize("invoice", [None, "", "abc", "1.5", "-3", "0", "1" * 19, "²"])
def test_the_reminders_list_needs_a_whole_number_invoice(billing_clerk, invoice):
    params = {} if invoice is None else {"invoice": invoice}

    response = api(billing_clerk).get("/api/v1/reminders/", params)

    assert response.status_code == 400
    assert response.json() == {
        "invoice": "Give the invoice's id, a whole number, e.g. ?invoice=42."
    }


def test_an_unknown_show_is_refused(attorney):
    response = api(attorney).get("/api/v1/reviews/", {"show": "everything"})

    assert response.status_code == 400 and "show" in response.json()
