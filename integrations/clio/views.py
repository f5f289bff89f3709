import logging
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from integrations.clio.connection import (
    clio_connection_disconnect,
    clio_connection_finish,
    clio_connection_start,
    clio_oauth,
)
from integrations.clio.errors import ClioError
from integrations.clio.oauth import oauth_state_new
from integrations.clio.tasks import clio_connected_sync_start

logger = logging.getLogger(__name__)
SESSION_STATE_KEY = "clio_oauth_state"


class ClioAppForm(forms.Form):
    client_id = forms.CharField(label="Application key (client id)", max_length=200)
    client_secret = forms.CharField(
        label="Application secret",
        required=False,
        widget=forms.PasswordInput,
        help_text="Leave empty to keep the stored secret.",
    )


def callback_url(request) -> str:
    return request.build_absolute_uri(reverse("integrations:clio-callback"))


@require_POST
@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def clio_connect(request):
    form = ClioAppForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the Clio application key.")
        return redirect("integrations:connections")
    connection = clio_connection_start(
        client_id=form.cleaned_data["client_id"],
        client_secret=form.cleaned_data["client_secret"] or settings.CLIO_CLIENT_SECRET,
    )
    if not connection.client_secret:
        messages.error(request, "Enter the Clio application secret.")
        return redirect("integrations:connections")
    state = oauth_state_new()
    request.session[SESSION_STATE_KEY] = state
    oauth = clio_oauth(connection=connection, redirect_uri=callback_url(request))
    return redirect(oauth.authorize_url(state=state))


@require_GET
@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def clio_callback(request):
    expected = request.session.pop(SESSION_STATE_KEY, "")
    if not expected or not secrets.compare_digest(expected, request.GET.get("state", "")):
        # A callback this browser did not start: possibly forged, never exchanged.
        logger.warning("Clio OAuth callback with an unknown state refused")
        messages.error(request, "That Clio authorization was not started here; try again.")
        return redirect("integrations:connections")
    if request.GET.get("error"):
        messages.warning(request, "Clio access was declined; Remit is not connected.")
        return redirect("integrations:connections")
    try:
        connection = clio_connection_finish(
            user=request.user, code=request.GET.get("code", ""), redirect_uri=callback_url(request)
        )
        clio_connected_sync_start()
    except ClioError as exc:
        logger.warning("Clio OAuth code exchange failed: %s", exc)
        messages.error(request, f"Clio refused the connection: {exc}")
        return redirect("integrations:connections")
    messages.success(request, f"Connected to Clio as {connection.clio_user_name or 'your user'}.")
    return redirect("integrations:connections")


@require_POST
@login_required
@permission_required("integrations.manage_connections", raise_exception=True)
def clio_disconnect(request):
    try:
        clio_connection_disconnect(user=request.user)
    except ClioError as exc:
        messages.warning(request, f"Clio did not confirm the revocation ({exc}); tokens removed.")
    else:
        messages.success(request, "Disconnected from Clio; Remit's tokens were removed.")
    return redirect("integrations:connections")
