"""Index filters and orders spelled as Clio's OpenAPI document spells them are taken and filter
as documented (``paths./users.json.get`` subscription_type ``attorney|nonattorney``,
``/tasks.json`` priority ``high|normal|low`` and assignee_type ``user|contact``,
``/bills.json`` type ``revenue|trust``, ``/contacts.json`` initial, orders such as
``/matters.json`` ``client.name(asc)`` and ``/bills.json`` ``client_name(desc)``)."""

import pytest


def _ids(clio, path, **params):
    response = clio.get(path, params={"fields": "id", **params})
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["data"]]


def test_users_filter_by_the_lower_case_subscription_type(clio):
    assert _ids(clio, "users.json", subscription_type="nonattorney") == [3004]
    assert 3004 not in _ids(clio, "users.json", subscription_type="attorney")


def test_tasks_filter_by_lower_case_priority_and_assignee_type(clio):
    assert _ids(clio, "tasks.json", priority="high") == [1701]
    assert _ids(clio, "tasks.json", priority="low") == []
    assert _ids(clio, "tasks.json", assignee_type="user") == [1701]
    assert _ids(clio, "tasks.json", assignee_type="contact") == []


def test_bills_filter_by_revenue_or_trust(clio):
    assert _ids(clio, "bills.json", type="revenue") == [801, 802]
    assert _ids(clio, "bills.json", type="trust") == []


def test_contacts_filter_by_initial(clio):
    assert _ids(clio, "contacts.json", initial="J") == [2001, 2006]


@pytest.mark.parametrize(
    ("path", "order"),
    [
        ("matters.json", "client.name(asc)"),
        ("matters.json", "practice_area.name(desc)"),
        ("matters.json", "clients(asc)"),
        ("matters.json", "statute_of_limitations.due_at(asc)"),
        ("activities.json", "user.name(asc)"),
        ("activities.json", "display_number(desc)"),
        ("bills.json", "client_name(desc)"),
        ("bills.json", "matter_display_number(asc)"),
        ("tasks.json", "due_at_strict(asc)"),
        ("contacts.json", "shared_at(asc)"),
    ],
)
def test_orders_the_spec_names_are_taken(clio, path, order):
    assert _ids(clio, path, order=order)


def test_matters_order_by_their_clients_name(clio):
    names = [
        m["client"]["name"]
        for m in clio.get(
            "matters.json", params={"order": "client.name(asc)", "fields": "client{name}"}
        ).json()["data"]
    ]

    assert names == sorted(names)
