"""Setting a matter's evergreen minimum (admins: "manage trust rules")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from trust.models import MatterLedger
from trust.services.posting import TrustPostingRefused
from trust.services.requests import trust_evergreen_set


@require_POST
@login_required
@permission_required("trust.manage_trust_rules", raise_exception=True)
def evergreen_set(request: SignedInRequest, pk: int) -> HttpResponse:
    """``pk``: the matter ledger. Zero turns the minimum off."""
    ledger = MatterLedger.objects.filter(pk=pk).select_related("matter").first()
    if ledger is None:
        raise Http404("No such trust ledger.")
    try:
        ledger = trust_evergreen_set(
            ledger=ledger, minimum=request.POST.get("minimum", "").strip(), user=request.user
        )
    except TrustPostingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Evergreen minimum for {ledger.matter} set to ${ledger.evergreen_minimum:,}"
            + (" (off)." if not ledger.evergreen_minimum else "."),
        )
    return redirect("trust:ledger", pk=ledger.matter_id)
