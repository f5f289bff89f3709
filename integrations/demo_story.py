"""The demo firm's first morning, told through Remit's own flows so every screen has something
to show on first start: billing staff approve some drafts, trust is applied to some, and clients
pay some of the emailed invoices on LawPay's hosted page, one of them only in part.

Only against the emulators (``connections_are_emulators``): it pays with LawPay's test card. It
runs once: a firm with an approved invoice already has a story. The queues are driven as the
workers do (``sandbox_check.drive``), so it works beside ``make run``'s workers or without any.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import get_user_model

from billing.selectors.invoices import invoices_visible
from billing.services.delivery import DELIVER_KIND
from billing.services.review import InvoiceTransitionError, invoice_approve
from integrations.sandbox_check.drive import lawpay_events_drain, outbox_aggregates_drain, until
from integrations.sandbox_check.remote import CheckFailed, hosted_page_open, hosted_page_pay
from integrations.sandbox_connect import connections_are_emulators
from trust.selectors_applications import trust_applications_awaiting
from trust.services.applications import TrustApplicationRefused, trust_application_approve

logger = logging.getLogger(__name__)

APPROVE = 8  # drafts approved by billing staff
TRUST = 2  # trust applications approved
PAY_IN_FULL = 3
PAY_IN_PART = 1


class DemoStoryRefused(Exception):
    """Not against the emulators, or nothing to tell the story with."""


@dataclass
class DemoStory:
    approved: list[str] = field(default_factory=list)
    trust_applied: list[str] = field(default_factory=list)
    paid: list[str] = field(default_factory=list)
    partly_paid: list[str] = field(default_factory=list)
    skipped: str = ""


def demo_story_tell(*, wait_seconds: float = 180, timeout: float = 60) -> DemoStory:
    """Approve, apply trust and pay as the demo's people would; returns what was done."""
    why_not = connections_are_emulators()
    if why_not:
        raise DemoStoryRefused(why_not)
    story = DemoStory()
    users = get_user_model().objects
    billing, admin = users.get(username="billing"), users.get(username="admin")
    if invoices_visible(user=admin).filter(approved_at__isnull=False).exists():
        story.skipped = "The firm already has approved invoices: its story is under way."
        return story
    drafts = _drafts_waiting(wait_seconds, user=billing)
    sent: list[Any] = []
    for draft in drafts:
        if len(story.approved) >= APPROVE:
            break
        try:
            invoice = invoice_approve(invoice=draft, user=billing)
        except InvoiceTransitionError:
            continue  # something blocks it: it stays in the queue, saying what
        story.approved.append(str(invoice))
        sent.append(invoice)
    # Only the emails: the Clio write-backs wait their turn under Clio's rate limit, which the
    # first start's backfill is using, and make run's workers deliver them.
    for invoice in sent:
        outbox_aggregates_drain(
            aggregates=[f"invoice:{invoice.pk}"], timeout=timeout, kinds=[DELIVER_KIND]
        )
        invoice.refresh_from_db()
    payable = [i for i in sent if i.payment_url and i.status == "sent"]
    for n, invoice in enumerate(payable[: PAY_IN_FULL + PAY_IN_PART]):
        part = n >= PAY_IN_FULL
        link = _half(invoice.payment_url, invoice.amount_due) if part else invoice.payment_url
        hosted_page_pay(link, hosted_page_open(link), name=f"{invoice.matter.client} (demo)")
        (story.partly_paid if part else story.paid).append(str(invoice))
    _until_recorded(payable[: PAY_IN_FULL + PAY_IN_PART], timeout=timeout)
    # Last: the proposals come with the drafts of trust-funded matters, which may be drafted
    # after the first ones; one for a client without an email cannot be applied yet.
    for application in list(trust_applications_awaiting(user=admin)[:20]):
        if len(story.trust_applied) >= TRUST:
            break
        try:
            decision = trust_application_approve(application=application, user=admin)
        except TrustApplicationRefused:
            continue
        if decision.applied:
            application.invoice.refresh_from_db()
            story.trust_applied.append(str(application.invoice))
    return story


def _drafts_waiting(wait_seconds: float, *, user: Any) -> list[Any]:
    """The drafts in review once the first evaluation made them (it runs every minute)."""
    try:
        return until(
            lambda: list(invoices_visible(user=user).filter(status="draft").order_by("pk")[:50]),
            what="the first drafts",
            timeout=wait_seconds,
            pause=2,
        )
    except CheckFailed as exc:
        raise DemoStoryRefused(f"No drafts appeared within {wait_seconds:.0f} s.") from exc


def _half(link: str, amount_due: Decimal) -> str:
    """The invoice's link for half of what it owes (LawPay's ``amount`` is in cents)."""
    half = (amount_due / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    parts = urlsplit(link)
    query = dict(parse_qsl(parts.query))
    query["amount"] = str(int(half * 100))
    return urlunsplit(parts._replace(query=urlencode(query, safe=",")))


def _until_recorded(invoices: list[Any], *, timeout: float) -> None:
    until(
        lambda: all(i.payments.exists() for i in invoices),
        what=f"LawPay's payments of {', '.join(str(i) for i in invoices)} to reach Remit",
        timeout=timeout,
        during=lawpay_events_drain,
        pause=0.5,
    )
