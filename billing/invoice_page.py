"""What the invoice page shows besides the invoice: where its back link goes, and which actions
the person may take in the invoice's state.

The page's history (emails, reminders, payments, trust, Clio write-backs) is the integrations
app's section (``integrations/invoice_history.py``), loaded into the page with htmx: billing may
not import what that story is made of (.importlinter).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from billing.models import Invoice
from billing.services.resend import RESENDABLE
from billing.services.void import VOID_REASON_MAX, VOIDABLE

if TYPE_CHECKING:
    from django.http import HttpRequest

REVIEW = "billing.review_invoices"
# Where a back link may go and what it says; any other safe page of Remit reads "Back".
BACK_LABELS = {
    "billing:invoices": "Invoices",
    "billing:review": "Review queue",
    "billing:attention": "Needs attention",
    "payments:list": "Payments",
    "payments:unmatched": "Unmatched payments",
    "reminders:overdue": "Overdue invoices",
    "reminders:flagged": "Flagged matters",
    "integrations:matter-timeline": "Timeline",
}
LINK_STATUSES = (Invoice.Status.APPROVED, *RESENDABLE)


@dataclass(frozen=True)
class BackLink:
    url: str
    label: str
    next: str  # what the page's forms carry on, so a plain post comes back with it ("" = none)


def invoice_back_link(request: HttpRequest, *, invoice: Invoice) -> BackLink:
    """Back to where the person came from: ``next`` (query or form), else the referring page,
    if it is a page of this site and not this invoice; else the invoices list."""
    own = reverse("billing:invoice", args=[invoice.pk])
    for candidate, is_next in (
        (request.POST.get("next") or request.GET.get("next") or "", True),
        (request.headers.get("referer", ""), False),
    ):
        path = _safe_path(request, candidate)
        if path and urlsplit(path).path != own:
            return BackLink(url=path, label=_label(path), next=path if is_next else "")
    return BackLink(url=reverse("billing:invoices"), label=BACK_LABELS["billing:invoices"], next="")


def _safe_path(request: HttpRequest, url: str) -> str:
    """``url`` as a path on this site, or "" when it points elsewhere or is not a URL."""
    if not url or len(url) > 2000:
        return ""
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return ""
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _label(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "Back"
    return BACK_LABELS.get(match.view_name, "Back")


def invoice_page_context(request: HttpRequest, *, invoice: Invoice) -> dict[str, object]:
    """The back link and the actions ``request.user`` may take on ``invoice`` now."""
    may_review = request.user.has_perm(REVIEW)
    unpaid = invoice.amount_paid == 0 and invoice.trust_applied == 0
    return {
        "back": invoice_back_link(request, invoice=invoice),
        "can_resend": may_review and invoice.status in RESENDABLE and invoice.amount_due > 0,
        # A fresh idempotency key per rendering: one press, one email, however often it posts.
        "resend_key": uuid.uuid4().hex,
        "can_void": may_review and invoice.status in VOIDABLE and unpaid,
        "void_reason_max": VOID_REASON_MAX,
        "payment_link": invoice.payment_url
        if invoice.status in LINK_STATUSES and invoice.amount_due > 0
        else "",
    }
