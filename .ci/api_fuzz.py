"""Schemathesis against ``/api/schema/`` on a PostgreSQL database of its own (``.ci/schemathesis``).

Creates ``remit_fuzz`` beside the database DATABASE_URL names (and uses Redis database 14 of
REDIS_URL's server, if there is one), migrates, and starts the emulators, gunicorn and the
Celery workers as `make run` does (config/run.py). It fills the database the way a firm's first
days would: the Clio backfill, drafts from the billing rules, approvals through the API, the
workers' deliveries, payments on the LawPay emulator whose events the workers process. Then a
seeded, bounded schemathesis run as a superuser and one as billing staff. Any 5xx fails it:
schemathesis' ``not_a_server_error`` check, and the web log's "Internal Server Error" lines
(printed with their tracebacks) as a second witness. Everything it made is removed at the end
(``--keep`` keeps the database and the logs); nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config import run  # noqa: E402 - the product's own way of starting its processes

PYTHON = sys.executable
BIN = Path(PYTHON).parent
DB_NAME = "remit_fuzz"
REDIS_DB = 14  # the suite uses REDIS_URL's own database (15 in CI)
SUPERUSER = "fuzz-admin"
SEED = 20240610
# (user, examples per operation, filters): the same requests every run, about two minutes on
# two cores. Billing staff get only the operations their role may use; the rest are 403.
RUNS = [
    (SUPERUSER, 80, []),
    ("billing", 30, ["--include-method-regex", "^(GET|POST)$",
                     "--exclude-path-regex", "^/api/v1/(health|inbound-events)/"]),
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_urls() -> tuple[str, str]:
    """(maintenance database URL, fuzz database URL) on DATABASE_URL's server."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/remit_ci")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"DATABASE_URL must name a PostgreSQL database, not {parts.scheme or base!r}")
    return (
        urlunsplit(parts._replace(scheme="postgresql", path="/postgres")),
        urlunsplit(parts._replace(path=f"/{DB_NAME}")),
    )


def redis_url() -> str:
    base = os.environ.get("REDIS_URL", "")
    return urlunsplit(urlsplit(base)._replace(path=f"/{REDIS_DB}")) if base else ""


