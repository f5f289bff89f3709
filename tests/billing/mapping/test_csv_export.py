"""Mappings export to CSV in the import's format."""

import csv
import io

from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen


def test_the_export_has_one_row_per_mapping(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    response = admin_client.get(reverse("integrations:mappings-export"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["clio_matter_id"], r["reference"], r["status"]) for r in rows] == [
        ("1001", "00001-Smith", "ok"),
        ("1002", "00002-Garcia", "ok"),
    ]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(admin_client):
    matter_seen(1001, "=HYPERLINK(evil)")

    body = admin_client.get(reverse("integrations:mappings-export")).content.decode()

    assert "'=HYPERLINK(evil)" in body
