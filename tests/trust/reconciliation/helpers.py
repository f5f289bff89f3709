"""Statements as a bank exports them, and uploading one as the firm's reconciler."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from billing.models import Invoice
from tests.trust.factories import deposit
from trust.models import TrustAccount, TrustEntry, TrustTransfer
from trust.services.posting import trust_withdrawal_post
from trust.services.reconciliation import StatementUpload, reconciliation_statement_upload

NOV_30 = date(2026, 11, 30)
HEADER = "Date,Description,Amount,Reference"


def statement_csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def upload(
    account: TrustAccount,
    user: User,
    content: bytes,
    *,
    period_end: date = NOV_30,
    opening: str = "0.00",
    closing: str,
    name: str = "november.csv",
) -> StatementUpload:
    return reconciliation_statement_upload(
        account=account,
        period_end=period_end,
        opening_balance=Decimal(opening),
        closing_balance=Decimal(closing),
        file_name=name,
        content=content,
        user=user,
    )


def withdrawal(
    account: TrustAccount, invoice: Invoice, amount: str, *, on: date
) -> tuple[TrustEntry, TrustTransfer]:
    """Earned fees out of trust, with the bank transfer it lists (as trust first does)."""
    entry = trust_withdrawal_post(
        account=account, invoice=invoice, amount=Decimal(amount), effective_date=on
    )
    return entry, TrustTransfer.objects.create(entry=entry, amount=Decimal(amount))


__all__ = ["NOV_30", "deposit", "statement_csv", "upload", "withdrawal"]
