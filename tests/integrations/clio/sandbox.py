"""Helpers for integration tests against the Clio emulator, over HTTP only.

Nothing here imports sandbox: the client and the emulator share no code.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin

import requests

from integrations.clio import ClioClient, ClioOAuth, ClioRateLimiter, InMemoryTokenStore, Tokens
from integrations.clio.tokens import tokens_from_response

CLIENT_ID = "remit-sandbox-client"
CLIENT_SECRET = "remit-sandbox-secret"
REDIRECT_URI = "http://127.0.0.1:8000/integrations/clio/callback/"


def sandbox_tokens(base_url: str) -> Tokens:
    """Tokens for the demo user without a browser (the emulator's control API)."""
    response = requests.post(f"{base_url}/_sandbox/token", timeout=10)
    response.raise_for_status()
    return tokens_from_response(response.json(), now=time.time())


def sandbox_oauth(base_url: str, session: requests.Session | None = None) -> ClioOAuth:
    return ClioOAuth(
        base_url=base_url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=REDIRECT_URI,
        session=session,
    )


def sandbox_client(
    base_url: str,
    *,
    store: InMemoryTokenStore | None = None,
    limiter: ClioRateLimiter | None = None,
    oauth: ClioOAuth | None = None,
    session: requests.Session | None = None,
) -> ClioClient:
    return ClioClient(
        base_url=base_url,
        token_store=store or InMemoryTokenStore(sandbox_tokens(base_url)),
        rate_limiter=limiter or ClioRateLimiter(limit=45, window_seconds=60),
        oauth=oauth or sandbox_oauth(base_url),
        session=session,
    )


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                Form(action=values.get("action", ""), method=values.get("method", "get"))
            )
        elif self.forms and tag in ("input", "button"):
            kind = values.get("type", "submit" if tag == "button" else "text").lower()
            name = values.get("name")
            if not name:
                return
            if kind == "submit":
                self.forms[-1].buttons.append((name, values.get("value", "")))
            elif kind not in ("checkbox", "radio") or "checked" in values:
                self.forms[-1].fields[name] = values.get("value", "")


def consent_submit(
    session: requests.Session, authorize_url: str, *, allow: bool
) -> requests.Response:
    """Load the consent page and press Allow or Deny, as an admin's browser would."""
    page = session.get(authorize_url, timeout=10)
    page.raise_for_status()
    parser = _FormParser()
    parser.feed(page.text)
    wanted = "allow" if allow else "deny"
    for form in parser.forms:
        for name, value in form.buttons:
            if wanted in f"{name} {value}".lower():
                data = {**form.fields, name: value}
                url = urljoin(page.url, form.action or page.url)
                if form.method.lower() == "post":
                    return session.post(url, data=data, allow_redirects=False, timeout=10)
                return session.get(url, params=data, allow_redirects=False, timeout=10)
    raise AssertionError(f"no {wanted} button on the consent page:\n{page.text[:2000]}")


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    handshakes: list[Delivery] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    """A tiny HTTP server that answers the X-Hook-Secret handshake and records deliveries."""
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            delivery = Delivery(headers=dict(self.headers.items()), body=self.rfile.read(length))
            secret = self.headers.get("X-Hook-Secret")
            self.send_response(200)
            if secret:
                receiver.handshakes.append(delivery)
                self.send_header("X-Hook-Secret", secret)
            else:
                receiver.deliveries.append(delivery)
                receiver.arrived.set()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/integrations/clio/webhook/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
