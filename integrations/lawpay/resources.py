"""What the gateway returns, parsed at the boundary: amounts become ``Decimal`` here.

Unknown fields are ignored (reference §1: new properties may appear at any time); the full
payload stays in ``raw`` so callers can store it for the matter timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from integrations.lawpay.errors import UnexpectedResponse
from integrations.lawpay.money import SUPPORTED_CURRENCY, decimal_from_cents

# Statuses that mean money moved or is about to (reference §3 "Statuses").
LIVE_STATUSES = frozenset({"PENDING", "AUTHORIZED", "COMPLETED"})


def timestamp_parse(value: Any) -> datetime | None:
    """Both ``...SSS'Z'`` and ``...-06:00`` offsets occur in the docs (reference §3)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _required_str(payload: Mapping[str, Any], key: str, what: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise UnexpectedResponse(f"{what} without a {key!r}: {payload!r:.200}")
    return value


@dataclass(frozen=True)
class Transaction:
    id: str
    type: str
    status: str
    account_id: str | None
    amount: Decimal
    amount_refunded: Decimal
    currency: str
    reference: str | None
    failure_code: str | None
    charge_id: str | None
    created: datetime | None
    data: Mapping[str, Any]
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @classmethod
    def from_json(cls, payload: Any) -> Transaction:
        if not isinstance(payload, Mapping):
            raise UnexpectedResponse(f"Transaction is not an object: {payload!r:.200}")
        # A charge in any other currency is refused here, before it reaches the domain (§8).
        currency = str(payload.get("currency") or SUPPORTED_CURRENCY)
        data = payload.get("data")
        return cls(
            id=_required_str(payload, "id", "Transaction"),
            type=str(payload.get("type") or ""),
            status=str(payload.get("status") or ""),
            account_id=payload.get("account_id"),
            amount=decimal_from_cents(payload.get("amount", 0), currency=currency),
            amount_refunded=decimal_from_cents(
                payload.get("amount_refunded") or 0, currency=currency
            ),
            currency=currency,
            reference=payload.get("reference"),
            failure_code=payload.get("failure_code"),
            charge_id=payload.get("charge_id"),
            created=timestamp_parse(payload.get("created")),
            data=data if isinstance(data, Mapping) else {},
            raw=payload,
        )


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    created: datetime | None
    data: Mapping[str, Any]
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def transaction(self) -> Transaction | None:
        """The transaction carried by ``transaction.*`` events (reference §5)."""
        if not self.type.startswith("transaction."):
            return None
        return Transaction.from_json(self.data)

    @classmethod
    def from_json(cls, payload: Any) -> Event:
        if not isinstance(payload, Mapping):
            raise UnexpectedResponse(f"Event is not an object: {payload!r:.200}")
        data = payload.get("data")
        return cls(
            id=_required_str(payload, "id", "Event"),
            type=str(payload.get("type") or ""),
            created=timestamp_parse(payload.get("created")),
            data=data if isinstance(data, Mapping) else {},
            raw=payload,
        )


@dataclass(frozen=True)
class MerchantAccount:
    id: str
    name: str
    status: str
    primary: bool
    # Reference §2: "If unknown, the property is not returned", hence three states.
    trust_account: bool | None
    kind: str  # "card" for merchant_accounts, "bank" for ach_accounts
    currency: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, payload: Any, *, kind: str) -> MerchantAccount:
        if not isinstance(payload, Mapping):
            raise UnexpectedResponse(f"Account is not an object: {payload!r:.200}")
        trust = payload.get("trust_account")
        if isinstance(trust, str):
            # The partner-credentials example carries "true"/"false" strings (reference §1).
            trust = trust.lower() == "true"
        return cls(
            id=_required_str(payload, "id", "Account"),
            name=str(payload.get("name") or ""),
            status=str(payload.get("status") or ""),
            primary=bool(payload.get("primary")),
            trust_account=trust if isinstance(trust, bool) else None,
            kind=kind,
            currency=payload.get("currency"),
            raw=payload,
        )


@dataclass(frozen=True)
class Merchant:
    id: str | None
    name: str | None
    accounts: tuple[MerchantAccount, ...]
    test_events_urls: tuple[str, ...]
    live_events_urls: tuple[str, ...]
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, payload: Any) -> Merchant:
        if not isinstance(payload, Mapping):
            raise UnexpectedResponse(f"Merchant is not an object: {payload!r:.200}")
        cards = payload.get("merchant_accounts") or []
        banks = payload.get("ach_accounts") or []
        accounts = [MerchantAccount.from_json(item, kind="card") for item in cards] + [
            MerchantAccount.from_json(item, kind="bank") for item in banks
        ]
        return cls(
            id=payload.get("id"),
            name=payload.get("name"),
            accounts=tuple(accounts),
            test_events_urls=_url_list(payload.get("test_events_urls")),
            live_events_urls=_url_list(payload.get("live_events_urls")),
            raw=payload,
        )


def _url_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(url.strip() for url in value.split(",") if url.strip())


@dataclass(frozen=True)
class PaymentPage:
    id: int | str
    title: str
    public_url: str
    merchant_account_id: str | None
    ach_account_id: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, payload: Any) -> PaymentPage:
        if not isinstance(payload, Mapping) or "id" not in payload:
            raise UnexpectedResponse(f"Payment page is not an object: {payload!r:.200}")
        return cls(
            id=payload["id"],
            title=str(payload.get("title") or ""),
            public_url=_required_str(payload, "public_url", "Payment page"),
            merchant_account_id=payload.get("merchant_account_id"),
            ach_account_id=payload.get("ach_account_id"),
            raw=payload,
        )
