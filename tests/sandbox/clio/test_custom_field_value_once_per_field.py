"""A record holds one value per custom field: a second one is refused, the first is updated."""

FIELDS = {"fields": "custom_field_values{id,value,custom_field}"}


def _values(clio, matter_id: int) -> list[dict]:
    return clio.get(f"matters/{matter_id}.json", params=FIELDS).json()["data"][
        "custom_field_values"
    ]


def test_it_refuses_a_second_value_for_a_field_the_matter_already_has(clio):
    before = _values(clio, 1001)

    response = clio.patch(
        "matters/1001.json",
        json={"data": {"custom_field_values": [{"custom_field": {"id": 61}, "value": "Paid"}]}},
    )

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "ArgumentError"
    assert "already exists" in response.json()["error"]["message"]
    assert _values(clio, 1001) == before


def test_it_updates_the_existing_value_by_its_id(clio):
    (current,) = [v for v in _values(clio, 1001) if v["custom_field"]["id"] == 61]

    response = clio.patch(
        "matters/1001.json",
        params=FIELDS,
        json={"data": {"custom_field_values": [{"id": current["id"], "value": "Invoice Paid"}]}},
    )

    assert response.status_code == 200
    (updated,) = [v for v in _values(clio, 1001) if v["custom_field"]["id"] == 61]
    assert (updated["id"], updated["value"]) == (current["id"], "Invoice Paid")


def test_it_refuses_two_values_for_one_field_in_a_single_request(clio):
    response = clio.patch(
        "matters/1003.json",
        json={
            "data": {
                "custom_field_values": [
                    {"custom_field": {"id": 61}, "value": "Invoice Sent"},
                    {"custom_field": {"id": 61}, "value": "Invoice Paid"},
                ]
            }
        },
    )

    assert response.status_code == 422
