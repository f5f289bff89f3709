"""The cross-check lists a one-cent difference with both figures and opens an attention item;
once the figures agree again the next run resolves it. A matter whose entry is still on its
way to Clio is not flagged."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import AttentionItem, Matter
from integrations.clio.sync import clio_record_sync
from integrations.outbox.relay import outbox_relay
from tests.trust.clio.conftest import clio_bank_transaction_add, deposit_mirrored
from trust.models import TrustEntry
from trust.selectors_crosscheck import CheckState, trust_crosscheck
from trust.services.crosscheck import trust_crosscheck_run
from trust.services.openings import trust_account_link
from trust.services.posting import trust_deposit_post

pytestmark = pytest.mark.django_db

REASON = AttentionItem.Reason.TRUST_DIFFERENCE


@pytest.fixture
def linked(clio, trust_bank):
    return trust_account_link(clio_bank_account=trust_bank)


def _clio_moves(clio, matter_id: int, amount: float) -> None:
    clio_bank_transaction_add(clio, matter_id, amount, "Entered in Clio by hand")
    clio_record_sync(model="matter", clio_id=matter_id)
    clio_record_sync(model="bank_account", clio_id=502)


def _open_items():
    return AttentionItem.objects.filter(reason=REASON, resolved_at__isnull=True)


def test_after_the_openings_nothing_differs(clio, linked, client, billing_clerk):
    run = trust_crosscheck_run()

    assert run.differences == []
    assert not _open_items().exists()
    client.force_login(billing_clerk)
    page = client.get(reverse("trust:crosscheck"))
    assert page.status_code == 200
    assert "No differences." in page.content.decode()


def test_a_one_cent_difference_is_listed_and_flagged(clio, linked, client, billing_clerk):
    _clio_moves(clio, 1001, 0.01)

    run = trust_crosscheck_run()

    (difference,) = run.differences
    assert difference.matter.clio_id == 1001
    assert (difference.remit, difference.clio) == (Decimal("2500.00"), Decimal("2500.01"))
    assert difference.difference == Decimal("-0.01")
    (item,) = _open_items()
    assert item.matter.clio_id == 1001
    assert "Remit $2,500.00, Clio $2,500.01 (difference $-0.01)" in item.detail
    client.force_login(billing_clerk)
    html = client.get(reverse("trust:crosscheck")).content.decode()
    assert "2 differences." in html  # the matter, and so the account's total
    assert 'data-matter="1001"' in html
    assert "$2,500.01" in html
    # Remit's ledger is not touched by the check.
    assert Matter.objects.get(clio_id=1001).trust_ledgers.get().balance == Decimal("2500.00")


def test_the_item_resolves_once_the_figures_agree(clio, linked):
    _clio_moves(clio, 1001, 0.01)
    trust_crosscheck_run()

    _clio_moves(clio, 1001, -0.01)
    run = trust_crosscheck_run()

    assert run.differences == []
    assert run.resolved == 1
    assert not _open_items().exists()
    assert AttentionItem.objects.get(reason=REASON).resolved_at is not None


def test_an_entry_on_its_way_to_clio_is_not_a_difference(clio, linked):
    entry = deposit_mirrored(linked, 1004, "250.00", ref="lawpay-pending-1")

    run = trust_crosscheck_run()

    assert run.differences == []
    (check,) = run.checks
    (pending,) = check.of_state(CheckState.PENDING)
    assert pending.matter.clio_id == 1004
    assert pending.pending == [entry]
    assert not _open_items().exists()

    outbox_relay(queue="clio")

    (check,) = trust_crosscheck()
    assert check.of_state(CheckState.PENDING) == []
    assert check.state is CheckState.AGREES
    assert check.differences == []


def test_an_entry_clio_never_hears_of_is_a_difference(clio, linked):
    trust_deposit_post(
        account=linked,
        matter=Matter.objects.get(clio_id=1004),
        amount=Decimal("10.00"),
        effective_date=date(2026, 12, 3),
        source=TrustEntry.Source.USER,
    )

    run = trust_crosscheck_run()

    (difference,) = run.differences
    assert difference.difference == Decimal("10.00")
    (check,) = run.checks
    assert check.state is CheckState.DIFFERS
