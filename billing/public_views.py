"""The client-facing invoice page: no login, reached through a signed URL in the email."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from billing.models import Invoice
from billing.services.delivery import (
    firm_branding,
    invoice_current_payment_link,
    invoice_from_public_token,
)

SHOWN = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID, Invoice.Status.PAID)


@never_cache
def invoice(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = invoice_from_public_token(token=token)
    except signing.SignatureExpired:
        return _invalid(request, status=410, expired=True)
    except (signing.BadSignature, Invoice.DoesNotExist):
        return _invalid(request, status=404, expired=False)
    if found.status not in (Invoice.Status.APPROVED, *SHOWN):
        return _invalid(request, status=410, expired=False)
    context = {
        **firm_branding(),
        "invoice": found,
        "lines": list(found.lines.filter(live=True)),
        "pay_url": invoice_current_payment_link(invoice=found),
    }
    response = render(request, "billing/public/invoice.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the signed token is in the URL
    return response


def _invalid(request: HttpRequest, *, status: int, expired: bool) -> HttpResponse:
    context = {**firm_branding(), "expired": expired}
    return render(request, "billing/public/link_invalid.html", context, status=status)
