"""`make run`: set up and start the whole product on embedded defaults, stop it all on Ctrl-C.

Starts the Clio and LawPay emulators, the web server, three Celery workers (one for the Clio
queue, one for inbound processing) and one beat, each in its own process group so that stopping
Remit never leaves a process behind. Logs go to ``var/log/<process>.log``; the console keeps the
few lines a person needs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
READY_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 20
WARM_STOP_SECONDS = 8


@dataclass
class Child:
    name: str
    argv: list[str]
    health_url: str | None = None
    # For processes without a URL: a line their log prints once they are serving.
    ready_text: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_offset: int = 0

    @property
    def started(self) -> subprocess.Popen[bytes]:
        """The process of a child that ``start`` started."""
        if self.process is None:
            raise RuntimeError(f"{self.name} was not started")
        return self.process

    @property
    def log_path(self) -> Path:
        return var_dir() / "log" / f"{self.name}.log"


def var_dir() -> Path:
    return Path(os.environ.get("REMIT_VAR_DIR", BASE_DIR / "var"))


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, check=True)  # noqa: S603


def children(port: int, clio_port: int, lawpay_port: int) -> list[Child]:
    var = var_dir()
    found = []
    for name, sandbox_port in (("clio", clio_port), ("lawpay", lawpay_port)):
        # Each emulator is a separate process with its own state, as the real service would be.
        if (BASE_DIR / "sandbox" / name / "__main__.py").exists():
            found.append(
                Child(
                    f"{name}-sandbox",
                    [PYTHON, "-m", f"sandbox.{name}", "--host", "127.0.0.1",
                     "--port", str(sandbox_port), "--db", str(var / f"{name}-sandbox.sqlite3")],
                    health_url=f"http://127.0.0.1:{sandbox_port}/_sandbox/health",
                )
            )  # fmt: skip
    found += [
        Child(
            "web",
            # The logger class masks the LawPay events URL's token in gunicorn's own lines.
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4",
             "--logger-class", "config.logging_filters.GunicornLogger"],
            health_url=f"http://127.0.0.1:{port}/healthz",
        ),
        Child(
            "worker",
            [str(BIN / "celery"), "-A", "config", "worker", "--queues", "default,lawpay",
             "--concurrency", "2", "--hostname", "default@%h", "--loglevel", "INFO"],
            ready_text=" ready.",
        ),
        # Without Redis the Clio rate limiter lives in process memory, so the bulk of Clio
        # traffic (outbound calls, sync) gets exactly one process; with REDIS_URL any number
        # can, sharing the limiter.
        Child(
            "worker-clio",
            [str(BIN / "celery"), "-A", "config", "worker", "--queues", "clio",
             "--concurrency", "1", "--hostname", "clio@%h", "--loglevel", "INFO"],
            ready_text=" ready.",
        ),
        # Inbound processing has a worker of its own, so a webhook never waits behind the outbox
        # relay or a backfill on the `clio` worker. Processing a Clio delivery calls Clio, so
        # without Redis this is a second in-memory limiter: one process, a call or two per
        # event; every process also stops when Clio's X-RateLimit-Remaining reaches zero and
        # waits out a 429, so together they touch Clio's limit at worst instead of storming it.
        Child(
            "worker-inbound",
            [str(BIN / "celery"), "-A", "config", "worker", "--queues", "inbound",
             "--concurrency", "1", "--hostname", "inbound@%h", "--loglevel", "INFO"],
            ready_text=" ready.",
        ),
        # Exactly one beat; its schedule lives in the database (django-celery-beat).
        Child("beat", [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
                       "--pidfile="], ready_text="beat: Starting..."),
    ]  # fmt: skip
    return found


def start(child: Child, env: dict[str, str]) -> None:
    child.log_path.parent.mkdir(parents=True, exist_ok=True)
    with child.log_path.open("ab") as log:
        child.log_offset = log.tell()
        child.process = subprocess.Popen(  # noqa: S603 - argv built above, no shell
            child.argv,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_all(started: list[Child]) -> None:
    # Remit first, the emulators last: a worker finishing its task can still reach Clio.
    remit = [c for c in started if not c.name.endswith("-sandbox")]
    _stop(remit)
    _stop([c for c in started if c not in remit])


def _stop(children: list[Child]) -> None:
    running = [c for c in reversed(children) if c.process and c.process.poll() is None]
    for child in running:
        # The leader only: gunicorn and celery stop their own children gracefully.
        child.started.send_signal(signal.SIGTERM)
    _wait(running, seconds=WARM_STOP_SECONDS)
    for child in running:
        if child.started.poll() is None and child.name.startswith("worker"):
            # A task still running (e.g. waiting on Clio's rate limit): a cold shutdown stops
            # it; it is acknowledged late and idempotent, so it simply runs again next start.
            print(f"{child.name} is busy; stopping it without waiting for its task", flush=True)
            child.started.send_signal(signal.SIGQUIT)
    _wait(running, seconds=STOP_TIMEOUT_SECONDS - WARM_STOP_SECONDS)
    for child in running:
        if child.started.poll() is None:
            print(f"{child.name} did not stop in time; killing it", flush=True)
    for child in children:
        if not child.process:
            continue
        # Kill what is left of the group too (e.g. gunicorn or celery workers whose parent died).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.process.pid, signal.SIGKILL)
        child.process.wait()


def _wait(children: list[Child], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.started.wait(timeout=max(0.1, deadline - time.monotonic()))


def is_ready(child: Child) -> bool:
    if child.health_url:
        try:
            return requests.get(child.health_url, timeout=2).status_code == 200
        except requests.RequestException:
            return False
    if child.ready_text is None:
        raise ValueError(f"{child.name} has neither a health URL nor a ready text")
    with child.log_path.open("rb") as log:
        log.seek(child.log_offset)
        return child.ready_text.encode() in log.read()


def wait_until_healthy(started: list[Child]) -> Child | None:
    """Wait until every child serves; return the first that died, if any."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    pending = list(started)
    while pending and time.monotonic() < deadline:
        for child in started:
            if child.started.poll() is not None:
                return child
        pending = [child for child in pending if not is_ready(child)]
        time.sleep(0.5)
    if pending:
        raise TimeoutError(", ".join(child.name for child in pending) + " never became healthy")
    return None


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Stop(Exception):
    pass


