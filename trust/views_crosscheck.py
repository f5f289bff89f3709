"""The Clio cross-check page: every difference between Remit's trust balances and Clio's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trust.selectors_crosscheck import CheckState, trust_crosscheck


@login_required
@permission_required("trust.view_trust_ledger", raise_exception=True)
def crosscheck(request: HttpRequest) -> HttpResponse:
    checks = trust_crosscheck()
    sections: list[dict[str, Any]] = [
        {
            "check": check,
            "differences": check.of_state(CheckState.DIFFERS),
            "pending": check.of_state(CheckState.PENDING),
            "manual": check.of_state(CheckState.MANUAL),
            # Every entry still waiting for a person, on any matter that does not agree yet.
            "steps": [
                record
                for matter in check.matters
                if matter.state is not CheckState.AGREES
                for record in matter.manual
            ],
            "opening": check.of_state(CheckState.OPENING),
            "agreeing": len(check.of_state(CheckState.AGREES)),
        }
        for check in checks
    ]
    return render(
        request,
        "trust/crosscheck.html",
        {
            "sections": sections,
            "differences": sum(len(c.differences) for c in checks)
            + sum(1 for c in checks if c.state is CheckState.DIFFERS),
        },
    )
