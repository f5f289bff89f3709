"""Two people approve trust applications for the same matter at the same moment, on two
database connections (PostgreSQL row locks): the first takes the funds, the second is
refused and shown the new figures, and the balance never goes below zero."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from billing.models import Invoice
from tests.billing.factories import InvoiceFactory, MatterFactory, draft_with_lines
from tests.factories import UserFactory
from tests.trust.factories import deposit, run_together, trust_account_make
from trust.models import MatterLedger, TrustAccount, TrustApplication, TrustEntry
from trust.services.applications import trust_application_approve, trust_application_propose
from trust.services.posting import InsufficientTrustFunds, trust_withdrawal_post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_approvals_one_applies_and_the_other_is_refused(monkeypatch):
    monkeypatch.setattr("billing.services.delivery.invoice_delivery_start", lambda **kw: None)
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kw: None)
    account = trust_account_make()
    matter = MatterFactory()
    deposit(account, matter, "500.00")
    first = draft_with_lines(matter=matter, amounts=(Decimal("400.00"),))
    second = draft_with_lines(matter=matter, amounts=(Decimal("410.00"),))
    proposals = [trust_application_propose(invoice=i) for i in (first, second)]
    assert [p.amount for p in proposals] == [Decimal("400.00"), Decimal("410.00")]
    alice = UserFactory(username="alice", role="Attorney")
    ada = UserFactory(username="ada", role="Admin")

    results = run_together(
        lambda: trust_application_approve(application=proposals[0], user=alice),
        lambda: trust_application_approve(application=proposals[1], user=ada),
    )

    applied = [r for r in results if getattr(r, "applied", False)]
    refused = [r for r in results if not getattr(r, "applied", True)]
    assert len(applied) == 1 and len(refused) == 1, results
    left = Decimal("500.00") - applied[0].application.amount
    assert refused[0].application.amount == left  # asked again on the new figures
    ledger = MatterLedger.objects.get(account=account, matter=matter)
    assert (ledger.balance, ledger.available) == (left, left)
    assert TrustEntry.objects.filter(kind=TrustEntry.Kind.WITHDRAWAL).count() == 1
    statuses = sorted(Invoice.objects.filter(matter=matter).values_list("status", flat=True))
    assert statuses == ["draft", "paid"]  # trust paid the winner in full
    assert TrustApplication.objects.filter(status="proposed").count() == 1


def test_a_withdrawal_waits_for_the_lock_and_then_sees_the_new_balance():
    account = trust_account_make()
    matter = MatterFactory()
    deposit(account, matter, "500.00")
    invoices = [InvoiceFactory(matter=matter, total=Decimal("400.00")) for _ in range(2)]
    locked, release = threading.Event(), threading.Event()

    def holder():
        with transaction.atomic():
            TrustAccount.objects.select_for_update().get(pk=account.pk)
            locked.set()
            release.wait(timeout=10)
            return trust_withdrawal_post(
                account=account, invoice=invoices[0], amount="400.00", effective_date=date.today()
            )

    def contender():
        locked.wait(timeout=10)
        threading.Timer(0.5, release.set).start()  # it must still be waiting when released
        return trust_withdrawal_post(
            account=account, invoice=invoices[1], amount="400.00", effective_date=date.today()
        )

    first, second = run_together(holder, contender)

    assert isinstance(first, TrustEntry)
    assert isinstance(second, InsufficientTrustFunds), second
    assert MatterLedger.objects.get(matter=matter).balance == Decimal("100.00")
