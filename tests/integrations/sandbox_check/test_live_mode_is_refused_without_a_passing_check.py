"""Without a passing sandbox check, live keys are refused on the connections page and over the
API, each saying which check is missing; nothing changes."""

from integrations.models import LawPayConnection
from tests.integrations.sandbox_check.conftest import live_keys_posted, live_keys_sent


def test_the_page_refuses_live_mode_naming_the_missing_check(sandbox, admin_client):
    html = live_keys_posted(admin_client, sandbox.lawpay).content.decode()

    assert "Live mode needs a passing sandbox check of this configuration" in html
    assert "none has passed yet: run the sandbox check on this page first" in html
    assert LawPayConnection.objects.get().mode == LawPayConnection.Mode.TEST


def test_the_page_says_why_live_mode_is_locked_before_anyone_tries(sandbox, admin_client):
    html = admin_client.get("/integrations/connections/").content.decode()

    assert "Live mode is locked." in html
    assert "Run the sandbox check" in html


def test_the_api_refuses_live_mode_with_409_naming_the_missing_check(sandbox, admin_client):
    response = live_keys_sent(admin_client, sandbox.lawpay)

    assert response.status_code == 409
    assert "needs a passing sandbox check" in response.json()["detail"]
    connection = LawPayConnection.objects.get()
    assert connection.mode == LawPayConnection.Mode.TEST
    assert connection.operating_account_id != ""
