"""An invoice's history for its page: what billing recorded, every email, reminder, payment,
refund, trust withdrawal and Clio write-back, with a retry for a dead one.

Why here and not in billing: the story spans the outbox, LawPay's transactions, the reminders
and the trust ledger, and billing may import none of them (.importlinter). Integrations sits
above them all, as the matter timeline does (``timeline.py``), so the section is this app's
view (``invoice_history_views.py``), which the invoice page loads with htmx; billing's page
only links to it. Visibility is billing's own (``invoices_visible``): an invoice another
attorney's matter holds is "no such invoice".

A fixed number of queries, whatever the number of rows: one per source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from billing.selectors import invoice_aggregate, invoices_visible
from billing.selectors.invoice_history import InvoiceChange, invoice_changes
from billing.services.delivery import invoice_email_subject
from integrations.models import LawPayTransaction, MailboxMessage, OutboxMessage
from reminders.models import ReminderRun
from trust.models import TrustEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# billing's Invoice and Payment, reached through billing's selectors (integrations may not
# import billing.models: .importlinter).
Invoice = Any
Payment = Any

EMAIL_KINDS = {"invoice.deliver": "Invoice email", "invoice.resend": "Invoice email sent again"}
REMINDER_KIND = "reminder.deliver"
CLIO_LABELS = {
    "clio.note.create": "Matter note",
    "clio.communication.create": "Email logged (communication)",
    "clio.billing_status.set": "Billing status field",
    "clio.task.create": "Task",
    "clio.trust.record": "Trust bank transaction",
}
# The Clio id a handler keeps in its result, by the words shown for it.
CLIO_IDS = (
    ("note_id", "note"),
    ("communication_id", "communication"),
    ("task_id", "task"),
    ("bank_transaction_id", "bank transaction"),
    ("custom_field_id", "custom field"),
)
# A captured email is stored while its handler runs: between the row's creation and its
# ``sent_at``, give or take the clock.
_MAIL_SLACK = timedelta(minutes=1)


class InvoiceHistoryNotFound(Exception):
    """No such invoice, or not one the user may see (404: saying which would tell)."""


@dataclass(frozen=True)
class EmailSent:
    message: OutboxMessage
    label: str
    to: str
    requested_by: str
    mailbox_id: int | None

    @property
    def dead(self) -> bool:
        return self.message.status == OutboxMessage.Status.DEAD


@dataclass(frozen=True)
class Reminder:
    run: ReminderRun
    mailbox_id: int | None


@dataclass(frozen=True)
class WriteBack:
    message: OutboxMessage
    label: str
    clio_id: str  # "note 123", or "" before delivery

    @property
    def dead(self) -> bool:
        return self.message.status == OutboxMessage.Status.DEAD

    @property
    def delivered(self) -> bool:
        return self.message.status == OutboxMessage.Status.SENT


@dataclass(frozen=True)
class Refund:
    transaction: LawPayTransaction
    charge_id: str


@dataclass
class InvoiceHistory:
    invoice: Invoice
    changes: list[InvoiceChange] = field(default_factory=list)
    emails: list[EmailSent] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    trust_entries: list[TrustEntry] = field(default_factory=list)
    write_backs: list[WriteBack] = field(default_factory=list)


def invoice_history_invoice(*, user: User | AnonymousUser, invoice_id: int) -> Invoice:
    """The invoice ``user`` may see; raises ``InvoiceHistoryNotFound`` otherwise."""
    found = (
        invoices_visible(user=user)
        .select_related("matter", "matter__client", "approved_by")
        .filter(pk=invoice_id)
        .first()
    )
    if found is None:
        raise InvoiceHistoryNotFound
    return found


def invoice_history(*, user: User | AnonymousUser, invoice_id: int) -> InvoiceHistory:
    """Everything that happened to one visible invoice; raises ``InvoiceHistoryNotFound``."""
    invoice = invoice_history_invoice(user=user, invoice_id=invoice_id)
    history = InvoiceHistory(invoice=invoice, changes=invoice_changes(invoice=invoice))
    messages = list(
        OutboxMessage.objects.filter(aggregate=invoice_aggregate(invoice.pk)).order_by(
            "created_at", "pk"
        )
    )
    may_read_mail = user.has_perm("integrations.view_sandbox_mailbox")
    mail = _mailbox(messages) if may_read_mail else []
    subject = invoice_email_subject(invoice=invoice)
    runs_emailed: dict[int, OutboxMessage] = {}
    for message in messages:
        if message.kind in EMAIL_KINDS:
            history.emails.append(
                EmailSent(
                    message=message,
                    label=EMAIL_KINDS[message.kind],
                    to=str(message.result.get("sent_to") or ""),
                    requested_by=str(message.payload.get("requested_by") or ""),
                    mailbox_id=_captured(message, mail, subject),
                )
            )
        elif message.kind == REMINDER_KIND:
            run_id = message.payload.get("run_id")
            if isinstance(run_id, int):
                runs_emailed[run_id] = message
        else:
            history.write_backs.append(
                WriteBack(
                    message=message,
                    label=CLIO_LABELS.get(message.kind, message.kind),
                    clio_id=_clio_id(message.result),
                )
            )
    for run in ReminderRun.objects.filter(invoice_id=invoice.pk).order_by("day_offset", "pk"):
        emailed = runs_emailed.get(run.pk)
        history.reminders.append(
            Reminder(run=run, mailbox_id=_captured(emailed, mail, run.subject) if emailed else None)
        )
    history.payments = list(invoice.payments.order_by("received_at", "pk"))
    charges = [payment.lawpay_transaction_id for payment in history.payments]
    if charges:
        refunds = LawPayTransaction.objects.filter(
            parent_lawpay_id__in=charges, type="REFUND"
        ).order_by("lawpay_created_at", "pk")
        history.refunds = [Refund(t, t.parent_lawpay_id) for t in refunds]
    history.trust_entries = list(
        TrustEntry.objects.filter(invoice_id=invoice.pk).order_by("posted_at", "pk")
    )
    return history


def _clio_id(result: dict[str, Any]) -> str:
    return ", ".join(f"{words} {result[key]}" for key, words in CLIO_IDS if result.get(key))


def _mailbox(messages: list[OutboxMessage]) -> list[MailboxMessage]:
    """Captured emails that one of ``messages`` may have sent (the sandbox mailbox)."""
    sent = [m for m in messages if m.sent_at and m.result.get("sent_to")]
    sent = [m for m in sent if m.kind in EMAIL_KINDS or m.kind == REMINDER_KIND]
    if not sent:
        return []
    start = min(m.created_at for m in sent) - _MAIL_SLACK
    end = max(m.sent_at for m in sent if m.sent_at) + _MAIL_SLACK
    recipients = {str(m.result["sent_to"]) for m in sent}
    addressed = reduce(or_, (Q(to__contains=recipient) for recipient in recipients))
    return list(
        MailboxMessage.objects.filter(addressed, sent_at__range=(start, end)).order_by("sent_at")
    )


def _captured(message: OutboxMessage, mail: list[MailboxMessage], subject: str) -> int | None:
    """The captured email ``message`` sent: to its recipient, with ``subject``, in its time."""
    to = str(message.result.get("sent_to") or "")
    if not (to and message.sent_at):
        return None
    start, end = message.created_at - _MAIL_SLACK, message.sent_at + _MAIL_SLACK
    for captured in mail:
        recipients = {address.strip() for address in captured.to.split(",")}
        if to in recipients and captured.subject == subject and start <= captured.sent_at <= end:
            return captured.pk
    return None
