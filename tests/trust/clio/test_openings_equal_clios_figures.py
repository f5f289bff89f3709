"""Linking the trust account opens each matter's ledger at Clio's figure, once, dated the
firm's today; a matter that already has a ledger is compared, never adjusted."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from billing.models import Matter
from tests.trust.clio.conftest import CLIO_TRUST, clio_matter_trust
from trust.models import MatterLedger, TrustEntry
from trust.services.openings import trust_account_link, trust_openings_post
from trust.services.posting import trust_deposit_post

pytestmark = pytest.mark.django_db

# 03:00 UTC is still the evening before in New York, the firm's time zone.
LINKED_AT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def _balances(account) -> dict[int, str]:
    return {
        ledger.matter.clio_id: str(ledger.balance)
        for ledger in MatterLedger.objects.filter(account=account).select_related("matter")
    }


def test_each_matter_opens_at_clios_figure(clio, trust_bank):
    with time_machine.travel(LINKED_AT, tick=False):
        account = trust_account_link(clio_bank_account=trust_bank)

    assert _balances(account) == CLIO_TRUST
    assert {m: f"{clio_matter_trust(clio, m):.2f}" for m in CLIO_TRUST} == CLIO_TRUST
    opening = TrustEntry.objects.get(matter__clio_id=1003)
    assert opening.kind == TrustEntry.Kind.OPENING
    assert opening.source == TrustEntry.Source.CLIO
    assert opening.source_ref == "opening:502:1003"
    assert opening.effective_date == date(2026, 12, 6)
    assert opening.available_change == opening.amount  # cleared: trust first may use it
    account.refresh_from_db()
    assert account.balance == Decimal("17200.00") == trust_bank.balance


def test_openings_are_posted_once(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)

    assert trust_openings_post() == []
    trust_account_link(clio_bank_account=trust_bank)

    assert TrustEntry.objects.filter(kind=TrustEntry.Kind.OPENING).count() == len(CLIO_TRUST)
    account.refresh_from_db()
    assert account.entries_count == len(CLIO_TRUST)


def test_a_matter_with_a_ledger_is_not_opened_again(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)
    newcomer = Matter.objects.get(clio_id=1005)
    trust_deposit_post(
        account=account,
        matter=newcomer,
        amount=Decimal("80.00"),
        effective_date=date(2026, 12, 1),
        source=TrustEntry.Source.USER,
    )
    # Clio now shows money for it too (entered there by hand, say).
    Matter.objects.filter(pk=newcomer.pk).update(
        clio_trust_balance=Decimal("95.00"),
        account_balances=[{"id": 502, "name": "IOLTA Trust Account", "type": "Trust",
                           "balance": "95.00"}],
    )  # fmt: skip

    assert trust_openings_post() == []
    assert MatterLedger.objects.get(matter=newcomer).balance == Decimal("80.00")


def test_a_matter_clio_shows_later_is_opened_by_the_next_run(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)
    later = Matter.objects.get(clio_id=1006)
    Matter.objects.filter(pk=later.pk).update(
        clio_trust_balance=Decimal("42.10"),
        account_balances=[{"id": 502, "name": "IOLTA Trust Account", "type": "Trust",
                           "balance": "42.10"}],
    )  # fmt: skip

    (entry,) = trust_openings_post()

    assert entry.matter == later
    assert _balances(account)[1006] == "42.10"
