"""`manage.py sandbox_connect` plays the admin against both emulators, with no clicks."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from integrations.clio.connection import clio_client
from integrations.models import ClioConnection, LawPayConnection

REMIT = "http://127.0.0.1:8999"


@pytest.fixture
def emulators(clio_sandbox_factory, lawpay_sandbox):
    clio = clio_sandbox_factory(
        CLIO_SANDBOX_REDIRECT_URIS=f"{REMIT}/integrations/clio/callback/",
        CLIO_SANDBOX_CLIENT_ID="demo-app",
        CLIO_SANDBOX_CLIENT_SECRET="demo-app-secret",
    )
    with override_settings(
        CLIO_BASE_URL=clio.base_url,
        CLIO_CLIENT_ID="demo-app",
        CLIO_CLIENT_SECRET="demo-app-secret",
        LAWPAY_BASE_URL=lawpay_sandbox.base_url,
        REMIT_PUBLIC_URL=REMIT,
    ):
        yield clio, lawpay_sandbox


def run() -> str:
    out = io.StringIO()
    call_command("sandbox_connect", stdout=out)
    return out.getvalue()


def test_it_connects_clio_through_the_oauth_consent_and_lawpay_by_trust_flags(db, emulators):
    output = run()

    clio = ClioConnection.objects.get()
    lawpay = LawPayConnection.objects.get()
    assert clio.status == ClioConnection.Status.CONNECTED
    assert clio_client().get("users/who_am_i", fields=["id"]).data["id"]
    assert (lawpay.operating_account_name, lawpay.trust_account_name) == ("Operating", "Trust")
    assert lawpay.operating_page_url.endswith("/pages/demo-law-firm/operating")
    assert lawpay.webhook_registered_url.startswith(f"{REMIT}/webhooks/lawpay/")
    assert "Clio: connected as" in output


def test_the_demo_attorney_is_the_clio_user_remit_connected_as(db, emulators):
    from billing.models import ClioUser
    from tests.factories import UserFactory

    attorney = UserFactory(username="attorney", role="Attorney")

    output = run()

    me = clio_client().get("users/who_am_i", fields=["id", "name"]).data
    linked = ClioUser.objects.get(remit_user=attorney)
    assert (linked.clio_id, linked.name) == (me["id"], me["name"])
    assert f"Attorney: the demo attorney is {me['name']} in Clio" in output


def test_a_second_run_changes_nothing(db, emulators):
    run()
    first = (ClioConnection.objects.get().access_token, LawPayConnection.objects.get().pk)

    output = run()

    assert (ClioConnection.objects.get().access_token, LawPayConnection.objects.get().pk) == first
    assert "already connected" in output


@override_settings(CLIO_BASE_URL="https://app.clio.com")
def test_it_refuses_to_touch_a_real_service(db):
    with pytest.raises(ImproperlyConfigured):
        run()
