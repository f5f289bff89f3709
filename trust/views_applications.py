"""The attorney's "trust applications awaiting me" page: approve (posts the withdrawal and
approves the invoice) or decline each proposal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.requests import SignedInRequest
from trust.selectors_applications import trust_applications_awaiting, trust_applications_visible
from trust.services.applications import (
    TrustApplicationRefused,
    trust_application_approve,
    trust_application_decline,
)
from trust.services.posting import TrustPostingRefused, trust_amount_clean

APPLY = "trust.apply_trust_funds"


@login_required
@permission_required(APPLY, raise_exception=True)
def applications(request: HttpRequest) -> HttpResponse:
    awaiting = list(trust_applications_awaiting(user=request.user))
    decided = trust_applications_visible(user=request.user).exclude(status="proposed")[:20]
    return render(request, "trust/applications.html", {"awaiting": awaiting, "decided": decided})


def _awaiting(request: HttpRequest, pk: int):
    application = trust_applications_awaiting(user=request.user).filter(pk=pk).first()
    if application is None:
        raise Http404("No such proposal awaiting you.")
    return application


@require_POST
@login_required
@permission_required(APPLY, raise_exception=True)
def application_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    application = _awaiting(request, pk)
    raw = request.POST.get("amount", "").strip()
    try:
        amount = trust_amount_clean(raw) if raw else None
        decision = trust_application_approve(
            application=application, user=request.user, amount=amount
        )
    except (TrustApplicationRefused, TrustPostingRefused) as error:
        messages.error(request, str(error))
    else:
        (messages.success if decision.applied else messages.warning)(request, decision.message)
    return redirect("trust:applications")


@require_POST
@login_required
@permission_required(APPLY, raise_exception=True)
def application_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    application = _awaiting(request, pk)
    try:
        trust_application_decline(
            application=application, user=request.user, reason=request.POST.get("reason", "")
        )
    except TrustApplicationRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Trust not applied to draft #{application.invoice_id}; billing may approve it.",
        )
    return redirect("trust:applications")
