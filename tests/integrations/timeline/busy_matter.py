"""A matter with ``n`` of every kind of timeline entry, made in the database only."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import AttentionItem, Matter, Payment
from integrations.models import InboundEvent, LawPayTransaction, OutboxMessage
from reminders.models import ReminderRun, ReminderStep
from tests.billing.factories import MatterFactory, draft_with_lines
from tests.integrations.timeline.story import clio_delivery
from tests.trust.factories import deposit, trust_account_make
from trust.models import TrustAccount


def busy_matter(n: int, *, matter: Matter | None = None) -> Matter:
    matter = matter or MatterFactory()
    account = TrustAccount.objects.first() or trust_account_make()
    step = ReminderStep.objects.order_by("day_offset").first()
    for i in range(n):
        invoice = draft_with_lines(matter=matter, amounts=(Decimal("100.00"),))
        AttentionItem.objects.create(
            invoice=invoice, reason=AttentionItem.Reason.choices[0][0], detail=f"item {i}"
        )
        OutboxMessage.objects.create(
            kind="clio.note.create",
            dedupe_key=f"t:{matter.pk}:{i}",
            aggregate=f"invoice:{invoice.pk}",
        )
        clio_delivery(matter_clio_id=matter.clio_id)
        lawpay_id = f"T{matter.pk}x{i}"
        LawPayTransaction.objects.create(
            lawpay_id=lawpay_id, account_id="op", type="CHARGE", status="COMPLETED",
            amount=Decimal("10.00"), matter=matter,
        )  # fmt: skip
        Payment.objects.create(
            invoice=invoice, matter=matter, lawpay_transaction_id=lawpay_id,
            lawpay_account_id="op", amount=Decimal("10.00"), received_at=timezone.now(),
        )  # fmt: skip
        InboundEvent.objects.create(
            source="lawpay", dedupe_key=f"E{lawpay_id}", body_sha256="-",
            body=json.dumps({"id": f"E{lawpay_id}", "type": "transaction.completed",
                             "data": {"id": lawpay_id}}),
        )  # fmt: skip
        if step is not None:
            ReminderRun.objects.create(
                invoice=invoice, step=step, day_offset=step.day_offset, action=step.action,
                due_on=date.today() + timedelta(days=i), status=ReminderRun.Status.SENT,
                claimed_at=timezone.now(),
            )  # fmt: skip
        deposit(account, matter, "50.00")
    return matter
