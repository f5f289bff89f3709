"""``GET /matters/{matter_id}/client.json`` returns the matter's client as a ``Client``
(``paths./matters/{matter_id}/client.json.get`` → ``Client_Show``): the fields asked for, only
``id`` without them (a Client has no etag), ``is_matter_client`` true."""


def test_it_returns_the_matters_client(clio):
    response = clio.get(
        "matters/1001/client.json",
        params={"fields": "id,name,type,is_matter_client,primary_email_address"},
    )

    assert response.status_code == 200
    assert response.json()["data"] == {
        "id": 2001,
        "name": "John Smith",
        "type": "Person",
        "is_matter_client": True,
        "primary_email_address": "john.smith@example.com",
    }
    assert response.headers["ETag"]


def test_it_returns_only_the_id_without_fields(clio):
    assert clio.get("matters/1001/client").json()["data"] == {"id": 2001}


def test_it_answers_404_for_an_unknown_matter(clio):
    response = clio.get("matters/9999/client.json")

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "RecordNotFound"
