"""Trust bank accounts: which one a matter's money is in, and setting one up."""

from __future__ import annotations

from django.db import transaction

from billing.models import BankAccount
from trust.models import TrustAccount


class TrustAccountRefused(Exception):
    pass


def trust_account_default() -> TrustAccount | None:
    """The account trust-first draws on and deposits go to (the firm's IOLTA account)."""
    return TrustAccount.objects.filter(is_default=True).first()


def trust_account_create(
    *, clio_bank_account: BankAccount, processor_account_id: str = "", name: str = ""
) -> TrustAccount:
    """Link Remit's ledger to Clio's trust bank account (and the processor's trust account).

    The first account becomes the default. Refuses an operating account: client money is
    never booked against the firm's own account.
    """
    if clio_bank_account.type != BankAccount.Type.TRUST:
        raise TrustAccountRefused(
            f"{clio_bank_account.name} is an operating account in Clio; a trust ledger links "
            "only to a trust account."
        )
    with transaction.atomic():
        existing = TrustAccount.objects.filter(clio_bank_account=clio_bank_account).first()
        if existing is not None:
            return existing
        return TrustAccount.objects.create(
            name=name or clio_bank_account.name,
            clio_bank_account=clio_bank_account,
            processor_account_id=processor_account_id,
            currency=clio_bank_account.currency,
            is_default=not TrustAccount.objects.filter(is_default=True).exists(),
        )
