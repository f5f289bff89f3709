def test_it_creates_a_matter_note_with_201(clio):
    response = clio.post(
        "notes.json",
        params={"fields": "id,type,subject,detail,matter{id},author{id}"},
        json={
            "data": {
                "type": "Matter",
                "matter": {"id": 1001},
                "subject": "Remit draft 17",
                "detail": "Draft invoice created",
                "date": "2026-01-15",
            }
        },
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["type"] == "Matter" and data["matter"] == {"id": 1001}
    assert data["author"] == {"id": 3001}


def test_it_requires_an_assignee_type_on_tasks(clio):
    body = {"name": "Follow up", "description": "Overdue", "assignee": {"id": 3001}}

    missing = clio.post("tasks.json", json={"data": body})
    created = clio.post(
        "tasks.json",
        params={"fields": "id,assignee{id,type}"},
        json={"data": {**body, "assignee": {"id": 3001, "type": "User"}}},
    )

    assert missing.status_code == 422
    assert created.status_code == 201
    assert created.json()["data"]["assignee"]["type"] == "User"


def test_it_creates_an_email_communication(clio):
    response = clio.post(
        "communications.json",
        params={"fields": "id,type,subject,matter{id}"},
        json={
            "data": {
                "type": "EmailCommunication",
                "subject": "Invoice",
                "body": "Attached",
                "received_at": "2026-01-15T10:00:00Z",
                "matter": {"id": 1001},
            }
        },
    )

    assert response.status_code == 201
    assert response.json()["data"]["type"] == "EmailCommunication"


def test_it_sets_a_matter_custom_field_value(clio):
    response = clio.patch(
        "matters/1002.json",
        params={"fields": "custom_field_values{id,field_name,value}"},
        json={
            "data": {"custom_field_values": [{"custom_field": {"id": 61}, "value": "Invoice Paid"}]}
        },
    )
    value = response.json()["data"]["custom_field_values"][0]
    updated = clio.patch(
        "matters/1002.json",
        params={"fields": "custom_field_values{id,value}"},
        json={"data": {"custom_field_values": [{"id": value["id"], "value": "Overdue"}]}},
    )

    assert value["id"].startswith("text_line-")
    assert value["field_name"] == "Billing Status"
    assert updated.json()["data"]["custom_field_values"] == [
        {"id": value["id"], "value": "Overdue"}
    ]


def test_it_records_a_trust_bank_transaction_in_account_balances(clio):
    response = clio.post(
        "bank_transactions.json",
        params={"fields": "id,amount,funds_out,type,matter{id},client{id}"},
        json={
            "data": {
                "amount": -500.0,
                "bank_account": {"id": 502},
                "date": "2026-01-15",
                "matter": {"id": 1001},
                "description": "Earned fees",
            }
        },
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["funds_out"] == 500.0 and data["client"] == {"id": 2001}
    balances = clio.get("matters/1001", params={"fields": "account_balances{id,balance}"}).json()[
        "data"
    ]
    assert balances["account_balances"][0]["balance"] == 2000.0


def test_it_refuses_to_overdraw_a_matter_trust_balance(clio):
    response = clio.post(
        "bank_transactions.json",
        json={
            "data": {
                "amount": -5000.0,
                "bank_account": {"id": 502},
                "date": "2026-01-15",
                "matter": {"id": 1001},
            }
        },
    )

    assert response.status_code == 422


def test_it_deletes_with_204_and_then_answers_404(clio):
    assert clio.delete("activities/301.json").status_code == 204

    response = clio.get("activities/301.json")

    assert response.status_code == 404
    assert set(response.json()["error"]) == {"type", "message"}


def test_it_updates_a_bill_state_but_cannot_create_bills(clio):
    patched = clio.patch(
        "bills/801.json", params={"fields": "state"}, json={"data": {"state": "paid"}}
    )
    created = clio.post("bills.json", json={"data": {"state": "draft"}})

    assert patched.json()["data"] == {"state": "paid"}
    assert created.status_code == 405


def test_it_creates_time_entries_with_quantity_in_seconds(clio):
    response = clio.post(
        "activities.json",
        params={"fields": "id,quantity,rounded_quantity_in_hours,price,total,user{id}"},
        json={
            "data": {
                "type": "TimeEntry",
                "date": "2026-01-15",
                "quantity": 5000,
                "matter": {"id": 1003},
            }
        },
    )

    data = response.json()["data"]
    assert data["quantity"] == 5000.0
    assert data["rounded_quantity_in_hours"] == 1.4  # rounded up to the next tenth
    assert data["price"] == 350.0 and data["total"] == 490.0
    assert data["user"] == {"id": 3001}


def test_it_accepts_form_encoded_bodies(clio):
    response = clio.post(
        "notes",
        params={"fields": "subject,matter{id}"},
        data={"data[type]": "Matter", "data[matter][id]": "1003", "data[subject]": "Form"},
    )

    assert response.status_code == 201
    assert response.json()["data"] == {"subject": "Form", "matter": {"id": 1003}}


def test_it_creates_a_person_and_derives_the_primary_email(clio):
    response = clio.post(
        "contacts.json",
        params={"fields": "name,primary_email_address,type"},
        json={
            "data": {
                "type": "Person",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email_addresses": [
                    {"name": "Home", "address": "ada@example.com", "default_email": True}
                ],
            }
        },
    )

    assert response.json()["data"] == {
        "name": "Ada Lovelace",
        "primary_email_address": "ada@example.com",
        "type": "Person",
    }
