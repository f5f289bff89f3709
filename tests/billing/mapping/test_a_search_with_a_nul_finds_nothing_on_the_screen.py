"""The mappings screen and its CSV export find nothing for a search with a NUL character (no
text holds one), instead of PostgreSQL's error answered as 500."""

import csv
import io

from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen


def test_the_screen_lists_no_mapping(admin_client):
    matter_seen(1001, "00001-Smith")

    response = admin_client.get(reverse("integrations:mappings"), {"q": "Smith\x00"})

    assert response.status_code == 200
    assert "data-clio-matter-id=" not in response.content.decode()


def test_the_export_has_no_row(admin_client):
    matter_seen(1001, "00001-Smith")

    response = admin_client.get(reverse("integrations:mappings-export"), {"q": "\x00"})

    assert response.status_code == 200
    assert list(csv.DictReader(io.StringIO(response.content.decode()))) == []
