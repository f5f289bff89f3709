"""The continuous Clio cross-check (PRODUCT.md §4): differences listed, never overwritten.

Run by the periodic task (``trust/tasks.py``): opening balances first, then one needs-attention
item (``TRUST_DIFFERENCE``) per matter whose balance differs from Clio's, resolved by a later
run once the figures agree. A matter whose mirrored entry is still on its way to Clio, or whose
difference is exactly the entries waiting for a manual step, gets no item (the page shows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from billing.models import AttentionItem
from billing.services.attention import attention_item_open
from trust.models import TrustEntry
from trust.selectors_crosscheck import AccountCheck, CheckState, MatterCheck, trust_crosscheck
from trust.services.openings import trust_openings_post

REASON = AttentionItem.Reason.TRUST_DIFFERENCE


@dataclass
class CrossCheckRun:
    openings: list[TrustEntry] = field(default_factory=list)
    checks: list[AccountCheck] = field(default_factory=list)
    open: list[AttentionItem] = field(default_factory=list)
    resolved: int = 0

    @property
    def differences(self) -> list[MatterCheck]:
        return [m for check in self.checks for m in check.differences]


def _detail(check: AccountCheck, matter: MatterCheck) -> str:
    remit = f"${matter.remit:,}" if matter.remit is not None else "no ledger"
    clio = f"${matter.clio:,}" if matter.clio is not None else "no balance"
    failed = (
        f" {len(matter.failed)} entry(ies) could not be sent to Clio (see integration health)."
        if matter.failed
        else ""
    )
    return (
        f"Trust balance of {matter.matter.display_number} in {check.account.name}: Remit "
        f"{remit}, Clio {clio} (difference ${matter.difference:,}).{failed}"
    )


def trust_crosscheck_run() -> CrossCheckRun:
    """Post the openings due, compare every linked account, open and resolve the items."""
    run = CrossCheckRun(openings=trust_openings_post())
    run.checks = trust_crosscheck()
    differing, agreeing = set(), set()
    for check in run.checks:
        for matter in check.matters:
            if matter.state is CheckState.DIFFERS:
                differing.add(matter.matter.pk)
                run.open.append(
                    attention_item_open(
                        reason=REASON,
                        matter=matter.matter,
                        detail=_detail(check, matter),
                        fix=(
                            "Find the transaction one side is missing (trust cross-check page), "
                            "record it where it belongs; Remit never copies Clio's figure."
                        ),
                    )
                )
            elif matter.state is CheckState.AGREES:
                agreeing.add(matter.matter.pk)
    # An item whose matter now agrees, or no longer holds trust money on either side, is done;
    # closed by the check itself, so no person is named (attention_item_resolve takes one).
    stale = AttentionItem.objects.filter(
        reason=REASON, resolved_at__isnull=True, invoice__isnull=True, matter__isnull=False
    ).exclude(matter_id__in=differing)
    checked = {m.matter.pk for check in run.checks for m in check.matters}
    done = [
        item.pk for item in stale if item.matter_id in agreeing or item.matter_id not in checked
    ]
    run.resolved = AttentionItem.objects.filter(pk__in=done, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return run
