from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.screens.page import by_testid, row_texts


def _ledger(client, crafted, user):
    client.force_login(user)
    return client.get(reverse("trust:ledger", args=[crafted.acme.pk])).content.decode()


def test_entries_come_in_order_with_money_in_and_out_and_the_figures_after(
    client, crafted, billing_clerk
):
    page = _ledger(client, crafted, billing_clerk)

    rows = [row_texts(page, f"entry-{n}") for n in range(1, 7)]
    assert [(r["in"], r["out"], r["balance-after"], r["available-after"]) for r in rows] == [
        ("$1,000.00", "", "$1,000.00", "$1,000.00"),
        ("$500.00", "", "$1,500.00", "$1,000.00"),
        ("", "", "$1,500.00", "$1,500.00"),
        ("", "$300.00", "$1,200.00", "$1,200.00"),
        ("$200.00", "", "$1,400.00", "$1,400.00"),
        ("", "$200.00", "$1,200.00", "$1,200.00"),
    ]
    assert page.index('data-testid="entry-1"') < page.index('data-testid="entry-6"')
    assert 'data-testid="entry-7"' not in page  # Baker's deposit is on Baker's ledger


def test_a_deposit_shows_the_day_it_cleared_by_a_later_clearance(client, crafted, billing_clerk):
    page = _ledger(client, crafted, billing_clerk)

    assert row_texts(page, "entry-1")["cleared"] == "2026-11-02"  # cleared on arrival
    assert row_texts(page, "entry-2")["cleared"] == "2026-11-06"  # by clearance #3


def test_an_uncleared_deposit_says_so(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:ledger", args=[crafted.baker.pk])).content.decode()

    assert row_texts(page, "entry-7")["cleared"] == "uncleared"
    assert by_testid(page)["uncleared"] == ["$400.00"]


def test_a_reversed_entry_is_marked_and_its_reversal_links_to_it(client, crafted, billing_clerk):
    page = _ledger(client, crafted, billing_clerk)

    assert row_texts(page, "entry-5")["reversed"] == "reversed"
    assert row_texts(page, "entry-6")["reverses"] == "#5"
    assert f'href="#entry-{crafted.mistaken.pk}"' in page
    assert "reversed" not in row_texts(page, "entry-1")


def test_the_source_invoice_and_who_posted_are_shown(client, crafted, billing_clerk):
    page = _ledger(client, crafted, billing_clerk)

    withdrawal = page.split('data-testid="entry-4"', 1)[1].split("</tr>", 1)[0]
    assert "Invoice" in withdrawal and "ada" in withdrawal
    assert f'href="{reverse("billing:invoice", args=[crafted.invoice.pk])}"' in withdrawal
    assert "R-2026-000101" in withdrawal
    deposit = page.split('data-testid="entry-1"', 1)[1].split("</tr>", 1)[0]
    assert "LawPay transaction" in deposit and "ch_1" in deposit and "Remit" in deposit
    reversal = page.split('data-testid="entry-6"', 1)[1].split("</tr>", 1)[0]
    assert "bill" in reversal and "Charge disputed" in reversal


def test_the_matter_summary_puts_clios_figure_beside_remits(client, crafted, billing_clerk):
    found = by_testid(_ledger(client, crafted, billing_clerk))

    assert (found["balance"], found["available"], found["uncleared"]) == (
        ["$1,200.00"],
        ["$1,200.00"],
        ["$0.00"],
    )
    assert found["differs"] == ["Clio − Remit $50.00"]


def test_a_matter_without_trust_money_says_so(client, account, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:ledger", args=[MatterFactory().pk]))

    assert response.status_code == 200
    assert "no-ledger" in by_testid(response.content)


def test_an_unknown_matter_is_a_404(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    assert client.get(reverse("trust:ledger", args=[10**12])).status_code == 404
    assert client.get("/trust/matters/abc/").status_code == 404
