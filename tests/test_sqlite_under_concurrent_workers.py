"""On the embedded default, the draft evaluation, the outbox relay and inbound processing run
side by side in separate processes on one SQLite file with no "database is locked" error.

Every atomic block begins IMMEDIATE (config/settings.py), so a writer waits its turn within
the busy timeout instead of failing at once when it upgrades from a read. Runs whatever the
suite's database is: it is about the file `make run` uses. The duration is 60 s unless
``REMIT_SQLITE_SOAK_SECONDS`` says otherwise.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from billing.models import Invoice
from integrations.models import InboundEvent, OutboxMessage

REPO = Path(__file__).resolve().parent.parent
SECONDS = os.environ.get("REMIT_SQLITE_SOAK_SECONDS", "60")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'remit.sqlite3'}"}
    env.update(REMIT_VAR_DIR=str(tmp_path / "var"))
    env.pop("REDIS_URL", None)
    return env


def _worker(role: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.sqlite_soak_worker", role, SECONDS],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _report(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=float(SECONDS) + 120)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def _count(env: dict[str, str], code: str) -> int:
    script = f"import django; django.setup(); {code}"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import os; {script}"],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())


def test_three_workers_on_one_sqlite_file_meet_no_lock_error(tmp_path):
    env = _env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True
    )
    assert _report(_worker("seed", env))["errors"] == []

    workers = [_worker(role, env) for role in ("evaluate", "relay", "inbound")]
    reports = [_report(worker) for worker in workers]

    assert [(r["role"], r["errors"]) for r in reports] == [
        ("evaluate", []),
        ("relay", []),
        ("inbound", []),
    ]
    assert all(r["rounds"] > 5 for r in reports), reports
    # Nor did a lock error hide in a retried attempt, and the work really happened.
    lock_errors = _count(
        env,
        "from integrations.models import InboundEvent as I, OutboxMessage as O; "
        "print(I.objects.filter(last_error__icontains='locked').count() "
        "+ O.objects.filter(last_error__icontains='locked').count())",
    )
    assert lock_errors == 0
    drafts = _count(
        env, f"from {Invoice.__module__} import Invoice; print(Invoice.objects.count())"
    )
    sent = _count(
        env,
        f"from {OutboxMessage.__module__} import OutboxMessage as O; "
        "print(O.objects.filter(kind='soak.noop', status='sent').count())",
    )
    processed = _count(
        env,
        f"from {InboundEvent.__module__} import InboundEvent as I; "
        "print(I.objects.filter(status='processed').count())",
    )
    assert drafts > 0 and sent > 0 and processed > 0
