import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from integrations.lawpay.connection import (
    NotConnected,
    lawpay_accounts_save,
    lawpay_client,
    lawpay_connection,
    lawpay_keys_save,
    lawpay_merchant_view,
    lawpay_webhook_register,
)
from integrations.lawpay.errors import AccessPolicyRefused, AuthenticationFailed, LawPayError
from integrations.models import LawPayConnection

logger = logging.getLogger(__name__)
# A stale page can post these forms after the key was cleared (or before it was saved).
NO_KEY_MESSAGE = "Save the LawPay secret key first."


class LawPayKeysForm(forms.Form):
    mode = forms.ChoiceField(choices=LawPayConnection.Mode.choices, widget=forms.RadioSelect)
    secret_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput,
        help_text="Leave empty to keep the stored key. It is never shown again.",
    )
    public_key = forms.CharField(required=False, max_length=200)


class LawPayAccountsForm(forms.Form):
    operating_account_id = forms.CharField()
    trust_account_id = forms.CharField()
    operating_page_url = forms.URLField(required=False, assume_scheme="https")
    trust_page_url = forms.URLField(required=False, assume_scheme="https")


def manage_connections(view):
    return login_required(
        permission_required("integrations.manage_connections", raise_exception=True)(view)
    )


@require_POST
@manage_connections
def lawpay_keys(request):
    form = LawPayKeysForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose test or live mode.")
        return redirect("integrations:connections")
    try:
        view = lawpay_keys_save(user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except AccessPolicyRefused:
        messages.error(
            request,
            "LawPay refused the request under the account's IP address or country policy, "
            "not because of the key; nothing was saved. Allow this server's IP address in "
            "LawPay, then try again.",
        )
    except AuthenticationFailed:
        # The gateway may hide a policy refusal behind a bare not_authorized (errors.py).
        messages.error(
            request,
            "LawPay refused this secret key; nothing was saved. If the key is right, check the "
            "account's allowed IP addresses in LawPay.",
        )
    except LawPayError as exc:
        logger.warning("LawPay key check failed: %s", exc)
        messages.error(request, f"LawPay could not be reached to check the key: {exc}")
    else:
        messages.success(
            request,
            f"LawPay key saved; {len(view.card_accounts)} account(s) found. "
            "Choose the operating and the trust account.",
        )
    return redirect("integrations:connections")


@require_POST
@manage_connections
def lawpay_accounts(request):
    form = LawPayAccountsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose both accounts; page links must be URLs.")
        return redirect("integrations:connections")
    try:
        connection = lawpay_connection()
        view = lawpay_merchant_view(client=lawpay_client(), secret_key=connection.secret_key)
        lawpay_accounts_save(user=request.user, view=view, **form.cleaned_data)
    except NotConnected:
        messages.error(request, NO_KEY_MESSAGE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except LawPayError as exc:
        messages.error(request, f"LawPay could not be reached: {exc}")
    else:
        messages.success(request, "LawPay operating and trust accounts saved.")
    return redirect("integrations:connections")


@require_POST
@manage_connections
def lawpay_webhook(request):
    try:
        connection = lawpay_connection()
    except NotConnected:
        messages.error(request, NO_KEY_MESSAGE)
        return redirect("integrations:connections")
    url = request.build_absolute_uri(reverse("webhooks-lawpay", args=[connection.webhook_token]))
    try:
        lawpay_webhook_register(events_url=url, user=request.user)
    except LawPayError as exc:
        messages.error(request, f"LawPay did not accept the events URL: {exc}")
    else:
        messages.success(request, "Remit's events URL is registered with LawPay.")
    return redirect("integrations:connections")
