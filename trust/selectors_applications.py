"""The trust-first proposals waiting for a decision, and those decided."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from trust.models import TrustApplication
from trust.selectors_ledger import matters_trust_visible

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

APPLY = "trust.apply_trust_funds"


def trust_applications_awaiting(*, user: User | AnonymousUser) -> QuerySet[TrustApplication]:
    """Open proposals ``user`` may decide: on their matters (attorneys) or all (admins)."""
    if not user.is_authenticated or not user.has_perm(APPLY):
        return TrustApplication.objects.none()
    return (
        TrustApplication.objects.filter(
            status=TrustApplication.Status.PROPOSED,
            invoice__matter__in=matters_trust_visible(user=user),
        )
        .select_related(
            "invoice",
            "invoice__matter",
            "invoice__matter__client",
            "invoice__matter__responsible_attorney",
            "ledger",
            "ledger__account",
        )
        .order_by("proposed_at", "pk")
    )


def trust_applications_visible(*, user: User | AnonymousUser) -> QuerySet[TrustApplication]:
    """Every proposal (any status) on matters ``user`` may see, newest first."""
    return (
        TrustApplication.objects.filter(invoice__matter__in=matters_trust_visible(user=user))
        .select_related("invoice", "invoice__matter", "decided_by")
        .order_by("-proposed_at", "-pk")
    )
