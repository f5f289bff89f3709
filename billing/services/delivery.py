"""Delivering an approved invoice: the checks, the LawPay payment link, the outbox rows.

Billing never calls LawPay or Clio itself (STYLE.md): it stores the link and records an
``invoice.deliver`` outbox row. Its handler (``integrations/outbox/handlers/invoice_delivery.py``)
runs ``invoice_deliver`` here with what only the integrations know — the client's email as Clio
has it now, LawPay charges already carrying the reference — and ``invoice_mark_sent`` records the
Clio note and EmailCommunication as outbox rows in turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from billing.models import AttentionItem, BillingRules, Invoice, MatterMapping
from billing.ports import payment_link_build
from billing.selectors import invoice_blockers_now
from billing.services.attention import attention_item_open
from billing.services.duplicates import invoice_duplicate_block, invoice_duplicates_find
from billing.services.payment_setup import payment_setup_get
from integrations.outbox.record import outbox_record, outbox_recorded

logger = logging.getLogger(__name__)

DELIVER_KIND = "invoice.deliver"
PUBLIC_LINK_SALT = "remit.billing.public-invoice"
Reason = AttentionItem.Reason
# The reasons delivery itself raises; they are resolved when a later attempt passes the checks.
DELIVERY_REASONS = (
    Reason.MISSING_EMAIL,
    Reason.MAPPING_CONFLICT,
    Reason.PAYMENT_PAGE_MISSING,
    Reason.MATTER_CLOSED,
    Reason.ZERO_AMOUNT,
    Reason.SUSPECTED_DUPLICATE,
    Reason.DEAD_LETTER,
)


def invoice_reference(*, invoice: Invoice, mapping: MatterMapping) -> str:
    """``<mapping reference>-<invoice number>`` (PRODUCT.md §8)."""
    return f"{mapping.reference}-{invoice.number}"


def invoice_public_token(*, invoice: Invoice) -> str:
    return signing.dumps({"invoice": invoice.pk}, salt=PUBLIC_LINK_SALT, compress=True)


def invoice_public_url(*, invoice: Invoice) -> str:
    """The client-facing invoice page: a signed URL, no login (expiry: settings)."""
    path = reverse("public:invoice", kwargs={"token": invoice_public_token(invoice=invoice)})
    return str(settings.REMIT_PUBLIC_URL).rstrip("/") + path


def invoice_from_public_token(*, token: str) -> Invoice:
    """Raises ``signing.SignatureExpired`` (expired), ``signing.BadSignature`` or DoesNotExist."""
    max_age = timedelta(days=settings.PUBLIC_INVOICE_LINK_MAX_AGE_DAYS)
    payload = signing.loads(token, salt=PUBLIC_LINK_SALT, max_age=max_age)
    return Invoice.objects.select_related("matter", "matter__client").get(
        pk=payload["invoice"], number__isnull=False
    )


def _operating_page_url() -> str:
    return payment_setup_get().payment_page_url


def invoice_payment_link(*, invoice: Invoice, email: str = "") -> str:
    """The operating page with the current amount due and the reference locked."""
    mapping = MatterMapping.objects.get(matter=invoice.matter)
    public_url = _operating_page_url()
    # The page stores ``Invoice`` as the charge's data.Invoice: the fallback match (§8).
    separator = "&" if "?" in public_url else "?"
    return payment_link_build(
        public_url=f"{public_url}{separator}Invoice={invoice.number}",
        amount=invoice.amount_due,
        reference=invoice_reference(invoice=invoice, mapping=mapping),
        email=email or None,
    )


def invoice_delivery_start(*, invoice: Invoice) -> None:
    """Check, build the payment link and record the delivery; call inside the approval txn.

    On a failed check the invoice stays ``approved`` with a "needs attention" item per reason;
    ``invoice_deliveries_due`` tries again later, so fixing the cause is enough. Safe to call
    twice: the outbox row is unique per invoice.
    """
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("matter", "matter__client")
            .get(pk=invoice.pk)
        )
        if invoice.status != Invoice.Status.APPROVED or not invoice.number:
            return
        blockers = invoice_blockers_now(invoice_id=invoice.pk)
        for blocker in blockers:
            attention_item_open(
                invoice=invoice, reason=blocker.reason, detail=f"{blocker.label}.", fix=blocker.fix
            )
        if blockers:
            logger.info(
                "invoice %s not sent: %s", invoice.number, ", ".join(b.reason for b in blockers)
            )
            return
        AttentionItem.objects.filter(
            invoice=invoice, reason__in=DELIVERY_REASONS, resolved_at__isnull=True
        ).update(resolved_at=timezone.now())
        client = invoice.matter.client  # a blocker above when there is none
        email = client.primary_email.strip() if client else ""
        invoice.payment_url = invoice_payment_link(invoice=invoice, email=email)
        invoice.save(update_fields=["payment_url"])
        outbox_record(
            kind=DELIVER_KIND,
            dedupe_key=f"{DELIVER_KIND}:{invoice.pk}",
            payload={"invoice_id": invoice.pk},
            aggregate=f"invoice:{invoice.pk}",
        )


def invoice_mark_sent(*, invoice_id: int, recipient: str, subject: str) -> bool:
    """The email went out: ``approved`` → ``sent`` once, and Clio is told (note + email log).

    A conditional update, so a retried delivery never sends the Clio records twice. Returns
    whether this call made the change.
    """
    now = timezone.now()
    with transaction.atomic():
        updated = Invoice.objects.filter(pk=invoice_id, status=Invoice.Status.APPROVED).update(
            status=Invoice.Status.SENT, sent_at=now
        )
        if updated != 1:
            return False
        invoice = Invoice.objects.select_related("matter", "matter__client").get(pk=invoice_id)
        matter_id = invoice.matter.clio_id
        client = invoice.matter.client
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"clio.note.create:invoice-sent:{invoice.pk}",
            payload={
                "clio_matter_id": matter_id,
                "subject": f"Remit: invoice {invoice.number} sent",
                "detail": (
                    f"Invoice {invoice.number} for {invoice.amount_due} USD was emailed to "
                    f"{recipient} with a LawPay payment link (due {invoice.due_date or '—'}).\n"
                    f"Payment link: {invoice.payment_url}"
                ),
            },
            aggregate=f"invoice:{invoice.pk}",
        )
        outbox_record(
            kind="clio.communication.create",
            dedupe_key=f"clio.communication.create:invoice-sent:{invoice.pk}",
            payload={
                "clio_matter_id": matter_id,
                "clio_contact_id": client.clio_id if client else None,
                "contact_type": client.type if client else "",
                "subject": subject,
                "body": f"Invoice {invoice.number} ({invoice.amount_due} USD due) with a "
                f"LawPay payment link, sent by Remit to {recipient}.",
                "received_at": now.isoformat(),
            },
            aggregate=f"invoice:{invoice.pk}",
        )
        outbox_record(
            kind="clio.billing_status.set",
            dedupe_key=f"clio.billing_status.set:invoice-sent:{invoice.pk}",
            payload={"clio_matter_id": matter_id, "value": "Invoice Sent"},
            aggregate=f"invoice:{invoice.pk}",
        )
    return True


def invoice_send_date(*, approved_on: date, send_day: int | None) -> date:
    """The first day on or after approval that is the send day (clamped to the month's end)."""
    if not send_day:
        return approved_on
    year, month = approved_on.year, approved_on.month
    for _ in range(2):
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        candidate = date(year, month, min(send_day, last))
        if candidate >= approved_on:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return candidate


def invoice_deliveries_due(*, now: datetime | None = None) -> int:
    """Start delivery of approved invoices whose send date arrived, or that were blocked.

    Covers send mode "on the send date" and re-tries invoices whose checks failed before
    (once fixed, they go out). Safe to run twice. Returns how many were started.
    """
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(settings.FIRM_TIME_ZONE)).date()
    rules = BillingRules.objects.first()
    on_send_date = rules is not None and rules.send_mode == BillingRules.SendMode.ON_SEND_DATE
    started = 0
    waiting = Invoice.objects.filter(status=Invoice.Status.APPROVED, number__isnull=False)
    for invoice in waiting.order_by("pk").iterator():
        if outbox_recorded(dedupe_key=f"{DELIVER_KIND}:{invoice.pk}"):
            continue
        if on_send_date and rules is not None and invoice.approved_at:
            approved_on = invoice.approved_at.astimezone(ZoneInfo(settings.FIRM_TIME_ZONE))
            send_on = invoice_send_date(
                approved_on=approved_on.date(), send_day=rules.send_day_of_month
            )
            if send_on > today:
                continue
        invoice_delivery_start(invoice=invoice)
        started += 1
    return started


