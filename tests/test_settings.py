"""Settings come from the environment; production refuses development defaults.

Each case loads the settings in a fresh interpreter, since Django reads them once per process.
"""

import json
import os
import subprocess
import sys

import pytest

from config.settings import (
    DEV_FIELD_ENCRYPTION_KEY,
    DEV_SECRET_KEY,
    production_problems,
)
from tests.sandbox_process import REPO_ROOT

STRONG_KEY = "x" * 60
FERNET_KEY = "q1xsXq2GgN6oEVb0dX7k0vRz8n0cK7bqvE2a0Hh5m9A="
ENV_NAMES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "FIELD_ENCRYPTION_KEYS",
    "EMAIL_URL",
    "CLIO_BASE_URL",
    "LAWPAY_BASE_URL",
    "TIME_ZONE",
    "REMIT_ENV",
    "REMIT_PUBLIC_URL",
}
# What production needs besides secrets: the real services and Remit's public https address.
PUBLIC_URLS = {
    "CLIO_BASE_URL": "https://app.clio.com",
    "LAWPAY_BASE_URL": "https://api.lawpay.com",
    "REMIT_PUBLIC_URL": "https://remit.firm.example",
}


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'broker': s.CELERY_BROKER_URL, "
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'tz': s.TIME_ZONE, "
        "'firm_tz': s.FIRM_TIME_ZONE, 'email': s.EMAIL_BACKEND, 'clio': s.CLIO_BASE_URL, "
        "'lawpay': s.LAWPAY_BASE_URL, 'keys': s.FIELD_ENCRYPTION_KEYS}, default=str))"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REMIT_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(tmp_path, **env: str) -> dict:
    result = load_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_need_nothing_but_a_writable_var_directory(tmp_path):
    settings = loaded(tmp_path)

    assert settings["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["db"]["NAME"] == str(tmp_path / "remit.sqlite3")
    assert settings["broker"] == "filesystem://"
    assert (tmp_path / "broker" / "queue").is_dir()
    assert settings["debug"] is True
    assert settings["tz"] == "UTC"
    assert settings["clio"] == "http://127.0.0.1:8001"
    assert settings["lawpay"] == "http://127.0.0.1:8002"


def test_the_environment_sets_database_broker_hosts_email_and_services(tmp_path):
    settings = loaded(
        tmp_path,
        DATABASE_URL="postgres://remit:pw@db.internal:5433/remit",
        REDIS_URL="redis://cache.internal:6379/2",
        ALLOWED_HOSTS="remit.firm.example,10.0.0.5",
        EMAIL_URL="smtp://mailer.internal:25",
        CLIO_BASE_URL="https://app.clio.com",
        LAWPAY_BASE_URL="https://api.8am.com",
        TIME_ZONE="America/Chicago",
        DEBUG="false",
    )

    assert settings["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["db"]["HOST"], settings["db"]["PORT"]) == ("db.internal", 5433)
    assert settings["broker"] == "redis://cache.internal:6379/2"
    assert settings["hosts"] == ["remit.firm.example", "10.0.0.5"]
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["clio"] == "https://app.clio.com"
    assert settings["debug"] is False
    # Storage stays UTC; the firm's zone is kept apart for "day 7" and display.
    assert (settings["tz"], settings["firm_tz"]) == ("UTC", "America/Chicago")


def test_production_starts_when_everything_is_set(tmp_path):
    settings = loaded(
        tmp_path,
        REMIT_ENV="production",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
        **PUBLIC_URLS,
    )

    assert settings["keys"] == [FERNET_KEY]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is the development default"),
        ({"FIELD_ENCRYPTION_KEYS": ""}, "FIELD_ENCRYPTION_KEYS is missing"),
        ({"CLIO_BASE_URL": "http://127.0.0.1:8001"}, "CLIO_BASE_URL must be an https:// URL"),
        ({"LAWPAY_BASE_URL": "https://localhost:8002"}, "LAWPAY_BASE_URL points at this machine"),
        ({"CLIO_BASE_URL": "https://[::1]/"}, "CLIO_BASE_URL points at this machine"),
        ({"REMIT_PUBLIC_URL": "http://remit.firm.example"}, "REMIT_PUBLIC_URL must be an https"),
    ],
)
def test_production_refuses_to_start_and_says_which_setting(tmp_path, env, message):
    good = {
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "FIELD_ENCRYPTION_KEYS": FERNET_KEY,
        **PUBLIC_URLS,
    }
    result = load_settings(tmp_path, REMIT_ENV="production", **{**good, **env})

    assert result.returncode != 0
    assert "Remit refuses to start in production" in result.stderr
    assert message in result.stderr


def test_production_with_nothing_set_lists_every_problem(tmp_path):
    result = load_settings(tmp_path, REMIT_ENV="production")

    assert result.returncode != 0
    for message in (
        "SECRET_KEY is the development default",
        "FIELD_ENCRYPTION_KEYS is missing",
        "CLIO_BASE_URL must be an https:// URL (it is http://127.0.0.1:8001)",
        "LAWPAY_BASE_URL must be an https:// URL",
        "REMIT_PUBLIC_URL must be an https:// URL",
    ):
        assert message in result.stderr


def test_production_problems_rejects_the_development_encryption_key():
    problems = production_problems(
        debug=False, secret_key=STRONG_KEY, field_encryption_keys=[DEV_FIELD_ENCRYPTION_KEY]
    )

    assert problems == [
        "FIELD_ENCRYPTION_KEYS is missing or holds the development key; set one or more "
        "Fernet keys (newest first)."
    ]


def test_production_problems_accepts_a_complete_configuration():
    complete = {"debug": False, "secret_key": STRONG_KEY, "field_encryption_keys": ["k"]}

    assert production_problems(**complete) == []
    assert production_problems(**{**complete, "secret_key": DEV_SECRET_KEY}) != []
