"""Trust test helpers: a trust account linked to Clio's, and money in a matter's ledger."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection

from billing.models import BankAccount, Invoice, Matter
from trust.models import TrustAccount, TrustEntry, TrustTransfer
from trust.services.accounts import trust_account_create
from trust.services.posting import trust_deposit_post, trust_withdrawal_post


def trust_account_make(*, clio_id: int = 501, processor_account_id: str = "") -> TrustAccount:
    bank, _ = BankAccount.objects.get_or_create(
        clio_id=clio_id, defaults={"name": f"IOLTA Trust {clio_id}", "type": BankAccount.Type.TRUST}
    )
    return trust_account_create(clio_bank_account=bank, processor_account_id=processor_account_id)


def deposit(
    account: TrustAccount,
    matter: Matter,
    amount: str | Decimal,
    *,
    on: date | None = None,
    cleared: bool = True,
    ref: str = "",
) -> TrustEntry:
    return trust_deposit_post(
        account=account,
        matter=matter,
        amount=Decimal(amount),
        effective_date=on or date(2026, 11, 2),
        source=TrustEntry.Source.PROCESSOR,
        source_ref=ref,
        cleared=cleared,
        memo="Retainer",
    )


def transfer_make(
    account: TrustAccount,
    invoice: Invoice,
    amount: str | Decimal = "100.00",
    *,
    on: date | None = None,
    user: User | None = None,
) -> TrustTransfer:
    """An earned-fee withdrawal for ``invoice`` from freshly deposited cleared funds, and the
    transfer it lists (as approving a trust application does)."""
    day = on or date(2026, 11, 3)
    deposit(account, invoice.matter, amount, on=day)
    entry = trust_withdrawal_post(
        account=account, invoice=invoice, amount=Decimal(amount), effective_date=day, user=user
    )
    return TrustTransfer.objects.create(entry=entry, amount=Decimal(amount))


def run_together(*targets: Callable[[], object]) -> list[object]:
    """Run ``targets`` at the same moment, each in a thread with its own database connection;
    what each returned or raised, in order."""
    barrier = threading.Barrier(len(targets))
    results: list[object] = [None] * len(targets)

    def run(i: int, target: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[i] = target()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
