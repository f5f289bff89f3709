import base64

import pytest
import requests
import responses

from integrations.lawpay import errors
from integrations.lawpay.client import LawPayClient
from tests.integrations.lawpay.conftest import API, SECRET_KEY, error_json


def test_it_authenticates_with_the_secret_key_and_an_empty_password(mocked, client):
    mocked.get(f"{API}/v1/merchant", json={"merchant_accounts": []})
    client.merchant()
    expected = base64.b64encode(f"{SECRET_KEY}:".encode()).decode()
    assert mocked.calls[0].request.headers["Authorization"] == f"Basic {expected}"


def test_it_matches_the_documented_header_for_the_faq_key(mocked):
    # reference §1: m_cSiyNUh9RBWHfdbFRFGrkB -> bV9jU2l5TlVoOVJCV0hmZGJGUkZHcmtCOg==
    client = LawPayClient(secret_key="m_cSiyNUh9RBWHfdbFRFGrkB", base_url=API)
    mocked.get(f"{API}/v1/merchant", json={})
    client.merchant()
    assert (
        mocked.calls[0].request.headers["Authorization"]
        == "Basic bV9jU2l5TlVoOVJCV0hmZGJGUkZHcmtCOg=="
    )


def test_the_status_check_sends_no_credentials(mocked, client):
    mocked.get(f"{API}/status", json={"status": "NORMAL"})
    assert client.status() == "NORMAL"
    assert "Authorization" not in mocked.calls[0].request.headers


def test_the_repr_masks_the_secret_key(client):
    text = repr(client)
    assert SECRET_KEY not in text
    assert SECRET_KEY[-4:] in text


def test_errors_never_contain_the_secret_key(mocked, client):
    mocked.get(f"{API}/v1/merchant", status=401, json=error_json("not_authorized"))
    with pytest.raises(errors.AuthenticationFailed) as caught:
        client.merchant()
    assert SECRET_KEY not in str(caught.value)
    assert SECRET_KEY not in repr(caught.value.messages)


def test_logs_never_contain_the_secret_key(mocked, client, caplog):
    caplog.set_level("DEBUG")
    mocked.get(f"{API}/v1/merchant", json={})
    client.merchant()
    assert caplog.records
    assert SECRET_KEY not in caplog.text


def test_it_refuses_plain_http_to_a_remote_host():
    with pytest.raises(ValueError, match="HTTPS"):
        LawPayClient(secret_key=SECRET_KEY, base_url="http://api.8am.com")


def test_it_allows_plain_http_to_a_local_emulator():
    client = LawPayClient(secret_key=SECRET_KEY, base_url="http://127.0.0.1:8001/")
    assert client.base_url == "http://127.0.0.1:8001"


def test_it_refuses_an_empty_secret_key():
    with pytest.raises(ValueError):
        LawPayClient(secret_key="", base_url=API)


def test_every_call_carries_the_timeout_on_one_reused_session():
    seen = []
    sessions = set()

    class RecordingSession(requests.Session):
        def request(self, *args, **kwargs):
            seen.append(kwargs.get("timeout"))
            sessions.add(id(self))
            return super().request(*args, **kwargs)

    timed = LawPayClient(secret_key=SECRET_KEY, base_url=API, session=RecordingSession(), timeout=7)
    with responses.RequestsMock() as mocked:
        mocked.get(f"{API}/v1/merchant", json={})
        mocked.get(f"{API}/v1/events/e1", json={"id": "e1", "type": "x", "data": {}})
        timed.merchant()
        timed.event_get("e1")
    assert seen == [7, 7]
    assert len(sessions) == 1
