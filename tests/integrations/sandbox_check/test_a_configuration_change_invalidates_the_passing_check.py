"""A passing check holds for the configuration it ran against: a changed base URL, account or
key afterwards locks live mode again, and the refusal names what changed."""

from integrations.models import ClioConnection, LawPayConnection
from tests.integrations.sandbox_check.conftest import (
    live_keys_posted,
    live_keys_sent,
    passing_run_recorded,
)


def test_a_changed_lawpay_base_url_is_refused_on_the_page(sandbox, admin_client):
    passing_run_recorded()
    # The same emulator by another name: not the address the check ran against.
    LawPayConnection.objects.update(
        base_url=sandbox.lawpay.base_url.replace("127.0.0.1", "localhost")
    )

    html = live_keys_posted(admin_client, sandbox.lawpay).content.decode()

    assert "ran before the LawPay base URL changed" in html
    assert LawPayConnection.objects.get().mode == LawPayConnection.Mode.TEST


def test_a_changed_clio_base_url_is_refused_over_the_api(sandbox, admin_client):
    passing_run_recorded()
    ClioConnection.objects.update(base_url=sandbox.clio.base_url.replace("127.0.0.1", "localhost"))

    response = live_keys_sent(admin_client, sandbox.lawpay)

    assert response.status_code == 409
    assert "ran before the Clio base URL changed" in response.json()["detail"]


def test_a_changed_account_is_refused_over_the_api(sandbox, admin_client):
    passing_run_recorded()
    connection = LawPayConnection.objects.get()
    LawPayConnection.objects.update(
        operating_account_id=connection.operating_ach_account_id,
        operating_ach_account_id=connection.operating_account_id,
    )

    response = live_keys_sent(admin_client, sandbox.lawpay)

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "the LawPay operating account" in detail
    assert "Run the sandbox check again first" in detail


def test_a_changed_key_is_refused_on_the_page(sandbox, admin_client):
    passing_run_recorded()
    connection = LawPayConnection.objects.get()
    connection.public_key = "pk-another"
    connection.save()

    html = live_keys_posted(admin_client, sandbox.lawpay).content.decode()

    assert "ran before the keys changed" in html
    assert LawPayConnection.objects.get().mode == LawPayConnection.Mode.TEST
