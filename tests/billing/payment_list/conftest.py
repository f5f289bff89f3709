from datetime import UTC, datetime
from decimal import Decimal

from billing.models import Payment
from tests.billing.factories import draft_with_lines


def payment(invoice=None, **values) -> Payment:
    """A recorded LawPay payment; ``at`` is when it was received (UTC)."""
    return Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter if invoice else None,
        lawpay_transaction_id=values.pop("tx"),
        lawpay_account_id="op",
        amount=values.pop("amount", Decimal("100.00")),
        received_at=values.pop("at", datetime(2026, 11, 10, 15, 0, tzinfo=UTC)),
        **values,
    )


def invoice(number: str, **values):
    return draft_with_lines(number=number, status="paid", **values)
