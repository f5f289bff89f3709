def test_it_returns_only_id_and_etag_without_fields(clio):
    response = clio.get("matters/1001.json")

    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == {"id", "etag"}
    assert data["etag"].startswith('"') and data["etag"].endswith('"')


def test_it_returns_the_fields_asked_for_with_one_level_of_nesting(clio):
    response = clio.get(
        "matters/1001",
        params={"fields": "id,display_number,status,client{id,name,primary_email_address}"},
    )

    assert response.json()["data"] == {
        "id": 1001,
        "display_number": "00001-Smith",
        "status": "Open",
        "client": {
            "id": 2001,
            "name": "John Smith",
            "primary_email_address": "john.smith@example.com",
        },
    }


def test_it_returns_only_id_and_etag_for_a_nested_resource_without_braces(clio):
    data = clio.get("activities/301.json", params={"fields": "id,matter"}).json()["data"]

    assert set(data["matter"]) == {"id", "etag"}
    assert data["matter"]["id"] == 1001


def test_it_returns_only_id_and_etag_for_a_nested_collection_without_braces(clio):
    bare = clio.get("matters/1001.json", params={"fields": "id,custom_field_values"})
    named = clio.get(
        "matters/1001.json",
        params={"fields": "id,custom_field_values{id,value,field_name,custom_field}"},
    )

    assert [set(v) for v in bare.json()["data"]["custom_field_values"]] == [
        {"id", "etag"},
        {"id", "etag"},
    ]
    values = named.json()["data"]["custom_field_values"]
    assert {v["field_name"]: v["value"] for v in values} == {
        "Court File Number": "CV-2025-001",
        "Billing Status": "Invoice Sent",
    }
    assert [set(v["custom_field"]) for v in values] == [{"id", "etag"}, {"id", "etag"}]


def test_it_rejects_an_unknown_field_with_invalid_fields(clio):
    response = clio.get("matters.json", params={"fields": "id,document_versions"})

    assert response.status_code == 400
    assert response.json() == {
        "error": {"type": "InvalidFields", "message": "document_versions is not a valid field"}
    }


def test_it_rejects_a_second_level_of_nesting(clio):
    response = clio.get("activities.json", params={"fields": "id,matter{client{date_of_birth}}"})

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "InvalidFields"


def test_it_accepts_a_nested_association_named_inside_braces(clio):
    response = clio.get("activities/301.json", params={"fields": "matter{id,client}"})

    assert response.status_code == 200
    assert response.json()["data"]["matter"]["client"]["id"] == 2001


def test_it_shapes_the_record_returned_by_a_create(clio):
    body = {
        "data": {
            "type": "Matter",
            "matter": {"id": 1001},
            "subject": "Call",
            "detail": "Left a message",
        }
    }

    bare = clio.post("notes.json", json=body)
    shaped = clio.post("notes.json", params={"fields": "id,subject,matter{id}"}, json=body)

    assert bare.status_code == 201
    assert set(bare.json()["data"]) == {"id", "etag"}
    assert shaped.json()["data"]["subject"] == "Call"
    assert shaped.json()["data"]["matter"] == {"id": 1001}
