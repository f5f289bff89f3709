"""The sandbox mailbox: emails Remit sent while ``REMIT_MAILBOX`` is on, for people to open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from integrations.models import MailboxMessage

PERMISSION = "integrations.view_sandbox_mailbox"
# The email's HTML runs in a sandboxed frame with no scripts and no access to Remit's origin;
# links may open a new tab (the LawPay page).
EMAIL_CSP = (
    "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; "
    "img-src * data:; style-src 'unsafe-inline'"
)


@login_required
@permission_required(PERMISSION, raise_exception=True)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(MailboxMessage.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "integrations/mailbox.html", {"page": page})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def message(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(MailboxMessage, pk=pk)
    return render(request, "integrations/mailbox_message.html", {"message": found})


@login_required
@permission_required(PERMISSION, raise_exception=True)
@xframe_options_sameorigin
def message_html(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(MailboxMessage, pk=pk)
    response = HttpResponse(found.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = EMAIL_CSP
    return response
