"""``GET /custom_fields?parent_type=`` takes the spec's lower-case enum, exactly."""


def test_it_filters_custom_fields_by_lower_case_parent_type(clio):
    response = clio.get(
        "custom_fields.json", params={"parent_type": "matter", "fields": "id,parent_type"}
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data and {f["parent_type"] for f in data} == {"Matter"}


def test_it_refuses_the_capitalised_parent_type_of_the_record(clio):
    response = clio.get("custom_fields.json", params={"parent_type": "Matter"})

    assert response.status_code == 422
    assert response.json()["error"] == {
        "type": "ArgumentError",
        "message": "An invalid argument was supplied: parent_type must be one of matter, contact",
    }
