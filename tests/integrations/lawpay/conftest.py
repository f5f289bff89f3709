from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import responses

from integrations.lawpay.client import LawPayClient
from tests.sandbox_process import SandboxProcess, sandbox_start

API = "https://api.lawpay.test"
SECRET_KEY = "sk" + "0123456789abcdefABCDEF" * 2 + "0123456789abcdefABCD"  # 64 alphanumerics


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as rsps:
        yield rsps


@pytest.fixture
def client() -> LawPayClient:
    return LawPayClient(secret_key=SECRET_KEY, base_url=API)


def transaction_json(**overrides: object) -> dict[str, object]:
    """A charge shaped like reference §3's example response."""
    return {
        "id": "wKgFnjz8GamBPPzKzIsAAA",
        "type": "CHARGE",
        "account_id": "wKgFeDz5HF-BPPl08dcADQ",
        "status": "AUTHORIZED",
        "amount": 1234,
        "currency": "USD",
        "auto_capture": True,
        "amount_refunded": 0,
        "reference": "ACME-2025-0001",
        "created": "2025-03-01T12:00:00.000Z",
        "method": {"type": "card", "number": "************4242"},
        **overrides,
    }


def error_json(code: str, message: str = "", **extra: object) -> dict[str, object]:
    return {
        "messages": [
            {"code": code, "level": "error", "message": message or code, "facility": "gateway"}
            | extra
        ]
    }


def page_json(results: list[dict[str, object]], *, page: int, page_size: int, total: int):
    return {"page": page, "page_size": page_size, "total_entries": total, "results": results}


# -- the LawPay emulator over real sockets ---------------------------------------------------
# Keys chosen here, in the documented formats (reference §1), so these tests do not depend on
# the emulator's defaults: secret keys are 64 alphanumerics, the public key is "m_" + 22.
SANDBOX_TEST_SECRET_KEY = "RemitTestKey" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
SANDBOX_LIVE_SECRET_KEY = "RemitLiveKey" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
SANDBOX_PUBLIC_KEY = "m_RemitClientTests00000A"


@dataclass
class Gateway:
    """A running emulator with this suite's keys, and the accounts it reported."""

    base_url: str
    client: LawPayClient
    live_client: LawPayClient
    operating_id: str
    trust_id: str
    ach_id: str | None
    page_urls: dict[str, str]

    def token_create(self, method: dict[str, Any]) -> requests.Response:
        # Stands in for the browser's hosted fields: the public key only tokenises (§3).
        return requests.post(
            f"{self.base_url}/v1/tokens", json=method, auth=(SANDBOX_PUBLIC_KEY, ""), timeout=10
        )

    def capture_tick(self) -> None:
        """The emulator's stand-in for the gateway's daily capture (AUTHORIZED → COMPLETED)."""
        requests.post(f"{self.base_url}/_sandbox/capture", json={}, timeout=10).raise_for_status()

    def card_token(self, number: str = "4242424242424242") -> str:
        response = self.token_create(card_method(number))
        assert response.status_code == 200, response.text
        return response.json()["id"]


def card_method(number: str) -> dict[str, Any]:
    return {
        "type": "card",
        "number": number,
        "exp_month": 12,
        "exp_year": datetime.now(UTC).year + 3,
        "cvv": "123",
        "name": "Pat Client",
        "address1": "1 Main St",
        "postal_code": "78701",
        "email": "pat@example.com",
    }


def bank_method(*, routing_number: str, account_number: str) -> dict[str, Any]:
    return {
        "type": "bank",
        "routing_number": routing_number,
        "account_number": account_number,
        "account_type": "CHECKING",
        "name": "Pat Client",
        "email": "pat@example.com",
    }


@pytest.fixture(scope="session")
def _remit_lawpay_sandbox(tmp_path_factory) -> Iterator[SandboxProcess]:
    # One emulator for the session, reset per test: starting one per test costs seconds each
    # on a shared 2-core box. Same contract as the lawpay_sandbox_factory fixture.
    sandbox = sandbox_start(
        "lawpay",
        workdir=tmp_path_factory.mktemp("lawpay-client"),
        env={
            "LAWPAY_SANDBOX_SECRET_KEY": SANDBOX_TEST_SECRET_KEY,
            "LAWPAY_SANDBOX_LIVE_SECRET_KEY": SANDBOX_LIVE_SECRET_KEY,
            "LAWPAY_SANDBOX_PUBLIC_KEY": SANDBOX_PUBLIC_KEY,
        },
    )
    yield sandbox
    sandbox.stop()


@pytest.fixture
def gateway(_remit_lawpay_sandbox: SandboxProcess) -> Iterator[Gateway]:
    _remit_lawpay_sandbox.reset()
    base_url = _remit_lawpay_sandbox.base_url
    client = LawPayClient(secret_key=SANDBOX_TEST_SECRET_KEY, base_url=base_url)
    live_client = LawPayClient(secret_key=SANDBOX_LIVE_SECRET_KEY, base_url=base_url)
    accounts = client.merchant().accounts
    cards = [a for a in accounts if a.kind == "card" and a.status == "ACTIVE"]
    banks = [a for a in accounts if a.kind == "bank" and a.status == "ACTIVE"]
    operating_id = next(a.id for a in cards if a.primary and not a.trust_account)
    trust_id = next(a.id for a in cards if a.trust_account)
    # The emulator takes the secret key as the bearer token; the real /payment-pages wants a
    # partner OAuth token (reference §4), which the client's signature keeps explicit.
    listed = client.payment_pages(access_token=SANDBOX_TEST_SECRET_KEY)
    pages = {page.merchant_account_id: page.public_url for page in listed}
    yield Gateway(
        base_url=base_url,
        client=client,
        live_client=live_client,
        operating_id=operating_id,
        trust_id=trust_id,
        ach_id=next((a.id for a in banks if not a.trust_account), None),
        page_urls={"operating": pages[operating_id], "trust": pages[trust_id]},
    )
    client.close()
    live_client.close()
