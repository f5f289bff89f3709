def test_it_echoes_the_default_version(clio):
    assert clio.get("users/who_am_i").headers["X-API-VERSION"] == "4.0.13"


def test_it_echoes_a_requested_version(clio):
    response = clio.get("users/who_am_i", headers={"X-API-VERSION": "4.0.9"})

    assert response.status_code == 200
    assert response.headers["X-API-VERSION"] == "4.0.9"


def test_it_answers_gone_for_an_unknown_version(clio):
    for version in ("4.0.99", "3.0.0", "banana"):
        response = clio.get("users/who_am_i", headers={"X-API-VERSION": version})

        assert response.status_code == 410
        assert set(response.json()["error"]) == {"type", "message"}
