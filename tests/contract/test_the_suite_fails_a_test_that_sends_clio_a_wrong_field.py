"""Every test of the suite is watched (tests/conftest.py): a test whose code makes Remit's Clio
client send a request Clio's OpenAPI document refuses fails, even when the emulator answers it.

Shown by running a small test file through pytest in a child process, once with a correct
``fields`` name and once with a wrong one.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BODY = """
import pytest
from integrations.clio.connection import clio_client
from tests.integrations.inbound.support import clio_connection_make

@pytest.mark.django_db
def test_reads_a_matter(clio_sandbox):
    clio_connection_make(clio_sandbox.base_url)
    try:
        clio_client().get("matters/1001.json", fields=["id", FIELD])
    except Exception:
        pass  # whatever the emulator answers, the request itself is what is judged
"""


def run_with(field: str, var_dir: Path) -> subprocess.CompletedProcess:
    path = HERE / f"test_generated_{uuid.uuid4().hex}.py"
    # The child runs on its own SQLite: it must never touch the test database of this run.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["REMIT_VAR_DIR"] = str(var_dir)
    path.write_text(BODY.replace("FIELD", repr(field)))
    try:
        return subprocess.run(  # noqa: S603 - our own test file
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        path.unlink()


@pytest.mark.parametrize(("field", "passes"), [("display_number", True), ("display_nmber", False)])
def test_a_wrong_field_name_fails_the_test_that_sent_it(field, passes, tmp_path):
    result = run_with(field, tmp_path)

    assert (result.returncode == 0) is passes, result.stdout[-3000:]
    if not passes:
        assert "Clio's OpenAPI document does not allow" in result.stdout
        assert "fields names 'display_nmber', which a Matter does not have" in result.stdout
