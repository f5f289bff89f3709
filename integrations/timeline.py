"""The matter timeline (PRODUCT.md §7): every Clio and LawPay event received and every Remit
action for one matter, in order, each with its invoice and, where one exists, its raw payload.

One query per source, whatever the number of rows: the entries are built in Python and sorted.
Clio deliveries carry only ``id,etag,updated_at`` (clio/subscriptions.py), so a delivery names
the matter itself or one of its activities; a LawPay event names a transaction, which names the
matter through its reference (or is one of the matter's payments or their refunds).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse

from billing.selectors.invoice_history import invoices_changes
from billing.selectors.invoices import invoice_aggregate, user_may_view_invoices
from billing.services.mappings import matter_mappings_list
from integrations.models import ClioWebhook, InboundEvent, LawPayTransaction, OutboxMessage, Source
from reminders.models import ReminderRun, ReviewAction
from trust.models import TrustEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# billing's Matter and Invoice, reached through billing's selectors (integrations may not import
# billing.models: .importlinter).
Matter = Any
Invoice = Any

CLIO, LAWPAY, INVOICE, PAYMENT, REMINDER, TRUST, OUTBOX, ATTENTION = (
    "clio",
    "lawpay",
    "invoice",
    "payment",
    "reminder",
    "trust",
    "outbox",
    "attention",
)
KINDS: dict[str, str] = {
    CLIO: "Clio events",
    LAWPAY: "LawPay events",
    INVOICE: "Invoice",
    PAYMENT: "Payments",
    REMINDER: "Reminders",
    TRUST: "Trust",
    OUTBOX: "Remit's writes (outbox)",
    ATTENTION: "Needs attention",
}


class TimelineNotAllowed(Exception):
    """The user may see no matter's invoices at all (403)."""


class TimelineMatterNotFound(Exception):
    """No such matter, or not one the user may see (404: saying which would tell)."""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    invoice_id: int | None = None
    invoice_number: str | None = None
    raw_url: str = ""
    # Breaks ties between entries of the same instant: the order the sources are read in.
    rank: int = 0
    pk: int = 0


@dataclass(frozen=True)
class Timeline:
    matter: Matter
    entries: list[TimelineEntry]


def matter_timeline_matter(*, user: User | AnonymousUser, clio_id: int) -> Matter:
    """The matter ``user`` may see the timeline of: billing staff any, an attorney their own."""
    if not user_may_view_invoices(user=user):
        raise TimelineNotAllowed
    mapping = (
        matter_mappings_list()
        .select_related("matter__responsible_attorney", "matter__originating_attorney")
        .filter(clio_matter_id=clio_id)
        .first()
    )
    if mapping is None:
        raise TimelineMatterNotFound
    matter = mapping.matter
    if user.has_perm("billing.view_all_invoices"):
        return matter
    attorneys = (matter.responsible_attorney, matter.originating_attorney)
    if any(a is not None and a.remit_user_id == user.pk for a in attorneys):
        return matter
    raise TimelineMatterNotFound


def matter_timeline(
    *,
    user: User | AnonymousUser,
    clio_id: int,
    kind: str = "",
    newest_first: bool = False,
) -> Timeline:
    """Every entry of the matter's story (of one ``kind`` if given), oldest first by default.

    Raises ``TimelineNotAllowed`` or ``TimelineMatterNotFound``; a ``kind`` not in ``KINDS``
    raises ``ValueError``.
    """
    if kind and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    matter = matter_timeline_matter(user=user, clio_id=clio_id)
    wanted = {kind} if kind else set(KINDS)
    links = _RawLinks(user)
    invoices = list(
        matter.invoices.select_related("approved_by")
        .prefetch_related(*(["attention_items"] if ATTENTION in wanted else []))
        .order_by("pk")
    )
    numbers = {invoice.pk: invoice.number for invoice in invoices}
    entries: list[TimelineEntry] = []
    if INVOICE in wanted:
        entries += _invoice_entries(invoices)
        entries += _change_entries(invoices)
    if ATTENTION in wanted:
        entries += _attention_entries(matter, invoices)
    if REMINDER in wanted:
        entries += _reminder_entries(invoices, numbers)
    if TRUST in wanted:
        entries += _trust_entries(matter)
    if OUTBOX in wanted:
        entries += _outbox_entries(matter, numbers, links)
    if wanted & {PAYMENT, LAWPAY}:
        payments = list(matter.payments.all())
        transactions = _transactions(matter, payments)
        if PAYMENT in wanted:
            entries += _payment_entries(payments, transactions, numbers)
        if LAWPAY in wanted:
            entries += _lawpay_entries(transactions, payments, numbers, links)
    if CLIO in wanted:
        entries += _clio_entries(matter, links)
    entries.sort(key=lambda e: (e.at, e.rank, e.pk), reverse=newest_first)
    return Timeline(matter=matter, entries=entries)