def run_env() -> dict[str, str]:
    """The environment ``make run`` gives Remit's processes (also ``make manage``'s)."""
    port = int(os.environ.get("REMIT_PORT", "8000"))
    clio_port = int(os.environ.get("CLIO_SANDBOX_PORT", "8001"))
    lawpay_port = int(os.environ.get("LAWPAY_SANDBOX_PORT", "8002"))
    # make run chooses the emulators' demo app credentials and gives Remit the same values.
    clio_client_id = os.environ.get("CLIO_SANDBOX_CLIENT_ID", "remit-sandbox-client")
    clio_client_secret = os.environ.get("CLIO_SANDBOX_CLIENT_SECRET", "remit-sandbox-secret")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "REMIT_PUBLIC_URL": os.environ.get("REMIT_PUBLIC_URL", f"http://127.0.0.1:{port}"),
        "CLIO_BASE_URL": os.environ.get("CLIO_BASE_URL", f"http://127.0.0.1:{clio_port}"),
        "LAWPAY_BASE_URL": os.environ.get("LAWPAY_BASE_URL", f"http://127.0.0.1:{lawpay_port}"),
        "CLIO_SANDBOX_CLIENT_ID": clio_client_id,
        "CLIO_SANDBOX_CLIENT_SECRET": clio_client_secret,
        "CLIO_CLIENT_ID": os.environ.get("CLIO_CLIENT_ID", clio_client_id),
        "CLIO_CLIENT_SECRET": os.environ.get("CLIO_CLIENT_SECRET", clio_client_secret),
        "CLIO_SANDBOX_REDIRECT_URIS": os.environ.get(
            "CLIO_SANDBOX_REDIRECT_URIS", f"http://127.0.0.1:{port}/integrations/clio/callback/"
        ),
        # Client emails land in the mailbox page inside Remit instead of leaving the machine.
        "REMIT_MAILBOX": os.environ.get("REMIT_MAILBOX", "true"),
        # Ctrl-C should not wait half a minute for a task parked on Clio's rate limit; it is
        # acknowledged late and runs again at the next start.
        "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT": os.environ.get(
            "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", "3"
        ),
    }


