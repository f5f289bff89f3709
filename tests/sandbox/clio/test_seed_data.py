def test_it_seeds_open_matters_with_display_numbers_and_billing_methods(clio):
    data = clio.get(
        "matters.json", params={"fields": "id,display_number,status,billing_method"}
    ).json()["data"]

    assert data[:3] == [
        {"id": 1001, "display_number": "00001-Smith", "status": "Open", "billing_method": "hourly"},
        {"id": 1002, "display_number": "00002-Garcia", "status": "Open", "billing_method": "flat"},
        {"id": 1003, "display_number": "00003-Acme", "status": "Open", "billing_method": "hourly"},
    ]


def test_it_seeds_trust_balances_in_account_balances(clio):
    data = clio.get(
        "matters/1004.json", params={"fields": "account_balances{id,name,type,balance}"}
    ).json()["data"]

    assert data["account_balances"] == [
        {"id": 502, "name": "IOLTA Trust Account", "type": "Trust", "balance": 1200.0}
    ]


def test_it_seeds_a_client_without_an_email_address(clio):
    data = clio.get(
        "contacts/2004.json", params={"fields": "name,primary_email_address,email_addresses"}
    ).json()["data"]

    assert data == {"name": "Wei Chen", "primary_email_address": None, "email_addresses": []}


def test_it_seeds_time_entries_with_quantities_in_seconds_and_totals(clio):
    data = clio.get(
        "activities/301.json",
        params={"fields": "type,quantity,quantity_in_hours,price,total,non_billable,on_bill"},
    ).json()["data"]

    assert data == {
        "type": "TimeEntry",
        "quantity": 9000.0,
        "quantity_in_hours": 2.5,
        "price": 350.0,
        "total": 875.0,
        "non_billable": False,
        "on_bill": False,
    }


def test_it_restores_the_seed_on_reset(clio):
    clio.delete("activities/301.json")

    clio.control("POST", "reset").raise_for_status()

    assert clio.get("activities/301.json").status_code == 401  # tokens are wiped too
