"""Helpers for the LawPay emulator tests: a gateway client and a webhook receiver.

The keys are the emulator's documented defaults (docs/sandbox/lawpay.md); nothing here
imports the emulator.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

SECRET_KEY = "Qz7kSKl5U5KCJhdDQh6ztzLtDOvUPnOHq60A9M6RgLhLSUhkLnfJHbTYLO55gQla"
LIVE_SECRET_KEY = "1LWX4PsQLSETcAB4CGlH8hszSAWIDkrpsxMxUwFTyoT5YzhinXGyWAxsDEiv7qs8"
PUBLIC_KEY = "m_eyj_0QhAWuug-_0wNH3PzA"

VISA = "4242424242424242"
TEST_ROUTING = "000000013"


class Gateway:
    """requests against the emulator, authenticated the documented way (``key:``)."""

    def __init__(self, base_url: str, key: str = SECRET_KEY) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.auth = (key, "")

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def with_key(self, key: str) -> Gateway:
        return Gateway(self.base_url, key)

    def accounts(self) -> dict[str, str]:
        merchant = self.get("/v1/merchant").json()
        accounts = merchant["merchant_accounts"] + merchant["ach_accounts"]
        return {account["name"]: account["id"] for account in accounts}

    def token(self, number: str = VISA, **fields: Any) -> str:
        body = {"type": "card", "number": number, "exp_month": 12, "exp_year": 2040}
        response = self.with_key(PUBLIC_KEY).post("/v1/tokens", json=body | fields)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def bank_token(self, account_number: str = "123456789", routing: str = TEST_ROUTING) -> str:
        body = {
            "type": "bank",
            "routing_number": routing,
            "account_number": account_number,
            "account_type": "CHECKING",
            "name": "Pat Client",
        }
        response = self.with_key(PUBLIC_KEY).post("/v1/tokens", json=body)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def charge(self, amount: int | str = 10000, **body: Any) -> requests.Response:
        body.setdefault("method", self.token())
        return self.post("/v1/charges", json={"amount": amount, **body})

    def charged(self, amount: int | str = 10000, **body: Any) -> dict[str, Any]:
        response = self.charge(amount, **body)
        assert response.status_code == 200, response.text
        return response.json()

    def events_urls(self, *urls: str) -> None:
        # PUT replaces the whole merchant, so the rest of it is sent back unchanged.
        merchant = self.get("/v1/merchant").json()
        response = self.put("/v1/merchant", json=merchant | {"test_events_urls": ",".join(urls)})
        assert response.status_code == 200, response.text


def error_code(response: requests.Response) -> str:
    return response.json()["messages"][0]["code"]


def receipt_transaction_id(html: str) -> str:
    match = re.search(r'id="transaction-id">([^<]+)<', html)
    assert match, html
    return match.group(1)


def wait_for(predicate: Callable[[], Any], *, timeout: float = 10, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")
        time.sleep(every)


class Receiver:
    """A tiny webhook endpoint on a free port that records every JSON body POSTed to it."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/lawpay/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events_for(self, transaction_id: str) -> list[dict[str, Any]]:
        return [body for body in self.bodies if body["data"]["id"] == transaction_id]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