class _RawLinks:
    """Admin pages of stored payloads, for the users who may open them (else no link)."""

    def __init__(self, user: User | AnonymousUser) -> None:
        staff = bool(user.is_authenticated and user.is_staff)
        self.events = staff and user.has_perm("integrations.view_inboundevent")
        self.messages = staff and user.has_perm("integrations.view_outboxmessage")

    def event(self, pk: int) -> str:
        return reverse("admin:integrations_inboundevent_change", args=[pk]) if self.events else ""

    def message(self, pk: int) -> str:
        if not self.messages:
            return ""
        return reverse("admin:integrations_outboxmessage_change", args=[pk])


def _money(amount: Decimal | None) -> str:
    return f"${amount:,.2f}" if amount is not None else ""


def _invoice_entries(invoices: Iterable[Invoice]) -> list[TimelineEntry]:
    entries = []
    for invoice in invoices:
        of = {"invoice_id": invoice.pk, "invoice_number": invoice.number, "pk": invoice.pk}
        label = invoice.number or f"draft {invoice.pk}"
        entries.append(
            TimelineEntry(
                at=invoice.created_at,
                kind=INVOICE,
                title=f"Draft #{invoice.pk} drafted",
                detail=f"{_money(invoice.total)}, {invoice.get_trigger_display()}",
                rank=10,
                **of,
            )
        )
        if invoice.approved_at:
            by = invoice.approved_by.get_username() if invoice.approved_by else "Remit"
            entries.append(
                TimelineEntry(
                    at=invoice.approved_at,
                    kind=INVOICE,
                    title=f"Invoice {label} approved",
                    detail=f"by {by}",
                    rank=11,
                    **of,
                )
            )
        if invoice.sent_at:
            entries.append(
                TimelineEntry(
                    at=invoice.sent_at,
                    kind=INVOICE,
                    title=f"Invoice {label} sent",
                    rank=12,
                    **of,
                )
            )
        if invoice.paid_at:
            entries.append(
                TimelineEntry(
                    at=invoice.paid_at,
                    kind=INVOICE,
                    title=f"Invoice {label} paid",
                    detail=f"{_money(invoice.amount_paid)} paid",
                    rank=13,
                    **of,
                )
            )
    return entries


# The invoice's own record already tells these (drafted, approved, sent, paid) or its payments do.
_TOLD_ELSEWHERE = ("Drafted", "Approved as ", "Marked sent", "Paid", "Partially paid")


def _change_entries(invoices: list[Invoice]) -> list[TimelineEntry]:
    """What people did to each invoice besides its milestones: holds, resumes, rejections,
    voids, line edits and adjustments (the invoices' history records, two queries)."""
    changes = invoices_changes(invoice_ids=[invoice.pk for invoice in invoices])
    entries = []
    for invoice in invoices:
        label = invoice.number or f"draft {invoice.pk}"
        for n, change in enumerate(changes.get(invoice.pk, [])):
            if change.title.startswith(_TOLD_ELSEWHERE):
                continue
            by = f"by {change.by}" if change.by else "by Remit"
            entries.append(
                TimelineEntry(
                    at=change.at,
                    kind=INVOICE,
                    title=f"Invoice {label}: {change.title}",
                    detail=f"{change.detail} ({by})" if change.detail else by,
                    invoice_id=invoice.pk,
                    invoice_number=invoice.number,
                    rank=14,
                    pk=invoice.pk * 1000 + n,
                )
            )
    return entries


def _attention_entries(matter: Matter, invoices: Iterable[Invoice]) -> list[TimelineEntry]:
    items = [(item, invoice) for invoice in invoices for item in invoice.attention_items.all()]
    items += [(item, None) for item in matter.attention_items.filter(invoice__isnull=True)]
    entries = []
    for item, invoice in items:
        of = {
            "invoice_id": invoice.pk if invoice else None,
            "invoice_number": invoice.number if invoice else None,
            "pk": item.pk,
        }
        reason = item.get_reason_display()
        entries.append(
            TimelineEntry(
                at=item.created_at,
                kind=ATTENTION,
                title=f"Flagged: {reason}",
                detail=item.detail,
                rank=20,
                **of,
            )
        )
        if item.resolved_at:
            entries.append(
                TimelineEntry(
                    at=item.resolved_at,
                    kind=ATTENTION,
                    title=f"Resolved: {reason}",
                    rank=21,
                    **of,
                )
            )
    return entries


