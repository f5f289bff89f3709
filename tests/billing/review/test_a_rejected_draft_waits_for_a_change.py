"""A rejected draft's entries are not drafted again by themselves (PRODUCT.md §3.1).

They come back when new approved time arrives on the matter, when one of them is edited in
Clio, or when a person presses "Draft again". Each behaviour is shown at moments where date
arithmetic goes wrong: the 1st (the calendar rule's billing date), the last day of a month,
New Year's Eve late in the evening (already 1 January in UTC), 29 February and both of the
firm's daylight-saving changes.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_evaluate_due
from billing.services.review import InvoiceTransitionError, invoice_draft_again, invoice_reject
from tests.billing.factories import ActivityFactory, MatterFactory

FIRM = ZoneInfo("America/New_York")
MOMENTS = {
    "the 1st of a month": datetime(2027, 3, 1, 9, 0, tzinfo=FIRM),
    "the last day of February": datetime(2027, 2, 28, 16, 0, tzinfo=FIRM),
    "New Year's Eve at night": datetime(2026, 12, 31, 22, 30, tzinfo=FIRM),
    "29 February": datetime(2028, 2, 29, 12, 0, tzinfo=FIRM),
    "the spring DST change": datetime(2027, 3, 14, 3, 30, tzinfo=FIRM),
    "the autumn DST change": datetime(2027, 11, 7, 1, 30, tzinfo=FIRM),
}


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def clock(request):
    with time_machine.travel(MOMENTS[request.param], tick=False) as traveller:
        yield traveller


def rejected_draft(billing_clerk):
    """A matter whose two entries ($600, over the $500 threshold) were drafted and rejected."""
    matter = MatterFactory()
    entries = [ActivityFactory(matter=matter, hours=Decimal("1.0")) for _ in range(2)]
    draft = matter_billing_evaluate(matter=matter, now=timezone.now())
    assert draft is not None
    invoice_reject(invoice=draft, user=billing_clerk, reason="Client asked to wait")
    return matter, entries, draft


def drafts_of(matter) -> list[Invoice]:
    return list(Invoice.objects.filter(matter=matter, live=True))


def test_a_rejected_draft_does_not_come_back_a_minute_a_day_or_a_month_later(
    clock, rules, billing_clerk
):
    matter, _, _ = rejected_draft(billing_clerk)

    for step in (timedelta(minutes=1), timedelta(days=1), timedelta(days=40)):
        clock.shift(step)
        summary = billing_evaluate_due(now=timezone.now())
        assert summary.drafts_created == 0, f"drafted again after {step}"

    assert drafts_of(matter) == []


def test_new_approved_time_brings_the_rejected_entries_back_with_it(clock, rules, billing_clerk):
    matter, entries, _ = rejected_draft(billing_clerk)
    clock.shift(timedelta(hours=2))
    new = ActivityFactory(matter=matter, hours=Decimal("0.5"))

    billing_evaluate_due(now=timezone.now())

    [draft] = drafts_of(matter)
    assert set(draft.lines.values_list("activity", flat=True)) == {e.pk for e in [*entries, new]}
    assert draft.total == Decimal("750.00")


def test_an_entry_edited_in_clio_reopens_the_rejected_entries(clock, rules, billing_clerk):
    matter, entries, _ = rejected_draft(billing_clerk)
    clock.shift(timedelta(hours=1))
    entries[0].description = "Corrected narrative"
    entries[0].content_changed_at = timezone.now()
    entries[0].save()

    clock.shift(timedelta(minutes=5))
    assert billing_evaluate_due(now=timezone.now()).drafts_created == 0  # still being edited
    clock.shift(timedelta(minutes=15))
    billing_evaluate_due(now=timezone.now())

    [draft] = drafts_of(matter)
    assert draft.lines.count() == 2


def test_draft_again_drafts_the_rejected_entries_at_once_and_only_once(
    clock, rules, billing_clerk, client
):
    matter, _entries, rejected = rejected_draft(billing_clerk)
    client.force_login(billing_clerk)

    first = client.post(reverse("billing:draft-again", args=[rejected.pk]))
    second = client.post(reverse("billing:draft-again", args=[rejected.pk]), follow=True)

    [draft] = drafts_of(matter)
    assert first.status_code == 302 and first["Location"] == reverse(
        "billing:invoice", args=[draft.pk]
    )
    assert (draft.trigger, draft.status, draft.total) == (
        Invoice.Trigger.MANUAL,
        Invoice.Status.DRAFT,
        Decimal("600.00"),
    )
    assert f"drafted again already, as draft #{draft.pk}" in second.content.decode()


def test_draft_again_is_refused_for_an_invoice_that_was_not_rejected(clock, rules, billing_clerk):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    draft = matter_billing_evaluate(matter=matter, now=timezone.now())

    with pytest.raises(InvoiceTransitionError, match="Only a rejected invoice"):
        invoice_draft_again(invoice=draft, user=billing_clerk)

    assert drafts_of(matter) == [draft]


def test_draft_again_through_the_api_answers_the_new_draft(clock, rules, billing_clerk):
    from rest_framework.test import APIClient

    matter, _, rejected = rejected_draft(billing_clerk)
    api = APIClient()
    api.force_authenticate(billing_clerk)
    url = f"/api/v1/invoices/{rejected.pk}/draft-again/"

    created = api.post(url)
    again = api.post(url)

    [draft] = drafts_of(matter)
    assert (created.status_code, created.json()["id"], created.json()["trigger"]) == (
        201,
        draft.pk,
        "manual",
    )
    assert again.status_code == 409
    assert "drafted again already" in again.json()["detail"]


def test_the_review_page_explains_what_brings_rejected_entries_back(client, billing_clerk, rules):
    client.force_login(billing_clerk)

    help_text = client.get(reverse("billing:review")).content.decode()

    assert "not drafted again by themselves" in help_text
    assert "Draft again" in help_text


def test_draft_again_names_the_draft_that_took_the_entries(clock, rules, billing_clerk, client):
    matter, _entries, rejected = rejected_draft(billing_clerk)
    clock.shift(timedelta(hours=2))
    ActivityFactory(matter=matter, hours=Decimal("0.5"))
    billing_evaluate_due(now=timezone.now())
    [newer] = drafts_of(matter)

    with pytest.raises(InvoiceTransitionError, match=f"They are on {newer} now"):
        invoice_draft_again(invoice=rejected, user=billing_clerk)


def test_a_rejected_invoice_still_shows_the_lines_it_had(clock, rules, billing_clerk, client):
    _matter, entries, rejected = rejected_draft(billing_clerk)
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoice", args=[rejected.pk])).content.decode()

    assert all(entry.description in html for entry in entries)
    assert "Amount due" not in html
