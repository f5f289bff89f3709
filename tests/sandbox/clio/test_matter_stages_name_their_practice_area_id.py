"""A matter stage names its practice area by ``practice_area_id`` (a string), and has no
``practice_area`` (``components/schemas/MatterStage_base``; ``GET /matter_stages.json``, which
is the only matter stage path)."""


def test_it_returns_the_practice_area_id(clio):
    response = clio.get("matter_stages.json", params={"fields": "id,name,practice_area_id"})

    assert response.status_code == 200
    # The demo firm's stages belong to no one practice area.
    assert [(s["name"], s["practice_area_id"]) for s in response.json()["data"]] == [
        ("Intake", None),
        ("In Progress", None),
        ("Ready to Bill", None),
        ("Completed", None),
    ]


def test_it_refuses_practice_area_as_a_field(clio):
    response = clio.get("matter_stages.json", params={"fields": "id,practice_area"})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "InvalidFields",
        "message": "practice_area is not a valid field",
    }


def test_it_has_no_single_matter_stage_path(clio):
    assert clio.get("matter_stages/51.json").status_code == 405
