import csv
import io

from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.factories import deposit


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_has_one_row_per_entry_with_the_ledger_figures(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:ledger-csv", args=[crafted.acme.pk]))

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="trust-ledger-00101-Acme-' in response["Content-Disposition"]
    rows = _rows(response)
    assert [row["sequence"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [(row["in"], row["out"], row["balance_after"]) for row in rows] == [
        ("1000.00", "", "1000.00"),
        ("500.00", "", "1500.00"),
        ("", "", "1500.00"),
        ("", "300.00", "1200.00"),
        ("200.00", "", "1400.00"),
        ("", "200.00", "1200.00"),
    ]
    assert rows[1]["cleared"] == "2026-11-06"
    assert (rows[3]["invoice"], rows[3]["posted_by"], rows[3]["kind"]) == (
        "R-2026-000101",
        "ada",
        "Earned-fee withdrawal",
    )
    assert (rows[4]["reversed_by_sequence"], rows[5]["reverses_sequence"]) == ("6", "5")
    assert (rows[0]["source"], rows[0]["source_ref"]) == ("LawPay transaction", "ch_1")


def test_a_cell_that_would_run_as_a_spreadsheet_formula_is_defused(client, account, billing_clerk):
    matter = MatterFactory(display_number="=HYPERLINK(1)")
    deposit(account, matter, "10.00", ref="@evil")
    client.force_login(billing_clerk)

    row = _rows(client.get(reverse("trust:ledger-csv", args=[matter.pk])))[0]

    assert (row["matter"], row["source_ref"]) == ("'=HYPERLINK(1)", "'@evil")


def test_another_attorneys_matter_is_a_404(client, crafted, attorney):
    client.force_login(attorney)

    assert client.get(reverse("trust:ledger-csv", args=[crafted.baker.pk])).status_code == 404
    assert client.get(reverse("trust:ledger-csv", args=[crafted.acme.pk])).status_code == 200
