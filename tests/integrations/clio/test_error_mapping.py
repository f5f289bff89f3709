from __future__ import annotations

import pytest
import responses

from integrations.clio import errors
from tests.integrations.clio.conftest import API


def _error(status: int, error_type: str, message: str) -> dict:
    return {"status": status, "json": {"error": {"type": error_type, "message": message}}}


@pytest.mark.parametrize(
    ("response_kwargs", "expected"),
    [
        (_error(400, "InvalidFields", "nope is not a valid field"), errors.InvalidFields),
        (_error(400, "BadRequest", "bad"), errors.BadRequest),
        (_error(403, "ForbiddenError", "no scope"), errors.Forbidden),
        (_error(404, "RecordNotFound", "no such matter"), errors.NotFound),
        (_error(410, "Gone", "API version 4.0.99 is not supported"), errors.UnsupportedVersion),
        (_error(412, "PreconditionFailed", "changed"), errors.PreconditionFailed),
        (_error(422, "ArgumentError", "An invalid argument"), errors.ValidationError),
        (_error(500, "InternalError", "boom"), errors.ServerError),
        ({"status": 503, "body": "<html>down</html>"}, errors.ServerError),
    ],
)
def test_it_raises_a_typed_error_for_each_error_envelope(client, mocked, response_kwargs, expected):
    mocked.add(responses.GET, f"{API}/matters/1.json", **response_kwargs)

    with pytest.raises(expected) as caught:
        client.get("matters/1.json")

    assert type(caught.value) is expected
    assert caught.value.status_code == response_kwargs["status"]
    assert caught.value.path == "/api/v4/matters/1.json"


@pytest.mark.clio_off_spec  # a wrong request on purpose
def test_it_keeps_the_type_and_message_of_the_envelope(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        **_error(400, "InvalidFields", "x is not a valid field"),
    )

    with pytest.raises(errors.InvalidFields) as caught:
        client.get("matters.json", fields="x")

    assert caught.value.error_type == "InvalidFields"
    assert caught.value.message == "x is not a valid field"


def test_it_maps_the_flat_oauth_shape_on_401_to_invalid_token(store, limiter, mocked):
    from integrations.clio import ClioClient

    client = ClioClient(base_url="https://clio.test", token_store=store, rate_limiter=limiter)
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=401,
        json={"error": "invalid_token", "error_description": "The access token is expired"},
    )

    with pytest.raises(errors.InvalidToken) as caught:
        client.get("matters.json")

    assert caught.value.error_type == "invalid_token"


def test_a_network_failure_is_a_transport_error(client, mocked):
    import requests

    mocked.add(responses.GET, f"{API}/matters.json", body=requests.ConnectTimeout("slow"))

    with pytest.raises(errors.ClioTransportError):
        client.get("matters.json")
