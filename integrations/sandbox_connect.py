"""Connect Remit to the local emulators with no clicks (used by `make run`).

It plays the firm's admin through the same flows a person uses — Clio's OAuth consent (the
emulator's page, answered "Allow"), the LawPay key check and account choice — so the demo
exercises the real code paths. It talks to the emulators over HTTP only and refuses anything
that is not on this machine: the `/_sandbox/` control API exists only in the emulators.
"""

from __future__ import annotations

import logging
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from billing.services.clio_users import clio_user_link
from integrations.clio.connection import (
    clio_client,
    clio_connection_finish,
    clio_connection_start,
    clio_oauth,
)
from integrations.clio.fields_needed import BANK_ACCOUNT_FIELDS, USER_FIELDS
from integrations.clio.oauth import oauth_state_new
from integrations.clio.sync import clio_record_upsert
from integrations.clio.tasks import clio_connected_sync_start
from integrations.lawpay.client import is_loopback_host
from integrations.lawpay.connection import (
    lawpay_accounts_save,
    lawpay_keys_save,
    lawpay_webhook_register,
)
from integrations.models import ClioConnection, LawPayConnection
from trust.models import TrustAccount
from trust.services.openings import trust_account_link_clio

logger = logging.getLogger(__name__)
TIMEOUT = 10


def _require_loopback(base_url: str) -> None:
    if not is_loopback_host(urlsplit(base_url).hostname or ""):
        raise ImproperlyConfigured(
            f"{base_url} is not an emulator on this machine; connect real services by hand."
        )


def public_url(path: str) -> str:
    return settings.REMIT_PUBLIC_URL.rstrip("/") + path


def sandbox_clio_connect(*, user) -> ClioConnection:
    """The OAuth code flow against the Clio emulator, the consent answered "Allow"."""
    _require_loopback(settings.CLIO_BASE_URL)
    connection = clio_connection_start(
        client_id=settings.CLIO_CLIENT_ID, client_secret=settings.CLIO_CLIENT_SECRET
    )
    redirect_uri = public_url(reverse("integrations:clio-callback"))
    state = oauth_state_new()
    authorize_url = clio_oauth(connection=connection, redirect_uri=redirect_uri).authorize_url(
        state=state
    )
    page = requests.get(authorize_url, timeout=TIMEOUT)
    page.raise_for_status()
    form = {k: unescape(v) for k, v in re.findall(r"name='([^']+)' value='([^']*)'", page.text)}
    answer = requests.post(
        f"{settings.CLIO_BASE_URL.rstrip('/')}/oauth/authorize",
        data={**form, "decision": "allow"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    query = parse_qs(urlsplit(answer.headers.get("Location", "")).query)
    if query.get("state") != [state] or "code" not in query:
        raise RuntimeError(f"The Clio emulator did not grant access (HTTP {answer.status_code}).")
    connection = clio_connection_finish(user=user, code=query["code"][0], redirect_uri=redirect_uri)
    clio_connected_sync_start()
    return connection


def sandbox_lawpay_connect(*, user) -> LawPayConnection:
    """Test-mode keys from the LawPay emulator, accounts chosen by their trust flags."""
    _require_loopback(settings.LAWPAY_BASE_URL)
    credentials = requests.get(
        f"{settings.LAWPAY_BASE_URL.rstrip('/')}/_sandbox/credentials", timeout=TIMEOUT
    ).json()
    view = lawpay_keys_save(
        user=user,
        mode=LawPayConnection.Mode.TEST,
        secret_key=credentials["test_secret_key"],
        public_key=credentials["public_key"],
    )
    operating = next(a for a in view.card_accounts if a.trust_account is False)
    trust = next(a for a in view.card_accounts if a.trust_account is True)
    lawpay_accounts_save(
        user=user,
        view=view,
        operating_account_id=operating.id,
        trust_account_id=trust.id,
        operating_page_url=view.page_url_for(operating.id),
        trust_page_url=view.page_url_for(trust.id),
    )
    connection = LawPayConnection.objects.get(singleton=True)
    return lawpay_webhook_register(
        events_url=public_url(reverse("webhooks-lawpay", args=[connection.webhook_token])),
        user=user,
    )


def sandbox_trust_connect() -> TrustAccount:
    """Remit's trust ledger linked to the Clio emulator's trust bank account and the LawPay
    emulator's trust account, as an admin would link them once both are connected.

    The matters mirrored so far open at Clio's figures now; the periodic cross-check opens the
    rest as the first backfill brings them in. Idempotent.
    """
    _require_loopback(settings.CLIO_BASE_URL)
    client = clio_client()
    banks = list(
        client.list(
            "bank_accounts.json", fields=BANK_ACCOUNT_FIELDS, params={"type": "TrustAccount"}
        )
    )
    if not banks:
        raise RuntimeError("The Clio emulator has no trust bank account.")
    bank = min(banks, key=lambda b: int(b["id"]))
    clio_record_upsert(model="bank_account", data=bank, client=client)
    lawpay = LawPayConnection.objects.filter(singleton=True).first()
    return trust_account_link_clio(
        clio_bank_account_id=int(bank["id"]),
        processor_account_id=lawpay.trust_account_id if lawpay else "",
    )


def sandbox_attorney_link(*, user) -> str:
    """The demo attorney login is the Clio user Remit connected as, so the attorney pages
    (their matters' invoices, trust applications) have matters to show. Returns the name."""
    _require_loopback(settings.CLIO_BASE_URL)
    client = clio_client()
    me = client.get("users/who_am_i", fields=USER_FIELDS)
    clio_record_upsert(model="user", data=dict(me.data), client=client)
    return clio_user_link(clio_id=int(me.data["id"]), user=user).name


def connections_are_emulators() -> str:
    """Why Remit is not running against the emulators, or "" when it is: Clio and LawPay on
    this machine and email kept in the sandbox mailbox (``reminders_scan --as-of`` needs it)."""
    clio = ClioConnection.objects.filter(status=ClioConnection.Status.CONNECTED).first()
    lawpay = LawPayConnection.objects.first()
    if clio is None or lawpay is None:
        return "Clio and LawPay must both be connected (to the emulators)."
    for name, url in (("Clio", clio.base_url), ("LawPay", lawpay.base_url)):
        if not is_loopback_host(urlsplit(url).hostname or ""):
            return f"{name} is connected to {url}, not to an emulator on this machine."
    if settings.EMAIL_BACKEND != "integrations.email.backend.MailboxBackend":
        return "Email goes to a real mail server, not the sandbox mailbox."
    return ""
