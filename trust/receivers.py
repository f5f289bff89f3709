"""What the trust app does when billing announces something (``billing/signals.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from billing.models import Invoice
from trust.models import ZERO, MatterLedger
from trust.services.accounts import trust_account_default
from trust.services.applications import trust_application_propose


def draft_propose_trust(*, invoices: Sequence[Invoice], **kwargs: Any) -> None:
    """Trust first: each new draft on a matter with cleared trust funds gets its proposal.

    One query finds those matters, so a batch of drafts without trust money costs two; a new
    draft on a matter without cleared funds would get no proposal anyway.
    """
    account = trust_account_default()
    if account is None or not invoices:
        return
    funded = set(
        MatterLedger.objects.filter(
            account=account,
            matter_id__in={invoice.matter_id for invoice in invoices},
            available__gt=ZERO,
        ).values_list("matter_id", flat=True)
    )
    for invoice in invoices:
        if invoice.matter_id in funded:
            trust_application_propose(invoice=invoice)
