"""``manage.py sandbox_check``: the end-to-end check of the configured connections (the
emulators by default), printed check by check; exits 0 only when all four pass."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from integrations.sandbox_check.checks import sandbox_check_execute
from integrations.sandbox_check.records import PASS, sandbox_check_create


class Command(BaseCommand):
    help = (
        "Run the sandbox check: a labelled mock client and matter in Clio, time, draft, "
        "approval, payment link, payment on LawPay's page, trust draw; PASS or FAIL per check."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", default="admin", help="the admin to act as")
        parser.add_argument(
            "--timeout", type=float, default=60.0, help="seconds to wait for each step"
        )

    def handle(self, *args, username: str, timeout: float, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        run = sandbox_check_create(user=user, origin="command")
        config = run.configuration
        self.stdout.write(
            f"Sandbox check #{run.pk} against Clio {config['clio_base_url'] or '(not connected)'}"
            f" and LawPay {config['lawpay_base_url'] or '(not connected)'}"
            f" ({config['lawpay_mode'] or '-'} mode; operating "
            f"{config['lawpay_operating_account_id'] or '-'}, trust "
            f"{config['lawpay_trust_account_id'] or '-'}; keys sha256 "
            f"{config['keys_sha256'][:12]}…)"
        )
        if user is None:
            self.stderr.write(f"No user {username!r}: pass --as <admin username>.")
        run = sandbox_check_execute(
            run_id=run.pk, user=user, timeout=timeout, on_result=self._print_result
        )
        passed = sum(1 for result in run.results if result["status"] == PASS)
        verdict = "PASS" if run.passed else "FAIL"
        self.stdout.write(
            f"{verdict}: {passed} of {len(run.results)} checks passed "
            f"(recorded as sandbox check #{run.pk}; created records are labelled “{run.label}”)."
        )
        if not run.passed:
            sys.exit(1)

    def _print_result(self, result: dict[str, Any]) -> None:
        word = "PASS" if result["status"] == PASS else "FAIL"
        style = self.style.SUCCESS if word == "PASS" else self.style.ERROR
        self.stdout.write(style(f"{word} ({result['key']}) {result['title']}"))
        for line in result["evidence"]:
            self.stdout.write(f"       {line}")
        if result["reason"]:
            self.stdout.write(f"       reason: {result['reason']}")
