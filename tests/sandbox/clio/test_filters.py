import time
from datetime import UTC, datetime


def ids(response):
    assert response.status_code == 200, response.text
    return [record["id"] for record in response.json()["data"]]


def test_it_filters_matters_by_lower_case_status_lists(clio):
    assert ids(clio.get("matters.json", params={"status": "open"})) == [1001, 1002, 1003, 1004]
    assert ids(clio.get("matters.json", params={"status": "pending,closed"})) == [1005, 1006]


def test_it_filters_matters_by_client(clio):
    assert ids(clio.get("matters.json", params={"client_id": 2001})) == [1001, 1006]


def test_it_filters_activities_by_matter(clio):
    assert ids(clio.get("activities.json", params={"matter_id": 1004})) == [308, 309]


def test_it_filters_activities_by_billing_status(clio):
    assert ids(clio.get("activities.json", params={"status": "billed"})) == [304, 305, 311]
    assert 303 in ids(clio.get("activities.json", params={"status": "non_billable"}))


def test_it_filters_by_ids(clio):
    response = clio.get("contacts.json", params=[("ids[]", 2002), ("ids[]", 2004)])

    assert ids(response) == [2002, 2004]


def test_it_filters_by_updated_since(clio):
    cutoff = datetime.now(UTC).isoformat(timespec="seconds")
    time.sleep(1.1)
    clio.patch("matters/1003.json", json={"data": {"location": "Oakland"}})

    assert ids(clio.get("matters.json", params={"updated_since": cutoff})) == [1003]


def test_it_filters_by_created_since(clio):
    cutoff = datetime.now(UTC).isoformat()
    created = clio.post(
        "contacts.json", json={"data": {"type": "Company", "name": "Newco"}}
    ).json()["data"]

    assert ids(clio.get("contacts.json", params={"created_since": cutoff})) == [created["id"]]


def test_it_requires_a_type_to_list_notes(clio):
    missing = clio.get("notes.json")
    listed = clio.get("notes.json", params={"type": "Matter", "matter_id": 1001})

    assert missing.status_code == 422
    assert missing.json()["error"]["type"] == "ArgumentError"
    assert ids(listed) == [901]


def test_it_filters_bank_accounts_by_account_type(clio):
    response = clio.get("bank_accounts.json", params={"type": "TrustAccount", "fields": "id,type"})

    assert response.json()["data"] == [{"id": 502, "type": "Trust"}]


def test_a_date_filter_with_a_line_break_is_an_argument_error_not_a_500(clio):
    # Clio answers a bad argument with 422 ArgumentError (clio-api.md, offset paging & errors).
    response = clio.get("matters.json", params={"open_date": "<=2021\n01-01"})

    assert response.status_code == 422, response.text
    assert "open_date" in response.text
