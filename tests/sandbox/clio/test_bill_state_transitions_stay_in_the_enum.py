"""A bill's ``available_state_transitions`` holds only the spec's values: awaiting_approval,
awaiting_payment, paid, void, deleted; never "draft"
(``components/schemas/Bill.available_state_transitions.items.enum``)."""


def test_an_issued_bill_can_be_paid_or_voided(clio):
    data = clio.get(
        "bills/801.json", params={"fields": "state,available_state_transitions"}
    ).json()["data"]

    assert data == {"state": "awaiting_payment", "available_state_transitions": ["paid", "void"]}


def test_no_bill_offers_draft(clio):
    response = clio.control("POST", "bills", json={"matter_id": 1003, "state": "awaiting_approval"})
    assert response.status_code == 201

    bills = clio.get("bills.json", params={"fields": "available_state_transitions"}).json()["data"]

    assert all("draft" not in b["available_state_transitions"] for b in bills)
