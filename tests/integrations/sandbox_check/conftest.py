"""Remit connected to both emulators over real sockets, as `make run` connects it
(``sandbox_connect``: Clio's OAuth consent, LawPay's keys and accounts, the trust ledger linked
to Clio's trust bank account), and the sandbox check run as the command runs it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import requests
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from integrations.clio.connection import clio_rate_limiter
from integrations.models import SandboxCheckRun
from integrations.sandbox_check.records import PASS, sandbox_check_create, sandbox_check_finish
from tests.integrations.inbound.support import enqueue_capture
from tests.sandbox_process import SandboxProcess

# The Clio emulator's default registered redirect URI is on this address; nothing needs to
# listen there (LawPay's event posts to it are lost, and the check's sweep heals them).
REMIT = "http://127.0.0.1:8000"


@dataclass
class Sandbox:
    clio: SandboxProcess
    lawpay: SandboxProcess


@dataclass
class CheckOutput:
    code: int
    text: str


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """No broker: the check delivers and processes what it needs itself."""
    return enqueue_capture(monkeypatch)


def connect(*, clio: SandboxProcess, lawpay: SandboxProcess, username: str):
    settings = override_settings(
        CLIO_BASE_URL=clio.base_url,
        CLIO_CLIENT_ID="remit-sandbox-client",
        CLIO_CLIENT_SECRET="remit-sandbox-secret",
        LAWPAY_BASE_URL=lawpay.base_url,
        REMIT_PUBLIC_URL=REMIT,
        EMAIL_BACKEND="integrations.email.backend.MailboxBackend",
    )
    settings.enable()
    # Each test has fresh emulator tokens; the in-process limiter must not carry counts over.
    clio_rate_limiter.cache_clear()
    call_command("sandbox_connect", "--as", username, stdout=io.StringIO())
    return settings


@pytest.fixture
def sandbox(db, clio_sandbox, lawpay_sandbox, firm_admin):
    settings = connect(clio=clio_sandbox, lawpay=lawpay_sandbox, username=firm_admin.username)
    yield Sandbox(clio=clio_sandbox, lawpay=lawpay_sandbox)
    settings.disable()


def sandbox_check(username: str, *args: str) -> CheckOutput:
    out = io.StringIO()
    try:
        call_command("sandbox_check", "--as", username, "--timeout", "20", *args, stdout=out)
    except SystemExit as exc:
        return CheckOutput(code=int(exc.code or 0), text=out.getvalue())
    return CheckOutput(code=0, text=out.getvalue())


def credentials(lawpay: SandboxProcess) -> dict:
    return requests.get(f"{lawpay.base_url}/_sandbox/credentials", timeout=10).json()


def passing_run_recorded() -> SandboxCheckRun:
    """A passing check of the configuration as it is now, as a finished run records it."""
    run = sandbox_check_create(user=None, origin="command")
    run.results = [{**result, "status": PASS} for result in run.results]
    return sandbox_check_finish(run=run)


def live_keys_posted(client, lawpay: SandboxProcess):
    """An admin asks for live mode on the connections page, with LawPay's live key."""
    return client.post(
        reverse("integrations:lawpay-keys"),
        {"mode": "live", "secret_key": credentials(lawpay)["live_secret_key"]},
        follow=True,
    )


def live_keys_sent(client, lawpay: SandboxProcess):
    """The same over the API."""
    return client.post(
        reverse("api-lawpay-keys"),
        {"mode": "live", "secret_key": credentials(lawpay)["live_secret_key"]},
        content_type="application/json",
    )


@pytest.fixture
def admin_client(client, firm_admin):
    client.force_login(firm_admin)
    return client
