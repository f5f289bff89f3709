"""An admin connects Clio through OAuth and disconnects it, against the Clio emulator."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import override_settings
from django.urls import reverse

from integrations.clio.connection import clio_client
from integrations.models import ClioConnection
from tests.integrations.clio.sandbox import consent_submit

CALLBACK = "http://testserver/integrations/clio/callback/"
CLIENT_ID, CLIENT_SECRET = "remit-test-app", "remit-test-app-secret"


@pytest.fixture
def clio(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(
        CLIO_SANDBOX_REDIRECT_URIS=CALLBACK,
        CLIO_SANDBOX_CLIENT_ID=CLIENT_ID,
        CLIO_SANDBOX_CLIENT_SECRET=CLIENT_SECRET,
    )
    with override_settings(CLIO_BASE_URL=sandbox.base_url):
        yield sandbox


@pytest.fixture
def admin_client(client, firm_admin):
    client.force_login(firm_admin)
    return client


def consent(authorize_url: str, decision: str) -> str:
    """Play the firm user at Clio's consent page; return where Clio sends the browser back."""
    answer = consent_submit(requests.Session(), authorize_url, allow=decision == "allow")
    assert answer.status_code in (302, 303), answer.text
    return answer.headers["Location"]


def start(admin_client, **form) -> str:
    response = admin_client.post(
        reverse("integrations:clio-connect"),
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **form},
    )
    assert response.status_code == 302
    return response.url


def back_to_remit(admin_client, location: str):
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return admin_client.get(f"{parts.path}?{parts.query}", follow=True)


def test_an_admin_connects_clio_and_remit_can_call_the_api(admin_client, clio):
    authorize_url = start(admin_client)
    query = parse_qs(urlsplit(authorize_url).query)

    response = back_to_remit(admin_client, consent(authorize_url, "allow"))

    connection = ClioConnection.objects.get()
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [CALLBACK]
    assert connection.status == ClioConnection.Status.CONNECTED
    assert connection.clio_user_name
    assert f"Connected to Clio as {connection.clio_user_name}" in response.content.decode()
    assert connection.access_token and connection.refresh_token
    assert connection.token_expires_at is not None
    me = clio_client().get("users/who_am_i", fields=["id", "name"])
    assert me.data["name"] == connection.clio_user_name


def test_a_declined_consent_leaves_remit_disconnected(admin_client, clio):
    authorize_url = start(admin_client)

    response = back_to_remit(admin_client, consent(authorize_url, "deny"))

    assert "Clio access was declined" in response.content.decode()
    assert ClioConnection.objects.get().status == ClioConnection.Status.DISCONNECTED


def test_a_callback_with_a_foreign_state_is_refused_and_nothing_is_exchanged(admin_client, clio):
    authorize_url = start(admin_client)
    location = consent(authorize_url, "allow").replace("state=", "state=forged")

    response = back_to_remit(admin_client, location)

    assert "was not started here" in response.content.decode()
    assert ClioConnection.objects.get().access_token == ""


def test_disconnecting_revokes_the_grant_at_clio_and_forgets_the_tokens(admin_client, clio):
    back_to_remit(admin_client, consent(start(admin_client), "allow"))
    old_token = ClioConnection.objects.get().access_token

    admin_client.post(reverse("integrations:clio-disconnect"))

    connection = ClioConnection.objects.get()
    revoked = requests.get(
        f"{clio.base_url}/api/v4/users/who_am_i.json",
        headers={"Authorization": f"Bearer {old_token}"},
        timeout=5,
    )
    assert connection.status == ClioConnection.Status.DISCONNECTED
    assert (connection.access_token, connection.refresh_token) == ("", "")
    assert revoked.status_code == 401


def test_a_wrong_app_secret_is_reported_and_not_connected(admin_client, clio):
    authorize_url = start(admin_client, client_secret="wrong-secret")

    response = back_to_remit(admin_client, consent(authorize_url, "allow"))

    assert "Clio refused the connection" in response.content.decode()
    assert ClioConnection.objects.get().status == ClioConnection.Status.DISCONNECTED


def test_only_admins_may_connect_clio(client, billing_clerk, clio):
    client.force_login(billing_clerk)

    response = client.post(reverse("integrations:clio-connect"), {"client_id": CLIENT_ID})

    assert response.status_code == 403
    assert not ClioConnection.objects.exists()
