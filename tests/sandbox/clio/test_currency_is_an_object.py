"""``currency`` on matters, contacts, activities and bills is a Currency record, not a string
(``components/schemas/Matter.currency``, ``Contact.currency``, ``Bill.currency``:
``$ref Currency_base`` with id, etag, code, sign, created_at, updated_at)."""

import pytest


@pytest.mark.parametrize("path", ["matters/1001", "contacts/2001", "activities/301", "bills/801"])
def test_it_returns_the_currency_fields_asked_for(clio, path):
    data = clio.get(f"{path}.json", params={"fields": "currency{id,code,sign}"}).json()["data"]

    assert data["currency"] == {"id": 1, "code": "USD", "sign": "$"}


def test_it_returns_the_currency_id_and_etag_without_braces(clio):
    data = clio.get("matters/1001.json", params={"fields": "currency"}).json()["data"]

    assert set(data["currency"]) == {"id", "etag"}
    assert data["currency"]["id"] == 1


def test_bank_accounts_keep_their_currency_code(clio):
    # BankAccount.currency is a string in the spec.
    data = clio.get("bank_accounts/501.json", params={"fields": "currency"}).json()["data"]

    assert data["currency"] == "USD"
