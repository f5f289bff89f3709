"""``GET /contacts/{contact_id}/email_addresses.json`` and ``/phone_numbers.json`` list the
contact's addresses and numbers (``EmailAddress_List``, ``PhoneNumber_List``; ``fields``,
``ids[]``, ``created_since``, ``updated_since``, ``limit``, ``page_token``)."""


def test_it_lists_a_contacts_email_addresses(clio):
    response = clio.get(
        "contacts/2001/email_addresses.json", params={"fields": "id,address,name,primary"}
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert [(e["address"], e["primary"]) for e in data] == [("john.smith@example.com", True)]
    assert response.json()["meta"]["records"] == 1


def test_it_lists_a_contacts_phone_numbers_and_filters_by_id(clio):
    created = clio.patch(
        "contacts/2001.json",
        params={"fields": "phone_numbers{id,number}"},
        json={
            "data": {
                "phone_numbers": [
                    {"number": "555-0100", "name": "Work"},
                    {"number": "555-0199", "name": "Home"},
                ]
            }
        },
    ).json()["data"]["phone_numbers"]
    second = next(p for p in created if p["number"] == "555-0199")

    everything = clio.get("contacts/2001/phone_numbers.json", params={"fields": "number"})
    one = clio.get(
        "contacts/2001/phone_numbers.json", params={"ids[]": second["id"], "fields": "id,number"}
    )

    assert sorted(p["number"] for p in everything.json()["data"]) == [
        p["number"] for p in sorted(created, key=lambda p: p["number"])
    ]
    assert one.json()["data"] == [{"id": second["id"], "number": "555-0199"}]


def test_a_contact_without_email_has_an_empty_list(clio):
    response = clio.get("contacts/2004/email_addresses.json")

    assert response.status_code == 200 and response.json()["data"] == []