def main() -> int:
    os.chdir(BASE_DIR)
    env = run_env()
    port = int(os.environ.get("REMIT_PORT", "8000"))
    clio_port = int(os.environ.get("CLIO_SANDBOX_PORT", "8001"))
    lawpay_port = int(os.environ.get("LAWPAY_SANDBOX_PORT", "8002"))
    os.environ.update(env)

    manage("migrate", "--noinput", "-v", "0")
    manage("demo_users")

    def on_signal(signum, frame):
        raise Stop

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    started: list[Child] = []
    story: subprocess.Popen[bytes] | None = None
    try:
        for child in children(port, clio_port, lawpay_port):
            start(child, env)
            started.append(child)
        dead = wait_until_healthy(started)
        if dead is None and any(child.name.endswith("-sandbox") for child in started):
            # The demo firm first (a no-op once seeded), so the first backfill brings it all in.
            subprocess.run(  # noqa: S603 - our own interpreter and module
                [PYTHON, "-m", "sandbox.seed", "--clio-url", env["CLIO_BASE_URL"]],
                cwd=BASE_DIR,
                check=True,
            )
            # Connect to the emulators the way an admin would, once the receivers are up.
            manage("sandbox_connect")
            story = demo_story_start()
        if dead is None:
            print(f"Logs: {var_dir() / 'log'}/", flush=True)
            print(f"Remit is up at http://127.0.0.1:{port}", flush=True)
            while dead is None:
                time.sleep(1)
                dead = next((c for c in started if c.started.poll() is not None), None)
        print(f"{dead.name} exited; its log ends with:\n{tail(dead.log_path)}", flush=True)
        return 1
    except Stop:
        print("Stopping Remit…", flush=True)
        return 0
    except TimeoutError as exc:
        print(f"Remit did not come up: {exc}", flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if story is not None and story.poll() is None:
            story.terminate()
            try:
                story.wait(timeout=10)
            except subprocess.TimeoutExpired:
                story.kill()
        stop_all(started)
        print("Remit stopped.", flush=True)


def demo_story_start() -> subprocess.Popen[bytes] | None:
    """On first start, the demo firm's first morning (approvals, trust, payments: ``manage.py
    demo_story``) told in the background once the first drafts exist, so every screen has
    something to show; ``REMIT_DEMO_STORY=0`` leaves the firm untouched. Its log is
    var/log/demo-story.log; a failed story changes nothing else."""
    if os.environ.get("REMIT_DEMO_STORY", "1") == "0":
        return None
    log_path = var_dir() / "log" / "demo-story.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [PYTHON, "manage.py", "demo_story"], cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT
        )


def manage_main(args: list[str]) -> int:
    """``make manage ARGS="…"``: a management command with ``make run``'s environment, so it
    talks to the same database, broker, emulators and sandbox mailbox as the running product."""
    os.chdir(BASE_DIR)
    os.environ.update(run_env())
    return subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR).returncode  # noqa: S603


if __name__ == "__main__":
    if sys.argv[1:2] == ["manage"]:
        sys.exit(manage_main(sys.argv[2:]))
    sys.exit(main())
