"""Billing pages: the review queue, invoice detail, needs attention, rules and dry run.

Views parse, call one service or selector, and render. Actions answer htmx requests with the
fragment they change (a queue row, the invoice panel) and plain posts with a redirect.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInRequest
from billing.forms import (
    BillingRulesForm,
    DryRunForm,
    QueueFilterForm,
    ReasonForm,
)
from billing.invoice_page import invoice_page_context
from billing.models import AttentionItem, Invoice
from billing.selectors import (
    attention_invoices,
    attention_items_unattached,
    invoice_blockers,
    invoice_detail,
    invoice_queue,
    invoice_queue_counts,
    invoices_visible,
    queue_filter_choices,
    user_may_view_invoices,
)
from billing.services.attention import attention_item_resolve
from billing.services.evaluation import billing_dry_run
from billing.services.review import (
    InvoiceTransitionError,
    invoice_approve,
    invoice_draft_again,
    invoice_hold,
    invoice_reject,
    invoice_resume,
    invoices_bulk_approve,
)
from billing.services.rules import EDITABLE_FIELDS, billing_rules_get, billing_rules_update
from config.params import ID_MESSAGE, positive_ids

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from billing.selectors import InvoiceDetailAnnotations

QUEUE_PAGE_SIZE = 25
REVIEW = "billing.review_invoices"


def invoice_viewer_required(view):
    """Billing staff, and attorneys for their own matters (the queryset limits what they see)."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not user_may_view_invoices(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def reviewer_required(view):
    return login_required(permission_required(REVIEW, raise_exception=True)(view))


@require_GET
@invoice_viewer_required
def review_queue(request: SignedInRequest) -> HttpResponse:
    choices = queue_filter_choices(user=request.user)
    form = QueueFilterForm(request.GET or None, **choices)
    status = 200
    if form.is_bound and not form.is_valid():
        messages.error(request, form.error_summary())
        status = 400
    invoices = invoice_queue(user=request.user, filters=form.filters(), now=timezone.now())
    page = Paginator(invoices, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(invoice, invoice_blockers(invoice=invoice)) for invoice in page],
        "counts": invoice_queue_counts(invoices=invoices),
        "query": query.urlencode(),
        "can_review": request.user.has_perm(REVIEW),
    }
    return render(request, "billing/review_queue.html", context, status=status)


def _visible_invoice(
    request: SignedInRequest, pk: int
) -> WithAnnotations[Invoice, InvoiceDetailAnnotations]:
    try:
        return invoice_detail(user=request.user, invoice_id=pk)
    except Invoice.DoesNotExist:
        raise Http404("No such invoice") from None


def _panel(
    request: SignedInRequest, pk: int, *, error: str = "", done: str = "", status: int = 200
):
    invoice = _visible_invoice(request, pk)
    blockers = invoice_blockers(invoice=invoice)
    shown = {blocker.reason for blocker in blockers}
    context = {
        "invoice": invoice,
        "blockers": blockers,
        # An open item that says what a blocker already says is not shown twice.
        "other_attention": [i for i in invoice.open_attention if i.reason not in shown],
        "can_review": request.user.has_perm(REVIEW),
        "error": error,
        "done": done,
        "reason_form": ReasonForm(),
        **invoice_page_context(request, invoice=invoice),
    }
    template = "billing/_invoice_panel.html" if request.htmx else "billing/invoice_detail.html"
    return render(request, template, context, status=status)


@require_GET
@invoice_viewer_required
def invoice_view(request: SignedInRequest, pk: int) -> HttpResponse:
    return _panel(request, pk)


