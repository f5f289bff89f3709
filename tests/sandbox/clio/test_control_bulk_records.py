from .conftest import enabled_webhook


def _time(matter_id: int, seconds: int) -> dict:
    return {
        "type": "TimeEntry",
        "date": "2026-01-05",
        "quantity": seconds,
        "matter": {"id": matter_id},
        "user": {"id": 3002},
    }


def test_it_creates_many_records_in_one_request_and_answers_their_ids(clio):
    response = clio.control(
        "POST", "records/activities/bulk", json={"data": [_time(1003, 3600), _time(1004, 1800)]}
    )

    assert response.status_code == 201
    ids = [row["id"] for row in response.json()["data"]]
    assert len(ids) == 2 and ids[1] == ids[0] + 1
    second = clio.get(f"activities/{ids[1]}", params={"fields": "total,user,matter"}).json()
    assert second["data"]["total"] == 212.5  # 0.5 h x Robert Barrister's $425
    assert second["data"]["matter"]["id"] == 1004


def test_it_rolls_the_whole_batch_back_when_one_record_is_invalid(clio):
    before = clio.get("activities.json", params={"limit": 1}).json()["meta"]["records"]

    response = clio.control(
        "POST", "records/activities/bulk", json={"data": [_time(1003, 3600), _time(99999, 60)]}
    )

    assert response.status_code == 422
    assert clio.get("activities.json", params={"limit": 1}).json()["meta"]["records"] == before


def test_it_fires_no_webhooks_unless_asked(clio, receiver):
    webhook = enabled_webhook(clio, receiver, model="activity", fields="id")

    clio.control("POST", "records/activities/bulk", json={"data": [_time(1003, 360)]})
    clio.control(
        "POST",
        "records/activities/bulk",
        json={"data": [_time(1003, 720)], "fire_webhooks": True},
    )

    events = clio.deliveries(webhook_id=webhook["id"], kind="event")
    assert len(events) == 1


def test_it_refuses_a_body_that_is_not_a_list(clio):
    response = clio.control("POST", "records/matters/bulk", json={"data": {"description": "x"}})

    assert response.status_code == 422


def test_bulk_records_can_be_back_dated_but_not_future_dated(clio):
    done = clio.control(
        "POST",
        "records/notes/bulk",
        json={
            "at": "2026-01-05T18:00:00Z",
            "data": [{"type": "Matter", "matter": {"id": 1001}, "subject": "Old note"}],
        },
    )
    note_id = done.json()["data"][0]["id"]
    note = clio.get(f"notes/{note_id}", params={"fields": "created_at,updated_at"}).json()["data"]
    future = clio.control(
        "POST",
        "records/notes/bulk",
        json={
            "at": "2999-01-01T00:00:00Z",
            "data": [{"type": "Matter", "matter": {"id": 1001}, "subject": "Future note"}],
        },
    )

    assert note["updated_at"].startswith("2026-01-05T18:00:00")
    assert note["created_at"].startswith("2026-01-05T18:00:00")
    assert future.status_code == 422
    assert "future" in future.json()["error"]["message"]
