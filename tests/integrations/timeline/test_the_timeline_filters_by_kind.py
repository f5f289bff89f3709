"""``?kind=`` keeps one kind of entry, in the same order; an unknown kind is refused."""

import pytest
from django.urls import reverse

from integrations.timeline import KINDS, matter_timeline
from tests.integrations.timeline.story import matter_taken_to_paid


def test_each_kind_is_its_share_of_the_whole_timeline(world, billing_clerk):
    matter_taken_to_paid(world, clerk=billing_clerk)
    everything = matter_timeline(user=billing_clerk, clio_id=1001).entries

    for kind in KINDS:
        only = matter_timeline(user=billing_clerk, clio_id=1001, kind=kind).entries
        assert only == [e for e in everything if e.kind == kind], kind
    assert {e.kind for e in everything} >= {"clio", "lawpay", "invoice", "payment", "outbox"}


def test_the_page_and_the_api_filter_the_same_way(world, billing_clerk, client):
    matter_taken_to_paid(world, clerk=billing_clerk)
    client.force_login(billing_clerk)

    page = client.get(reverse("integrations:matter-timeline", args=[1001]), {"kind": "payment"})
    api = client.get(reverse("api-matter-timeline", args=[1001]), {"kind": "payment"})

    assert page.status_code == 200
    assert page.content.decode().count('data-kind="payment"') == 2
    assert 'data-kind="invoice"' not in page.content.decode()
    assert [e["title"] for e in api.json()["results"]] == [
        "Payment of $300.00 received",
        "Payment of $575.00 received",
    ]


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(billing_clerk, client):
    client.force_login(billing_clerk)

    api = client.get(reverse("api-matter-timeline", args=[1001]), {"kind": "gossip"})

    assert api.status_code == 400
    with pytest.raises(ValueError, match="gossip"):
        matter_timeline(user=billing_clerk, clio_id=1001, kind="gossip")
