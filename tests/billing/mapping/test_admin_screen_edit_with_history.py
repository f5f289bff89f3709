"""An admin edits a mapping; the page shows who changed what, when and why."""

from django.urls import reverse

from billing.models import MatterMapping
from tests.billing.mapping.conftest import matter_seen


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


def test_the_same_account_for_operating_and_trust_is_refused(admin_client):
    mapping = matter_seen(1001, "00001-Smith")

    response = admin_client.post(
        edit_url(mapping),
        {
            "reference": "00001-Smith",
            "lawpay_operating_account_id": "acct-1",
            "lawpay_trust_account_id": "acct-1",
        },
    )

    assert "must be different accounts" in response.content.decode()


def test_billing_staff_cannot_edit(client, billing_clerk):
    mapping = matter_seen(1001, "00001-Smith")
    client.force_login(billing_clerk)

    response = client.post(edit_url(mapping), {"reference": "X"})

    assert response.status_code == 403
    mapping.refresh_from_db()
    assert mapping.reference == "00001-Smith"
