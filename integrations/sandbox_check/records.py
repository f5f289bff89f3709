"""Each run of the sandbox check, kept with the configuration it ran against: created, claimed
by whoever runs it, updated check by check (the page polls it), finished."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from integrations.models import ClioConnection, LawPayConnection, SandboxCheckRun
from integrations.models.sandbox_checks import configuration_of, fingerprint_of

CHECKS = (
    ("a", "Draft invoice with the right amount and reference, approved"),
    ("b", "Payment link delivered: email captured, LawPay page with amount and reference locked"),
    ("c", "A payment on LawPay's page updates Remit and Clio (note and billing status)"),
    ("d", "A trust draw updates Clio's trust ledger (transaction and balance) and Remit's"),
)
WAITING, RUNNING, PASS, FAIL = "waiting", "running", "pass", "fail"


def sandbox_check_create(*, user: Any, origin: str) -> SandboxCheckRun:
    """A queued run of the configuration as it is now."""
    configuration = configuration_of(
        clio=ClioConnection.objects.filter(singleton=True).first(),
        lawpay=LawPayConnection.objects.filter(singleton=True).first(),
    )
    return SandboxCheckRun.objects.create(
        origin=origin,
        started_by=user if getattr(user, "pk", None) else None,
        configuration=configuration,
        fingerprint=fingerprint_of(configuration),
        results=[
            {"key": key, "title": title, "status": WAITING, "evidence": [], "reason": ""}
            for key, title in CHECKS
        ],
    )


def sandbox_check_claim(*, run_id: int, label: str) -> bool:
    """Take a queued run; False when another worker has it (a redelivered task)."""
    return (
        SandboxCheckRun.objects.filter(pk=run_id, status=SandboxCheckRun.Status.QUEUED).update(
            status=SandboxCheckRun.Status.RUNNING, started_at=timezone.now(), label=label
        )
        == 1
    )


def sandbox_check_result_save(
    *, run: SandboxCheckRun, key: str, status: str, evidence: list[str], reason: str = ""
) -> None:
    for result in run.results:
        if result["key"] == key:
            result.update(status=status, evidence=list(evidence), reason=reason)
    SandboxCheckRun.objects.filter(pk=run.pk).update(results=run.results)


def sandbox_check_finish(*, run: SandboxCheckRun) -> SandboxCheckRun:
    passed = all(result["status"] == PASS for result in run.results)
    run.passed = passed
    run.status = SandboxCheckRun.Status.PASSED if passed else SandboxCheckRun.Status.FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["passed", "status", "finished_at", "results"])
    return run
