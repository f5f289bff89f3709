"""Sums of money the database computes exactly, on both backends Remit runs on.

PostgreSQL sums ``numeric`` exactly. SQLite has no decimal type: it stores ``12.34`` as the
nearest binary double and its ``SUM`` adds doubles, so a million entries can drift by cents.
There each amount is turned into whole cents first (``ROUND(x * 100)`` recovers the exact
integer from the nearest double of a two-place amount) and SQLite adds 64-bit integers
exactly. Reconciliation is "to the cent": no float ever decides it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import BigIntegerField, F, QuerySet, Sum
from django.db.models.functions import Cast, Round

CENT = Decimal("0.01")


def money_sum(queryset: QuerySet[Any], field: str) -> Decimal:
    """``Σ field`` over ``queryset`` as an exact Decimal of two places (0 when empty)."""
    if connections[queryset.db].vendor == "sqlite":
        cents = queryset.aggregate(
            s=Sum(Cast(Round(F(field) * 100), output_field=BigIntegerField()))
        )["s"]
        return (Decimal(cents or 0) / 100).quantize(CENT)
    total = queryset.aggregate(s=Sum(field))["s"]
    return Decimal(total or 0).quantize(CENT)
