"""HTTP client for the LawPay Payment Gateway API (shared/reference/lawpay-api.md).

Plain ``requests``; no Django. Every call has a timeout and goes through one session. The
client never retries by itself: the gateway has no idempotency keys (reference §3
"Idempotency"), so a blind retry can charge twice. Retries belong to the outbox worker, through
``retry.charge_create_once``.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from integrations.lawpay.errors import (
    AccountMismatch,
    GatewayUnavailable,
    UnexpectedResponse,
    error_for_response,
)
from integrations.lawpay.money import (
    SUPPORTED_CURRENCY,
    MoneyError,
    cents_from_decimal,
    currency_check,
)
from integrations.lawpay.resources import Event, Merchant, PaymentPage, Transaction

logger = logging.getLogger(__name__)

# Newest documented host (reference §1 "Base URLs"); api.affinipay.com and api.chargeio.com are
# older names of the same API and may be passed as base_url.
PRODUCTION_BASE_URL = "https://api.8am.com"
DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
DEFAULT_PAGE_SIZE = 50
MAX_REFERENCE_LENGTH = 128  # reference §3 "reference"
MAX_EVENTS_URLS_LENGTH = 1024  # reference §5 "Registration"
USER_AGENT = "remit-lawpay/0.1"
# What GET /v1/merchant returns but a merchant does not write: read-only in [J]
# types/merchant.md, or the accounts, which have their own endpoints (reference §7).
MERCHANT_READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "created",
        "created_by",
        "modified",
        "modified_by",
        "messages",
        "status",
        "merchant_accounts",
        "ach_accounts",
        "bank_accounts",
    }
)

Timeout = float | tuple[float, float]


def secret_mask(secret: str) -> str:
    return f"…{secret[-4:]}" if len(secret) > 8 else "…"


def reference_check(reference: str) -> None:
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise ValueError(f"reference must be 1 to {MAX_REFERENCE_LENGTH} characters long.")


def gateway_timestamp(moment: datetime) -> str:
    """``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``, the documented search date format (reference §6)."""
    if moment.tzinfo is None:
        raise ValueError("Timestamps sent to LawPay must be timezone-aware.")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _base_url_check(base_url: str, *, allow_plain_http: bool) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError(f"LawPay base URL {base_url!r} is not an http(s) URL.")
    if parts.scheme == "http" and not allow_plain_http and not is_loopback_host(parts.hostname):
        # The secret key travels in every request's Authorization header.
        raise ValueError("LawPay base URL must use HTTPS (plain HTTP only for a local emulator).")
    return base_url.rstrip("/")


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LawPayClient:
    """One merchant, one mode: the secret key decides test vs live (reference §1)."""

    def __init__(
        self,
        *,
        secret_key: str,
        base_url: str = PRODUCTION_BASE_URL,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        allow_plain_http: bool = False,
    ) -> None:
        if not secret_key:
            raise ValueError("A LawPay secret key is required.")
        self.base_url = _base_url_check(base_url, allow_plain_http=allow_plain_http)
        self.timeout = timeout
        self._secret_key = secret_key
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", USER_AGENT)

    def __repr__(self) -> str:
        masked = secret_mask(self._secret_key)
        return f"LawPayClient(base_url={self.base_url!r}, secret_key={masked!r})"

    def close(self) -> None:
        self._session.close()

    # -- merchant ---------------------------------------------------------------------------

    def status(self) -> str:
        """``GET /status`` (no auth): NORMAL, EXCESSIVE_LATENCY, SERVICE_UNRELIABLE, ..."""
        body = self._request("GET", "/status", anonymous=True)
        return str(_object(body).get("status", ""))

    def merchant(self) -> Merchant:
        """The merchant and only the accounts matching this key's mode (reference §2)."""
        return Merchant.from_json(self._request("GET", "/v1/merchant"))

    def merchant_update(self, *, changes: Mapping[str, Any]) -> Merchant:
        """Change some merchant fields and keep every other one: read, merge, write it all back.

        UNVERIFIED: ``PUT /v1/merchant`` is the only documented merchant update (reference §5),
        and the official clients treat PUT as a full replacement (PATCH, their partial update,
        is documented for accounts only, §7); a partial PUT may blank the firm's contact,
        address, allowed IP ranges and the other mode's events URLs. So every field read is
        sent back, unknown ones too, so that fields newer than this client survive. See
        ../shared/reference/lawpay-api.md. The read and the write are not atomic: an edit made
        in LawPay's web app between the two is overwritten.
        """
        current = _object(self._request("GET", "/v1/merchant"))
        body = {k: v for k, v in current.items() if k not in MERCHANT_READ_ONLY_FIELDS}
        body.update(changes)
        return Merchant.from_json(self._request("PUT", "/v1/merchant", json=body))

    def merchant_events_urls_set(
        self,
        *,
        test_urls: Sequence[str] | None = None,
        live_urls: Sequence[str] | None = None,
    ) -> Merchant:
        """Register webhook URLs (reference §5), keeping the rest of the merchant record.

        ``[]`` clears a list; ``None`` leaves it as it is.
        """
        changes: dict[str, str] = {}
        if test_urls is not None:
            changes["test_events_urls"] = _events_urls_join(test_urls)
        if live_urls is not None:
            changes["live_events_urls"] = _events_urls_join(live_urls)
        if not changes:
            raise ValueError("Pass test_urls, live_urls or both.")
        return self.merchant_update(changes=changes)

    def payment_pages(self, *, access_token: str) -> list[PaymentPage]:
        """Hosted pages, one per processing account (reference §4 item 2).

        Only documented for a partner OAuth bearer token, not the secret key; a firm that
        connected with plain keys pastes its page links into settings instead.
        """
        bearer = _required("access_token", access_token)
        body = self._request("GET", "/payment-pages", bearer=bearer)
        pages = _object(body).get("payment_pages")
        if not isinstance(pages, list):
            raise UnexpectedResponse("payment-pages response has no 'payment_pages' list.")
        return [PaymentPage.from_json(page) for page in pages]

    # -- transactions -----------------------------------------------------------------------

    def charge_create(
        self,
        *,
        amount: Decimal,
        method: str,
        account_id: str,
        reference: str,
        currency: str = SUPPORTED_CURRENCY,
        data: Mapping[str, Any] | None = None,
    ) -> Transaction:
        """Charge a one-time token or saved method into exactly ``account_id``.

        ``account_id`` is mandatory because the gateway silently falls back to the primary
        (operating) account, which would put trust money in operating (reference §2, §8.2).
        Use ``retry.charge_create_once`` when this may be a retry.
        """
        reference_check(reference)
        body: dict[str, Any] = {
            "amount": _positive_cents(amount, currency=currency),
            "currency": currency,
            "method": _required("method", method),
            "account_id": _required("account_id", account_id),
            "reference": reference,
        }
        if data is not None:
            body["data"] = dict(data)
        return Transaction.from_json(self._request("POST", "/v1/charges", json=body))

    def refund(
        self,
        *,
        charge_id: str,
        account_id: str,
        amount: Decimal,
        reference: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Transaction:
        """Refund part or all of a charge; returns the new REFUND transaction (reference §3)."""
        body: dict[str, Any] = {"amount": _positive_cents(amount, currency=SUPPORTED_CURRENCY)}
        if reference is not None:
            reference_check(reference)
            body["reference"] = reference
        if data is not None:
            body["data"] = dict(data)
        self._transaction_on_account(charge_id, account_id=account_id)
        path = f"/v1/charges/{_segment(charge_id)}/refund"
        return Transaction.from_json(self._request("POST", path, json=body))

    def void(
        self, *, transaction_id: str, account_id: str, reference: str | None = None
    ) -> Transaction:
        """Void while still AUTHORIZED and without live refunds (reference §3 "Void")."""
        body: dict[str, Any] = {}
        if reference is not None:
            reference_check(reference)
            body["reference"] = reference
        self._transaction_on_account(transaction_id, account_id=account_id)
        path = f"/v1/transactions/{_segment(transaction_id)}/void"
        return Transaction.from_json(self._request("POST", path, json=body))

    def transaction_get(self, transaction_id: str) -> Transaction:
        path = f"/v1/transactions/{_segment(transaction_id)}"
        return Transaction.from_json(self._request("GET", path))

    def transactions_search(
        self,
        *,
        account_id: str,
        reference: str | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[Transaction]:
        """Every matching transaction on ``account_id``, across all result pages.

        ``qf=reference:`` is documented as field *text* search, and matching on ``reference``
        in particular is unverified (reference §3 "Idempotency"), so results are narrowed to
        the exact reference here. The index is eventually consistent (reference §6).
        """
        params: list[tuple[str, str]] = [("account_id", _required("account_id", account_id))]
        if reference is not None:
            reference_check(reference)
            params.append(("qf", f"reference:{reference}"))
        if start_date is not None:
            params.append(("start_date", gateway_timestamp(start_date)))
        if end_date is not None:
            params.append(("end_date", gateway_timestamp(end_date)))
        for item in self._paginate("/v1/transactions", params=params, page_size=page_size):
            transaction = Transaction.from_json(item)
            if reference is None or transaction.reference == reference:
                yield transaction

    # -- events -----------------------------------------------------------------------------

    def events_list(
        self, *, start_date: datetime | None = None, page_size: int = DEFAULT_PAGE_SIZE
    ) -> Iterator[Event]:
        """Events, oldest first when ``start_date`` is given (reference §5), for the sweep."""
        params: list[tuple[str, str]] = []
        if start_date is not None:
            params.append(("start_date", gateway_timestamp(start_date)))
        for item in self._paginate("/v1/events", params=params, page_size=page_size):
            yield Event.from_json(item)

    def event_get(self, event_id: str) -> Event:
        """Webhooks are unsigned hints (reference §5): trust only what this returns."""
        return Event.from_json(self._request("GET", f"/v1/events/{_segment(event_id)}"))

    # -- plumbing ---------------------------------------------------------------------------

    def _transaction_on_account(self, transaction_id: str, *, account_id: str) -> Transaction:
        # The refund and void endpoints take no account_id, so a wrong id would silently act
        # on the other account's money; check ownership first.
        transaction = self.transaction_get(_required("transaction_id", transaction_id))
        if transaction.account_id != _required("account_id", account_id):
            raise AccountMismatch(
                f"Transaction {transaction_id} belongs to account {transaction.account_id}, "
                f"not {account_id}."
            )
        return transaction

    def _paginate(
        self, path: str, *, params: list[tuple[str, str]], page_size: int
    ) -> Iterator[Mapping[str, Any]]:
        if page_size < 1:
            raise ValueError("page_size must be positive.")
        page, seen = 1, 0
        while True:
            envelope = _object(
                self._request(
                    "GET",
                    path,
                    params=[*params, ("page", str(page)), ("page_size", str(page_size))],
                )
            )
            results = envelope.get("results")
            if not isinstance(results, list):
                raise UnexpectedResponse(f"{path} page {page} has no 'results' list.")
            yield from results
            seen += len(results)
            total = envelope.get("total_entries")
            if not results or (isinstance(total, int) and seen >= total):
                return
            page += 1

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: list[tuple[str, str]] | None = None,
        json: Mapping[str, Any] | None = None,
        bearer: str | None = None,
        anonymous: bool = False,
    ) -> Any:
        headers = {"Accept": "application/json"}
        basic: tuple[str, str] | None = None
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        elif not anonymous:
            # Basic with the key as user and an empty password: requests sends "<key>:".
            basic = (self._secret_key, "")
        url = f"{self.base_url}{path}"
        try:
            response = self._session.request(
                method,
                url,
                params=params,
                json=json,
                headers=headers,
                auth=basic,
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise GatewayUnavailable(f"LawPay {method} {path} timed out.") from exc
        except requests.RequestException as exc:
            raise GatewayUnavailable(
                f"LawPay {method} {path} failed: {type(exc).__name__}"
            ) from exc
        logger.info("LawPay %s %s -> %s", method, path, response.status_code)
        return _decode(response, method=method, path=path)


def _decode(response: requests.Response, *, method: str, path: str) -> Any:
    if response.status_code == 204 or not response.content:
        if response.ok:
            return None
        raise error_for_response(status=response.status_code, body=None)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not response.ok:
        raise error_for_response(status=response.status_code, body=body)
    if body is None:
        raise UnexpectedResponse(
            f"LawPay {method} {path} answered {response.status_code} without JSON.",
            status=response.status_code,
        )
    return body


def _object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise UnexpectedResponse(f"Expected a JSON object, got {type(body).__name__}.")
    return body


def _positive_cents(amount: Decimal, *, currency: str) -> int:
    currency_check(currency)
    cents = cents_from_decimal(amount, currency=currency)
    if cents == 0:
        raise MoneyError("Amount must be greater than zero.")
    return cents


def _required(name: str, value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} is required.")
    return value


def _segment(value: str) -> str:
    return quote(_required("id", value), safe="")


def _events_urls_join(urls: Sequence[str]) -> str:
    if isinstance(urls, str):
        raise TypeError("Pass a list of URLs, not one string.")
    for url in urls:
        if "," in url or urlsplit(url).scheme not in {"http", "https"}:
            raise ValueError(f"{url!r} is not a usable webhook URL.")
    joined = ",".join(urls)
    if len(joined) > MAX_EVENTS_URLS_LENGTH:
        raise ValueError(f"Webhook URLs exceed {MAX_EVENTS_URLS_LENGTH} characters together.")
    return joined
