"""Money paid into trust (card or eCheck) is client money: never applied to an invoice here."""

from decimal import Decimal

from billing.models import Invoice, Payment
from integrations.lawpay.links import payment_link_build
from integrations.models import LawPayConnection
from tests.billing.sandbox_world import BANK, lawpay_refetch, smith_invoice


def trust_link(world, *, reference: str) -> str:
    page = world.operating_page.replace("/operating", "/trust")
    return payment_link_build(public_url=page, amount=Decimal("875.00"), reference=reference)


def test_a_card_deposit_into_trust_with_the_invoice_reference_pays_nothing(world):
    invoice = smith_invoice()

    charge = world.pay(trust_link(world, reference="00001-Smith-R-2026-000001"))
    lawpay_refetch(charge)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    assert not Payment.objects.exists()


def test_an_echeck_deposit_into_trust_pays_nothing_either(world):
    invoice = smith_invoice()

    charge = world.pay(trust_link(world, reference="00001-Smith-R-2026-000001"), **BANK)
    transaction = lawpay_refetch(charge)

    invoice.refresh_from_db()
    assert transaction.account_id == LawPayConnection.objects.get().trust_ach_account_id
    assert invoice.amount_paid == Decimal("0.00")
    assert not Payment.objects.exists()


def test_an_echeck_payment_on_the_operating_page_pays_the_invoice(world):
    invoice = smith_invoice()

    charge = world.pay(world.link(amount="875.00", reference="00001-Smith-R-2026-000001"), **BANK)
    transaction = lawpay_refetch(charge)

    invoice.refresh_from_db()
    assert transaction.account_id == LawPayConnection.objects.get().operating_ach_account_id
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get().lawpay_transaction_id == charge
