"""Browser tests: Debian's chromium driven by Playwright (no `playwright install`, no network).

They run against pytest-django's ``live_server``; without /usr/bin/chromium they are skipped
with that reason (CI installs the package).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian's chromium package (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
    # a thread with a running loop unless told it is safe, which it is for these tests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Where a failing browser test leaves its screenshot and page HTML (CI prints the paths and
# the HTML's start in the log).
ARTEFACTS = Path(os.environ.get("REMIT_E2E_ARTEFACTS", "var/e2e-artefacts"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _artefacts_save(page, item) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTEFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        html = page.content()
    except Exception as error:  # a crashed page still leaves what it can
        html = f"(no page: {error})"
    Path(f"{stem}.html").write_text(html)
    print(f"\n[e2e artefacts] {stem}.png {stem}.html at {page.url}\n{html[:3000]}")


@pytest.fixture
def page(browser, request):
    """A fresh page; anything the Content-Security-Policy blocked on it fails the test. A failed
    test leaves its screenshot and HTML in ``ARTEFACTS``."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        _artefacts_save(page, request.node)
    context.close()
    assert blocked == [], "the page broke its Content-Security-Policy"


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def firm_backfilled(*, live_server, clio_sandbox, lawpay_sandbox, settings):
    """Remit connected to both emulators (their seeded firm backfilled), serving at
    ``live_server``; drafts are made with ``drafts_due``."""
    from integrations.clio.connection import clio_rate_limiter
    from integrations.clio.sync import clio_backfill_run
    from tests.billing.sandbox_world import world_build

    settings.CLIO_BASE_URL = clio_sandbox.base_url
    settings.LAWPAY_BASE_URL = lawpay_sandbox.base_url
    settings.REMIT_PUBLIC_URL = live_server.url
    settings.EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
    clio_rate_limiter.cache_clear()
    world = world_build(clio_url=clio_sandbox.base_url, lawpay_url=lawpay_sandbox.base_url)
    clio_backfill_run()
    return world


def drafts_due() -> None:
    """Draft what is due, past the 15-minute stability window of the entries just copied."""
    from datetime import timedelta

    from django.utils import timezone

    from billing.services.evaluation import billing_evaluate_due
    from billing.services.rules import billing_rules_get

    billing_rules_get()
    billing_evaluate_due(now=timezone.now() + timedelta(minutes=20))


@pytest.fixture
def firm(live_server, clio_sandbox, lawpay_sandbox, settings):
    """The seeded firm backfilled from the Clio emulator and its due drafts made (a test module
    that needs another firm defines its own ``firm``)."""
    world = firm_backfilled(
        live_server=live_server,
        clio_sandbox=clio_sandbox,
        lawpay_sandbox=lawpay_sandbox,
        settings=settings,
    )
    drafts_due()
    return world
