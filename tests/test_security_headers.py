"""Every page carries a strict Content-Security-Policy, and production passes Django's
deployment checklist (`manage.py check --deploy`) with no warning."""

import os
import re
import subprocess
import sys

from django.urls import reverse

from tests.sandbox_process import REPO_ROOT

PRODUCTION = {
    "REMIT_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "k3Jx9!aQz$T7pLm2#vR8wY5^nB4@cD6&eF1*gH0(iJ)uK+oP-sW=xZ",
    "FIELD_ENCRYPTION_KEYS": "q1xsXq2GgN6oEVb0dX7k0vRz8n0cK7bqvE2a0Hh5m9A=",
    "CLIO_BASE_URL": "https://app.clio.com",
    "LAWPAY_BASE_URL": "https://api.lawpay.com",
    "REMIT_PUBLIC_URL": "https://remit.firm.example",
    "ALLOWED_HOSTS": "remit.firm.example",
}


def test_a_page_allows_only_remits_own_scripts_and_its_nonce(client, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:review"))

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_the_login_page_carries_the_policy_too(client):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def test_production_passes_the_deployment_checklist(tmp_path):
    # A deployment's environment: none of what this test run set (the browser tests allow
    # async-unsafe ORM calls, which the checklist rightly refuses).
    unset = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(PRODUCTION, REMIT_VAR_DIR=str(tmp_path))

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
