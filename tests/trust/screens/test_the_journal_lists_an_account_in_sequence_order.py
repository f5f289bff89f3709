from datetime import date

from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.factories import deposit, trust_account_make
from tests.trust.screens.page import by_testid, row_texts
from trust.views_ledger import JOURNAL_PAGE_SIZE


def test_entries_come_in_sequence_with_the_journal_balance_after_each(
    client, crafted, billing_clerk
):
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:journal")).content.decode()

    sequences = [int(n) for n in range(1, 8) if f'data-testid="entry-{n}"' in page]
    assert sequences == [1, 2, 3, 4, 5, 6, 7]
    assert page.index('data-testid="entry-6"') < page.index('data-testid="entry-7"')
    after = [row_texts(page, f"entry-{n}")["journal-after"] for n in range(1, 8)]
    assert after == [
        "$1,000.00",
        "$1,500.00",
        "$1,500.00",
        "$1,200.00",
        "$1,400.00",
        "$1,200.00",
        "$1,600.00",
    ]
    assert by_testid(page)["journal-balance"] == ["Journal balance: $1,600.00 · 7 entries"]


def test_a_date_range_shows_the_entries_effective_in_it_with_the_balance_of_all_before(
    client, crafted, billing_clerk
):
    client.force_login(billing_clerk)

    page = client.get(
        reverse("trust:journal"), {"date_from": "2026-11-04", "date_to": "2026-11-07"}
    ).content.decode()

    shown = [n for n in range(1, 8) if f'data-testid="entry-{n}"' in page]
    assert shown == [3, 4, 7]
    assert row_texts(page, "entry-4")["journal-after"] == "$1,200.00"
    assert row_texts(page, "entry-7")["journal-after"] == "$1,600.00"


def test_another_account_is_chosen_by_the_filter(client, crafted, billing_clerk):
    other = trust_account_make(clio_id=502)
    deposit(other, MatterFactory(display_number="00900-Other"), "75.00", on=date(2026, 11, 5))
    client.force_login(billing_clerk)

    default_page = client.get(reverse("trust:journal")).content.decode()
    other_page = client.get(reverse("trust:journal"), {"account": other.pk}).content.decode()

    assert "00900-Other" not in default_page
    assert "00900-Other" in other_page and "00101-Acme" not in other_page
    assert by_testid(other_page)["journal-balance"] == ["Journal balance: $75.00 · 1 entry"]


def test_the_journal_is_paginated_keeping_the_filters(client, account, billing_clerk):
    matter = MatterFactory()
    for day in range(JOURNAL_PAGE_SIZE + 2):
        deposit(account, matter, "1.00", on=date(2026, 1, 1).replace(day=1 + day % 28))
    client.force_login(billing_clerk)

    first = client.get(reverse("trust:journal"), {"account": account.pk}).content.decode()
    second = client.get(
        reverse("trust:journal"), {"account": account.pk, "page": 2}
    ).content.decode()

    assert f'data-testid="entry-{JOURNAL_PAGE_SIZE}"' in first
    assert f'data-testid="entry-{JOURNAL_PAGE_SIZE + 1}"' not in first
    assert f"account={account.pk}&page=2" in first
    assert row_texts(second, f"entry-{JOURNAL_PAGE_SIZE + 2}")["journal-after"] == (
        f"${JOURNAL_PAGE_SIZE + 2}.00"
    )


def test_without_a_trust_account_the_page_says_so(client, db, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:journal"))

    assert response.status_code == 200
    assert "no-accounts" in by_testid(response.content)
