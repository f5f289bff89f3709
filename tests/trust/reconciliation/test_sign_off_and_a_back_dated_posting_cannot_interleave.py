"""Sign-off and posting both lock the trust account's row first, so a back-dated posting that
races a sign-off either is in the signed figures or is refused (PostgreSQL: real row locks)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from tests.billing.factories import MatterFactory
from tests.factories import UserFactory
from tests.trust.factories import trust_account_make
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload
from trust.models import Reconciliation, TrustAccount
from trust.services.posting import TrustPeriodLocked
from trust.services.reconciliation import reconciliation_sign_off

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_posting_waiting_on_the_sign_off_is_refused_once_the_period_is_locked():
    account = trust_account_make()
    reconciler = UserFactory(username="ada", role="Admin")
    matter = MatterFactory()
    deposit(account, matter, "400.00", on=date(2026, 11, 5))
    november = upload(account, reconciler, statement_csv("2026-11-06,Deposit,400.00,"),
                      closing="400.00")  # fmt: skip
    outcome: list[object] = []

    def back_dated_posting() -> None:
        try:
            deposit(account, matter, "10.00", on=date(2026, 11, 29))
            outcome.append("posted")
        except TrustPeriodLocked:
            outcome.append("refused")
        finally:
            connections.close_all()

    with transaction.atomic():
        # Sign-off's own first step, held open: the posting thread must wait behind it.
        TrustAccount.objects.select_for_update().get(pk=account.pk)
        poster = threading.Thread(target=back_dated_posting)
        poster.start()
        poster.join(timeout=1)
        assert poster.is_alive(), "the posting did not wait for the account's lock"
        signed = reconciliation_sign_off(reconciliation=november.reconciliation, user=reconciler)
    poster.join(timeout=10)

    assert outcome == ["refused"]
    assert signed.journal_balance == Decimal("400.00")
    account.refresh_from_db()
    assert account.balance == Decimal("400.00")
    assert Reconciliation.objects.get().signed_at is not None
    assert connection.vendor == "postgresql"
