def test_it_pages_by_offset(clio):
    body = clio.get("matters.json", params={"offset": 2, "limit": 2, "fields": "id"}).json()

    assert [m["id"] for m in body["data"]] == [1003, 1004]
    assert "offset=4" in body["meta"]["paging"]["next"]
    assert "offset=0" in body["meta"]["paging"]["previous"]


def test_it_refuses_an_offset_past_ten_thousand_records(clio):
    response = clio.get("matters.json", params={"offset": 10000, "limit": 200})

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "ArgumentError"


def test_it_refuses_a_limit_over_two_hundred(clio):
    response = clio.get("matters.json", params={"limit": 201})

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "ArgumentError"
