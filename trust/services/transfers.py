"""Confirming that an earned-fee transfer (trust → operating) was made at the bank.

The ledger moved the money when the withdrawal was posted; this records that the bank did too:
who confirmed it (``executed_by``, and the history row's user and time), the bank's reference
and the day the bank executed it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing.services.drafts import firm_today
from trust.models import TrustEntry, TrustTransfer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EXECUTE_PERMISSION = "trust.reconcile_trust"
REFERENCE_MAX = 100


class TrustTransferRefused(Exception):
    """The confirmation is refused; nothing changed. The message says why."""


def _reference_clean(raw: str) -> str:
    reference = raw.strip()
    if not reference:
        raise TrustTransferRefused(
            "Enter the bank's reference for the transfer (from the bank's confirmation or "
            "statement): a transfer is confirmed only against the bank's own record."
        )
    if "\x00" in reference:
        raise TrustTransferRefused("The bank reference cannot contain a NUL character.")
    if len(reference) > REFERENCE_MAX:
        raise TrustTransferRefused(
            f"The bank reference is {len(reference)} characters; at most {REFERENCE_MAX}."
        )
    return reference


def _executed_at(executed_on: date) -> datetime:
    # Noon at the firm: the day reads the same in UTC (the pages) and in the firm's zone.
    return datetime.combine(executed_on, time(12), tzinfo=ZoneInfo(settings.FIRM_TIME_ZONE))


def trust_transfer_execute(
    *, transfer: TrustTransfer, user: User, bank_reference: str, executed_on: date
) -> TrustTransfer:
    """Record that the bank executed ``transfer`` on ``executed_on`` with ``bank_reference``.

    Idempotent: confirming an executed transfer again with the same reference returns it
    unchanged; a different reference is refused (the first confirmation stands). Refused too
    without ``trust.reconcile_trust``, for a withdrawal that was reversed (the money stays in
    trust), for a day before the withdrawal or after today. Takes the transfer's row lock, so
    two confirmations at once record one.
    """
    if not user.has_perm(EXECUTE_PERMISSION):
        raise TrustTransferRefused(
            f"{user.get_username()} may not confirm bank transfers: it needs the “reconcile "
            "trust” permission (admins hold it)."
        )
    reference = _reference_clean(bank_reference)
    with transaction.atomic():
        locked = (
            TrustTransfer.objects.select_for_update(of=("self",))
            .select_related("entry")
            .get(pk=transfer.pk)
        )
        if locked.executed_at is not None:
            if locked.bank_reference == reference:
                return locked
            on = firm_today(now=locked.executed_at)
            by = locked.executed_by.get_username() if locked.executed_by else "someone"
            raise TrustTransferRefused(
                f"This transfer was already confirmed executed on {on:%Y-%m-%d} by {by} "
                f"with bank reference {locked.bank_reference}; that confirmation stands."
            )
        if TrustEntry.objects.filter(reverses_id=locked.entry_id).exists():
            raise TrustTransferRefused(
                "The withdrawal behind this transfer was reversed: the money stays in trust, "
                "so there is nothing to transfer."
            )
        today = firm_today(now=timezone.now())
        if executed_on > today:
            raise TrustTransferRefused(
                f"{executed_on:%Y-%m-%d} is in the future; confirm a transfer once the bank "
                "made it."
            )
        if executed_on < locked.entry.effective_date:
            raise TrustTransferRefused(
                f"{executed_on:%Y-%m-%d} is before the withdrawal "
                f"({locked.entry.effective_date:%Y-%m-%d}); check the date on the bank's record."
            )
        locked.executed_at = _executed_at(executed_on)
        locked.executed_by = user
        locked.bank_reference = reference
        locked._history_user = user  # type: ignore[attr-defined]
        locked._change_reason = f"Executed at the bank: {reference}"[:100]  # type: ignore[attr-defined]
        locked.save(update_fields=["executed_at", "executed_by", "bank_reference"])
    return locked
