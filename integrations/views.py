from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from integrations.clio.views import ClioAppForm
from integrations.crypto import mask
from integrations.lawpay.connection import (
    GoLiveRefused,
    lawpay_client,
    lawpay_live_gate_check,
    lawpay_merchant_view,
)
from integrations.lawpay.errors import LawPayError
from integrations.lawpay.views import LawPayAccountsForm, LawPayKeysForm
from integrations.models import ClioConnection, LawPayConnection, SandboxCheckRun
from integrations.tasks import sandbox_check_request


@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def connections(request):
    clio = ClioConnection.objects.filter(singleton=True).first()
    lawpay = LawPayConnection.objects.filter(singleton=True).first()
    merchant_view, lawpay_error = None, ""
    if lawpay and lawpay.secret_key:
        try:
            merchant_view = lawpay_merchant_view(
                client=lawpay_client(), secret_key=lawpay.secret_key
            )
        except LawPayError as exc:
            lawpay_error = str(exc)
    go_live_refusal = ""
    try:
        lawpay_live_gate_check(connection=lawpay)
    except GoLiveRefused as exc:
        go_live_refusal = " ".join(exc.messages)
    context = {
        "sandbox_check": SandboxCheckRun.objects.first(),
        "go_live_refusal": go_live_refusal,
        "clio": clio,
        "clio_form": ClioAppForm(
            initial={"client_id": clio.client_id if clio else settings.CLIO_CLIENT_ID}
        ),
        "clio_base_url": settings.CLIO_BASE_URL,
        "lawpay": lawpay,
        "lawpay_secret_masked": mask(lawpay.secret_key) if lawpay else "",
        "lawpay_keys_form": LawPayKeysForm(
            initial={
                "mode": lawpay.mode if lawpay else LawPayConnection.Mode.TEST,
                "public_key": lawpay.public_key if lawpay else settings.LAWPAY_PUBLIC_KEY,
            }
        ),
        "lawpay_accounts_form": LawPayAccountsForm(),
        "merchant_view": merchant_view,
        "lawpay_error": lawpay_error,
        "lawpay_base_url": settings.LAWPAY_BASE_URL,
    }
    return render(request, "integrations/connections.html", context)


@require_POST
@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def sandbox_check_start(request):
    run = sandbox_check_request(user=request.user)
    messages.success(request, f"Sandbox check #{run.pk} started; its progress shows below.")
    return redirect("integrations:connections")


@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def sandbox_check_progress(request, pk: int):
    run = get_object_or_404(SandboxCheckRun, pk=pk)
    return render(request, "integrations/_sandbox_check.html", {"sandbox_check": run})
