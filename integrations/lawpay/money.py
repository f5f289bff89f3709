"""The only place where money crosses between ``Decimal`` dollars and LawPay's integer cents.

The gateway speaks integer cents (reference §3 "amount", §6 "Amounts and currency"); Remit's
domain speaks ``Decimal`` with two places. Anything ambiguous is refused rather than rounded.
"""

from __future__ import annotations

from decimal import Decimal

SUPPORTED_CURRENCY = "USD"
# Reference §3: "Maximum 10^14-1".
MAX_CENTS = 10**14 - 1
_CENT = Decimal("0.01")


class MoneyError(ValueError):
    """An amount or currency that cannot safely cross the LawPay boundary."""


class CurrencyNotSupported(MoneyError):
    pass


def currency_check(currency: str) -> None:
    if currency != SUPPORTED_CURRENCY:
        raise CurrencyNotSupported(
            f"Currency {currency!r} is not supported; Remit handles {SUPPORTED_CURRENCY} only."
        )


def cents_from_decimal(amount: Decimal, *, currency: str = SUPPORTED_CURRENCY) -> int:
    """``Decimal("12.34")`` → ``1234``. Refuses floats, negatives, sub-cent precision."""
    currency_check(currency)
    if not isinstance(amount, Decimal):
        raise MoneyError(f"Amount must be a Decimal, not {type(amount).__name__}.")
    if not amount.is_finite():
        raise MoneyError(f"Amount {amount} is not a finite number.")
    if amount.is_signed():
        # is_signed() also catches Decimal("-0"), which compares equal to zero.
        raise MoneyError(f"Amount {amount} is negative.")
    cents = amount.scaleb(2)
    if cents > MAX_CENTS:
        raise MoneyError(f"Amount {amount} exceeds the gateway maximum.")
    if cents != cents.to_integral_value():
        raise MoneyError(f"Amount {amount} has more than two decimal places.")
    return int(cents)


def decimal_from_cents(cents: int | str, *, currency: str = SUPPORTED_CURRENCY) -> Decimal:
    """``1234`` → ``Decimal("12.34")``.

    Strings of digits are accepted because the gateway's own guides send ``amount`` as a JSON
    string (reference §3); anything else that is not an ``int`` is refused.
    """
    currency_check(currency)
    if isinstance(cents, bool):
        raise MoneyError("Amount in cents must be an integer, not a boolean.")
    if isinstance(cents, str):
        if not cents.isascii() or not cents.isdigit():
            raise MoneyError(f"Amount in cents {cents!r} is not a whole number.")
        cents = int(cents)
    elif not isinstance(cents, int):
        raise MoneyError(f"Amount in cents must be an integer, not {type(cents).__name__}.")
    if cents < 0:
        raise MoneyError(f"Amount in cents {cents} is negative.")
    if cents > MAX_CENTS:
        raise MoneyError(f"Amount in cents {cents} exceeds the gateway maximum.")
    return (Decimal(cents) / 100).quantize(_CENT)
