"""The matter-mappings admin screen: search, edit (with history), CSV export and import."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from billing.models import PAYMENT_REFERENCE_MAX, MatterMapping
from billing.services.mappings import (
    matter_mapping_update,
    matter_mappings_csv_export,
    matter_mappings_csv_import,
    matter_mappings_list,
)
from billing.services.payment_setup import payment_account_choices, payment_account_names

PERMISSION = "integrations.manage_mappings"
PAGE_SIZE = 50
HISTORY_SHOWN = 50
CSV_MAX_BYTES = 5 * 1024 * 1024


class MappingForm(forms.Form):
    reference = forms.CharField(max_length=PAYMENT_REFERENCE_MAX, label="LawPay reference")
    # Chosen from the accounts the LawPay connection deposits into, never typed: a mistyped
    # id would send a matter's payments to an account the firm cannot see.
    lawpay_operating_account_id = forms.ChoiceField(
        required=False, label="LawPay operating account"
    )
    lawpay_trust_account_id = forms.ChoiceField(required=False, label="LawPay trust account")
    note = forms.CharField(max_length=100, required=False, label="Why (kept in the history)")

    def __init__(self, *args, mapping: MatterMapping, **kwargs):
        super().__init__(*args, **kwargs)
        for name, purpose in (
            ("lawpay_operating_account_id", "operating"),
            ("lawpay_trust_account_id", "trust"),
        ):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = payment_account_choices(purpose=purpose, current=getattr(mapping, name))


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file")
    dry_run = forms.BooleanField(required=False, label="Only check, do not apply")


def _filters(request) -> tuple[str, str]:
    status = request.GET.get("status", "")
    return request.GET.get("q", ""), status if status in MatterMapping.Status.values else ""


@login_required
@permission_required(PERMISSION, raise_exception=True)
def mappings(request):
    query, status = _filters(request)
    page = Paginator(matter_mappings_list(query=query, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "q": query,
        "status": status,
        "statuses": MatterMapping.Status.choices,
        "conflicts": MatterMapping.objects.filter(status=MatterMapping.Status.CONFLICT).count(),
        "import_form": ImportForm(),
    }
    context["account_names"] = payment_account_names()
    template = "billing/mappings_table.html" if request.htmx else "billing/mappings.html"
    return render(request, template, context)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def mapping_edit(request, pk: int):
    mapping = get_object_or_404(MatterMapping.objects.select_related("matter"), pk=pk)
    form = MappingForm(
        request.POST or None,
        mapping=mapping,
        initial={
            "reference": mapping.reference,
            "lawpay_operating_account_id": mapping.lawpay_operating_account_id,
            "lawpay_trust_account_id": mapping.lawpay_trust_account_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            matter_mapping_update(mapping_id=mapping.pk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reference", exc)
        else:
            messages.success(request, f"Mapping of {mapping.display_number} saved.")
            return redirect("integrations:mapping-edit", pk=mapping.pk)
    history = mapping.history.select_related("history_user").order_by("-history_date", "-pk")
    return render(
        request,
        "billing/mapping_edit.html",
        {
            "mapping": mapping,
            "form": form,
            "history": history[:HISTORY_SHOWN],
            "account_names": payment_account_names(),
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def mappings_export(request):
    query, status = _filters(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="matter-mappings-{stamp}.csv"'
    matter_mappings_csv_export(
        out=response, mappings=matter_mappings_list(query=query, status=status).iterator()
    )
    return response


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def mappings_import(request):
    form = ImportForm(request.POST, request.FILES)
    report, error = None, ""
    if not form.is_valid():
        error = "Choose a CSV file."
    elif form.cleaned_data["file"].size > CSV_MAX_BYTES:
        error = f"The file is larger than {CSV_MAX_BYTES // (1024 * 1024)} MB."
    else:
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            error = "The file is not UTF-8 text; export it again as CSV UTF-8."
        else:
            report = matter_mappings_csv_import(
                text=text, user=request.user, dry_run=form.cleaned_data["dry_run"]
            )
    status = 200 if report is not None and report.valid else 400
    return render(
        request,
        "billing/mappings_import.html",
        {"report": report, "error": error, "dry_run": form.cleaned_data.get("dry_run", False)},
        status=status,
    )