def _respond(request: SignedInRequest, invoice_pk: int, *, done: str, error: str = ""):
    """After an action on the detail page: the panel for htmx, a redirect otherwise."""
    if request.htmx and request.POST.get("from") == "queue":
        return _queue_row(request, invoice_pk, error=error)
    if request.htmx:
        return _panel(request, invoice_pk, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("billing:invoice", pk=invoice_pk)


def _queue_row(request: SignedInRequest, pk: int, *, error: str = "") -> HttpResponse:
    invoice = _visible_invoice(request, pk)
    context = {
        "invoice": invoice,
        "invoice_blockers": invoice_blockers(invoice=invoice),
        "can_review": True,
        "error": error,
    }
    return render(request, "billing/_queue_row.html", context)


def _action(run):
    """Wrap a POST action on an invoice: check it is visible, run it, answer."""

    @require_POST
    @reviewer_required
    @wraps(run)
    def view(request: SignedInRequest, pk: int) -> HttpResponse:
        invoice = get_object_or_404(invoices_visible(user=request.user), pk=pk)
        try:
            done = run(request, invoice)
        except InvoiceTransitionError as error:
            return _respond(request, invoice.pk, done="", error=str(error))
        return _respond(request, invoice.pk, done=done)

    return view


@_action
def approve(request: SignedInRequest, invoice: Invoice) -> str:
    invoice = invoice_approve(invoice=invoice, user=request.user)
    return f"Invoice {invoice.number} approved."


@_action
def hold(request: SignedInRequest, invoice: Invoice) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise InvoiceTransitionError("Say why the invoice is on hold.")
    invoice_hold(invoice=invoice, user=request.user, reason=form.cleaned_data["reason"])
    return "Invoice put on hold."


@_action
def resume(request: SignedInRequest, invoice: Invoice) -> str:
    invoice_resume(invoice=invoice, user=request.user)
    return "Invoice back in the queue."


@_action
def reject(request: SignedInRequest, invoice: Invoice) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise InvoiceTransitionError("Say why the invoice is rejected.")
    invoice_reject(invoice=invoice, user=request.user, reason=form.cleaned_data["reason"])
    return (
        "Invoice rejected. Its entries wait for new time on the matter, an edit in Clio or "
        "Draft again."
    )


@require_POST
@reviewer_required
def draft_again(request: SignedInRequest, pk: int) -> HttpResponse:
    """A rejected invoice's entries drafted now, at a person's request; opens the new draft."""
    invoice = get_object_or_404(invoices_visible(user=request.user), pk=pk)
    try:
        draft = invoice_draft_again(invoice=invoice, user=request.user)
    except InvoiceTransitionError as error:
        return _respond(request, invoice.pk, done="", error=str(error))
    messages.success(request, f"Drafted again as draft #{draft.pk}.")
    target = reverse("billing:invoice", args=[draft.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@require_POST
@reviewer_required
def bulk_approve(request: SignedInRequest) -> HttpResponse:
    ids = positive_ids(request.POST.getlist("invoice_ids"))
    if ids is None:
        return HttpResponseBadRequest(f"invoice_ids: {ID_MESSAGE}", content_type="text/plain")
    visible = list(
        invoices_visible(user=request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    outcome = invoices_bulk_approve(invoice_ids=visible, user=request.user)
    if outcome.approved:
        numbers = ", ".join(str(invoice) for invoice in outcome.approved)
        messages.success(request, f"Approved {len(outcome.approved)}: {numbers}.")
    for pk, reason in outcome.refused.items():
        messages.error(request, f"Draft #{pk} not approved: {reason}")
    url = reverse("billing:review")
    if query := request.POST.get("query"):
        url = f"{url}?{query}"
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_GET
@reviewer_required
def attention(request: SignedInRequest) -> HttpResponse:
    invoices = Paginator(attention_invoices(user=request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": invoices,
        "rows": [(invoice, invoice_blockers(invoice=invoice)) for invoice in invoices],
        "matter_items": attention_items_unattached(user=request.user),
    }
    return render(request, "billing/attention.html", context)


@require_POST
@reviewer_required
def attention_resolve(request: SignedInRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AttentionItem, pk=pk)
    if (
        item.invoice_id
        and not invoices_visible(user=request.user).filter(pk=item.invoice_id).exists()
    ):
        raise Http404
    attention_item_resolve(item=item, user=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Marked resolved.")
    return redirect("billing:attention")


@login_required
@permission_required("billing.manage_billing_rules", raise_exception=True)
def rules(request: SignedInRequest) -> HttpResponse:
    current = billing_rules_get()
    if request.method == "POST":
        form = BillingRulesForm(request.POST)
        if form.is_valid():
            billing_rules_update(
                changes={name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
                user=request.user,
            )
            messages.success(request, "Billing rules saved.")
            return redirect("billing:rules")
    else:
        form = BillingRulesForm(initial={name: getattr(current, name) for name in EDITABLE_FIELDS})
    return render(request, "billing/rules.html", {"form": form, "rules": current})


@require_GET
@login_required
def dry_run(request: SignedInRequest) -> HttpResponse:
    if not (request.user.has_perm(REVIEW) or request.user.has_perm("billing.manage_billing_rules")):
        raise PermissionDenied
    form = DryRunForm(request.GET or None)
    threshold = form.cleaned_data["threshold"] if form.is_valid() else None
    rows = billing_dry_run(now=timezone.now(), threshold=threshold)
    context = {
        "form": form,
        "rows": rows,
        "rules": billing_rules_get(),
        "threshold": threshold,
        "total": sum((row.amount for row in rows if not row.skip_reason), 0),
    }
    return render(request, "billing/dry_run.html", context)
