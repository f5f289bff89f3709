from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from integrations.clio import webhooks

SECRET = "whsec-shared"
BODY = b'{"data":{"id":152,"etag":"\\"9a10\\""},"meta":{"event":"created","webhook_id":1234}}'


def _hex(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_hex_signature_of_the_raw_body_is_valid():
    assert webhooks.signature_is_valid(raw_body=BODY, signature=_hex(BODY), shared_secret=SECRET)


def test_an_uppercase_hex_signature_is_valid():
    signature = _hex(BODY).upper()

    assert webhooks.signature_is_valid(raw_body=BODY, signature=signature, shared_secret=SECRET)


def test_a_base64_signature_is_also_accepted():
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()
    signature = base64.b64encode(digest).decode()

    assert webhooks.signature_is_valid(raw_body=BODY, signature=signature, shared_secret=SECRET)


@pytest.mark.parametrize(
    "signature",
    [
        _hex(BODY + b" "),  # a body changed by a single byte
        _hex(BODY, secret="another-secret"),
        "0" * 64,
        "not-a-signature",
        "",
        None,
    ],
)
def test_a_wrong_or_missing_signature_is_invalid(signature):
    assert not webhooks.signature_is_valid(raw_body=BODY, signature=signature, shared_secret=SECRET)


def test_a_delivery_without_a_secret_on_file_is_invalid():
    assert not webhooks.signature_is_valid(
        raw_body=BODY, signature=_hex(BODY, ""), shared_secret=""
    )


def test_the_signature_header_is_found_whatever_its_case():
    headers = {"x-hook-signature": _hex(BODY)}

    assert webhooks.signature_is_valid_for(raw_body=BODY, headers=headers, shared_secret=SECRET)


def test_a_missing_signature_header_is_invalid():
    assert not webhooks.signature_is_valid_for(raw_body=BODY, headers={}, shared_secret=SECRET)


def test_the_handshake_echoes_the_hook_secret():
    headers = {"X-Hook-Secret": "abc123"}

    assert webhooks.handshake_secret(headers) == "abc123"
    assert webhooks.handshake_response_headers(headers) == {"X-Hook-Secret": "abc123"}


def test_an_ordinary_delivery_is_not_a_handshake():
    assert webhooks.handshake_secret({"X-Hook-Signature": _hex(BODY)}) is None
    with pytest.raises(ValueError):
        webhooks.handshake_response_headers({})


def test_identical_bodies_have_the_same_delivery_digest():
    assert webhooks.delivery_digest(BODY) == webhooks.delivery_digest(bytes(BODY))
    assert webhooks.delivery_digest(BODY) != webhooks.delivery_digest(BODY + b" ")
