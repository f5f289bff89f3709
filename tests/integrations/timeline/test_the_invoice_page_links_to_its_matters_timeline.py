"""The invoice page links to its matter's timeline."""

import pytest
from django.urls import reverse

from tests.billing.factories import draft_with_lines

pytestmark = pytest.mark.django_db


def test_the_invoice_page_has_a_timeline_link(client, billing_clerk):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    page = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()

    timeline = reverse("integrations:matter-timeline", args=[invoice.matter.clio_id])
    assert f'href="{timeline}" data-testid="timeline"' in page
