"""Once a sandbox check of the current configuration has passed, the admin may switch to live
keys, on the page or over the API."""

from integrations.models import LawPayConnection
from tests.integrations.sandbox_check.conftest import (
    live_keys_posted,
    live_keys_sent,
    passing_run_recorded,
    sandbox_check,
)


def test_after_the_check_passes_the_page_switches_to_live_mode(sandbox, admin_client, firm_admin):
    assert sandbox_check(firm_admin.username).code == 0
    assert (
        "live keys may be switched on"
        in admin_client.get("/integrations/connections/").content.decode()
    )

    html = live_keys_posted(admin_client, sandbox.lawpay).content.decode()

    assert "LawPay key saved" in html
    assert LawPayConnection.objects.get().mode == LawPayConnection.Mode.LIVE


def test_with_a_passing_check_the_api_switches_to_live_mode(sandbox, admin_client):
    passing_run_recorded()

    response = live_keys_sent(admin_client, sandbox.lawpay)

    assert response.status_code == 200, response.content
    assert response.json()["mode"] == "live"
    assert LawPayConnection.objects.get().mode == LawPayConnection.Mode.LIVE
