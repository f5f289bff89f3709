def test_it_adds_a_firm_user_who_can_then_enter_time(clio):
    response = clio.control(
        "POST",
        "users",
        json={"data": {"first_name": "Nora", "last_name": "Quinn", "rate": 275, "roles": []}},
    )

    assert response.status_code == 201
    user = response.json()["data"]
    assert user["name"] == "Nora Quinn"
    assert user["subscription_type"] == "Attorney"
    listed = clio.get(f"users/{user['id']}", params={"fields": "email,rate,enabled"}).json()
    assert listed["data"] == {
        "email": "nora.quinn@sandbox-law.example",
        "rate": 275.0,
        "enabled": True,
    }
    entry = clio.control(
        "POST", "time_entries", json={"matter_id": 1003, "hours": 1, "user_id": user["id"]}
    )
    assert entry.json()["data"]["total"] == 275.0


def test_it_refuses_a_duplicate_email_or_a_bad_subscription_type(clio):
    duplicate = clio.control(
        "POST", "users", json={"data": {"first_name": "Jane", "last_name": "Counsel"}}
    )
    bad_kind = clio.control(
        "POST",
        "users",
        json={"data": {"first_name": "A", "last_name": "B", "subscription_type": "Intern"}},
    )

    assert duplicate.status_code == 422
    assert bad_kind.status_code == 422
