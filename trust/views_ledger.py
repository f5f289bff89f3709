"""Trust pages: balances by matter, a matter's ledger, the journal, transfers to execute.

Views parse, call one selector or service, and render. Reading needs ``trust.view_trust_ledger``
(attorneys: their own matters' balances and ledgers only, see ``trust/selectors_ledger.py``);
confirming a bank transfer needs ``trust.reconcile_trust``, checked here and in the service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInRequest
from billing.models import Matter
from billing.services.drafts import firm_today
from trust.models import TrustAccount, TrustEntry, TrustTransfer
from trust.selectors_ledger import (
    EXECUTE_TRANSFERS,
    VIEW_LEDGER,
    EntryRow,
    MatterTrust,
    journal_row,
    matter_trust_ledger,
    trust_accounts,
    trust_balances,
    trust_journal,
    trust_transfers_awaiting,
    trust_transfers_executed,
    user_may_view_ledgers,
    user_sees_every_ledger,
)
from trust.services.transfers import REFERENCE_MAX, TrustTransferRefused, trust_transfer_execute
from trust.views_common import MAX_ID, csv_response, csv_safe

if TYPE_CHECKING:
    pass

JOURNAL_PAGE_SIZE = 50
TRANSFERS_PAGE_SIZE = 50
# Ids are 1 to 18 digits: anything longer would overflow the database's integers.
View = Callable[..., HttpResponse]


def ledger_reader_required(view: View) -> View:
    """Trust staff, and attorneys for their own matters (the selectors limit what they see)."""

    @login_required
    @wraps(view)
    def guarded(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_may_view_ledgers(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def trust_staff_required(view: View) -> View:
    return login_required(permission_required(VIEW_LEDGER, raise_exception=True)(view))


ENTRY_COLUMNS = [
    "account",
    "sequence",
    "matter",
    "effective_date",
    "kind",
    "in",
    "out",
    "available_change",
    "cleared",
    "source",
    "source_ref",
    "invoice",
    "reverses_sequence",
    "reversed_by_sequence",
    "memo",
    "posted_by",
    "posted_at_utc",
]


def _entry_cells(row: EntryRow) -> list[object]:
    entry = row.entry
    cleared = (
        "uncleared" if row.uncleared else (row.cleared_on.isoformat() if row.cleared_on else "")
    )
    return [
        csv_safe(entry.account.name),
        entry.sequence,
        csv_safe(entry.matter.display_number),
        entry.effective_date.isoformat(),
        entry.get_kind_display(),
        row.money_in or "",
        row.money_out or "",
        entry.available_change,
        cleared,
        entry.get_source_display(),
        csv_safe(entry.source_ref),
        csv_safe(entry.invoice or ""),
        entry.reverses.sequence if entry.reverses else "",
        row.reversal.sequence if row.reversal else "",
        csv_safe(entry.memo),
        csv_safe(entry.posted_by.get_username() if entry.posted_by else "Remit"),
        entry.posted_at.astimezone(UTC).isoformat(timespec="seconds"),
    ]


@require_GET
@ledger_reader_required
def balances(request: SignedInRequest) -> HttpResponse:
    differences_only = request.GET.get("differences") == "1"
    context = {
        "accounts": trust_balances(user=request.user, differences_only=differences_only),
        "differences_only": differences_only,
        "sees_everything": user_sees_every_ledger(user=request.user),
    }
    return render(request, "trust/balances.html", context)


def _matter_trust(request: SignedInRequest, pk: int) -> MatterTrust:
    try:
        return matter_trust_ledger(user=request.user, matter_id=pk)
    except Matter.DoesNotExist:
        # Another attorney's matter reads as missing: a 403 would confirm it exists.
        raise Http404("No such matter") from None


@require_GET
@ledger_reader_required
def ledger(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "trust/ledger.html", {"trust": _matter_trust(request, pk)})


@require_GET
@ledger_reader_required
def ledger_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    trust = _matter_trust(request, pk)
    rows = [
        [*_entry_cells(row), row.entry.balance_after, row.entry.available_after]
        for view in trust.ledgers
        for row in view.rows
    ]
    stamp = f"{timezone.now():%Y%m%d}"
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in trust.matter.display_number)
    return csv_response(
        f"trust-ledger-{name}-{stamp}.csv",
        [*ENTRY_COLUMNS, "balance_after", "available_after"],
        rows,
    )


class JournalFilterForm(forms.Form):
    account = forms.TypedChoiceField(label="Trust account", coerce=int, required=False)
    date_from = forms.DateField(
        label="Effective from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, accounts: Sequence[TrustAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = {account.pk: account for account in accounts}
        account_field = cast(forms.TypedChoiceField, self.fields["account"])
        account_field.choices = [(a.pk, a.name) for a in accounts]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["account"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                f"The range starts ({start:%Y-%m-%d}) after it ends ({end:%Y-%m-%d})."
            )
        return data

    def account_chosen(self) -> TrustAccount | None:
        chosen = self.cleaned_data.get("account") if self.is_bound else None
        if chosen:
            return self.accounts[chosen]
        return next(iter(self.accounts.values()), None)

    def error_summary(self) -> str:
        return " ".join(
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        )


def _journal_form(request: SignedInRequest) -> tuple[JournalFilterForm, bool]:
    form = JournalFilterForm(request.GET or None, accounts=list(trust_accounts()))
    valid = not form.is_bound or form.is_valid()
    if not valid:
        form.cleaned_data = {}
    return form, valid


def _journal_entries(
    form: JournalFilterForm,
) -> tuple[TrustAccount | None, QuerySet[TrustEntry] | list[TrustEntry]]:
    account = form.account_chosen()
    if account is None:
        return None, []
    data = form.cleaned_data if form.is_bound else {}
    return account, trust_journal(
        account=account, date_from=data.get("date_from"), date_to=data.get("date_to")
    )


@require_GET
@trust_staff_required
def journal(request: SignedInRequest) -> HttpResponse:
    form, valid = _journal_form(request)
    if not valid:
        messages.error(request, form.error_summary())
        return render(request, "trust/journal.html", {"form": form}, status=400)
    account, entries = _journal_entries(form)
    page = Paginator(entries, JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "account": account,
        "page": page,
        "rows": [journal_row(entry) for entry in page],
        "query": query.urlencode(),
    }
    return render(request, "trust/journal.html", context)


@require_GET
@trust_staff_required
def journal_csv(request: SignedInRequest) -> HttpResponse:
    form, valid = _journal_form(request)
    if not valid:
        return HttpResponse(form.error_summary(), status=400, content_type="text/plain")
    account, entries = _journal_entries(form)
    rows = []
    for entry in entries:
        row, journal_after = journal_row(entry)
        rows.append([*_entry_cells(row), entry.balance_after, entry.available_after, journal_after])
    name = f"account{account.pk}" if account else "none"
    return csv_response(
        f"trust-journal-{name}-{timezone.now():%Y%m%d}.csv",
        [*ENTRY_COLUMNS, "matter_balance_after", "matter_available_after", "journal_balance_after"],
        rows,
    )


class TransferExecuteForm(forms.Form):
    transfer = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Give a whole number transfer id (digits 0–9)."},
    )
    bank_reference = forms.CharField(
        label="Bank reference",
        max_length=REFERENCE_MAX,
        error_messages={"required": "Enter the bank's reference for the transfer."},
    )
    executed_on = forms.DateField(
        label="Executed on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the day the bank executed the transfer."},
    )

    def error_summary(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


def _transfers_page(request: SignedInRequest, *, status: int = 200) -> HttpResponse:
    page = Paginator(trust_transfers_awaiting(), TRANSFERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "executed": trust_transfers_executed(),
        "can_execute": request.user.has_perm(EXECUTE_TRANSFERS),
        "today": firm_today(now=timezone.now()),
    }
    return render(request, "trust/transfers.html", context, status=status)


@require_GET
@trust_staff_required
def transfers(request: SignedInRequest) -> HttpResponse:
    return _transfers_page(request)


@require_POST
@login_required
@permission_required(EXECUTE_TRANSFERS, raise_exception=True)
def transfer_execute(request: SignedInRequest) -> HttpResponse:
    form = TransferExecuteForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was recorded: {form.error_summary()}")
        return _transfers_page(request, status=400)
    transfer = TrustTransfer.objects.filter(pk=form.cleaned_data["transfer"]).first()
    if transfer is None:
        messages.error(
            request, f"Nothing was recorded: there is no transfer {form.cleaned_data['transfer']}."
        )
        return _transfers_page(request, status=404)
    try:
        done = trust_transfer_execute(
            transfer=transfer,
            user=request.user,
            bank_reference=form.cleaned_data["bank_reference"],
            executed_on=form.cleaned_data["executed_on"],
        )
    except TrustTransferRefused as refusal:
        messages.error(request, f"Nothing was recorded: {refusal}")
        return _transfers_page(request, status=409)
    messages.success(
        request,
        f"Transfer of ${done.amount:,} for {done.entry.matter} confirmed executed "
        f"(bank reference {done.bank_reference}).",
    )
    return redirect("trust:transfers")
