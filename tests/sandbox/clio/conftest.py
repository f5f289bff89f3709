"""Helpers for the Clio emulator's tests: an authorised API client and a webhook receiver.

Everything goes over real sockets to the emulator process started by tests/conftest.py.

Every answer under ``/api/v4`` that a test receives through ``Clio.request`` is checked against
Clio's OpenAPI document with the contract check's validator (``clio_response_problems``): a
status the operation does not document, a value of the wrong type or outside its enum, or a key
the schema does not name fails the request at once. Without the document the check is skipped.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from tests.contract.clio_openapi import SpecMissing, clio_response_problems, clio_spec
from tests.sandbox_process import SandboxProcess


def spec_available() -> bool:
    try:
        clio_spec()
    except SpecMissing:
        return False
    return True


def answer_problems(response: requests.Response) -> list[str]:
    """What Clio's spec does not allow in an emulator's answer (nothing without the spec)."""
    if not spec_available():
        return []
    body: Any = None
    if response.content:
        try:
            body = response.json()
        except ValueError:
            return [f"{response.request.method} {response.url}: the answer is not JSON"]
    return clio_response_problems(
        str(response.request.method), response.url, response.status_code, body
    )


@dataclass
class Clio:
    base_url: str
    token: str

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        response = requests.request(
            method, f"{self.base_url}/api/v4/{path}", headers=headers, timeout=10, **kwargs
        )
        problems = answer_problems(response)
        assert not problems, "the emulator answered what Clio's spec does not allow:\n" + (
            "\n".join(problems)
        )
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{self.base_url}/_sandbox/{path}", timeout=30, **kwargs)

    def deliveries(self, **params: Any) -> list[dict]:
        response = self.control("GET", "webhook_deliveries", params=params)
        response.raise_for_status()
        return response.json()["data"]


def new_token(base_url: str, **params: Any) -> str:
    response = requests.post(f"{base_url}/_sandbox/token", json=params, timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]


def clio_for(sandbox: SandboxProcess) -> Clio:
    return Clio(base_url=sandbox.base_url, token=new_token(sandbox.base_url))


@pytest.fixture
def clio(clio_sandbox: SandboxProcess) -> Clio:
    return clio_for(clio_sandbox)


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A webhook endpoint: records each POST and answers with ``statuses`` in turn (then 200)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    echo_secret: bool = True

    def handshakes(self) -> list[Received]:
        return [r for r in self.requests if "X-Hook-Secret" in r.headers]

    def events(self) -> list[Received]:
        return [r for r in self.requests if "X-Hook-Secret" not in r.headers]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                state.requests.append(Received(dict(self.headers.items()), body, time.time()))
                status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            secret = self.headers.get("X-Hook-Secret")
            if secret and state.echo_secret:
                self.send_header("X-Hook-Secret", secret)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/clio"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def create_webhook(clio: Clio, receiver: Receiver, **data: Any) -> dict:
    body = {"url": receiver.url, "model": "matter", "fields": "id,etag", **data}
    response = clio.post(
        "webhooks.json",
        params={"fields": "id,status,shared_secret,expires_at,events,model,fields"},
        json={"data": body},
    )
    assert response.status_code == 201, response.text
    return response.json()["data"]


def enabled_webhook(clio: Clio, receiver: Receiver, **data: Any) -> dict:
    webhook = create_webhook(clio, receiver, **data)
    wait_for(lambda: webhook_status(clio, webhook["id"]) == "enabled")
    return webhook


def webhook_status(clio: Clio, webhook_id: int) -> str:
    return clio.get(f"webhooks/{webhook_id}.json", params={"fields": "status"}).json()["data"][
        "status"
    ]
