"""The invoice page's history section (``invoice_history.py``) and its Retry button.

The section answers htmx with the fragment the invoice page loads; opened directly it is a
page of its own. Whoever sees the invoice sees its history (another attorney's invoice is a
404, as on the invoice page); Retry is for those who may replay deliveries on the health page.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from billing.selectors import invoice_aggregate, user_may_view_invoices
from integrations.invoice_history import (
    CLIO_LABELS,
    EMAIL_KINDS,
    InvoiceHistoryNotFound,
    invoice_history,
    invoice_history_invoice,
)
from integrations.models import OutboxMessage
from integrations.outbox.relay import outbox_message_replay

logger = logging.getLogger(__name__)
REPLAY = "integrations.replay_events"


def _section(request: HttpRequest, pk: int, *, done: str = "", error: str = "") -> HttpResponse:
    if not user_may_view_invoices(user=request.user):
        raise PermissionDenied
    try:
        history = invoice_history(user=request.user, invoice_id=pk)
    except InvoiceHistoryNotFound:
        raise Http404("No such invoice") from None
    context = {
        "history": history,
        "invoice": history.invoice,
        "can_retry": request.user.has_perm(REPLAY),
        "done": done,
        "error": error,
    }
    htmx = getattr(request, "htmx", False)
    template = "integrations/_invoice_history.html" if htmx else "integrations/invoice_history.html"
    return render(request, template, context)


@require_GET
@login_required
def invoice_history_section(request: HttpRequest, pk: int) -> HttpResponse:
    return _section(request, pk)


@require_POST
@login_required
@permission_required(REPLAY, raise_exception=True)
def invoice_history_retry(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """Put one dead outbound effect of the invoice back in the queue; nothing else changes."""
    try:
        invoice = invoice_history_invoice(user=request.user, invoice_id=pk)
    except InvoiceHistoryNotFound:
        raise Http404("No such invoice") from None
    message = OutboxMessage.objects.filter(
        pk=message_pk, aggregate=invoice_aggregate(invoice.pk)
    ).first()
    if message is None:
        raise Http404("No such delivery on this invoice")
    label = CLIO_LABELS.get(message.kind) or EMAIL_KINDS.get(message.kind) or message.kind
    done = error = ""
    if message.status != OutboxMessage.Status.DEAD:
        state = message.get_status_display().lower()
        error = f"{label} is {state}, not dead: there is nothing to retry."
        logger.info("retry of outbox %s refused for %s: %s", message.pk, request.user, state)
    elif outbox_message_replay(message_id=message.pk):
        done = f"{label} queued again."
    else:
        error = f"{label} changed meanwhile; reload to see where it is."
    if getattr(request, "htmx", False):
        return _section(request, invoice.pk, done=done, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("billing:invoice", pk=invoice.pk)
