"""Start an emulator (sandbox/<name>) as a real child process on a free port.

Tests talk to it over real sockets only; nothing here imports the emulator's code.
The contract every emulator follows:

    python -m sandbox.<name> --host 127.0.0.1 --port <port> --db <sqlite path>

with its settings in environment variables, and ``GET /_sandbox/health`` answering 200 once it
is ready to serve.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests
import time_machine

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SandboxProcess:
    name: str
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def reset(self) -> None:
        response = requests.post(f"{self.base_url}/_sandbox/reset", timeout=10)
        response.raise_for_status()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _python_on_the_runs_clock() -> list[str]:
    """``python -m``, or, when the suite runs at a chosen moment (``--today``), a Python whose
    clock starts at that same moment, so an emulator and Remit agree on what "now" is."""
    if not os.environ.get("REMIT_TEST_TODAY"):
        return [sys.executable, "-m"]
    # This process's "now" (travelled, ticking) and the real time it was read at: the child
    # adds the real seconds its start-up took, so both clocks agree to the millisecond.
    start = datetime.now(UTC).isoformat()
    real = time_machine.escape_hatch.time.time()
    launcher = (
        "import datetime, runpy, sys, time, time_machine; "
        "late = time.time() - " + repr(real) + "; "
        "start = datetime.datetime.fromisoformat(" + repr(start) + "); "
        "time_machine.travel(start + datetime.timedelta(seconds=late), tick=True).start(); "
        # time-machine starts ticking at the first reading, so read it at once.
        "time.time(); "
        "module = sys.argv.pop(1); sys.argv[0] = module; "
        "runpy.run_module(module, run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-c", launcher]


def sandbox_start(name: str, *, workdir: Path, env: dict[str, str] | None = None) -> SandboxProcess:
    port = free_port()
    db_path = workdir / f"{name}-sandbox.sqlite3"
    log_path = workdir / f"{name}-sandbox.log"
    child_env = {**os.environ, **(env or {})}
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, our own module
            [
                *_python_on_the_runs_clock(),
                f"sandbox.{name}",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--db",
                str(db_path),
            ],
            cwd=REPO_ROOT,
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    sandbox = SandboxProcess(
        name=name, base_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} sandbox exited early:\n{sandbox.log()}")
        try:
            if requests.get(f"{sandbox.base_url}/_sandbox/health", timeout=1).status_code == 200:
                return sandbox
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    sandbox.stop()
    raise RuntimeError(f"{name} sandbox did not become healthy:\n{sandbox.log()}")
