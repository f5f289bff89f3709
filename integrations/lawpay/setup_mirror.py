"""Billing's picture of the processor (``billing.models.PaymentSetup``) follows the LawPay
connection: every save or delete of it tells billing, through billing's service."""

from __future__ import annotations

from billing.services.payment_setup import payment_setup_record
from integrations.models import LawPayConnection


def lawpay_connection_mirror(*, instance: LawPayConnection | None) -> None:
    if instance is None:
        payment_setup_record(connected=False)
        return
    payment_setup_record(
        connected=bool(instance.secret_key),
        operating_account_id=instance.operating_account_id,
        trust_account_id=instance.trust_account_id,
        trust_account_ids=instance.trust_account_ids,
        payment_page_url=instance.operating_page_url,
        trust_page_url=instance.trust_page_url,
        accounts=_accounts(instance),
    )


def _accounts(connection: LawPayConnection) -> list[dict[str, str]]:
    """The accounts the connection deposits into, named as the admin chose them in LawPay."""
    named = (
        (connection.operating_account_id, connection.operating_account_name, "operating", "card"),
        (
            connection.operating_ach_account_id,
            connection.operating_account_name,
            "operating",
            "bank",
        ),
        (connection.trust_account_id, connection.trust_account_name, "trust", "card"),
        (connection.trust_ach_account_id, connection.trust_account_name, "trust", "bank"),
    )
    return [
        {"id": account_id, "name": name or account_id, "purpose": purpose, "method": method}
        for account_id, name, purpose, method in named
        if account_id
    ]


def lawpay_connection_saved(sender, instance: LawPayConnection, **kwargs) -> None:
    lawpay_connection_mirror(instance=instance)


def lawpay_connection_deleted(sender, instance: LawPayConnection, **kwargs) -> None:
    lawpay_connection_mirror(instance=None)
