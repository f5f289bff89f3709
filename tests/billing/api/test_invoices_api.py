from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from billing.models import Invoice
from tests.billing.factories import ClioUserFactory, MatterFactory, draft_with_lines

URL = "/api/v1/invoices/"


@pytest.fixture
def api():
    return APIClient()


def test_the_list_has_amounts_and_lines(api, billing_clerk, rules):
    invoice = draft_with_lines(matter=MatterFactory(clio_id=777))
    api.force_authenticate(billing_clerk)

    body = api.get(URL).json()

    item = body["results"][0]
    assert item["id"] == invoice.pk
    assert item["number"] is None
    assert item["status"] == "draft"
    assert item["clio_matter_id"] == 777
    assert item["total"] == item["amount_due"] == "750.00"
    assert item["payment_url"] == ""
    assert [line["amount"] for line in item["lines"]] == ["300.00", "450.00"]
    assert item["lines"][0]["clio_activity_id"] is not None


def test_the_list_filters_by_clio_matter_and_status(api, billing_clerk, rules):
    wanted = draft_with_lines(matter=MatterFactory(clio_id=101))
    draft_with_lines(matter=wanted.matter, status=Invoice.Status.APPROVED, number="R-2026-000001")
    draft_with_lines(matter=MatterFactory(clio_id=202))
    api.force_authenticate(billing_clerk)

    body = api.get(URL, {"clio_matter_id": 101, "status": "draft"}).json()

    assert [item["id"] for item in body["results"]] == [wanted.pk]


@pytest.mark.parametrize("params", [{"clio_matter_id": "abc"}, {"status": "lost"}])
def test_bad_filters_get_a_clear_400(api, billing_clerk, rules, params):
    api.force_authenticate(billing_clerk)

    response = api.get(URL, params)

    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_the_list_costs_the_same_queries_for_5_and_25_invoices(
    api, billing_clerk, rules, django_assert_num_queries
):
    api.force_authenticate(billing_clerk)
    api.get(URL)  # the user's permissions are cached from here on
    for _ in range(5):
        draft_with_lines()
    with django_assert_num_queries(4):  # count, page, lines, adjustments
        api.get(URL)
    for _ in range(20):
        draft_with_lines()
    with django_assert_num_queries(4):  # count, page, lines, adjustments
        assert len(api.get(URL).json()["results"]) == 25


def test_an_attorney_lists_only_invoices_on_their_matters(api, attorney, rules):
    mine = draft_with_lines(
        matter=MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    )
    draft_with_lines()
    api.force_authenticate(attorney)

    body = api.get(URL).json()

    assert [item["id"] for item in body["results"]] == [mine.pk]


def test_anonymous_callers_get_nothing(api, rules):
    draft_with_lines()

    assert api.get(URL).status_code in (401, 403)


def test_approve_numbers_the_invoice(api, billing_clerk, rules):
    invoice = draft_with_lines()
    api.force_authenticate(billing_clerk)

    response = api.post(f"{URL}{invoice.pk}/approve/")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["number"].startswith("R-")
    history = Invoice.history.filter(id=invoice.pk).latest("history_date")
    assert history.history_user == billing_clerk


def test_approve_works_with_a_token(billing_clerk, rules):
    invoice = draft_with_lines()
    token = Token.objects.create(user=billing_clerk)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert api.post(f"{URL}{invoice.pk}/approve/").status_code == 200


def test_approving_twice_is_a_conflict_not_a_second_number(api, billing_clerk, rules):
    invoice = draft_with_lines()
    api.force_authenticate(billing_clerk)
    api.post(f"{URL}{invoice.pk}/approve/")

    response = api.post(f"{URL}{invoice.pk}/approve/")

    assert response.status_code == 409
    assert "approved" in response.json()["detail"]


def test_an_attorney_cannot_approve_through_the_api(api, attorney, rules):
    matter = MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    invoice = draft_with_lines(matter=matter)
    api.force_authenticate(attorney)

    assert api.post(f"{URL}{invoice.pk}/approve/").status_code == 403
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


def test_anonymous_callers_cannot_approve(api, rules):
    invoice = draft_with_lines()

    assert api.post(f"{URL}{invoice.pk}/approve/").status_code in (401, 403)
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("750.00")


def test_approving_an_unknown_invoice_is_404(api, billing_clerk, rules):
    api.force_authenticate(billing_clerk)

    assert api.post(f"{URL}999999/approve/").status_code == 404
