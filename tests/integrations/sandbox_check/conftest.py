"""Remit connected to both emulators over real sockets, as `make run` connects it
(``sandbox_connect``: Clio's OAuth consent, LawPay's keys and accounts, the trust ledger linked
to Clio's trust bank account), and the sandbox check run as the command runs it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import override_settings

from integrations.clio.connection import clio_rate_limiter
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
