"""An admin edits a mapping; the page shows who changed what, when and why."""

import pytest
from django.urls import reverse

from billing.models import MatterMapping
from integrations.models import LawPayConnection
from tests.billing.mapping.conftest import matter_seen


@pytest.fixture(autouse=True)
def connected_accounts(db):
    """A LawPay connection depositing into a named operating and trust account."""
    return LawPayConnection.objects.create(
        base_url="https://api.lawpay.test",
        operating_account_id="op-1",
        operating_account_name="Operating Account",
        trust_account_id="trust-1",
        trust_account_name="IOLTA Trust",
    )


def edit_url(mapping: MatterMapping) -> str:
    return reverse("integrations:mapping-edit", args=[mapping.pk])


def test_an_admin_overrides_the_reference_and_the_history_says_so(admin_client, firm_admin):
    mapping = matter_seen(1001, "00001-Smith")

    response = admin_client.post(
        edit_url(mapping),
        {"reference": "SMITH-LIT", "lawpay_operating_account_id": "op-1", "note": "Per CFO"},
        follow=True,
    )

    mapping.refresh_from_db()
    assert (mapping.reference, mapping.reference_overridden) == ("SMITH-LIT", True)
    assert mapping.lawpay_operating_account_id == "op-1"
    latest = mapping.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (firm_admin, "Per CFO")
    page = response.content.decode()
    assert "Mapping of 00001-Smith saved." in page
    assert "Per CFO" in page and firm_admin.username in page
    assert "Matter appeared in Clio" in page and "Clio sync" in page


def test_an_invalid_reference_is_refused_with_the_reason(admin_client):
    matter_seen(1001, "00001-Smith")
    mapping = matter_seen(1002, "00002-Garcia")

    response = admin_client.post(edit_url(mapping), {"reference": "00001-Smith"})

    assert response.status_code == 200
    assert "already used by matter 00001-Smith" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.reference == "00002-Garcia"


def test_a_conflict_is_shown_with_its_reason(admin_client):
    matter_seen(1001, "00001-Smith")
    mapping = matter_seen(1001, "00001-Smith-Jones")

    page = admin_client.get(edit_url(mapping)).content.decode()

    assert 'data-testid="conflict"' in page
    assert "renamed the display number" in page


def test_accounts_are_chosen_from_the_connection_and_shown_by_name(admin_client):
    mapping = matter_seen(1001, "00001-Smith")

    form = admin_client.get(edit_url(mapping)).content.decode()
    admin_client.post(
        edit_url(mapping),
        {"reference": "00001-Smith", "lawpay_trust_account_id": "trust-1", "note": "IOLTA"},
    )

    assert '<option value="op-1">Operating Account (card)</option>' in form
    assert '<option value="trust-1">IOLTA Trust (card)</option>' in form
    mapping.refresh_from_db()
    assert mapping.lawpay_trust_account_id == "trust-1"
    history = admin_client.get(edit_url(mapping)).content.decode()
    assert history.count('<td class="small">IOLTA Trust</td>') == 1  # only the new entry
    table = admin_client.get(reverse("integrations:mappings")).content.decode()
    assert "firm default / IOLTA Trust" in table


@pytest.mark.parametrize(
    "posted",
    [
        {"lawpay_operating_account_id": "typed-by-hand"},
        {"lawpay_trust_account_id": "op-1"},  # an operating account is no trust account
    ],
)
def test_an_account_the_connection_does_not_offer_is_refused(admin_client, posted):
    mapping = matter_seen(1001, "00001-Smith")

    response = admin_client.post(edit_url(mapping), {"reference": "00001-Smith", **posted})

    assert "Select a valid choice." in response.content.decode()
    mapping.refresh_from_db()
    assert (mapping.lawpay_operating_account_id, mapping.lawpay_trust_account_id) == ("", "")


def test_an_account_no_longer_connected_stays_on_the_mapping_and_says_so(admin_client):
    mapping = matter_seen(1001, "00001-Smith")
    MatterMapping.objects.filter(pk=mapping.pk).update(lawpay_operating_account_id="old-acct")

    form = admin_client.get(edit_url(mapping)).content.decode()

    assert '<option value="old-acct" selected>old-acct (not a connected account)</option>' in form


def test_billing_staff_cannot_edit(client, billing_clerk):
    mapping = matter_seen(1001, "00001-Smith")
    client.force_login(billing_clerk)

    response = client.post(edit_url(mapping), {"reference": "X"})

    assert response.status_code == 403
    mapping.refresh_from_db()
    assert mapping.reference == "00001-Smith"
