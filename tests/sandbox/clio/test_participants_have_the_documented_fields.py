"""Communication senders and receivers and a task's assignee are Participants with every
documented field (``components/schemas/Participant``: id, etag, created_at, updated_at, type,
identifier, secondary_identifier, enabled, name, initials, job_title_name, avatar)."""


def test_a_task_assignee_has_its_users_initials_and_etag(clio):
    fields = "assignee{id,etag,type,name,initials,enabled,job_title_name,identifier}"
    data = clio.get("tasks/1701.json", params={"fields": fields}).json()["data"]
    user = clio.get("users/3004.json", params={"fields": "etag,initials"}).json()["data"]

    assert data["assignee"] == {
        "id": 3004,
        "etag": user["etag"],
        "type": "User",
        "name": "Sam Paralegal",
        "initials": user["initials"],
        "enabled": True,
        "job_title_name": None,
        "identifier": "sam.paralegal@sandbox-law.example",
    }