def database_recreate(maintenance_url: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if create:
            connection.execute(f"CREATE DATABASE {DB_NAME}")


def redis_flush(url: str) -> None:
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {args[0]} failed (exit {done.returncode})")
    return done.stdout.strip()


def fuzz_env(*, var: Path, database_url: str, port: int, clio: int, lawpay: int) -> dict[str, str]:
    client_id, client_secret = "remit-sandbox-client", "remit-sandbox-secret"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "REMIT_VAR_DIR": str(var),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "REMIT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CLIO_BASE_URL": f"http://127.0.0.1:{clio}",
        "LAWPAY_BASE_URL": f"http://127.0.0.1:{lawpay}",
        "CLIO_SANDBOX_CLIENT_ID": client_id,
        "CLIO_SANDBOX_CLIENT_SECRET": client_secret,
        "CLIO_CLIENT_ID": client_id,
        "CLIO_CLIENT_SECRET": client_secret,
        "CLIO_SANDBOX_REDIRECT_URIS": f"http://127.0.0.1:{port}/integrations/clio/callback/",
        "REMIT_MAILBOX": "true",
        "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT": "3",
        # Seeding and the workers call the Clio emulator often; neither side should wait.
        "CLIO_RATE_LIMIT": "100000",
        "CLIO_SANDBOX_RATE_LIMIT": "100000",
        # This server only: the throttles would answer most of the run with 429 (not a
        # failure, but no coverage either).
        "API_THROTTLE_USER_RATE": "1000000/min",
        "API_THROTTLE_ANON_RATE": "1000000/min",
        "API_THROTTLE_TOKEN_FAILURE_RATE": "1000000/min",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def wait_for(what: str, done, seconds: float = 90) -> None:
    began = time.monotonic()
    while not done():
        if time.monotonic() - began > seconds:
            raise SystemExit(f"seeding: {what} did not happen within {seconds:.0f}s")
        time.sleep(0.5)
    print(f"       {what}: {time.monotonic() - began:.1f}s", flush=True)


def seed(*, env: dict[str, str], token: str, var: Path) -> None:
    """Fill the fuzz database as a firm's first days would, through Remit's API, pages and
    workers and the emulators' own APIs (only the dead letters are rows made by hand)."""
    site = env["REMIT_PUBLIC_URL"]
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token}"

    def count(path: str, **params: str) -> int:
        answer = api.get(f"{site}/api/v1/{path}", params=params, timeout=30)
        answer.raise_for_status()
        return answer.json()["count"]

    # Drafts now: the periodic billing pass with no stability window, then the window back.
    rules = api.get(f"{site}/api/v1/billing-rules/", timeout=30).json()
    window = {"stability_window_minutes": rules["stability_window_minutes"]}
    api.patch(f"{site}/api/v1/billing-rules/", json={"stability_window_minutes": 0}, timeout=30)
    subprocess.run(  # noqa: S603 - the project's celery, a task by its name
        [str(BIN / "celery"), "-A", "config", "call", "billing.tasks.billing_evaluate"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip
    seen: list[int] = []

    def drafted() -> bool:  # at least six, and no new one for a second
        seen.append(count("invoices/", status="draft"))
        return len(seen) >= 3 and seen[-1] == seen[-3] >= 6

    wait_for("the billing pass's drafts", drafted)
    api.patch(f"{site}/api/v1/billing-rules/", json=window, timeout=30).raise_for_status()
    drafts = api.get(f"{site}/api/v1/invoices/", params={"status": "draft"}, timeout=30).json()
    ids = sorted(invoice["id"] for invoice in drafts["results"])

    # The billing clerk rejects one draft and holds another on the review pages.
    clerk = requests.Session()
    credentials = (var / "demo-credentials.txt").read_text().split()
    password = credentials[credentials.index("billing") + 1]
    clerk.get(f"{site}/login/", timeout=30)
    clerk.post(
        f"{site}/login/",
        data={"username": "billing", "password": password,
              "csrfmiddlewaretoken": clerk.cookies["csrftoken"]},
        timeout=30,
    ).raise_for_status()  # fmt: skip
    for pk, action in ((ids[0], "reject"), (ids[1], "hold")):
        form = {"reason": f"{action} (seeded)", "csrfmiddlewaretoken": clerk.cookies["csrftoken"]}
        page = clerk.post(f"{site}/billing/invoices/{pk}/{action}/", data=form, timeout=30)
        page.raise_for_status()

    approved = 0
    for pk in ids[2:]:
        answer = api.post(f"{site}/api/v1/invoices/{pk}/approve/", timeout=30)
        # 409: blocked (e.g. a client without an email); it stays a draft, as in life.
        if answer.status_code not in (200, 409):
            raise SystemExit(f"approving {pk}: HTTP {answer.status_code} {answer.text}")
        approved += answer.status_code == 200
        if approved == len(ids) // 2:
            break
    wait_for("the workers' deliveries", lambda: count("invoices/", status="sent") >= 4)

    # Clients pay on the LawPay emulator; its events reach Remit's receiver and the workers.
    lawpay = env["LAWPAY_BASE_URL"]
    keys = requests.get(f"{lawpay}/_sandbox/credentials", timeout=10).json()
    operating = next(
        a["id"] for a in keys["accounts"]
        if a["mode"] == "TEST" and a["kind"] == "card" and not a["trust_account"]
    )  # fmt: skip

    def pay(cents: int, reference: str) -> None:
        """What the hosted page does: a card token, then the charge."""
        card = requests.post(
            f"{lawpay}/v1/tokens",
            json={"type": "card", "number": "4242424242424242", "exp_month": "12",
                  "exp_year": "2035", "cvv": "123", "name": "Seeded Payer"},
            auth=(keys["public_key"], ""),
            timeout=10,
        )  # fmt: skip
        card.raise_for_status()
        requests.post(
            f"{lawpay}/v1/charges",
            json={"amount": cents, "method": card.json()["id"], "account_id": operating,
                  "reference": reference},
            auth=(keys["test_secret_key"], ""),
            timeout=10,
        ).raise_for_status()  # fmt: skip

    sent = api.get(f"{site}/api/v1/invoices/", params={"status": "sent"}, timeout=30).json()
    for index, invoice in enumerate(sent["results"][:4]):
        link = dict(parse_qsl(urlsplit(invoice["payment_url"]).query))
        cents = int(link["amount"])
        pay(cents if index % 2 == 0 else cents // 2, link["reference"])  # paid, partly paid
    pay(12500, "no such invoice (seeded)")  # the unmatched queue
    wait_for("LawPay's payments reaching Remit", lambda: count("payments/") >= 5)

    # Dead and failed letters for the replay endpoints, as exhausted retries leave them.
    manage(env, "shell", "-c", DEAD_LETTERS)
    # And a rejected request, through the receiver.
    requests.post(f"{site}/webhooks/clio/", json={"data": 1}, timeout=10)

    invoices = {status: count("invoices/", status=status) for status in INVOICE_STATUSES}
    print(
        "       seeded: "
        + ", ".join(f"{n} {status}" for status, n in invoices.items() if n)
        + f" invoices; {count('payments/')} payments; {count('inbound-events/')} inbound "
        f"events; {count('mappings/')} matter mappings",
        flush=True,
    )


INVOICE_STATUSES = ["draft", "on_hold", "rejected", "approved", "sent", "partially_paid", "paid"]
DEAD_LETTERS = """
from integrations.models import InboundEvent
for status, attempts in (("dead", 8), ("failed", 3)):
    InboundEvent.objects.create(
        source="lawpay", dedupe_key=f"seeded-{status}", body_sha256="-",
        body='{"id": "evt_seeded_%s", "type": "transaction.completed"}' % status,
        status=status, attempts=attempts, last_error="LawPay answered 503 (seeded)",
    )
"""


def schemathesis(*, port: int, token: str, max_examples: int, report: Path) -> list[str]:
    # One worker: with two threads, Hypothesis's ast.parse of lambdas in both at once trips
    # CPython 3.11's interpreter-wide AST recursion counter ("SystemError: AST constructor
    # recursion depth mismatch", python/cpython#106905), which fails a run for nothing of ours.
    return [
        str(BIN / "st"), "run", f"http://127.0.0.1:{port}/api/schema/",
        "--header", f"Authorization: Token {token}",
        "--checks", "not_a_server_error",
        "--seed", str(SEED),
        "--max-examples", str(max_examples),
        "--workers", "1",
        "--request-timeout", "30",
        "--generation-database", "none",
        "--report", "junit", "--report-junit-path", str(report),
        "--no-color",
    ]  # fmt: skip


def server_errors(log: Path) -> list[str]:
    """Every "Internal Server Error" in the web log, with the traceback after it."""
    lines = log.read_text(errors="replace").splitlines()
    return [
        "\n".join(lines[index : index + 60])
        for index, line in enumerate(lines)
        if "Internal Server Error" in line
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    began = time.monotonic()
    maintenance_url, database_url = database_urls()
    port, clio, lawpay = free_port(), free_port(), free_port()
    var = Path(tempfile.mkdtemp(prefix="remit-fuzz-"))
    env = fuzz_env(var=var, database_url=database_url, port=port, clio=clio, lawpay=lawpay)
    os.environ["REMIT_VAR_DIR"] = str(var)  # where run.Child keeps its logs
    database_recreate(maintenance_url, create=True)
    redis_flush(env["REDIS_URL"])
    processes = {child.name: child for child in run.children(port, clio, lawpay)}
    started: list[run.Child] = []

    def say(what: str) -> None:
        print(f"[{time.monotonic() - began:4.0f}s] {what}", flush=True)

    def start(names: list[str]) -> None:
        batch = [processes[name] for name in names]
        for child in batch:
            run.start(child, env)
            started.append(child)
        dead = run.wait_until_healthy(batch)
        if dead is not None:
            raise SystemExit(f"{dead.name} exited:\n{run.tail(dead.log_path)}")

    try:
        say(f"database {DB_NAME}: migrate, demo users, superuser {SUPERUSER}")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "demo_users")
        manage({**env, "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16)},
               "createsuperuser", "--noinput", "--username", SUPERUSER,
               "--email", f"{SUPERUSER}@remit.localhost")  # fmt: skip
        say("start the emulators and the web server")
        start([name for name in processes if name.endswith("-sandbox")] + ["web"])
        # The Clio emulator's own demo firm, and more clients with unbilled time.
        requests.post(
            f"{env['CLIO_BASE_URL']}/_sandbox/seed",
            json={"matters": 24, "time_entries_per_matter": 3},
            timeout=60,
        ).raise_for_status()
        say("connect to the emulators, backfill from Clio")
        manage(env, "sandbox_connect", "--as", SUPERUSER)
        # Before the workers start, so the backfill that connecting queued finds it done.
        manage(env, "clio_backfill")
        say("start the workers")
        start([name for name in processes if name.startswith("worker")])
        tokens = {user: manage(env, "issue_api_token", user) for user, _, _ in RUNS}
        say("seed: drafts, a rejection and a hold, approvals, deliveries, payments, events")
        seed(env=env, token=tokens[SUPERUSER], var=var)
        say("set up")

        failed = False
        for user, max_examples, filters in RUNS:
            command = schemathesis(
                port=port, token=tokens[user], max_examples=max_examples,
                report=var / f"schemathesis-{user}.xml",
            ) + filters  # fmt: skip
            shown = " ".join(command).replace(tokens[user], "<token>")
            print(f"\n$ {shown}   # as {user}", flush=True)
            fuzz_began = time.monotonic()
            # In its own folder: schemathesis and Hypothesis keep caches in the working one.
            workdir = var / f"st-{user}"
            workdir.mkdir()
            result = subprocess.run(command, cwd=workdir, check=False)  # noqa: S603
            print(f"as {user}: exit {result.returncode} in "
                  f"{time.monotonic() - fuzz_began:.0f}s", flush=True)  # fmt: skip
            failed = failed or result.returncode != 0
        errors = server_errors(processes["web"].log_path)
        for error in errors[:20]:
            print(f"\n{error}", flush=True)
        print(f"\nschemathesis {'FAILED' if failed or errors else 'passed'}: "
              f"{len(errors)} server error(s) in the web log, "
              f"{time.monotonic() - began:.0f}s in all", flush=True)  # fmt: skip
        return 1 if failed or errors else 0
    finally:
        run.stop_all(started)
        if args.keep:
            print(f"kept: database {DB_NAME}, logs in {var}/log", flush=True)
        else:
            database_recreate(maintenance_url, create=False)
            redis_flush(env["REDIS_URL"])
            shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
