"""Inbound webhooks from Clio and LawPay: verify, store, acknowledge; process later."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def lawpay_webhook(request, token: str):
    # Until the receiver lands (sync issue) LawPay is told to retry; the events sweep heals gaps.
    return HttpResponse("receiver not ready", status=503)
