"""Celery tasks for trust: thin wrappers; every one is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from trust.services.applications import trust_proposals_missing
from trust.services.crosscheck import trust_crosscheck_run
from trust.services.requests import trust_evergreen_scan


@shared_task(name="trust.tasks.trust_crosscheck")
def trust_crosscheck() -> dict[str, int]:
    """Opening balances due, then Remit's trust balances against Clio's (every 2 minutes)."""
    run = trust_crosscheck_run()
    return {
        "openings": len(run.openings),
        "differences": len(run.differences),
        "resolved": run.resolved,
    }


@shared_task(name="trust.tasks.trust_evergreen")
def trust_evergreen() -> dict[str, int]:
    """Replenishment requests for matters below their evergreen minimum (every 15 minutes)."""
    return {"opened": trust_evergreen_scan()}


@shared_task(name="trust.tasks.trust_proposals")
def trust_proposals() -> dict[str, int]:
    """Trust first's backstop: drafts on funded matters without a proposal (every 5 minutes)."""
    return {"proposed": trust_proposals_missing()}
