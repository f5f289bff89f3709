"""Three-way reconciliation pages: the list with the statement upload, one reconciliation's
report (+CSV) with matching and sign-off, and a statement import's outcome.

Reading needs ``trust.view_trust_ledger`` (billing staff); uploading, matching and signing need
``trust.reconcile_trust``, checked here and again in the services.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInRequest
from billing.services.drafts import firm_today
from trust.models import BankStatement, Reconciliation, StatementLine, TrustAccount, TrustEntry
from trust.selectors_reconciliation import (
    period_end_default,
    reconciliation_report,
    reconciliation_report_rows,
    reconciliations_list,
    statement_line_candidates,
    statement_lines_matched,
)
from trust.services.matching import (
    RECONCILE_PERMISSION,
    MatchRefused,
    statement_line_match,
    statement_line_unmatch,
    statement_lines_match,
)
from trust.services.reconciliation import (
    EXPLANATION_MAX,
    ReconciliationRefused,
    reconciliation_sign_off,
    reconciliation_statement_upload,
)
from trust.services.statements import FILE_MAX_BYTES
from trust.views_common import MAX_ID, csv_response, csv_safe

VIEW_PERMISSION = "trust.view_trust_ledger"


def _money() -> forms.DecimalField:
    return forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.NumberInput(
        attrs={"step": "0.01"}
    ))  # fmt: skip


class StatementUploadForm(forms.Form):
    account = forms.ModelChoiceField(TrustAccount.objects.order_by("name"), empty_label=None)
    period_end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    opening_balance = _money()
    closing_balance = _money()
    file = forms.FileField(label="Statement (CSV)")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > FILE_MAX_BYTES:
            raise forms.ValidationError(f"At most {FILE_MAX_BYTES // (1024 * 1024)} MB.")
        return upload


class SignOffForm(forms.Form):
    explanation = forms.CharField(required=False, max_length=EXPLANATION_MAX)


class LineMatchForm(forms.Form):
    entry = forms.IntegerField(min_value=1, max_value=MAX_ID)


def _errors(form: forms.Form) -> str:
    return " ".join(f"{name}: {error}" for name, errors in form.errors.items() for error in errors)


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def reconciliations(request: SignedInRequest) -> HttpResponse:
    today = firm_today(now=timezone.now())
    form = StatementUploadForm(initial={"period_end": period_end_default(today=today)})
    context = {
        "reconciliations": reconciliations_list()[:200],
        "form": form,
        "can_reconcile": request.user.has_perm(RECONCILE_PERMISSION),
    }
    return render(request, "trust/reconciliations.html", context)


@require_POST
@login_required
@permission_required(RECONCILE_PERMISSION, raise_exception=True)
def reconciliation_upload(request: SignedInRequest) -> HttpResponse:
    form = StatementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"Nothing was imported: {_errors(form)}")
        return redirect("trust:reconciliations")
    data = form.cleaned_data
    try:
        outcome = reconciliation_statement_upload(
            account=data["account"],
            period_end=data["period_end"],
            opening_balance=data["opening_balance"],
            closing_balance=data["closing_balance"],
            file_name=data["file"].name or "statement.csv",
            content=data["file"].read(),
            user=request.user,
        )
    except ReconciliationRefused as error:
        messages.error(request, str(error))
        return redirect("trust:reconciliations")
    statement = outcome.statement
    if outcome.reconciliation is None:
        messages.error(
            request,
            f"Nothing was imported: {statement.file_name} has {len(statement.rejections)} "
            "problem(s).",
        )
        return redirect("trust:statement", pk=statement.pk)
    if not outcome.created:
        messages.info(request, f"{statement.file_name} was imported already; nothing changed.")
    else:
        messages.success(
            request,
            f"Imported {statement.lines_imported} line(s); {outcome.matched} matched to the "
            "ledger automatically.",
        )
    return redirect("trust:reconciliation", pk=outcome.reconciliation.pk)


def _reconciliation(pk: int) -> Reconciliation:
    return get_object_or_404(
        Reconciliation.objects.select_related("account", "statement", "signed_by"), pk=pk
    )


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def reconciliation(request: SignedInRequest, pk: int) -> HttpResponse:
    found = _reconciliation(pk)
    report = reconciliation_report(reconciliation=found)
    can_reconcile = request.user.has_perm(RECONCILE_PERMISSION) and not found.signed
    candidates = statement_line_candidates(lines=report.unmatched_lines) if can_reconcile else {}
    context = {
        "reconciliation": found,
        "report": report,
        "can_reconcile": can_reconcile,
        "unmatched_lines": [(line, candidates.get(line.pk, [])) for line in report.unmatched_lines],
        "matched_lines": statement_lines_matched(reconciliation=found),
    }
    return render(request, "trust/reconciliation.html", context)


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def reconciliation_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    found = _reconciliation(pk)
    report = reconciliation_report(reconciliation=found)
    return csv_response(
        f"trust-reconciliation-{found.account_id}-{found.period_end:%Y%m%d}.csv",
        ["section", "date", "matter", "kind", "description", "reference", "amount"],
        [
            [csv_safe(cell) if isinstance(cell, str) else cell for cell in row]
            for row in reconciliation_report_rows(report=report)
        ],
    )


@require_POST
@login_required
@permission_required(RECONCILE_PERMISSION, raise_exception=True)
def reconciliation_sign_off_view(request: SignedInRequest, pk: int) -> HttpResponse:
    found = _reconciliation(pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Not signed: {_errors(form)}")
        return redirect("trust:reconciliation", pk=pk)
    try:
        signed = reconciliation_sign_off(
            reconciliation=found, user=request.user, explanation=form.cleaned_data["explanation"]
        )
    except ReconciliationRefused as error:
        messages.error(request, f"Not signed: {error}")
    else:
        messages.success(
            request,
            f"Signed off; {signed.account} is locked through {signed.period_end:%Y-%m-%d}.",
        )
    return redirect("trust:reconciliation", pk=pk)


@require_POST
@login_required
@permission_required(RECONCILE_PERMISSION, raise_exception=True)
def reconciliation_rematch(request: SignedInRequest, pk: int) -> HttpResponse:
    found = _reconciliation(pk)
    matched = statement_lines_match(statement=found.statement, user=request.user)
    messages.success(request, f"{matched} more line(s) matched automatically.")
    return redirect("trust:reconciliation", pk=pk)


@require_POST
@login_required
@permission_required(RECONCILE_PERMISSION, raise_exception=True)
def statement_line_match_view(request: SignedInRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(StatementLine, pk=pk)
    form = LineMatchForm(request.POST)
    entry = (
        TrustEntry.objects.filter(pk=form.cleaned_data["entry"]).first()
        if form.is_valid()
        else None
    )
    if entry is None:
        messages.error(request, "Choose the ledger entry this line is.")
    else:
        try:
            statement_line_match(line=line, entry=entry, user=request.user)
        except MatchRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Line of {line.posted_on:%Y-%m-%d} matched to entry {entry.sequence}."
            )
    return _back(line)


@require_POST
@login_required
@permission_required(RECONCILE_PERMISSION, raise_exception=True)
def statement_line_unmatch_view(request: SignedInRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(StatementLine, pk=pk)
    try:
        statement_line_unmatch(line=line, user=request.user)
    except MatchRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Line of {line.posted_on:%Y-%m-%d} unmatched.")
    return _back(line)


def _back(line: StatementLine) -> HttpResponse:
    reconciliation_id = (
        Reconciliation.objects.filter(statement_id=line.statement_id)
        .values_list("pk", flat=True)
        .first()
    )
    if reconciliation_id is not None:
        return redirect("trust:reconciliation", pk=reconciliation_id)
    return redirect("trust:statement", pk=line.statement_id)


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def statement(request: SignedInRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(BankStatement.objects.select_related("account", "uploaded_by"), pk=pk)
    context = {
        "statement": found,
        "lines": found.lines.select_related("entry__matter").order_by("row_number")[:2000],
        "reconciliation_id": Reconciliation.objects.filter(statement=found)
        .values_list("pk", flat=True)
        .first(),
    }
    return render(request, "trust/statement.html", context)
