"""Linking Remit's trust ledger to Clio's trust bank account and the processor's trust account
(admins: "manage trust rules"). Linking opens each matter at Clio's figure."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.requests import SignedInRequest
from billing.models import BankAccount
from billing.services.payment_setup import payment_setup_get
from trust.models import TrustAccount
from trust.services.accounts import TrustAccountRefused
from trust.services.openings import trust_account_link


class TrustAccountLinkForm(forms.Form):
    # Operating accounts are offered to no one, but refused by the service with its reason.
    clio_bank_account = forms.ModelChoiceField(queryset=BankAccount.objects.all())
    processor_account_id = forms.CharField(max_length=100, required=False, strip=True)


@login_required
@permission_required("trust.manage_trust_rules", raise_exception=True)
@require_http_methods(["GET", "POST"])
def accounts(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        form = TrustAccountLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose one of Clio's bank accounts (and a LawPay id of at "
                           "most 100 characters).")  # fmt: skip
            return redirect("trust:accounts")
        bank = form.cleaned_data["clio_bank_account"]
        processor = form.cleaned_data["processor_account_id"]
        try:
            account = trust_account_link(clio_bank_account=bank, processor_account_id=processor)
        except TrustAccountRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{account} is linked; {account.ledgers.count()} matters opened at Clio's figures.",
            )
        return redirect("trust:accounts")
    linked = TrustAccount.objects.select_related("clio_bank_account").order_by("pk")
    unlinked = BankAccount.objects.filter(
        type=BankAccount.Type.TRUST, deleted_at__isnull=True
    ).exclude(pk__in=linked.values("clio_bank_account"))
    setup = payment_setup_get()
    return render(
        request,
        "trust/accounts.html",
        {
            "linked": linked,
            "unlinked": unlinked,
            "processor_trust_account_id": setup.trust_account_id,
        },
    )
