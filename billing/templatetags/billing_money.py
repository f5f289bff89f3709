"""Money as people read it: dollars with thousands separators and cents."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(amount: Decimal | int | None) -> str:
    """``Decimal("1234.5")`` → "$1,234.50"; nothing → ""."""
    if amount is None or amount == "":
        return ""
    return f"${Decimal(amount):,.2f}"
