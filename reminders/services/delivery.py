"""Sending one claimed reminder email: the policy behind the ``reminder.deliver`` handler.

The invoice is read again when the email is about to go: a payment, a dispute or a snooze that
arrived after the scan claimed the step stops it (recorded as skipped, with the reason). The
amount is what is due now and the link is built fresh for it (a partial payment since sending
changes both). The handler supplies what only the integrations know: the client's email as Clio
has it now, and a way to save that the email went before anything else, so a retry never sends
it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from billing.models import AttentionItem, Invoice
from billing.services.attention import attention_item_open
from billing.services.delivery import invoice_current_payment_link, invoice_public_url
from integrations.outbox.record import outbox_record
from reminders.models import ReminderRun, ReminderStep
from reminders.services.content import money, reminder_email_build
from reminders.services.rules import firm_date
from reminders.services.scan import invoice_stop

logger = logging.getLogger(__name__)
Status = ReminderRun.Status


def reminder_deliver(
    *,
    run_id: int,
    sent_to: str,
    client_email: Callable[[int], str],
    emailed: Callable[[str], None],
) -> dict[str, Any]:
    run = ReminderRun.objects.select_related("step", "invoice__matter__client").get(pk=run_id)
    if sent_to:
        # The email went out on an earlier attempt; only the bookkeeping may be missing.
        _mark_sent(run, recipient=sent_to)
        return {"sent_to": sent_to}
    if run.status != Status.SENDING:
        return {"skipped": f"run is {run.status}"}
    invoice = Invoice.objects.select_related("matter__client").get(pk=run.invoice_id)
    stop = invoice_stop(invoice=invoice, today=firm_date(timezone.now()))
    if stop is not None:
        _mark_skipped(run, reason=stop.reason, detail=f"{stop.detail} (found when sending)")
        return {"skipped": stop.reason}
    client = invoice.matter.client
    email = client_email(client.clio_id) if client else ""
    try:
        validate_email(email)
    except ValidationError:
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.MISSING_EMAIL,
            detail=f"Clio has no valid email for {client.name if client else 'the client'} "
            f"({email or 'none'}), so the day-{run.day_offset} reminder for {invoice.number} "
            "was not sent.",
            fix="Add the client's primary email in Clio; the next step of the sequence uses it.",
        )
        _mark_skipped(
            run, reason=ReminderRun.Reason.NO_EMAIL, detail=f"Clio has {email or 'no email'}."
        )
        return {"skipped": "no_email"}
    payment_url = invoice_current_payment_link(invoice=invoice)
    message = reminder_email_build(
        step=run.step,
        invoice=invoice,
        recipient=email,
        payment_url=payment_url,
        invoice_url=invoice_public_url(invoice=invoice),
    )
    ReminderRun.objects.filter(pk=run.pk).update(
        amount_due=invoice.amount_due, payment_url=payment_url, subject=message.subject[:300]
    )
    message.send()
    emailed(email)
    _mark_sent(run, recipient=email)
    logger.info("reminder day %s for %s emailed", run.day_offset, invoice.number)
    return {"sent_to": email, "amount_due": str(invoice.amount_due)}


def _mark_skipped(run: ReminderRun, *, reason: str, detail: str) -> None:
    ReminderRun.objects.filter(pk=run.pk, status=Status.SENDING).update(
        status=Status.SKIPPED, reason=reason, detail=detail[:300], done_at=timezone.now()
    )


def _mark_sent(run: ReminderRun, *, recipient: str) -> None:
    """``sending`` → ``sent`` once, and the Clio matter note recorded with it."""
    with transaction.atomic():
        changed = ReminderRun.objects.filter(pk=run.pk, status=Status.SENDING).update(
            status=Status.SENT, recipient=recipient, done_at=timezone.now()
        )
        if not changed:
            return
        run.refresh_from_db()
        invoice = run.invoice
        link = (
            f"\nPayment link: {run.payment_url}"
            if run.action == ReminderStep.Action.EMAIL_WITH_LINK and run.payment_url
            else ""
        )
        how = "sent by hand" if run.manual else f"day {run.day_offset} of the sequence"
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"reminders:run:{run.pk}:note",
            payload={
                "clio_matter_id": invoice.matter.clio_id,
                "subject": f"Remit: reminder for invoice {invoice.number} sent",
                "detail": (
                    f"Reminder ({how}) emailed to {recipient}: "
                    f"{money(run.amount_due or invoice.amount_due)} due on invoice "
                    f"{invoice.number}.{link}"
                ),
            },
            aggregate=f"invoice:{invoice.pk}",
        )
