"""When Clio refuses the bank transaction, the message finishes and needs attention says
exactly what to enter in Clio by hand; nothing is posted and nothing retries forever."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from billing.models import AttentionItem, Matter
from integrations.clio.sync import clio_record_sync
from integrations.models import OutboxMessage
from integrations.outbox.relay import outbox_message_deliver
from tests.integrations.inbound.support import clio_api
from tests.trust.clio.conftest import (
    clio_bank_transaction_add,
    clio_bank_transactions,
    deposit_mirrored,
    mirror_message,
)
from trust.models import TrustClioRecord, TrustEntry
from trust.selectors_crosscheck import CheckState, trust_crosscheck
from trust.services.clio_mirror import trust_entry_mirror_record
from trust.services.crosscheck import trust_crosscheck_run
from trust.services.openings import trust_account_link
from trust.services.posting import trust_deposit_post, trust_refund_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(clio, trust_bank):
    """A refund on 1005, whose trust money Clio never heard of: Clio refuses to overdraw it."""
    account = trust_account_link(clio_bank_account=trust_bank)
    matter = Matter.objects.get(clio_id=1005)
    trust_deposit_post(
        account=account,
        matter=matter,
        amount=Decimal("300.00"),
        effective_date=date(2026, 12, 1),
        source=TrustEntry.Source.USER,
        memo="Cheque deposited at the branch",
    )
    with transaction.atomic():
        entry = trust_refund_post(
            account=account,
            matter=matter,
            amount=Decimal("120.50"),
            effective_date=date(2026, 12, 5),
            memo="Part of the retainer returned",
        )
        trust_entry_mirror_record(entry=entry)
    message = OutboxMessage.objects.get(dedupe_key=f"clio.trust.transaction:{entry.pk}")
    return entry, outbox_message_deliver(message_id=message.pk)


def test_the_message_finishes_without_a_transaction_in_clio(clio, refused):
    _, message = refused

    assert message.status == OutboxMessage.Status.SENT
    assert message.result["manual_step"] is True
    assert "422" in message.result["clio_error"]
    assert clio_bank_transactions(clio, 1005) == []


def test_needs_attention_lists_every_field_to_enter(clio, refused):
    entry, _ = refused

    item = AttentionItem.objects.get(reason=AttentionItem.Reason.TRUST_MANUAL_STEP)
    assert item.matter.clio_id == 1005
    assert item.resolved_at is None
    for expected in (
        "Bank account: “IOLTA Trust Account” (Clio id 502)",
        "Matter: 00005-Brown (Clio id 1005)",
        "Client: Olivia Brown (Clio id 2005)",
        "Amount: -120.50 — funds out (a withdrawal)",
        "Date: 2026-12-05",
        "Description: Refund to client: Part of the retainer returned",
        f"Confirmation / reference: remit-trust-{entry.pk}",
    ):
        assert expected in item.detail
    record = TrustClioRecord.objects.get(entry=entry)
    assert record.status == TrustClioRecord.Status.MANUAL
    assert record.manual_step in item.detail


def test_the_matter_note_says_it_must_be_entered_by_hand(clio, refused):
    _, message = refused

    notes = clio_api(
        clio.base_url,
        "GET",
        "notes.json",
        params={"type": "Matter", "matter_id": 1005, "fields": "id,detail"},
    )["data"]
    (note,) = [n for n in notes if n["id"] == message.result["note_id"]]
    assert "entered by hand" in note["detail"]


def test_delivering_again_opens_no_second_step(clio, refused):
    entry, message = refused
    OutboxMessage.objects.filter(pk=message.pk).update(status="new", attempts=0)

    outbox_message_deliver(message_id=message.pk)

    assert AttentionItem.objects.filter(reason=AttentionItem.Reason.TRUST_MANUAL_STEP).count() == 1
    assert TrustClioRecord.objects.filter(entry=entry).count() == 1


def test_a_difference_that_is_exactly_the_manual_step_is_explained_not_flagged(
    clio, trust_bank, client, billing_clerk
):
    account = trust_account_link(clio_bank_account=trust_bank)
    entry = deposit_mirrored(account, 1001, "150.00", ref="lawpay-refused-1")
    message = mirror_message(entry)
    # As if Clio refused this kind of transaction (which kinds it takes is UNVERIFIED).
    OutboxMessage.objects.filter(pk=message.pk).update(
        payload={**message.payload, "clio_bank_account_id": 999}
    )
    assert outbox_message_deliver(message_id=message.pk).result["manual_step"] is True

    run = trust_crosscheck_run()

    assert run.differences == []
    (check,) = run.checks
    assert check.state is CheckState.MANUAL  # the account's total too
    (explained,) = check.of_state(CheckState.MANUAL)
    assert (explained.remit, explained.clio) == (Decimal("2650.00"), Decimal("2500.00"))
    assert not AttentionItem.objects.filter(reason=AttentionItem.Reason.TRUST_DIFFERENCE).exists()
    client.force_login(billing_clerk)
    html = client.get(reverse("trust:crosscheck")).content.decode()
    assert "No differences." in html
    assert f'data-manual="{entry.pk}"' in html
    assert "Amount: 150.00 — funds in (a deposit)" in html

    # A person enters it in Clio: the figures agree.
    clio_bank_transaction_add(clio, 1001, 150.0, "Entered by hand from Remit's manual step")
    clio_record_sync(model="matter", clio_id=1001)
    clio_record_sync(model="bank_account", clio_id=502)
    (check,) = trust_crosscheck()
    assert check.state is CheckState.AGREES
    assert check.of_state(CheckState.MANUAL) == []
