"""One query per source, however long the story: 2 of everything cost what 6 of everything do."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations.timeline import KINDS, matter_timeline
from tests.integrations.timeline.busy_matter import busy_matter


def _queries(user, clio_id: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        entries = matter_timeline(user=user, clio_id=clio_id).entries
    return len(queries), len(entries)


def test_six_of_everything_cost_the_queries_of_two(db, billing_clerk):
    small, large = busy_matter(2), busy_matter(6)
    billing_clerk.has_perm("billing.view_all_invoices")  # the user's permissions, read once

    small_queries, small_entries = _queries(billing_clerk, small.clio_id)
    large_queries, large_entries = _queries(billing_clerk, large.clio_id)

    assert large_entries == 3 * small_entries
    kinds = {e.kind for e in matter_timeline(user=billing_clerk, clio_id=large.clio_id).entries}
    assert kinds == set(KINDS)
    assert large_queries == small_queries <= 16  # 2 of them: the invoices' history records


def test_the_page_and_the_api_cost_the_same_for_any_length(db, billing_clerk, client):
    small, large = busy_matter(2), busy_matter(6)
    client.force_login(billing_clerk)
    counts = []
    for matter in (small, large):
        for name in ("integrations:matter-timeline", "api-matter-timeline"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name, args=[matter.clio_id]))
            assert response.status_code == 200, response.content[:300]
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
