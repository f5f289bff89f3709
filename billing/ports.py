"""What billing asks of the payment processor's adapter without importing it.

A payment link is the processor's business (LawPay: a hosted page URL with the amount in
cents and locked fields, lawpay-api.md §4); billing only decides when one is needed and for
what. The adapter registers its builder at start-up (``IntegrationsConfig.ready``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol


class PaymentLinkBuilder(Protocol):
    def __call__(
        self, *, public_url: str, amount: Decimal, reference: str, email: str | None = None
    ) -> str: ...


class NoPaymentLinks(Exception):
    """No payment processor adapter is installed, so no payment link can be built."""


_link_builder: PaymentLinkBuilder | None = None


def payment_link_builder_set(builder: PaymentLinkBuilder | None) -> None:
    global _link_builder
    _link_builder = builder


def payment_link_build(
    *, public_url: str, amount: Decimal, reference: str, email: str | None = None
) -> str:
    """The processor's link to pay ``amount`` under ``reference`` on the page ``public_url``.

    Raises ``ValueError`` (its subclasses) for a page, amount or reference the processor
    refuses, ``NoPaymentLinks`` without an adapter.
    """
    if _link_builder is None:
        raise NoPaymentLinks("No payment processor is installed.")
    return _link_builder(public_url=public_url, amount=amount, reference=reference, email=email)
