from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from integrations.clio.views import ClioAppForm
from integrations.crypto import mask
from integrations.lawpay.connection import lawpay_client, lawpay_merchant_view
from integrations.lawpay.errors import LawPayError
from integrations.lawpay.views import LawPayAccountsForm, LawPayKeysForm
from integrations.models import ClioConnection, LawPayConnection


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
    context = {
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
