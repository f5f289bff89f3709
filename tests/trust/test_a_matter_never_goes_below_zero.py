from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.trust.factories import deposit
from trust.models import MatterLedger, TrustEntry
from trust.services.posting import (
    InsufficientTrustFunds,
    trust_refund_post,
    trust_withdrawal_post,
)


def test_a_withdrawal_beyond_the_matters_funds_is_refused_and_writes_nothing(account):
    matter = MatterFactory()
    deposit(account, matter, "500.00")
    invoice = InvoiceFactory(matter=matter, total=Decimal("800.00"))

    with pytest.raises(InsufficientTrustFunds, match=r"\$500\.00 of cleared trust funds"):
        trust_withdrawal_post(
            account=account, invoice=invoice, amount="500.01", effective_date=date(2026, 11, 3)
        )

    ledger = MatterLedger.objects.get(matter=matter)
    assert (ledger.balance, ledger.available) == (Decimal("500.00"), Decimal("500.00"))
    assert TrustEntry.objects.filter(matter=matter).count() == 1
    account.refresh_from_db()
    assert account.balance == Decimal("500.00")


def test_one_matters_money_never_pays_for_another(account):
    rich, poor = MatterFactory(), MatterFactory()
    deposit(account, rich, "10000.00")

    with pytest.raises(InsufficientTrustFunds):
        trust_refund_post(account=account, matter=poor, amount="1.00", effective_date=date.today())

    assert not TrustEntry.objects.filter(matter=poor).exists()


def test_the_database_refuses_a_negative_balance_even_past_the_service(account):
    matter = MatterFactory()
    deposit(account, matter, "100.00")

    with pytest.raises(IntegrityError), transaction.atomic():
        MatterLedger.objects.filter(matter=matter).update(balance=Decimal("-1.00"))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE trust_matterledger SET available = balance + 1")
