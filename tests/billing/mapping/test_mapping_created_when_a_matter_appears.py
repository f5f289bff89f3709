"""A matter's first sync creates its mapping: reference = display number, LawPay accounts."""

from billing.models import MatterMapping
from integrations.models import LawPayConnection
from tests.billing.mapping.conftest import matter_seen


def test_the_reference_defaults_to_the_display_number(db):
    mapping = matter_seen(1001, "00001-Smith")

    assert (mapping.reference, mapping.reference_overridden) == ("00001-Smith", False)
    assert mapping.status == MatterMapping.Status.OK
    assert mapping.matter.clio_id == mapping.clio_matter_id == 1001
    assert (mapping.lawpay_operating_account_id, mapping.lawpay_trust_account_id) == ("", "")


def test_lawpay_accounts_default_from_the_lawpay_connection(db):
    LawPayConnection.objects.create(
        base_url="http://127.0.0.1:8002",
        secret_key="sk",
        webhook_token="token",
        operating_account_id="op-1",
        trust_account_id="trust-1",
    )

    mapping = matter_seen(1001, "00001-Smith")

    assert (mapping.lawpay_operating_account_id, mapping.lawpay_trust_account_id) == (
        "op-1",
        "trust-1",
    )


def test_syncing_the_matter_again_keeps_one_mapping_and_its_history_short(db):
    matter_seen(1001, "00001-Smith")
    matter_seen(1001, "00001-Smith", description="Smith v. Jones")

    mapping = MatterMapping.objects.get()
    assert mapping.history.count() == 1
