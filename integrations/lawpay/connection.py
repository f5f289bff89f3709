"""Remit's side of the LawPay connection: keys at rest, the two accounts, the events URL.

The client package (client.py, links.py, …) knows nothing of Django; this module stores what the
admin chose and builds clients for workers.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from integrations.lawpay.client import LawPayClient, is_loopback_host
from integrations.lawpay.errors import LawPayError
from integrations.lawpay.resources import Merchant, MerchantAccount, PaymentPage
from integrations.models import ClioConnection, LawPayConnection, SandboxCheckRun
from integrations.models.sandbox_checks import (
    CONFIGURATION_LABELS,
    configuration_of,
    fingerprint_of,
)


class NotConnected(Exception):
    """LawPay keys are not set: an admin must enter them."""


class GoLiveRefused(ValidationError):
    """Live mode asked for without a passing sandbox check of the current configuration."""


def lawpay_live_gate_check(*, connection: LawPayConnection | None) -> None:
    """The go-live gate: switching to live keys needs a passing sandbox check recorded for the
    configuration as it is now (Clio's and LawPay's addresses, accounts, pages, keys). Raises
    ``GoLiveRefused`` naming what is missing; a connection already live is not gated again."""
    if connection is not None and connection.mode == LawPayConnection.Mode.LIVE:
        return
    if connection is None or not connection.operating_account_id:
        raise GoLiveRefused(
            "Live mode needs a passing sandbox check: connect LawPay with its test keys and "
            "accounts, run the sandbox check on this page, then switch to live."
        )
    clio = ClioConnection.objects.filter(singleton=True).first()
    current = configuration_of(clio=clio, lawpay=connection)
    if SandboxCheckRun.objects.filter(passed=True, fingerprint=fingerprint_of(current)).exists():
        return
    last = SandboxCheckRun.objects.filter(passed=True).first()
    if last is None:
        raise GoLiveRefused(
            "Live mode needs a passing sandbox check of this configuration, and none has "
            "passed yet: run the sandbox check on this page first."
        )
    changed = [
        label
        for key, label in CONFIGURATION_LABELS.items()
        if last.configuration.get(key) != current.get(key)
    ]
    raise GoLiveRefused(
        f"Live mode needs a passing sandbox check of this configuration: the last one that "
        f"passed (#{last.pk}, {last.finished_at or last.created_at:%Y-%m-%d %H:%M} UTC) ran "
        f"before {', '.join(changed) or 'the configuration'} changed. Run the sandbox check "
        "again first."
    )


def lawpay_client_for_key(*, secret_key: str, base_url: str | None = None) -> LawPayClient:
    base_url = base_url or settings.LAWPAY_BASE_URL
    return LawPayClient(
        secret_key=secret_key,
        base_url=base_url,
        # The real gateway is HTTPS only; plain HTTP is for the emulator on this machine.
        allow_plain_http=is_loopback_host(urlsplit(base_url).hostname or ""),
    )


def lawpay_connection() -> LawPayConnection:
    connection = LawPayConnection.objects.filter(singleton=True).first()
    if connection is None or not connection.secret_key:
        raise NotConnected("LawPay is not connected.")
    return connection


def lawpay_client() -> LawPayClient:
    connection = lawpay_connection()
    return lawpay_client_for_key(secret_key=connection.secret_key, base_url=connection.base_url)


@dataclass(frozen=True)
class MerchantView:
    """What the settings page shows after the keys were checked."""

    merchant: Merchant
    pages: tuple[PaymentPage, ...]

    @property
    def card_accounts(self) -> list[MerchantAccount]:
        return [a for a in self.merchant.accounts if a.kind == "card" and a.status != "DELETED"]

    def ach_account_for(self, card_account: MerchantAccount) -> str:
        """The eCheck account deposited with ``card_account``: its hosted page's, else the one
        bank account with the same trust flag; empty when that is not clear."""
        page = next(
            (
                p
                for p in self.pages
                if p.merchant_account_id == card_account.id and p.ach_account_id
            ),
            None,
        )
        if page is not None and page.ach_account_id:
            return page.ach_account_id
        banks = [
            a
            for a in self.merchant.accounts
            if a.kind == "bank" and a.status != "DELETED"
            and a.trust_account is card_account.trust_account
        ]  # fmt: skip
        return banks[0].id if len(banks) == 1 else ""

    def page_url_for(self, account_id: str) -> str:
        return next((p.public_url for p in self.pages if p.merchant_account_id == account_id), "")

    def _page_for_trust_flag(self, flag: bool) -> str:
        account = next((a for a in self.card_accounts if a.trust_account is flag), None)
        return self.page_url_for(account.id) if account else ""

    @property
    def operating_page_suggestion(self) -> str:
        return self._page_for_trust_flag(False)

    @property
    def trust_page_suggestion(self) -> str:
        return self._page_for_trust_flag(True)


def lawpay_merchant_view(*, client: LawPayClient, secret_key: str) -> MerchantView:
    merchant = client.merchant()
    try:
        # Documented for partner OAuth tokens only (lawpay-api.md §4 item 2); with plain keys
        # the real gateway may refuse, and the admin pastes the page links instead.
        pages = tuple(client.payment_pages(access_token=secret_key))
    except LawPayError:
        pages = ()
    return MerchantView(merchant=merchant, pages=pages)


KEY_SHAPE = re.compile(r"[A-Za-z0-9_\-]{1,200}")


def lawpay_keys_save(*, user, mode: str, secret_key: str, public_key: str) -> MerchantView:
    """Check the key against the gateway, then store it (encrypted). Raises LawPayError."""
    existing = LawPayConnection.objects.filter(singleton=True).first()
    if mode == LawPayConnection.Mode.LIVE:
        lawpay_live_gate_check(connection=existing)
    secret_key = secret_key or (existing.secret_key if existing else settings.LAWPAY_SECRET_KEY)
    if not secret_key:
        raise ValidationError("Enter the LawPay secret key.")
    if not KEY_SHAPE.fullmatch(secret_key):
        # It travels in an HTTP header (Basic auth): only printable ASCII can, and a key with
        # spaces or other characters was mistyped or pasted with something else.
        raise ValidationError(
            "A LawPay secret key is letters, digits, '_' and '-' only; paste it again."
        )
    # The gateway is asked before anything is stored, and outside any transaction.
    view = lawpay_merchant_view(
        client=lawpay_client_for_key(secret_key=secret_key), secret_key=secret_key
    )
    with transaction.atomic():
        connection = LawPayConnection.objects.select_for_update().filter(singleton=True).first()
        if mode == LawPayConnection.Mode.LIVE:
            # Again under the row lock: the configuration may have changed since.
            lawpay_live_gate_check(connection=connection)
        connection = connection or LawPayConnection(webhook_token=secrets.token_urlsafe(32))
        if connection.pk and connection.mode != mode:
            # The other mode's accounts are invisible to this key (lawpay-api.md §1).
            connection.operating_account_id = connection.trust_account_id = ""
            connection.operating_account_name = connection.trust_account_name = ""
            connection.operating_ach_account_id = connection.trust_ach_account_id = ""
        connection.base_url = settings.LAWPAY_BASE_URL
        connection.mode = mode
        connection.secret_key = secret_key
        connection.public_key = public_key or connection.public_key
        connection.updated_by = user
        connection.save()
    return view


def lawpay_account_role_check(*, account: MerchantAccount, role: str) -> None:
    """Refuse an account whose ``trust_account`` flag contradicts the role it is given.

    Trust vs operating is decided only by ``account_id`` (lawpay-api.md §2): a swap here would
    put client money in the operating account, or fees against trust.
    """
    if role == "trust" and account.trust_account is False:
        raise ValidationError(
            f"“{account.name}” is not a trust account in LawPay; choose the IOLTA/trust account."
        )
    if role == "operating" and account.trust_account is True:
        raise ValidationError(
            f"“{account.name}” is a trust account in LawPay; it cannot receive operating funds."
        )


@transaction.atomic
def lawpay_accounts_save(
    *,
    user,
    view: MerchantView,
    operating_account_id: str,
    trust_account_id: str,
    operating_page_url: str,
    trust_page_url: str,
) -> LawPayConnection:
    connection = LawPayConnection.objects.select_for_update().get(singleton=True)
    accounts = {account.id: account for account in view.card_accounts}
    if operating_account_id == trust_account_id:
        raise ValidationError("The operating and the trust account must be different accounts.")
    for role, account_id in (("operating", operating_account_id), ("trust", trust_account_id)):
        if account_id not in accounts:
            raise ValidationError(f"Choose the {role} account from the merchant's accounts.")
        lawpay_account_role_check(account=accounts[account_id], role=role)
    connection.operating_account_id = operating_account_id
    connection.operating_account_name = accounts[operating_account_id].name
    connection.operating_ach_account_id = view.ach_account_for(accounts[operating_account_id])
    connection.trust_account_id = trust_account_id
    connection.trust_account_name = accounts[trust_account_id].name
    connection.trust_ach_account_id = view.ach_account_for(accounts[trust_account_id])
    connection.operating_page_url = operating_page_url
    connection.trust_page_url = trust_page_url
    connection.updated_by = user
    connection.save()
    return connection


def lawpay_webhook_register(*, events_url: str, user) -> LawPayConnection:
    """Add Remit's events URL to the list for the connection's mode, keeping other URLs."""
    connection = lawpay_connection()
    client = lawpay_client_for_key(secret_key=connection.secret_key, base_url=connection.base_url)
    merchant = client.merchant()
    if connection.mode == LawPayConnection.Mode.LIVE:
        urls = [u for u in merchant.live_events_urls if u != connection.webhook_registered_url]
        client.merchant_events_urls_set(live_urls=[*urls, events_url])
    else:
        urls = [u for u in merchant.test_events_urls if u != connection.webhook_registered_url]
        client.merchant_events_urls_set(test_urls=[*urls, events_url])
    connection.webhook_registered_url = events_url
    connection.updated_by = user
    connection.save(update_fields=["webhook_registered_url", "updated_by", "updated_at"])
    return connection
