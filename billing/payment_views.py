"""Staff pages for payments: the unmatched queue with manual matching, and the payment list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from billing.csv_export import csv_download
from billing.forms import BootstrapForm
from billing.models import Invoice, Payment
from billing.selectors.payment_list import (
    METHODS,
    STATUSES,
    PaymentListFilters,
    payment_list,
    payment_list_csv_rows,
    payment_list_totals,
    payment_status_label,
)
from billing.services.payments import payment_match, payment_match_suggestions, payments_unmatched
from config.params import ID_MESSAGE, positive_id

if TYPE_CHECKING:
    from accounts.requests import SignedInRequest

PAGE_SIZE = 50
CSV_CHUNK = 500


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


class PaymentListForm(BootstrapForm):
    compact = True

    q = forms.CharField(
        required=False, max_length=200, label="Search", strip=True,
        widget=forms.TextInput(attrs={"placeholder": "Invoice, client, matter or transaction"}),
    )  # fmt: skip
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *STATUSES.items()])
    method = forms.ChoiceField(required=False, choices=[("", "Any method"), *METHODS.items()])
    date_from = forms.DateField(
        required=False, label="Received from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Received to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def refused(self) -> str:
        parts = [
            f"{self.fields[name].label or name.capitalize()}: " + " ".join(map(str, errors))
            for name, errors in self.errors.items()
        ]
        return "Filter not applied. " + " ".join(parts)

    def filters(self) -> PaymentListFilters:
        # A refused field is left out, the others still apply: the list and its export agree.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PaymentListFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            method=data.get("method") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@permission_required("billing.match_payments", raise_exception=True)
@require_GET
def payments(request: HttpRequest) -> HttpResponse:
    form = PaymentListForm(request.GET)
    rows = payment_list(filters=form.filters())
    if form.errors:
        messages.error(request, form.refused())
    totals = payment_list_totals(payments=rows)
    # The aggregate already counted the rows: the paginator need not count them again.
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = totals["count"]
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [(payment, payment_status_label(payment)) for payment in page],
        "totals": totals,
        "query": _query(request),
        "firm_time_zone": settings.FIRM_TIME_ZONE,
    }
    return render(request, "billing/payments.html", context)


@login_required
@permission_required("billing.match_payments", raise_exception=True)
@require_GET
def payments_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = payment_list(filters=PaymentListForm(request.GET).filters())
    return csv_download(
        payment_list_csv_rows(payments=rows.iterator(chunk_size=CSV_CHUNK)), stem="payments"
    )