def _reminder_entries(
    invoices: list[Invoice], numbers: dict[int, str | None]
) -> list[TimelineEntry]:
    ids = [invoice.pk for invoice in invoices]
    entries = []
    for run in ReminderRun.objects.filter(invoice_id__in=ids):
        detail = run.get_reason_display() if run.reason else _money(run.amount_due)
        entries.append(
            TimelineEntry(
                at=run.done_at or run.claimed_at,
                kind=REMINDER,
                title=f"Day {run.day_offset} reminder: {run.get_status_display().lower()}",
                detail=detail,
                invoice_id=run.invoice_id,
                invoice_number=numbers.get(run.invoice_id),
                rank=30,
                pk=run.pk,
            )
        )
    actions = ReviewAction.objects.filter(review__invoice_id__in=ids).select_related("review", "by")
    for action in actions:
        by = f" by {action.by.get_username()}" if action.by else ""
        entries.append(
            TimelineEntry(
                at=action.at,
                kind=REMINDER,
                title=f"Attorney review: {action.get_kind_display().lower()}{by}",
                detail=action.note,
                invoice_id=action.review.invoice_id,
                invoice_number=numbers.get(action.review.invoice_id),
                rank=31,
                pk=action.pk,
            )
        )
    return entries


def _trust_entries(matter: Matter) -> list[TimelineEntry]:
    entries = []
    for entry in TrustEntry.objects.filter(matter=matter).select_related("invoice"):
        invoice = entry.invoice
        entries.append(
            TimelineEntry(
                at=entry.posted_at,
                kind=TRUST,
                title=f"Trust: {entry.get_kind_display().lower()} {_money(entry.amount)}",
                detail=entry.memo,
                invoice_id=invoice.pk if invoice else None,
                invoice_number=invoice.number if invoice else None,
                rank=40,
                pk=entry.pk,
            )
        )
    return entries


def _outbox_entries(
    matter: Matter, numbers: dict[int, str | None], links: _RawLinks
) -> list[TimelineEntry]:
    aggregates = {invoice_aggregate(pk): pk for pk in numbers}
    condition = Q(aggregate__in=[*aggregates, f"matter:{matter.pk}"]) | Q(
        payload__clio_matter_id=matter.clio_id
    )
    entries = []
    for message in OutboxMessage.objects.filter(condition):
        invoice_id = aggregates.get(message.aggregate)
        if message.status == OutboxMessage.Status.SENT:
            detail = _result_detail(message.result)
        else:
            detail = f"{message.get_status_display()}: {message.last_error}".rstrip(": ")
        entries.append(
            TimelineEntry(
                at=message.created_at,
                kind=OUTBOX,
                title=f"Remit recorded {message.kind}",
                detail=detail,
                invoice_id=invoice_id,
                invoice_number=numbers.get(invoice_id) if invoice_id else None,
                raw_url=links.message(message.pk),
                rank=50,
                pk=message.pk,
            )
        )
    return entries


def _result_detail(result: dict[str, Any]) -> str:
    shown = [f"{key} {value}" for key, value in result.items() if isinstance(value, str | int)]
    return "sent" + (f" ({', '.join(shown)})" if shown else "")


def _transactions(matter: Matter, payments: list[Any]) -> list[LawPayTransaction]:
    """The matter's LawPay transactions: by its mapping, its payments, and their refunds."""
    ids = [payment.lawpay_transaction_id for payment in payments]
    condition = Q(matter=matter) | Q(lawpay_id__in=ids) | Q(parent_lawpay_id__in=ids)
    return list(LawPayTransaction.objects.filter(condition))


