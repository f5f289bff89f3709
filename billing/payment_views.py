"""Staff pages for payments: the unmatched queue with manual matching, and the payment list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from billing.models import Invoice, Payment
from billing.services.payments import payment_match, payment_match_suggestions, payments_unmatched
from config.params import ID_MESSAGE, positive_id

if TYPE_CHECKING:
    from billing.views import SignedInRequest


@login_required
@permission_required("billing.match_payments", raise_exception=True)
def unmatched(request: HttpRequest) -> HttpResponse:
    page = Paginator(payments_unmatched(), 25).get_page(request.GET.get("page"))
    rows = [(payment, payment_match_suggestions(payment=payment)) for payment in page]
    return render(request, "billing/unmatched.html", {"page": page, "rows": rows})


@login_required
@permission_required("billing.match_payments", raise_exception=True)
@require_POST
def match(request: SignedInRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk)
    number = request.POST.get("invoice_number", "").strip()
    invoice = Invoice.objects.filter(number=number).first() if number else None
    raw_id = request.POST.get("invoice", "")
    if invoice is None and raw_id:
        invoice_id = positive_id(raw_id)
        if invoice_id is None:
            return HttpResponseBadRequest(f"invoice: {ID_MESSAGE}", content_type="text/plain")
        invoice = Invoice.objects.filter(pk=invoice_id).first()
    if invoice is None:
        messages.error(request, "Choose an invoice, or enter its number.")
        return redirect("payments:unmatched")
    try:
        payment_match(payment=payment, invoice=invoice, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Payment {payment.lawpay_transaction_id} matched to invoice {invoice}."
        )
    return redirect("payments:unmatched")


@login_required
@permission_required("billing.match_payments", raise_exception=True)
def payments(request: HttpRequest) -> HttpResponse:
    rows = Payment.objects.select_related("invoice", "matter", "matched_by").order_by(
        "-received_at", "-pk"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "billing/payments.html", {"page": page})
