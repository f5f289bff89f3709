"""Webhook-ingest throughput and latency, next to a bare one-insert Django view, same run.

    .venv/bin/python bench/webhook_ingest.py [--requests 2000] [--concurrency 8] [--rounds 3]

Starts gunicorn (2 sync workers) on a free loopback port against a temporary database — a new
PostgreSQL database next to ``DATABASE_URL`` when it is set (dropped afterwards), else a
temporary SQLite file — with ``BENCH_VIEWS=True`` and a throw-away ``REMIT_VAR_DIR`` (so the
embedded broker the receiver hands events to lives there too). Then it POSTs from a thread pool:

* ``POST /webhooks/lawpay/<token>/`` with a new event id each time (verify, insert, enqueue);
* the same, always one event id (the duplicate path: the unique key refuses the insert);
* ``POST /bench/insert/``: a bare Django view doing one INSERT, the floor to compare with.

The endpoints take turns, ``--rounds`` times, so a neighbour's load on a shared machine falls on
all of them alike. Prints requests per second and p50/p99 latency per endpoint over all rounds,
then the receiver's rate as a ratio of the bare view's (the goal: ≥ 0.8× with p99 < 30 ms,
issue 16). The broker is the embedded one unless ``REDIS_URL`` is set. The load generator runs
on the same cores as the server, so absolute numbers are pessimistic; compare the rows. Not
part of the test suite. Traffic goes to 127.0.0.1 only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TIME_LIMIT_SECONDS = 120
GOAL_RATIO = 0.8
GOAL_P99_MS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def temporary_database() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    import psycopg

    name = f"remit_bench_{os.getpid()}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(database_url: str, var_dir: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "REMIT_VAR_DIR": var_dir,
           "BENCH_VIEWS": "true", "DEBUG": "false", "LOG_LEVEL": "WARNING",
           "CONN_MAX_AGE": "600"}  # fmt: skip
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def prepare(env: dict[str, str], token: str) -> None:
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=BASE_DIR, env=env, check=True)  # noqa: S603
    script = (
        "from integrations.models import LawPayConnection;"
        f"LawPayConnection.objects.create(base_url='http://127.0.0.1:1', secret_key='k'*64,"
        f" webhook_token={token!r})"
    )
    subprocess.run([*manage, "shell", "-c", script], cwd=BASE_DIR, env=env, check=True)  # noqa: S603


@contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code in (200, 503):
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def measure(
    name: str, send: Callable[[requests.Session, int], int], *, count: int, concurrency: int
) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    local = threading.local()
    stop_at = time.monotonic() + TIME_LIMIT_SECONDS

    def one(index: int) -> None:
        if time.monotonic() > stop_at:
            return
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        status = send(session, index)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    # Warm-up: connections, worker imports, first queries.
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(-concurrency * 5, 0)))
    latencies.clear()
    statuses.clear()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    return {"name": name, "latencies": latencies, "wall": time.perf_counter() - started,
            "statuses": statuses}  # fmt: skip


def summary(runs: list[dict]) -> dict:
    """One endpoint over every round: total requests over total time, latency percentiles."""
    ordered = sorted(latency for run in runs for latency in run["latencies"])
    statuses: dict[int, int] = {}
    for run in runs:
        for status, seen in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + seen
    return {
        "name": runs[0]["name"],
        "requests": len(ordered),
        "rps": len(ordered) / sum(run["wall"] for run in runs),
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1000,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="turns each endpoint takes")
    args = parser.parse_args()
    token = secrets.token_urlsafe(32)
    run_id = secrets.token_hex(4)
    headers = {"Content-Type": "application/json"}

    event_ids = itertools.count()  # next() is atomic: every new event's id is new, warm-ups too

    def lawpay_new(session: requests.Session, index: int) -> int:
        number = next(event_ids)
        body = json.dumps({"id": f"evt_{run_id}_{number}", "type": "transaction.completed",
                           "data": {"id": f"tx_{number}", "amount": 12500}})  # fmt: skip
        return session.post(hook, data=body, headers=headers, timeout=10).status_code

    def lawpay_duplicate(session: requests.Session, index: int) -> int:
        body = json.dumps({"id": f"evt_{run_id}_dup", "type": "transaction.completed"})
        return session.post(hook, data=body, headers=headers, timeout=10).status_code

    def bare(session: requests.Session, index: int) -> int:
        body = json.dumps({"id": f"bare_{index}", "type": "transaction.completed"})
        return session.post(floor, data=body, headers=headers, timeout=10).status_code

    with temporary_database() as database_url, tempfile.TemporaryDirectory() as var_dir:
        env = django_env(database_url, var_dir)
        prepare(env, token)
        with gunicorn(env, free_port()) as base:
            hook, floor = f"{base}/webhooks/lawpay/{token}/", f"{base}/bench/insert/"
            endpoints = (
                ("bare view, 1 INSERT", bare),
                ("LawPay receiver, new events", lawpay_new),
                ("LawPay receiver, duplicates", lawpay_duplicate),
            )
            per_round = max(args.requests // args.rounds, 1)
            runs: dict[str, list[dict]] = {name: [] for name, _ in endpoints}
            for _ in range(args.rounds):
                for name, send in endpoints:
                    runs[name].append(
                        measure(name, send, count=per_round, concurrency=args.concurrency)
                    )
            rows = [summary(runs[name]) for name, _ in endpoints]
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    broker = "Redis" if env.get("REDIS_URL") else "embedded (filesystem)"
    total = per_round * args.rounds
    print(f"\ngunicorn 2 sync workers, {engine}, broker {broker}, {args.concurrency} client "
          f"threads, {args.rounds} rounds, {total} requests per row\n")  # fmt: skip
    print(f"{'endpoint':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for row in rows:
        print(f"{row['name']:<30} {row['rps']:>8.0f} {row['p50']:>8.2f} {row['p99']:>8.2f}  "
              f"{row['statuses']}")  # fmt: skip
    floor, new, duplicate = rows
    ratio = new["rps"] / floor["rps"]
    met = ratio >= GOAL_RATIO and new["p99"] < GOAL_P99_MS
    print(
        f"\nnew events: {ratio:.2f}x the bare view, p99 {new['p99']:.1f} ms; "
        f"duplicates: {duplicate['rps'] / floor['rps']:.2f}x, p99 {duplicate['p99']:.1f} ms "
        f"(goal >= {GOAL_RATIO}x, p99 < {GOAL_P99_MS:.0f} ms: {'met' if met else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
