"""Communication senders and receivers name their table, ``User`` or ``Contact`` (the spec)."""

BODY = {
    "type": "EmailCommunication",
    "subject": "Invoice",
    "body": "Attached",
    "received_at": "2026-01-15T10:00:00Z",
    "matter": {"id": 1001},
}


def test_it_accepts_a_contact_receiver_and_shows_the_contact_type(clio):
    response = clio.post(
        "communications.json",
        params={"fields": "id,receivers{id,type,name}"},
        json={"data": {**BODY, "receivers": [{"id": 2001, "type": "Contact"}]}},
    )

    assert response.status_code == 201
    assert response.json()["data"]["receivers"] == [
        {"id": 2001, "type": "Person", "name": "John Smith"}
    ]


def test_it_refuses_a_person_receiver_with_an_argument_error(clio):
    response = clio.post(
        "communications.json",
        json={"data": {**BODY, "receivers": [{"id": 2001, "type": "Person"}]}},
    )

    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "type": "ArgumentError",
            "message": "An invalid argument was supplied: receivers type must be one of User, "
            "Contact",
        }
    }


def test_it_refuses_a_company_sender(clio):
    response = clio.post(
        "communications.json", json={"data": {**BODY, "senders": [{"id": 2003, "type": "Company"}]}}
    )

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "ArgumentError"
