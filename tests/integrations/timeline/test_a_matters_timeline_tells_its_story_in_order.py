"""Draft → approved → sent → $300 → $575: the matter's timeline has each step once, in order,
each Remit step at the moment it happened, every entry but Clio's naming the invoice."""

from integrations.models import InboundEvent
from integrations.timeline import matter_timeline
from tests.integrations.timeline.story import matter_taken_to_paid


def test_each_step_is_on_the_timeline_once_and_in_order(world, billing_clerk):
    story = matter_taken_to_paid(world, clerk=billing_clerk)
    number = story.invoice.number
    expected = [
        ("clio", "Clio matter 1001 created"),
        ("invoice", f"Draft #{story.invoice.pk} drafted"),
        ("invoice", f"Invoice {number} approved"),
        ("outbox", "Remit recorded invoice.deliver"),
        ("invoice", f"Invoice {number} sent"),
        ("payment", "Payment of $300.00 received"),
        ("payment", "Payment of $575.00 received"),
        ("invoice", f"Invoice {number} paid"),
    ]

    entries = matter_timeline(user=billing_clerk, clio_id=1001).entries

    shown = [(e.kind, e.title) for e in entries]
    assert [s for s in shown if s in expected] == expected
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    at = {e.title: e.at for e in entries}
    assert at[f"Draft #{story.invoice.pk} drafted"] == story.drafted_at
    assert at[f"Invoice {number} approved"] == story.approved_at
    assert at[f"Invoice {number} sent"] == story.sent_at
    assert all(e.invoice_number == number for e in entries if e.kind != "clio")


def test_every_lawpay_event_of_the_matter_is_there_and_no_other_matters_clio_event(
    world, billing_clerk
):
    matter_taken_to_paid(world, clerk=billing_clerk)

    entries = matter_timeline(user=billing_clerk, clio_id=1001).entries

    lawpay = [e for e in entries if e.kind == "lawpay"]
    assert len(lawpay) == InboundEvent.objects.filter(source="lawpay").count() == 4
    assert sum("$300.00" in e.detail for e in lawpay) == sum("$575.00" in e.detail for e in lawpay)
    assert [e.title for e in entries if e.kind == "clio"] == ["Clio matter 1001 created"]
    assert "Remit recorded clio.billing_status.set" in {e.title for e in entries}


def test_newest_first_is_the_same_story_backwards(world, billing_clerk):
    matter_taken_to_paid(world, clerk=billing_clerk)

    oldest_first = matter_timeline(user=billing_clerk, clio_id=1001).entries
    newest_first = matter_timeline(user=billing_clerk, clio_id=1001, newest_first=True).entries

    assert newest_first == oldest_first[::-1]
