"""The invoice page's actions after approval: email the invoice again, void it with a reason.

Billing staff with the review permission only; the invoice must be one they see (else 404).
An htmx post gets the invoice panel back and tells the page its history changed; a plain post
is redirected to the invoice page, with the page's back link kept.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing.invoice_page import invoice_back_link
from billing.selectors import invoices_visible
from billing.services.resend import invoice_email_resend
from billing.services.review import InvoiceTransitionError
from billing.services.void import invoice_void
from billing.views import _panel, reviewer_required

if TYPE_CHECKING:
    from django.http import HttpResponse

    from accounts.requests import SignedInRequest
    from billing.models import Invoice

logger = logging.getLogger(__name__)
# The history section listens for this event (templates/billing/invoice_detail.html).
CHANGED_EVENT = "invoice-changed"


def _answer(request: SignedInRequest, invoice: Invoice, *, done: str, error: str) -> HttpResponse:
    if error:
        logger.info("invoice %s: %s refused for %s: %s", invoice.pk, request.path,
                    request.user.get_username(), error)  # fmt: skip
    if request.htmx:
        response = _panel(request, invoice.pk, error=error, done=done, status=200)
        if not error:
            response["HX-Trigger"] = CHANGED_EVENT
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    url = reverse("billing:invoice", args=[invoice.pk])
    back = invoice_back_link(request, invoice=invoice)
    return redirect(f"{url}?{urlencode({'next': back.next})}" if back.next else url)


@require_POST
@reviewer_required
def invoice_resend(request: SignedInRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_visible(user=request.user), pk=pk)
    try:
        resend = invoice_email_resend(
            invoice=invoice, user=request.user, key=request.POST.get("key", "")
        )
    except InvoiceTransitionError as refusal:
        return _answer(request, invoice, done="", error=str(refusal))
    done = (
        f"Invoice {invoice} will be emailed again to the client's address in Clio."
        if resend.created
        else f"Invoice {invoice} is already queued to be emailed again (one email per press)."
    )
    return _answer(request, invoice, done=done, error="")


@require_POST
@reviewer_required
def invoice_void_view(request: SignedInRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_visible(user=request.user), pk=pk)
    try:
        invoice = invoice_void(
            invoice=invoice, user=request.user, reason=request.POST.get("reason", "")
        )
    except InvoiceTransitionError as refusal:
        return _answer(request, invoice, done="", error=str(refusal))
    return _answer(
        request,
        invoice,
        done=f"Invoice {invoice} is void; no reminders follow and Clio is told.",
        error="",
    )
