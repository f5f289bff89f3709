"""A contact's ``primary_work_address`` is its (first) Work address and ``secondary_address``
its second address, primary first (``components/schemas/Contact``: both ``Address_base``)."""


def test_it_returns_the_work_and_secondary_addresses(clio):
    response = clio.patch(
        "contacts/2002.json",
        params={
            "fields": "primary_address{name},secondary_address{name},primary_work_address{city}"
        },
        json={
            "data": {
                "addresses": [
                    {"name": "Home", "city": "Boston", "primary": True},
                    {"name": "Work", "city": "Cambridge"},
                ]
            }
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"] == {
        "primary_address": {"name": "Home"},
        "secondary_address": {"name": "Work"},
        "primary_work_address": {"city": "Cambridge"},
    }
