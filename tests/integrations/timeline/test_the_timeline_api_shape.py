"""``GET /api/v1/matters/{clio_id}/timeline/``: pages of 100 entries, oldest first, each with
its time, kind, title, detail, invoice and raw payload link."""

import pytest
from django.urls import reverse

from tests.integrations.timeline.busy_matter import busy_matter

pytestmark = pytest.mark.django_db


def test_an_entry_says_when_what_which_invoice_and_where_its_payload_is(client, billing_clerk):
    matter = busy_matter(1)
    client.force_login(billing_clerk)

    body = client.get(reverse("api-matter-timeline", args=[matter.clio_id])).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) > 0
    assert set(body["results"][0]) == {
        "at", "kind", "title", "detail", "invoice_id", "invoice_number", "raw_url",
    }  # fmt: skip
    invoice_id = matter.invoices.get().pk
    assert {e["invoice_id"] for e in body["results"] if e["kind"] not in {"clio", "trust"}} == {
        invoice_id
    }
    ats = [e["at"] for e in body["results"]]
    assert ats == sorted(ats)


def test_long_timelines_come_in_pages_of_100_newest_first_on_request(client, billing_clerk):
    matter = busy_matter(15)  # 8 entries each: over 100
    client.force_login(billing_clerk)
    url = reverse("api-matter-timeline", args=[matter.clio_id])

    first = client.get(url, {"order": "desc"}).json()
    second = client.get(first["next"]).json()

    assert first["count"] > 100
    assert len(first["results"]) == 100
    assert len(second["results"]) == first["count"] - 100
    ats = [e["at"] for e in first["results"] + second["results"]]
    assert ats == sorted(ats, reverse=True)