def firm_branding() -> dict[str, str]:
    logo = settings.FIRM_LOGO_URL
    if logo and not logo.startswith(("http://", "https://")):
        logo = settings.REMIT_PUBLIC_URL.rstrip("/") + static(logo)
    return {"firm_name": settings.FIRM_NAME, "firm_logo_url": logo}


def invoice_email_subject(*, invoice: Invoice) -> str:
    return f"Invoice {invoice.number} from {settings.FIRM_NAME}"


def invoice_email_build(*, invoice: Invoice, recipient: str) -> EmailMultiAlternatives:
    """The client's invoice email: HTML and text, branded, with the pay button and page link."""
    context = {
        **firm_branding(),
        "invoice": invoice,
        "matter": invoice.matter,
        "lines": list(invoice.lines.filter(live=True)),
        "payment_url": invoice.payment_url,
        "public_url": invoice_public_url(invoice=invoice),
    }
    message = EmailMultiAlternatives(
        subject=invoice_email_subject(invoice=invoice),
        body=render_to_string("emails/invoice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    message.attach_alternative(render_to_string("emails/invoice.html", context), "text/html")
    return message


def invoice_recipient_set(*, invoice: Invoice, email: str) -> None:
    """Clio's current address (re-read at send time) goes into the link's pre-filled email."""
    link = invoice_payment_link(invoice=invoice, email=email)
    if link != invoice.payment_url:
        invoice.payment_url = link
        Invoice.objects.filter(pk=invoice.pk).update(payment_url=link)


def invoice_current_payment_link(*, invoice: Invoice) -> str:
    """The link for what is due now: after a partial payment the amount is the remainder."""
    if invoice.amount_due <= 0 or not invoice.payment_url:
        return ""
    try:
        # The address delivery used (re-read from Clio) is the one in the stored link.
        email = parse_qs(urlsplit(invoice.payment_url).query).get("email", [""])[0]
        return invoice_payment_link(invoice=invoice, email=email)
    except (MatterMapping.DoesNotExist, ValueError):
        return invoice.payment_url


def invoice_deliver(
    *,
    invoice_id: int,
    sent_to: str,
    client_email: Callable[[int], str],
    charges_with_reference: Callable[[str], list[str]],
    emailed: Callable[[str], None],
) -> dict[str, Any]:
    """Deliver one approved invoice: the policy behind the ``invoice.deliver`` outbox handler.

    The handler supplies what only the integrations can know: ``client_email(clio_contact_id)``
    (the address as Clio has it now, PRODUCT.md §8: re-read at send time),
    ``charges_with_reference(reference)`` (live processor charges already carrying the
    reference: a client may have paid the first link by bank) and ``emailed(address)``, which
    saves that the email went out before the status changes, so a retry never emails twice.
    ``sent_to``: the address an earlier attempt already emailed. Emails are sent at least once;
    everything else exactly once. Returns what the outbox message keeps as its result.
    """
    invoice = Invoice.objects.select_related("matter", "matter__client").get(pk=invoice_id)
    if sent_to:
        # The email went out on an earlier attempt; only the status change may be missing.
        invoice_mark_sent(
            invoice_id=invoice.pk, recipient=sent_to, subject=invoice_email_subject(invoice=invoice)
        )
        return {"sent_to": sent_to}
    if invoice.status != Invoice.Status.APPROVED:
        return {"skipped": f"invoice is {invoice.status}"}
    client = invoice.matter.client
    email = client_email(client.clio_id) if client else ""
    try:
        validate_email(email)
    except ValidationError:
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.MISSING_EMAIL,
            detail=f"Clio has no valid email for {client.name if client else 'the client'} "
            f"({email or 'none'}), so {invoice.number} was not sent.",
            fix="Add the client's primary email in Clio, then replay this delivery.",
        )
        return {"blocked": "missing_email"}
    mapping = MatterMapping.objects.get(matter=invoice.matter)
    reference = invoice_reference(invoice=invoice, mapping=mapping)
    evidence = [
        f"LawPay already has {found} with reference {reference}"
        for found in charges_with_reference(reference)
    ]
    evidence += [
        f"invoice {other.number} ({other.get_status_display().lower()}) covers the same "
        f"matter, period and total"
        for other in invoice_duplicates_find(invoice=invoice)
    ]
    if evidence:
        invoice_duplicate_block(invoice=invoice, evidence=evidence)
        return {"blocked": "suspected_duplicate", "evidence": evidence}
    invoice_recipient_set(invoice=invoice, email=email)
    invoice_email_build(invoice=invoice, recipient=email).send()
    emailed(email)
    invoice_mark_sent(
        invoice_id=invoice.pk, recipient=email, subject=invoice_email_subject(invoice=invoice)
    )
    logger.info("invoice %s emailed", invoice.number)
    return {"sent_to": email, "reference": reference}
