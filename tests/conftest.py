from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from tests.sandbox_process import SandboxProcess, sandbox_start


def _sandbox_factory(name: str, tmp_path_factory) -> Iterator[Callable[..., SandboxProcess]]:
    started: list[SandboxProcess] = []

    def start(**env: str) -> SandboxProcess:
        sandbox = sandbox_start(name, workdir=tmp_path_factory.mktemp(name), env=env)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        sandbox.stop()


@pytest.fixture
def clio_sandbox_factory(tmp_path_factory) -> Iterator[Callable[..., SandboxProcess]]:
    """Start a fresh Clio emulator with custom settings, e.g. a compressed rate-limit window."""
    yield from _sandbox_factory("clio", tmp_path_factory)


@pytest.fixture
def lawpay_sandbox_factory(tmp_path_factory) -> Iterator[Callable[..., SandboxProcess]]:
    yield from _sandbox_factory("lawpay", tmp_path_factory)


@pytest.fixture(scope="session")
def _clio_sandbox_server(tmp_path_factory) -> Iterator[SandboxProcess]:
    sandbox = sandbox_start("clio", workdir=tmp_path_factory.mktemp("clio"))
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="session")
def _lawpay_sandbox_server(tmp_path_factory) -> Iterator[SandboxProcess]:
    sandbox = sandbox_start("lawpay", workdir=tmp_path_factory.mktemp("lawpay"))
    yield sandbox
    sandbox.stop()


@pytest.fixture
def clio_sandbox(_clio_sandbox_server: SandboxProcess) -> SandboxProcess:
    """The shared Clio emulator (default settings), reset to its seed data for this test."""
    _clio_sandbox_server.reset()
    return _clio_sandbox_server


@pytest.fixture
def lawpay_sandbox(_lawpay_sandbox_server: SandboxProcess) -> SandboxProcess:
    """The shared LawPay emulator (default settings), reset to its seed data for this test."""
    _lawpay_sandbox_server.reset()
    return _lawpay_sandbox_server


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("REMIT_TEST_TODAY", ""),
        help="Run the whole suite as if it were this moment (YYYY-MM-DD or an ISO datetime, "
        "UTC unless it says otherwise); the clock ticks on from there. Also REMIT_TEST_TODAY. "
        "CI runs the suite under several such dates so that nothing passes only on some days.",
    )


def _session_clock_start(value: str) -> datetime:
    moment = datetime.fromisoformat(value if "T" in value else f"{value}T15:00:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def pytest_configure(config):
    value = config.getoption("--today")
    if not value:
        return
    start = _session_clock_start(value)
    # Child processes started by tests (the emulators) read the same start, so every process
    # of the run agrees on what "now" is.
    os.environ["REMIT_TEST_TODAY"] = start.isoformat()
    config._remit_clock = time_machine.travel(start, tick=True)
    config._remit_clock.start()
    datetime.now(UTC)  # time-machine ticks from the first reading: start it now


def pytest_unconfigure(config):
    clock = getattr(config, "_remit_clock", None)
    if clock is not None:
        clock.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Every request Remit's Clio client sends in any test is checked against Clio's OpenAPI
    document (tests/contract/); a request the spec does not allow fails the test. Tests that
    send a wrong request on purpose say so with ``@pytest.mark.clio_off_spec``."""
    if item.get_closest_marker("clio_off_spec"):
        yield
        return
    from tests.contract.clio_openapi import SpecMissing, clio_spec
    from tests.contract.recording import clio_contract_report, clio_requests_recorded

    try:
        clio_spec()
    except SpecMissing:
        yield
        return
    with clio_requests_recorded() as sent:
        outcome = yield
    report = clio_contract_report(sent)
    if report and outcome.excinfo is None:
        outcome.force_exception(
            AssertionError("Clio's OpenAPI document does not allow:\n" + "\n".join(report))
        )


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    skip_postgres = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, triggers): set DATABASE_URL=postgres://… to run"
    )
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://… to run")
    for item in items:
        if on_sqlite and "postgres" in item.keywords:
            item.add_marker(skip_postgres)
        if not settings.REDIS_URL and "redis" in item.keywords:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """A private in-memory cache per test: API throttle counts (kept in the cache, in Redis when
    REDIS_URL is set) never leak from one test into another."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


@pytest.fixture(autouse=True)
def _no_rejection_budget(settings):
    """The per-sender budget for rejected webhooks is shared by a whole run (per process, or in
    Redis): tests that count on it set their own (tests/integrations/inbound)."""
    settings.WEBHOOK_REJECTED_PER_MINUTE = 0


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


def _trust_triggers(statements: str) -> None:
    import importlib

    from django.db import connection

    migration = importlib.import_module("trust.migrations.0003_entries_append_only")
    migration.triggers_run(connection, getattr(migration, statements))


@pytest.fixture
def _trust_triggers_lifted(transactional_db):
    yield
    # Torn down before transactional_db empties the tables: SQLite's flush deletes row by row,
    # which the append-only trigger refuses.
    _trust_triggers("REMOVE")


@pytest.fixture(autouse=True)
def _trust_entries_flushable(request, django_db_blocker):
    """Transactional tests end by emptying every table; trust entries refuse deletion in the
    database (trust/migrations/0003). Lift the triggers for that flush and put them back."""
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("_trust_triggers_lifted")
    # An earlier transactional test's flush emptied the default reminder sequence too.
    _reminder_defaults_restore()
    yield
    with django_db_blocker.unblock():
        _trust_triggers("REMOVE")
        _trust_triggers("INSTALL")


def _reminder_defaults_restore() -> None:
    """The default reminder sequence of a data migration, as every installation has it."""
    import importlib

    from django.apps import apps

    importlib.import_module("reminders.migrations.0003_default_sequence").defaults_create(
        apps, None
    )


@pytest.fixture
def billing_clerk(db):
    from tests.factories import UserFactory

    return UserFactory(username="bill", role="Billing staff")


@pytest.fixture
def attorney(db):
    from tests.factories import UserFactory

    return UserFactory(username="alice", role="Attorney")


@pytest.fixture
def firm_admin(db):
    from tests.factories import UserFactory

    return UserFactory(username="ada", role="Admin")


def pytest_report_header(config):
    from django.conf import settings

    return (
        f"database: {settings.DATABASES['default']['ENGINE']}; "
        f"broker: {settings.CELERY_BROKER_URL.split('://')[0]}; "
        f"today: {datetime.now(UTC).isoformat(timespec='seconds')}"
    )
