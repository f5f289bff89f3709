"""``clio_request_problems`` refuses the requests real Clio would, and passes Remit's own."""

from tests.contract.clio_openapi import clio_request_problems

COMMUNICATION = {
    "type": "EmailCommunication",
    "subject": "Invoice",
    "body": "Attached",
    "received_at": "2026-01-15T10:00:00+00:00",
    "matter": {"id": 1001},
}


def test_it_refuses_a_field_the_record_does_not_have():
    problems = clio_request_problems("GET", "/api/v4/matters/1001.json?fields=id,nonexistent_field")

    assert problems == [
        "GET /matters/{id}.json: fields names 'nonexistent_field', which a Matter does not have"
    ]


def test_it_refuses_a_wrong_name_inside_braces():
    problems = clio_request_problems(
        "GET", "/api/v4/matters/1001.json?fields=id,custom_field_values{id,nonexistent_field}"
    )

    assert problems == [
        "GET /matters/{id}.json: fields names custom_field_values{nonexistent_field}, "
        "which a CustomFieldValue does not have"
    ]


def test_it_refuses_a_second_level_of_braces_and_braces_on_a_scalar():
    problems = clio_request_problems(
        "GET", "/api/v4/activities.json?fields=matter{client{name}},note{id}"
    )

    assert problems == [
        "GET /activities.json: fields nests matter{client{…}} two levels deep; Clio allows one",
        "GET /activities.json: fields gives 'note' braces, but it has no nested fields",
    ]


def test_it_accepts_the_sub_fields_remit_asks_for_a_matters_custom_field_values():
    url = (
        "/api/v4/matters/1001.json?fields=id,custom_field_values{id,value,field_name,custom_field}"
    )

    assert clio_request_problems("GET", url) == []


def test_it_refuses_a_person_as_a_communication_receiver():
    body = {"data": {**COMMUNICATION, "receivers": [{"id": 2001, "type": "Person"}]}}

    problems = clio_request_problems("POST", "/api/v4/communications.json?fields=id", body)

    assert problems == [
        "POST /communications.json: body data.receivers[0].type: "
        "'Person' is not one of ['User', 'Contact']"
    ]


def test_it_refuses_the_capitalised_parent_type_filter():
    problems = clio_request_problems("GET", "/api/v4/custom_fields.json?parent_type=Matter")

    assert problems == [
        "GET /custom_fields.json: query parameter parent_type='Matter': "
        "'Matter' is not one of ['matter', 'contact'] (case matters)"
    ]


def test_it_refuses_an_unknown_query_parameter_and_a_missing_required_one():
    problems = clio_request_problems("GET", "/api/v4/notes.json?matter=1001")

    assert problems == [
        "GET /notes.json: query parameter 'matter' is not one Clio takes here",
        "GET /notes.json: required query parameter 'type' is missing",
    ]


def test_it_refuses_a_body_key_the_schema_does_not_name():
    body = {"data": {**COMMUNICATION, "sent_at": "2026-01-15T10:00:00+00:00"}}

    problems = clio_request_problems("POST", "/api/v4/communications.json", body)

    assert problems == [
        "POST /communications.json: body data.sent_at: Clio's schema has no such property"
    ]


def test_it_refuses_a_webhook_event_and_field_clio_does_not_have():
    body = {
        "data": {
            "url": "https://remit.example/webhooks/clio/",
            "model": "matter",
            "fields": "id,etag,nonexistent_field",
            "events": ["matter.updated"],
        }
    }

    problems = clio_request_problems("POST", "/api/v4/webhooks.json", body)

    assert problems == [
        "POST /webhooks.json: body data.events[0]: 'matter.updated' is not one of "
        "['created', 'updated', 'deleted', 'matter_opened', 'matter_pended', 'matter_closed']",
        "POST /webhooks.json: body data.fields: "
        "fields names 'nonexistent_field', which a Matter does not have",
    ]


def test_it_refuses_a_method_and_a_path_clio_does_not_have():
    assert clio_request_problems("POST", "/api/v4/bills.json", {"data": {}}) == [
        "POST /bills.json: POST is not an operation of /bills.json"
    ]
    assert clio_request_problems("GET", "/api/v4/payments.json") == [
        "GET /payments.json: no such path in Clio's API"
    ]


def test_it_matches_paths_with_and_without_json_and_literal_segments_first():
    assert clio_request_problems("GET", "/api/v4/users/who_am_i?fields=id,name") == []
    assert clio_request_problems("GET", "/api/v4/matters/1001?fields=id,client{id,name}") == []
    assert clio_request_problems("PUT", "/api/v4/webhooks/7/activate") == []
