"""What the trust app does when billing announces something (``billing/signals.py``)."""

from __future__ import annotations

from typing import Any

from billing.models import Invoice
from trust.services.applications import trust_application_propose


def draft_propose_trust(*, invoice: Invoice, **kwargs: Any) -> None:
    """Trust first: a new draft on a matter with cleared trust funds gets its proposal."""
    trust_application_propose(invoice=invoice)
