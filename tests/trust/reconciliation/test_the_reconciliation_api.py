from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv
from trust.models import BankStatement, TrustAccount

URL = "/api/v1/trust/reconciliations/"


@pytest.fixture
def api(reconciler):
    client = APIClient()
    client.force_authenticate(reconciler)
    return client


def _body(account, content: bytes, closing: str = "400.00") -> dict:
    return {
        "account": account.pk,
        "period_end": "2026-11-30",
        "opening_balance": "0.00",
        "closing_balance": closing,
        "file": SimpleUploadedFile("november.csv", content, "text/csv"),
    }


def test_uploading_a_statement_answers_the_report_and_again_the_same(api, account):
    deposit(account, MatterFactory(), "400.00", on=date(2026, 11, 5))
    deposit(account, MatterFactory(), "25.00", on=date(2026, 11, 30))
    content = statement_csv("2026-11-06,Deposit,400.00,")

    first = api.post(URL, _body(account, content), format="multipart")
    again = api.post(URL, _body(account, content), format="multipart")

    assert (first.status_code, again.status_code) == (201, 200)
    report = first.json()
    assert report["statement_balance"] == "400.00"
    assert report["deposits_in_transit"] == "25.00"
    assert report["adjusted_bank_balance"] == report["journal_balance"] == "425.00"
    assert report["ledgers_balance"] == "425.00"
    assert report["balanced"] is True
    assert [item["amount"] for item in report["in_transit"]] == ["25.00"]
    assert again.json()["reconciliation"]["id"] == report["reconciliation"]["id"]
    listed = api.get(URL).json()["results"]
    assert [item["id"] for item in listed] == [report["reconciliation"]["id"]]


def test_csv_text_in_a_json_body_is_a_statement_too(api, account):
    body = {**_body(account, b""), "csv": "Date,Amount\n2026-11-06,400.00\n"}
    del body["file"]

    response = api.post(URL, body, format="json")

    assert response.status_code == 201
    assert response.json()["unmatched_lines"][0]["amount"] == "400.00"


def test_a_rejected_statement_is_a_400_naming_each_line(api, account):
    response = api.post(
        URL, _body(account, statement_csv("2026-11-06,Deposit,4OO.00,")), format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["rejections"] == [
        {"line": 2, "reason": "'4OO.00' is not an amount (write it like 1,234.56 or -50.00)."}
    ]
    assert BankStatement.objects.get().status == BankStatement.Status.REJECTED


def test_sign_off_locks_the_period_and_a_difference_is_a_409(api, account):
    deposit(account, MatterFactory(), "400.00", on=date(2026, 11, 5))
    short = statement_csv("2026-11-06,Deposit,400.00,", "2026-11-07,Fee,-1.00,")
    made = api.post(URL, _body(account, short, closing="399.00"), format="multipart").json()
    sign_off = reverse(
        "api-trust-reconciliation-sign-off", kwargs={"pk": made["reconciliation"]["id"]}
    )

    refused = api.post(sign_off, {}, format="json")
    signed = api.post(sign_off, {"explanation": "Fee refunded on Dec 2."}, format="json")

    assert refused.status_code == 409
    assert "differ by $-1.00" in refused.json()["detail"]
    assert signed.status_code == 200
    assert signed.json()["signed_by"] == "ada"
    assert signed.json()["adjusted_bank_balance"] == "399.00"
    assert TrustAccount.objects.get().locked_through == date(2026, 11, 30)
    assert Decimal(signed.json()["journal_balance"]) == Decimal("400.00")


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_an_id_that_is_no_reconciliation_is_a_404(api, pk):
    assert api.get(f"{URL}{pk}/").status_code == 404
    assert api.post(f"{URL}{pk}/sign-off/", {}, format="json").status_code == 404
