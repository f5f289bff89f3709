"""Keeping billing's picture of the payment processor (``PaymentSetup``) and reading it."""

from __future__ import annotations

from billing.models import PaymentSetup


def payment_setup_record(
    *,
    connected: bool,
    operating_account_id: str = "",
    trust_account_id: str = "",
    trust_account_ids: list[str] | None = None,
    payment_page_url: str = "",
    trust_page_url: str = "",
) -> PaymentSetup:
    """Called by the processor's adapter whenever its connection changes (idempotent).

    ``connected``: the adapter holds working credentials. The accounts and the page are kept
    as the adapter has them either way (an admin may choose them before the keys work).
    """
    setup, _ = PaymentSetup.objects.update_or_create(
        singleton=True,
        defaults={
            "connected": connected,
            "operating_account_id": operating_account_id,
            "trust_account_id": trust_account_id,
            "trust_account_ids": list(trust_account_ids or []),
            "payment_page_url": payment_page_url,
            "trust_page_url": trust_page_url,
        },
    )
    return setup


def payment_setup_get() -> PaymentSetup:
    """The current picture; an unsaved "not connected" one before any processor was set up."""
    return PaymentSetup.objects.filter(singleton=True).first() or PaymentSetup()
