"""The invoices list (every status, after approval too) and its CSV export.

Both read the same query string through one form and one selector, so the export is what the
list shows, all pages of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from billing.csv_export import csv_download
from billing.forms import BootstrapForm
from billing.models import Invoice
from billing.selectors.invoice_list import (
    DEFAULT_SORT,
    OVERDUE,
    InvoiceListFilters,
    invoice_list,
    invoice_list_choices,
    invoice_list_csv_rows,
    invoice_list_sort,
    invoice_list_totals,
)
from billing.views import invoice_viewer_required

if TYPE_CHECKING:
    from django.http import HttpResponse, QueryDict, StreamingHttpResponse

    from accounts.requests import SignedInRequest

PAGE_SIZE = 50
CSV_CHUNK = 500

STATUS_CHOICES = [("", "Any status")]
for _status in Invoice.Status:
    STATUS_CHOICES.append((_status.value, _status.label))
    if _status == Invoice.Status.SENT:
        STATUS_CHOICES.append((OVERDUE, "Overdue (sent, past due)"))

# (sort key, heading, right-aligned): every column the list sorts by.
COLUMNS = (
    ("number", "Number", False),
    ("client", "Client", False),
    ("matter", "Matter", False),
    ("status", "Status", False),
    ("total", "Total", True),
    ("amount_due", "Amount due", True),
    ("sent_at", "Sent", False),
    ("due_date", "Due", False),
)


class InvoiceListForm(BootstrapForm):
    compact = True

    q = forms.CharField(
        required=False, max_length=200, label="Search", strip=True,
        widget=forms.TextInput(attrs={"placeholder": "Client, matter or number"}),
    )  # fmt: skip
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    attorney = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Responsible attorney"
    )
    practice_area = forms.ChoiceField(required=False)
    date_from = forms.DateField(
        required=False, label="Dated from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Dated to", widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_min = forms.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2, label="Total from"
    )
    amount_max = forms.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2, label="Total to"
    )

    def __init__(self, *args, attorneys=(), practice_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attorney"].choices = [("", "Any attorney")] + [
            (a.pk, a.name) for a in attorneys
        ]
        self.fields["practice_area"].choices = [("", "Any practice area")] + [
            (area, area) for area in practice_areas
        ]

    def refused(self) -> str:
        parts = [
            f"{self.fields[name].label or name.replace('_', ' ').capitalize()}: "
            + " ".join(str(e) for e in errors)
            for name, errors in self.errors.items()
        ]
        return "Filter not applied. " + " ".join(parts)

    def filters(self) -> InvoiceListFilters:
        # A refused field is left out, the others still apply: the list and its export agree.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return InvoiceListFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            attorney=data.get("attorney"),
            practice_area=data.get("practice_area") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
        )


def _parse(request: SignedInRequest) -> tuple[InvoiceListForm, InvoiceListFilters, str]:
    form = InvoiceListForm(request.GET, **invoice_list_choices(user=request.user))
    filters = form.filters()
    return form, filters, invoice_list_sort(request.GET.get("sort", DEFAULT_SORT))


def _query(params: QueryDict, *drop: str) -> str:
    query = params.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


@require_GET
@invoice_viewer_required
def invoices(request: SignedInRequest) -> HttpResponse:
    form, filters, sort = _parse(request)
    if form.errors:
        messages.error(request, form.refused())
    rows = invoice_list(user=request.user, filters=filters, sort=sort, now=timezone.now())
    totals = invoice_list_totals(invoices=rows)
    # The aggregate already counted the rows: the paginator need not count them again.
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = totals["count"]
    context = {
        "form": form,
        "page": paginator.get_page(request.GET.get("page")),
        "totals": totals,
        "columns": _columns(sort=sort, query=_query(request.GET, "page", "sort")),
        "query": _query(request.GET, "page"),
        "firm_time_zone": settings.FIRM_TIME_ZONE,
    }
    return render(request, "billing/invoices.html", context)


def _columns(*, sort: str, query: str) -> list[dict[str, object]]:
    """Each heading's link: ascending first, the other way when it is already the sort."""
    prefix = f"{query}&" if query else ""
    columns = []
    for key, label, numeric in COLUMNS:
        current = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
        target = f"-{key}" if current == "asc" else key
        columns.append(
            {"label": label, "numeric": numeric, "current": current,
             "href": f"?{prefix}sort={target}"}
        )  # fmt: skip
    return columns


@require_GET
@invoice_viewer_required
def invoices_csv(request: SignedInRequest) -> StreamingHttpResponse:
    _form, filters, sort = _parse(request)
    rows = invoice_list(user=request.user, filters=filters, sort=sort, now=timezone.now())
    return csv_download(
        invoice_list_csv_rows(invoices=rows.iterator(chunk_size=CSV_CHUNK)), stem="invoices"
    )
