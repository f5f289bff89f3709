"""A run of the sandbox check (``manage.py sandbox_check`` or the connections page's button):
what it found per check and the configuration it ran against, which the go-live gate compares
with the current one (docs/sandbox.md, "Sandbox check and the go-live gate")."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


def configuration_of(*, clio: Any, lawpay: Any) -> dict[str, str]:
    """What a check proves about a setup: the two services' addresses, the LawPay accounts and
    pages, and a hash of the keys (the keys themselves are never stored here)."""
    keys = "\n".join(
        [
            getattr(clio, "client_id", "") or "",
            getattr(lawpay, "secret_key", "") or "",
            getattr(lawpay, "public_key", "") or "",
        ]
    )
    return {
        "clio_base_url": getattr(clio, "base_url", "") or "",
        "lawpay_base_url": getattr(lawpay, "base_url", "") or "",
        "lawpay_mode": getattr(lawpay, "mode", "") or "",
        "lawpay_operating_account_id": getattr(lawpay, "operating_account_id", "") or "",
        "lawpay_trust_account_id": getattr(lawpay, "trust_account_id", "") or "",
        "lawpay_operating_ach_account_id": getattr(lawpay, "operating_ach_account_id", "") or "",
        "lawpay_trust_ach_account_id": getattr(lawpay, "trust_ach_account_id", "") or "",
        "lawpay_operating_page_url": getattr(lawpay, "operating_page_url", "") or "",
        "lawpay_trust_page_url": getattr(lawpay, "trust_page_url", "") or "",
        "keys_sha256": hashlib.sha256(keys.encode()).hexdigest(),
    }


def fingerprint_of(configuration: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(configuration, sort_keys=True).encode()).hexdigest()


CONFIGURATION_LABELS = {
    "clio_base_url": "the Clio base URL",
    "lawpay_base_url": "the LawPay base URL",
    "lawpay_mode": "the LawPay mode",
    "lawpay_operating_account_id": "the LawPay operating account",
    "lawpay_trust_account_id": "the LawPay trust account",
    "lawpay_operating_ach_account_id": "the LawPay operating eCheck account",
    "lawpay_trust_ach_account_id": "the LawPay trust eCheck account",
    "lawpay_operating_page_url": "the operating payment page",
    "lawpay_trust_page_url": "the trust payment page",
    "keys_sha256": "the keys",
}


class SandboxCheckRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    passed = models.BooleanField(default=False)
    # "command" or "page": who asked for it.
    origin = models.CharField(max_length=20)
    label = models.CharField(max_length=200, blank=True)
    # One dict per check, in order: key, title, status (waiting/running/pass/fail), evidence,
    # reason.
    results = models.JSONField(default=list)
    configuration = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(passed=True) | models.Q(status="passed"),
                name="sandbox_check_passed_only_when_passed",
            )
        ]

    def __str__(self) -> str:
        return f"Sandbox check #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.PASSED, self.Status.FAILED)
