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
    accounts: list[dict[str, str]] | None = None,
) -> PaymentSetup:
    """Called by the processor's adapter whenever its connection changes (idempotent).

    ``connected``: the adapter holds working credentials. The accounts and the page are kept
    as the adapter has them either way (an admin may choose them before the keys work).
    ``accounts``: each deposit account as ``{"id", "name", "purpose": operating|trust,
    "method": card|bank}``, for choosing and naming accounts on matter mappings.
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
            "accounts": list(accounts or []),
        },
    )
    return setup


def payment_setup_get() -> PaymentSetup:
    """The current picture; an unsaved "not connected" one before any processor was set up."""
    return PaymentSetup.objects.filter(singleton=True).first() or PaymentSetup()


def payment_account_choices(*, purpose: str, current: str = "") -> list[tuple[str, str]]:
    """The connected accounts of ``purpose`` as form choices, the firm default first; an id
    no longer connected stays choosable (and says so) so editing a mapping never drops it."""
    setup = payment_setup_get()
    choices = [("", "The firm's default account")]
    for account in setup.accounts:
        if account.get("purpose") == purpose:
            kind = "eCheck" if account.get("method") == "bank" else "card"
            choices.append((account["id"], f"{account['name']} ({kind})"))
    if current and current not in {value for value, _ in choices}:
        choices.append((current, f"{current} (not a connected account)"))
    return choices


def payment_account_names() -> dict[str, str]:
    """Each connected account's id → its name, to show mappings' accounts by name."""
    return {account["id"]: account["name"] for account in payment_setup_get().accounts}