def _payment_entries(
    payments: list[Any], transactions: list[LawPayTransaction], numbers: dict[int, str | None]
) -> list[TimelineEntry]:
    entries = []
    by_charge = {payment.lawpay_transaction_id: payment for payment in payments}
    for payment in payments:
        entries.append(
            TimelineEntry(
                at=payment.received_at,
                kind=PAYMENT,
                title=f"Payment of {_money(payment.amount)} received",
                detail=f"LawPay {payment.lawpay_transaction_id}, {payment.get_status_display()}",
                invoice_id=payment.invoice_id,
                invoice_number=numbers.get(payment.invoice_id) if payment.invoice_id else None,
                rank=60,
                pk=payment.pk,
            )
        )
    for refund in transactions:
        charge = by_charge.get(refund.parent_lawpay_id)
        if refund.type != "REFUND" or charge is None:
            continue
        entries.append(
            TimelineEntry(
                at=refund.lawpay_created_at or refund.updated_at,
                kind=PAYMENT,
                title=f"Refund of {_money(refund.amount)}",
                detail=f"LawPay {refund.lawpay_id} of {charge.lawpay_transaction_id}",
                invoice_id=charge.invoice_id,
                invoice_number=numbers.get(charge.invoice_id) if charge.invoice_id else None,
                rank=61,
                pk=refund.pk,
            )
        )
    return entries


def _lawpay_entries(
    transactions: list[LawPayTransaction],
    payments: list[Any],
    numbers: dict[int, str | None],
    links: _RawLinks,
) -> list[TimelineEntry]:
    """Stored LawPay events naming one of the matter's transactions (checked once parsed)."""
    by_id = {t.lawpay_id: t for t in transactions}
    if not by_id:
        return []
    invoice_of = {p.lawpay_transaction_id: p.invoice_id for p in payments}
    for t in transactions:
        invoice_of.setdefault(t.lawpay_id, invoice_of.get(t.parent_lawpay_id))
    named = reduce(or_, (Q(body__contains=f'"{lawpay_id}"') for lawpay_id in by_id))
    events = InboundEvent.objects.filter(named, source=Source.LAWPAY).exclude(
        status=InboundEvent.Status.REJECTED
    )
    entries = []
    for event in events.defer("headers"):
        body = _json(event.body)
        data = _dict(body.get("data"))
        transaction = by_id.get(str(data.get("id", "")))
        if transaction is None:
            continue
        invoice_id = invoice_of.get(transaction.lawpay_id)
        entries.append(
            TimelineEntry(
                at=event.received_at,
                kind=LAWPAY,
                title=f"LawPay {body.get('type') or 'event'}",
                detail=(
                    f"{transaction.type.lower()} {transaction.lawpay_id} "
                    f"{_money(transaction.amount)}, {event.get_status_display().lower()}"
                ),
                invoice_id=invoice_id,
                invoice_number=numbers.get(invoice_id) if invoice_id else None,
                raw_url=links.event(event.pk),
                rank=70,
                pk=event.pk,
            )
        )
    return entries


def _clio_entries(matter: Matter, links: _RawLinks) -> list[TimelineEntry]:
    """Stored Clio deliveries about the matter or one of its activities (checked once parsed)."""
    models = dict(ClioWebhook.objects.values_list("clio_id", "model"))
    named: dict[str, set[int]] = {
        "matter": {matter.clio_id},
        "activity": set(matter.activities.values_list("clio_id", flat=True)),
    }
    ids = sorted(named["matter"] | named["activity"])
    # No ``\b``: PostgreSQL reads it as a backspace; a lookahead means "no further digit" in
    # both PostgreSQL's and Python's (SQLite's) regular expressions.
    pattern = r'"id"\s*:\s*(' + "|".join(str(i) for i in ids) + r")(?![0-9])"
    events = InboundEvent.objects.filter(source=Source.CLIO, body__regex=pattern).exclude(
        status=InboundEvent.Status.REJECTED
    )
    entries = []
    for event in events.defer("headers"):
        body = _json(event.body)
        meta, data = _dict(body.get("meta")), _dict(body.get("data"))
        webhook_id = _int(meta.get("webhook_id"))
        model = models.get(webhook_id) if webhook_id is not None else None
        record_id = _int(data.get("id"))
        if model not in named or record_id not in named[model]:
            continue
        entries.append(
            TimelineEntry(
                at=event.received_at,
                kind=CLIO,
                title=f"Clio {model} {record_id} {meta.get('event') or 'delivered'}",
                detail=event.get_status_display().lower(),
                raw_url=links.event(event.pk),
                rank=0,
                pk=event.pk,
            )
        )
    return entries


def _json(text: str) -> dict[str, Any]:
    try:
        return _dict(json.loads(text))
    except ValueError:
        return {}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,18}", value):
        return int(value)
    return None
