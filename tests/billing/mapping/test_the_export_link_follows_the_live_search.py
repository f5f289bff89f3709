"""The mappings page's live search redraws the table and, with it, the export link."""

import csv
import io
import re
from html import unescape

from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen


def _export_href(html: str) -> str:
    [href] = re.findall(r'data-testid="mappings-csv" href="([^"]+)"', html)
    return unescape(href)


def test_the_redrawn_table_exports_what_the_search_shows(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    table = admin_client.get(
        reverse("integrations:mappings"), {"q": "Garcia"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    exported = admin_client.get(_export_href(table)).content.decode()

    assert "00001-Smith" not in table
    assert [row["reference"] for row in csv.DictReader(io.StringIO(exported))] == ["00002-Garcia"]


def test_without_a_search_the_link_exports_every_mapping(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    page = admin_client.get(reverse("integrations:mappings")).content.decode()
    exported = admin_client.get(_export_href(page)).content.decode()

    assert len(list(csv.DictReader(io.StringIO(exported)))) == 2
