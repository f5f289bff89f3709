"""What billing staff change on a draft's lines and amounts: edit a description, remove a line,
write one down, give the invoice a discount, withdraw either.

Each answers htmx with the invoice panel (or the form again, in place, when it is refused) and
a plain post with a redirect, like the other invoice actions (``views.py``). Only reviewers,
and only on invoices they may see (others get a 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from billing.forms import (
    InvoiceDiscountForm,
    LineDescriptionForm,
    LineRemoveForm,
    LineWriteDownForm,
)
from billing.models import InvoiceAdjustment, InvoiceLine
from billing.selectors import invoices_visible
from billing.services.adjustments import (
    AdjustmentRefused,
    invoice_adjustment_withdraw,
    invoice_discount_set,
    invoice_line_write_down,
)
from billing.services.review import (
    InvoiceTransitionError,
    invoice_line_describe,
    invoice_line_remove,
)
from billing.views import _respond, reviewer_required

if TYPE_CHECKING:
    from accounts.requests import SignedInRequest


def _visible_line(request: SignedInRequest, pk: int) -> InvoiceLine:
    return get_object_or_404(
        InvoiceLine.objects.filter(invoice__in=invoices_visible(user=request.user), live=True),
        pk=pk,
    )


def _form_again(
    request: SignedInRequest, template: str, context: dict[str, object], target: str
) -> HttpResponse:
    """The refused form where it was (htmx would otherwise put it in place of the panel)."""
    response = render(request, template, context)
    if request.htmx:
        response = reswap(retarget(response, target), "outerHTML")
    return response


@require_POST
@reviewer_required
def line_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    line = _visible_line(request, pk)
    # The reason comes from the form, or from htmx's prompt on the panel's Remove button.
    reason = request.POST.get("reason") or request.headers.get("HX-Prompt", "")
    form = LineRemoveForm({"reason": reason})
    if not form.is_valid():
        return _respond(request, line.invoice_id, done="", error="Keep the reason shorter.")
    try:
        invoice_line_remove(line=line, user=request.user, reason=form.cleaned_data["reason"])
    except InvoiceTransitionError as error:
        return _respond(request, line.invoice_id, done="", error=str(error))
    return _respond(request, line.invoice_id, done="Line removed; its entry is back in the pool.")


@require_http_methods(["GET", "POST"])
@reviewer_required
def line_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    line = _visible_line(request, pk)
    if request.method == "GET":
        form = LineDescriptionForm(initial={"description": line.description})
        return render(request, "billing/_line_edit.html", {"line": line, "form": form})
    form = LineDescriptionForm(request.POST)
    if not form.is_valid():
        context = {"line": line, "form": form}
        return _form_again(request, "billing/_line_edit.html", context, f"#line-{line.pk}")
    try:
        invoice_line_describe(
            line=line, description=form.cleaned_data["description"], user=request.user
        )
    except InvoiceTransitionError as error:
        return _respond(request, line.invoice_id, done="", error=str(error))
    return _respond(request, line.invoice_id, done="Description changed.")


@require_http_methods(["GET", "POST"])
@reviewer_required
def line_write_down(request: SignedInRequest, pk: int) -> HttpResponse:
    line = _visible_line(request, pk)
    template = "billing/_line_write_down.html"
    if request.method == "GET":
        return render(request, template, {"line": line, "form": LineWriteDownForm()})
    form = LineWriteDownForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        by = "amount_off" if data["how"] == LineWriteDownForm.OFF else "new_amount"
        try:
            invoice_line_write_down(
                line=line, user=request.user, reason=data["reason"], **{by: data["amount"]}
            )
        except AdjustmentRefused as error:
            form.add_error(None, str(error))
        except InvoiceTransitionError as error:
            return _respond(request, line.invoice_id, done="", error=str(error))
        else:
            return _respond(request, line.invoice_id, done="Line written down.")
    context = {"line": line, "form": form}
    return _form_again(request, template, context, f"#line-{line.pk}")


@require_http_methods(["GET", "POST"])
@reviewer_required
def invoice_discount(request: SignedInRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_visible(user=request.user), pk=pk)
    template = "billing/_invoice_discount.html"
    if request.method == "GET":
        return render(request, template, {"invoice": invoice, "form": InvoiceDiscountForm()})
    form = InvoiceDiscountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        by = "amount" if data["how"] == InvoiceDiscountForm.AMOUNT else "percent"
        try:
            invoice_discount_set(
                invoice=invoice, user=request.user, reason=data["reason"], **{by: data["value"]}
            )
        except AdjustmentRefused as error:
            form.add_error(None, str(error))
        except InvoiceTransitionError as error:
            return _respond(request, invoice.pk, done="", error=str(error))
        else:
            return _respond(request, invoice.pk, done="Discount recorded.")
    context = {"invoice": invoice, "form": form}
    return _form_again(request, template, context, "#invoice-discount")


@require_POST
@reviewer_required
def adjustment_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    adjustment = get_object_or_404(
        InvoiceAdjustment.objects.filter(invoice__in=invoices_visible(user=request.user)), pk=pk
    )
    try:
        invoice_adjustment_withdraw(adjustment=adjustment, user=request.user)
    except InvoiceTransitionError as error:
        return _respond(request, adjustment.invoice_id, done="", error=str(error))
    return _respond(request, adjustment.invoice_id, done="Adjustment withdrawn.")
