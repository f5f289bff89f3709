"""An expired one-time token is NotFound, like a reused one (reference §3 "Tokens")."""

import time
from decimal import Decimal

import pytest
import requests

from integrations.lawpay import errors
from integrations.lawpay.client import LawPayClient
from tests.integrations.lawpay.conftest import (
    SANDBOX_LIVE_SECRET_KEY,
    SANDBOX_PUBLIC_KEY,
    SANDBOX_TEST_SECRET_KEY,
    card_method,
)


def test_an_expired_token_is_not_found(lawpay_sandbox_factory):
    sandbox = lawpay_sandbox_factory(
        LAWPAY_SANDBOX_SECRET_KEY=SANDBOX_TEST_SECRET_KEY,
        LAWPAY_SANDBOX_LIVE_SECRET_KEY=SANDBOX_LIVE_SECRET_KEY,
        LAWPAY_SANDBOX_PUBLIC_KEY=SANDBOX_PUBLIC_KEY,
        LAWPAY_SANDBOX_TOKEN_TTL="1",
    )
    client = LawPayClient(secret_key=SANDBOX_TEST_SECRET_KEY, base_url=sandbox.base_url)
    operating = next(a.id for a in client.merchant().accounts if a.primary and a.kind == "card")
    token = requests.post(
        f"{sandbox.base_url}/v1/tokens",
        json=card_method("4242424242424242"),
        auth=(SANDBOX_PUBLIC_KEY, ""),
        timeout=10,
    ).json()["id"]
    time.sleep(1.5)
    with pytest.raises(errors.NotFound):
        client.charge_create(
            amount=Decimal("1.00"), method=token, account_id=operating, reference="TTL-1"
        )
