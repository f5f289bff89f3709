"""Payments on the LawPay trust page post to the matter's trust ledger (over real sockets, the
LawPay emulator): uncleared until LawPay settles them, reversed when they fail, once each."""

from decimal import Decimal

import pytest

from billing.models import AttentionItem, BankAccount, Matter
from integrations.lawpay.links import payment_link_build
from integrations.models import OutboxMessage
from tests.billing.factories import ClientFactory, MatterFactory, MatterMappingFactory
from tests.billing.sandbox_world import BANK, lawpay_refetch, world  # noqa: F401
from trust.models import MatterLedger, TrustEntry
from trust.services.accounts import trust_account_create

pytestmark = pytest.mark.usefixtures("_no_broker")


@pytest.fixture
def _no_broker(monkeypatch):
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kw: None)


@pytest.fixture
def smith(world):  # noqa: F811
    bank = BankAccount.objects.create(clio_id=501, name="IOLTA Trust", type=BankAccount.Type.TRUST)
    trust_account_create(clio_bank_account=bank, processor_account_id=world.trust_id)
    client = ClientFactory(clio_id=2001, name="John Smith")
    matter = MatterFactory(clio_id=1001, display_number="00001-Smith", client=client)
    MatterMappingFactory(matter=matter, reference="00001-Smith")
    return matter


def _trust_link(world, amount="1500.00", reference="00001-Smith"):  # noqa: F811
    page = world.operating_page.replace("/operating", "/trust")
    return payment_link_build(public_url=page, amount=Decimal(amount), reference=reference)


def _ledger(matter: Matter) -> tuple[Decimal, Decimal]:
    ledger = MatterLedger.objects.get(matter=matter)
    return ledger.balance, ledger.available


def test_a_card_retainer_is_uncleared_until_lawpay_settles_it(world, smith):  # noqa: F811
    charge = world.pay(_trust_link(world))
    lawpay_refetch(charge)

    assert _ledger(smith) == (Decimal("1500.00"), Decimal("0.00"))
    deposit = TrustEntry.objects.get(kind=TrustEntry.Kind.DEPOSIT)
    assert (deposit.source, deposit.source_ref) == ("processor", charge)

    world.control("capture", transaction_id=charge)
    lawpay_refetch(charge)
    lawpay_refetch(charge)  # a repeated event changes nothing

    assert _ledger(smith) == (Decimal("1500.00"), Decimal("1500.00"))
    assert TrustEntry.objects.filter(kind=TrustEntry.Kind.CLEARANCE, clears=deposit).count() == 1
    assert TrustEntry.objects.count() == 2
    mirrored = OutboxMessage.objects.filter(kind="clio.trust.transaction")
    assert [m.payload["amount"] for m in mirrored] == ["1500.00"]


def test_a_returned_echeck_is_reversed_and_never_was_available(world, smith):  # noqa: F811
    charge = world.pay(_trust_link(world, amount="900.00"), **BANK)
    lawpay_refetch(charge)
    assert _ledger(smith) == (Decimal("900.00"), Decimal("0.00"))

    world.control(f"transactions/{charge}/ach-return", code="ach_insufficient_funds")
    lawpay_refetch(charge)

    assert _ledger(smith) == (Decimal("0.00"), Decimal("0.00"))
    reversal = TrustEntry.objects.get(kind=TrustEntry.Kind.REVERSAL)
    assert reversal.reverses.source_ref == charge and reversal.amount == Decimal("-900.00")


def test_a_trust_payment_whose_reference_names_no_matter_waits_in_needs_attention(
    world,  # noqa: F811
    smith,
):
    charge = world.pay(_trust_link(world, amount="250.00", reference="NO-SUCH-MATTER"))
    lawpay_refetch(charge)

    assert not TrustEntry.objects.exists()
    item = AttentionItem.objects.get(reason=AttentionItem.Reason.TRUST_MANUAL_STEP)
    assert charge in item.detail and "$250.00" in item.detail
