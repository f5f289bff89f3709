def seed(clio, matters):
    response = clio.control("POST", "seed", json={"matters": matters, "time_entries_per_matter": 0})
    assert response.status_code == 201


def test_it_pages_by_cursor_until_next_is_absent(clio):
    seed(clio, 7)  # 6 seeded + 7 = 13 matters
    pages = []
    response = clio.get("matters.json", params={"order": "id(asc)", "limit": 5, "fields": "id"})
    while True:
        assert response.status_code == 200
        body = response.json()
        pages.append([m["id"] for m in body["data"]])
        next_url = body["meta"]["paging"].get("next")
        if not next_url:
            break
        assert "page_token=" in next_url
        response = clio.request("GET", next_url.split("/api/v4/", 1)[1])

    assert [len(p) for p in pages] == [5, 5, 3]
    ids = [i for page in pages for i in page]
    assert ids == sorted(ids) and len(set(ids)) == 13


def test_it_keeps_filters_and_fields_in_the_next_link(clio):
    seed(clio, 5)
    first = clio.get(
        "matters", params={"status": "open", "limit": 2, "fields": "id,status", "order": "id(asc)"}
    ).json()

    second = clio.request("GET", first["meta"]["paging"]["next"].split("/api/v4/", 1)[1]).json()

    assert all(m["status"] == "Open" for m in second["data"])
    assert set(second["data"][0]) == {"id", "status"}
    assert second["data"][0]["id"] > first["data"][-1]["id"]


def test_it_omits_previous_and_next_on_a_single_page(clio):
    body = clio.get("matters.json").json()

    assert body["meta"]["paging"] == {}


def test_it_pages_backwards_in_descending_order(clio):
    seed(clio, 4)  # 10 matters

    first = clio.get("matters.json", params={"order": "id(desc)", "limit": 4}).json()
    second = clio.request("GET", first["meta"]["paging"]["next"].split("/api/v4/", 1)[1]).json()

    assert [m["id"] for m in first["data"]] == sorted(
        (m["id"] for m in first["data"]), reverse=True
    )
    assert second["data"][0]["id"] < first["data"][-1]["id"]
