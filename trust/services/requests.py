"""Evergreen retainers: when a matter's trust balance falls below its minimum, the client is
asked (once) to pay the difference into trust through the processor's trust page.

A request is opened under the matter ledger's lock, at most one open per ledger (a database
constraint), and its email is an outbox row, so a falling balance, a retried task or two
workers never email twice. A deposit that brings the balance back marks it met. The checks run
after each trust-first approval and every few minutes (``trust_evergreen_scan``), so raising a
minimum is enough.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from billing.models import AttentionItem, MatterMapping
from billing.ports import payment_link_build
from billing.services.attention import attention_item_open
from billing.services.delivery import firm_branding
from billing.services.payment_setup import payment_setup_get
from integrations.outbox.record import outbox_record
from trust.models import ZERO, MatterLedger, TrustRequest
from trust.services.posting import TrustPostingRefused, trust_amount_clean

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)
REQUEST_KIND = "trust.request.deliver"
Status = TrustRequest.Status


def trust_evergreen_check(*, ledger_id: int) -> TrustRequest | None:
    """Open the replenishment request the ledger needs now, or mark the open one met.

    Takes the ledger's row lock (alone, or after the account lock a posting holds)."""
    with transaction.atomic():
        ledger = MatterLedger.objects.select_for_update().get(pk=ledger_id)
        open_request = TrustRequest.objects.filter(ledger=ledger, status__in=TrustRequest.OPEN)
        current = open_request.first()
        minimum = ledger.evergreen_minimum
        if minimum <= 0 or ledger.balance >= minimum:
            if current is not None:
                current.status, current.met_at = Status.MET, timezone.now()
                current.save(update_fields=["status", "met_at"])
            return None
        if current is not None:
            return current
        request = TrustRequest.objects.create(
            ledger=ledger,
            amount=minimum - ledger.balance,
            minimum=minimum,
            balance_seen=ledger.balance,
        )
        outbox_record(
            kind=REQUEST_KIND,
            dedupe_key=f"{REQUEST_KIND}:{request.pk}",
            payload={"request_id": request.pk},
            aggregate=f"matter:{ledger.matter_id}",
        )
        return request


def trust_evergreen_scan() -> int:
    """Check every ledger that has a minimum (the periodic backstop); returns requests opened."""
    opened = 0
    ledgers = MatterLedger.objects.filter(evergreen_minimum__gt=0).values_list("pk", flat=True)
    for ledger_id in ledgers:
        before = TrustRequest.objects.filter(ledger_id=ledger_id).count()
        trust_evergreen_check(ledger_id=ledger_id)
        opened += TrustRequest.objects.filter(ledger_id=ledger_id).count() - before
    return opened


def trust_evergreen_set(*, ledger: MatterLedger, minimum: object, user: User) -> MatterLedger:
    """Set the matter's evergreen minimum (``0`` turns it off); needs "manage trust rules"."""
    if not user.has_perm("trust.manage_trust_rules"):
        raise TrustPostingRefused("Setting an evergreen minimum needs “manage trust rules”.")
    value = ZERO if str(minimum).strip() in ("0", "0.00") else trust_amount_clean(minimum)
    with transaction.atomic():
        locked = MatterLedger.objects.select_for_update().get(pk=ledger.pk)
        locked.evergreen_minimum = value
        locked.save(update_fields=["evergreen_minimum"])
    logger.info("evergreen minimum of %s set to %s by %s", locked, value, user.get_username())
    trust_evergreen_check(ledger_id=locked.pk)
    return locked


def _blocked(request: TrustRequest, *, detail: str, fix: str) -> dict[str, Any]:
    TrustRequest.objects.filter(pk=request.pk, status=Status.PENDING).update(status=Status.BLOCKED)
    attention_item_open(
        reason=AttentionItem.Reason.TRUST_MANUAL_STEP,
        matter=request.ledger.matter,
        detail=detail,
        fix=fix,
    )
    return {"blocked": detail}


def trust_request_email(*, request: TrustRequest, recipient: str) -> EmailMultiAlternatives:
    matter = request.ledger.matter
    context = {**firm_branding(), "request": request, "matter": matter}
    message = EmailMultiAlternatives(
        subject=f"Trust retainer top-up for matter {matter.display_number} — {settings.FIRM_NAME}",
        body=render_to_string("emails/trust_request.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    message.attach_alternative(render_to_string("emails/trust_request.html", context), "text/html")
    return message


def trust_request_deliver(
    *,
    request_id: int,
    sent_to: str,
    client_email: Callable[[int], str],
    emailed: Callable[[str], None],
) -> dict[str, Any]:
    """Email one replenishment request: the policy behind the outbox handler.

    ``client_email(clio_contact_id)`` re-reads the address in Clio; ``emailed(address)`` saves
    that the email went, before anything else, so a retry never emails twice.
    """
    request = TrustRequest.objects.select_related("ledger__matter__client").get(pk=request_id)
    matter = request.ledger.matter
    if sent_to:
        _sent(request, sent_to)
        return {"sent_to": sent_to}
    if request.status != Status.PENDING:
        return {"skipped": f"request is {request.status}"}
    client = matter.client
    email = client_email(client.clio_id) if client else ""
    try:
        validate_email(email)
    except ValidationError:
        return _blocked(
            request,
            detail=f"Trust top-up request for {matter.display_number} (${request.amount:,}) not "
            f"sent: Clio has no valid email for the client ({email or 'none'}).",
            fix="Add the client's primary email in Clio, then replay the request's delivery.",
        )
    page = payment_setup_get().trust_page_url
    mapping = MatterMapping.objects.filter(matter=matter).first()
    if not page or mapping is None:
        what = "LawPay's trust page is not set" if not page else "the matter has no mapping"
        return _blocked(
            request,
            detail=f"Trust top-up request for {matter.display_number} not sent: {what}.",
            fix="Choose the trust payment page on the connections page (or map the matter), "
            "then replay the request's delivery.",
        )
    request.payment_url = payment_link_build(
        public_url=page, amount=request.amount, reference=mapping.reference, email=email
    )
    TrustRequest.objects.filter(pk=request.pk).update(payment_url=request.payment_url)
    trust_request_email(request=request, recipient=email).send()
    emailed(email)
    _sent(request, email)
    return {"sent_to": email}


def _sent(request: TrustRequest, recipient: str) -> None:
    with transaction.atomic():
        changed = TrustRequest.objects.filter(pk=request.pk, status=Status.PENDING).update(
            status=Status.SENT, sent_at=timezone.now(), sent_to=recipient
        )
        if not changed:
            return
        matter = request.ledger.matter
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"trust:request:{request.pk}:sent",
            payload={
                "clio_matter_id": matter.clio_id,
                "subject": f"Remit: trust top-up of ${request.amount:,} requested",
                "detail": (
                    f"The matter's trust balance (${request.balance_seen:,}) fell below its "
                    f"evergreen minimum of ${request.minimum:,}; {recipient} was asked to pay "
                    f"${request.amount:,} into trust."
                ),
            },
            aggregate=f"matter:{matter.pk}",
        )
