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
    )


def lawpay_connection_saved(sender, instance: LawPayConnection, **kwargs) -> None:
    lawpay_connection_mirror(instance=instance)


def lawpay_connection_deleted(sender, instance: LawPayConnection, **kwargs) -> None:
    lawpay_connection_mirror(instance=None)
