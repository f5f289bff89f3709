import requests

from .conftest import enabled_webhook, wait_for


def test_it_enters_time_as_a_firm_user_and_fires_activity_created(clio, receiver):
    enabled_webhook(clio, receiver, model="activity", fields="id,total,matter{id}")

    response = clio.control(
        "POST", "time_entries", json={"matter_id": 1003, "hours": 1.5, "note": "Call"}
    )

    assert response.status_code == 201
    assert response.json()["data"]["total"] == 525.0
    event = wait_for(lambda: receiver.events())[0].json()
    assert event["meta"]["event"] == "created"
    assert event["data"]["matter"] == {"id": 1003}


def test_it_closes_a_matter_and_fires_matter_closed(clio, receiver):
    enabled_webhook(clio, receiver, model="matter", fields="id,status", events=["matter_closed"])

    clio.control("POST", "matters/1001/close").raise_for_status()

    event = wait_for(lambda: receiver.events())[0].json()
    assert event["data"] == {"id": 1001, "status": "Closed"}
    assert event["meta"]["event"] == "matter_closed"


def test_it_changes_a_matter_stage(clio):
    response = clio.control("POST", "matters/1002/stage", json={"matter_stage_id": 53})

    assert response.json()["data"]["matter_stage"]["name"] == "Ready to Bill"


def test_it_changes_a_contact_email_and_fires_contact_updated(clio, receiver):
    enabled_webhook(
        clio, receiver, model="contact", fields="id,primary_email_address", events=["updated"]
    )

    clio.control("POST", "contacts/2004/email", json={"address": "wei@example.com"})

    event = wait_for(lambda: receiver.events())[0].json()
    assert event["data"] == {"id": 2004, "primary_email_address": "wei@example.com"}


def test_it_edits_and_deletes_time(clio):
    edited = clio.control("PATCH", "activities/301", json={"hours": 3})
    deleted = clio.control("DELETE", "activities/302")

    assert edited.json()["data"]["total"] == 1050.0
    assert deleted.status_code == 204


def test_it_generates_a_clio_bill_that_marks_activities_on_bill(clio):
    response = clio.control("POST", "bills", json={"matter_id": 1001})

    assert response.status_code == 201
    assert response.json()["data"]["total"] == 1385.0  # 875 + 510; 303 is non-billable
    activity = clio.get("activities/301", params={"fields": "on_bill,billed"}).json()["data"]
    assert activity == {"on_bill": True, "billed": False}


def test_it_seeds_matters_with_time_entries(clio):
    response = clio.control("POST", "seed", json={"matters": 3, "time_entries_per_matter": 2})

    created = response.json()["data"]
    assert len(created["matters"]) == 3 and len(created["activities"]) == 6
    assert clio.get("matters.json").json()["meta"]["records"] == 9


def test_it_answers_health(clio_sandbox):
    response = requests.get(f"{clio_sandbox.base_url}/_sandbox/health", timeout=5)
    assert response.status_code == 200 and response.json()["status"] == "ok"
