def test_it_sends_etag_and_last_modified_on_a_single_record(clio):
    response = clio.get("matters/1001.json")

    assert response.headers["ETag"] == response.json()["data"]["etag"]
    assert response.headers["Last-Modified"].endswith("GMT")


def test_it_answers_not_modified_when_the_etag_matches(clio):
    etag = clio.get("matters/1001.json").headers["ETag"]

    response = clio.get("matters/1001.json", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_it_answers_in_full_once_the_record_changes(clio):
    etag = clio.get("matters/1001.json").headers["ETag"]
    clio.patch("matters/1001.json", json={"data": {"location": "Courtroom 4"}})

    response = clio.get("matters/1001.json", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_it_refuses_a_patch_whose_if_match_is_stale(clio):
    stale = clio.get("matters/1001.json").headers["ETag"]
    clio.patch("matters/1001.json", json={"data": {"location": "Room 1"}})

    response = clio.patch(
        "matters/1001.json", headers={"If-Match": stale}, json={"data": {"location": "Room 2"}}
    )

    assert response.status_code == 412
    assert clio.get("matters/1001", params={"fields": "location"}).json()["data"] == {
        "location": "Room 1"
    }


def test_it_applies_a_patch_whose_if_match_is_current(clio):
    current = clio.get("matters/1001.json").headers["ETag"]

    response = clio.patch(
        "matters/1001.json", headers={"If-Match": current}, json={"data": {"location": "Room 3"}}
    )

    assert response.status_code == 200
    assert response.json()["data"]["etag"] != current
