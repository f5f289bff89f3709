"""Opening balances: the trust money Clio already holds when Remit's ledger starts.

When a trust account is linked to Clio's trust bank account, and whenever Remit's copy of a
matter shows a Trust balance in that bank account for a matter that has no ledger in Remit
yet, the matter's ledger opens with one ``opening`` entry equal to Clio's figure (source
``clio``, reference ``opening:<bank id>:<matter id>``, cleared, dated the firm's today). Posted
once: the reference is unique and the ledger may hold only one opening. A matter that already
has a ledger is never adjusted to Clio's figure, only compared (``selectors_crosscheck.py``).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from billing.models import BankAccount, Invoice, Matter
from billing.services.drafts import firm_today
from billing.services.trust_first import TRUST_OPEN_STATUSES
from trust.models import MatterLedger, TrustAccount, TrustEntry
from trust.selectors_crosscheck import matters_awaiting_opening
from trust.services.accounts import trust_account_create
from trust.services.applications import trust_application_propose
from trust.services.posting import TrustPostingRefused, trust_deposit_post

logger = logging.getLogger(__name__)


def opening_reference(*, bank_clio_id: int, matter_clio_id: int) -> str:
    return f"opening:{bank_clio_id}:{matter_clio_id}"


def _opening_post(
    account: TrustAccount, bank: BankAccount, matter: Matter, figure: Decimal, on: date
) -> TrustEntry | None:
    with transaction.atomic():
        # Under the account lock (the lock every posting takes first), so a deposit cannot
        # open the matter's ledger between this check and the opening.
        TrustAccount.objects.select_for_update().get(pk=account.pk)
        if MatterLedger.objects.filter(account=account, matter=matter).exists():
            return None
        return trust_deposit_post(
            account=account,
            matter=matter,
            amount=figure,
            effective_date=on,
            source=TrustEntry.Source.CLIO,
            source_ref=opening_reference(bank_clio_id=bank.clio_id, matter_clio_id=matter.clio_id),
            cleared=True,
            memo=f"Opening balance: Clio's figure for the matter in {bank.name}",
            kind=TrustEntry.Kind.OPENING,
        )


def trust_openings_post(
    *, account: TrustAccount | None = None, on: date | None = None
) -> list[TrustEntry]:
    """Open the ledger of every matter Clio holds trust money for and Remit does not yet.

    ``account``: one account (default: every account linked to Clio). A negative or
    unpostable figure is left to the cross-check, which lists it. A draft already waiting on
    the matter then gets its trust-first proposal (after the posting's transaction: proposing
    locks the invoice, which comes before the account in the lock order).
    """
    accounts = (
        [account]
        if account is not None
        else list(TrustAccount.objects.filter(clio_bank_account__isnull=False).order_by("pk"))
    )
    today = on or firm_today(now=timezone.now())
    posted = []
    for each in accounts:
        bank = each.clio_bank_account
        if bank is None:
            continue
        for matter, figure in matters_awaiting_opening(account=each):
            if figure <= 0:
                continue
            try:
                entry = _opening_post(each, bank, matter, figure, today)
            except TrustPostingRefused as refused:
                logger.warning("trust opening for %s not posted: %s", matter, refused)
                continue
            if entry is not None:
                posted.append(entry)
    for entry in posted:
        for invoice in Invoice.objects.filter(
            matter_id=entry.matter_id, status__in=TRUST_OPEN_STATUSES
        ):
            trust_application_propose(invoice=invoice)
    return posted


def trust_account_link(
    *, clio_bank_account: BankAccount, processor_account_id: str = "", on: date | None = None
) -> TrustAccount:
    """Link Remit's ledger to Clio's trust bank account and open the matters Clio holds trust
    money for (``trust_account_create``, then ``trust_openings_post``); idempotent."""
    account = trust_account_create(
        clio_bank_account=clio_bank_account, processor_account_id=processor_account_id
    )
    trust_openings_post(account=account, on=on)
    return account


def trust_account_link_clio(
    *, clio_bank_account_id: int, processor_account_id: str = "", on: date | None = None
) -> TrustAccount:
    """``trust_account_link`` for Clio's bank account ``clio_bank_account_id`` (mirrored)."""
    bank = BankAccount.objects.get(clio_id=clio_bank_account_id)
    return trust_account_link(
        clio_bank_account=bank, processor_account_id=processor_account_id, on=on
    )
