from decimal import Decimal

from django.urls import reverse

from tests.trust.screens.page import by_testid, row_texts
from trust.models import MatterLedger, TrustAccount


def test_each_matter_shows_its_balance_available_uncleared_and_clios_figure(
    client, crafted, billing_clerk
):
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:balances")).content
    acme = row_texts(page, f"ledger-{MatterLedger.objects.get(matter=crafted.acme).pk}")
    baker = row_texts(page, f"ledger-{MatterLedger.objects.get(matter=crafted.baker).pk}")

    assert (acme["balance"], acme["available"], acme["uncleared"]) == (
        "$1,200.00",
        "$1,200.00",
        "—",
    )
    assert (acme["clio"], acme["differs"]) == ("$1,250.00", "$50.00")
    assert (baker["balance"], baker["available"], baker["uncleared"]) == (
        "$400.00",
        "$0.00",
        "$400.00",
    )
    assert (baker["clio"], baker["difference"]) == ("$400.00", "—")
    assert "differs" not in baker


def test_the_account_totals_and_journal_balance_are_shown(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    found = by_testid(client.get(reverse("trust:balances")).content)

    assert found["total-balance"] == ["$1,600.00"]
    assert found["total-available"] == ["$1,200.00"]
    assert found["total-uncleared"] == ["$400.00"]
    assert found["journal-balance"] == ["$1,600.00"]
    assert "journal-differs" not in found


def test_only_differences_hides_matching_matters_but_keeps_the_totals(
    client, crafted, billing_clerk
):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:balances"), {"differences": "1"})

    page = response.content.decode()
    assert "00101-Acme" in page and "00102-Baker" not in page
    assert by_testid(page)["total-balance"] == ["$1,600.00"]


def test_each_matter_links_to_its_ledger(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:balances")).content.decode()

    assert f'href="{reverse("trust:ledger", args=[crafted.acme.pk])}"' in page


def test_a_journal_balance_that_differs_from_the_ledgers_is_flagged(client, crafted, billing_clerk):
    TrustAccount.objects.filter(pk=crafted.account.pk).update(balance=Decimal("1650.00"))
    client.force_login(billing_clerk)

    found = by_testid(client.get(reverse("trust:balances")).content)

    assert found["journal-balance"] == ["$1,650.00"]
    assert found["journal-differs"] == ["differs from the ledgers by $50.00"]
