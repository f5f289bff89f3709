import csv
import io

from django.urls import reverse


def test_the_csv_holds_the_filtered_entries_with_the_journal_balance_after_each(
    client, crafted, billing_clerk
):
    client.force_login(billing_clerk)

    response = client.get(
        reverse("trust:journal-csv"),
        {"account": crafted.account.pk, "date_from": "2026-11-04", "date_to": "2026-11-07"},
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [
        (row["sequence"], row["matter"], row["kind"], row["journal_balance_after"]) for row in rows
    ] == [
        ("3", "00101-Acme", "Funds cleared", "1500.00"),
        ("4", "00101-Acme", "Earned-fee withdrawal", "1200.00"),
        ("7", "00102-Baker", "Deposit", "1600.00"),
    ]
    assert rows[2]["cleared"] == "uncleared"
    assert rows[2]["matter_balance_after"] == "400.00"


def test_bad_filters_get_a_400_and_no_file(client, crafted, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:journal-csv"), {"date_from": "yesterday"})

    assert response.status_code == 400
    assert "Effective from" in response.content.decode()
