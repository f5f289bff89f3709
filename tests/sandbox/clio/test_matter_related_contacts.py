"""A matter's relationships (``relationships: [{description, contact: {id}}]`` in the Matter
bodies) are listed by ``GET /matters/{matter_id}/related_contacts.json`` as ``RelatedContacts``,
each the contact with its ``relationship`` (``paths./matters/{matter_id}/related_contacts.json``,
order ``contact.name(asc)``)."""


def test_it_lists_the_contacts_related_to_a_matter(clio):
    response = clio.patch(
        "matters/1001.json",
        params={"fields": "relationships{id,description}"},
        json={
            "data": {
                "relationships": [
                    {"description": "Opposing counsel", "contact": {"id": 2006}},
                    {"description": "Expert witness", "contact": {"id": 2003}},
                ]
            }
        },
    )
    assert response.status_code == 200, response.text
    relationships = response.json()["data"]["relationships"]
    assert [r["description"] for r in relationships] == ["Opposing counsel", "Expert witness"]

    listed = clio.get(
        "matters/1001/related_contacts.json",
        params={
            "fields": "id,contact_id,name,is_matter_client,relationship{id,description}",
            "order": "contact.name(asc)",
        },
    )

    assert listed.status_code == 200
    assert [(c["contact_id"], c["relationship"]["description"]) for c in listed.json()["data"]] == [
        (2003, "Expert witness"),
        (2006, "Opposing counsel"),
    ]
    assert {c["is_matter_client"] for c in listed.json()["data"]} == {False}


def test_a_matter_without_relationships_has_none(clio):
    response = clio.get("matters/1002/related_contacts.json")

    assert response.status_code == 200
    assert response.json()["data"] == []
