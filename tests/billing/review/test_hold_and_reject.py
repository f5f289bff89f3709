from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import activities_approved
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory, draft_with_lines


def test_holding_a_draft_needs_a_reason(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    refused = client.post(reverse("billing:hold", args=[invoice.pk]), {"reason": ""})
    held = client.post(
        reverse("billing:hold", args=[invoice.pk]), {"reason": "Client disputes rate"}
    )

    assert refused.status_code == held.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.status, invoice.hold_reason) == (
        Invoice.Status.ON_HOLD,
        "Client disputes rate",
    )


def test_a_held_draft_can_be_resumed(client, billing_clerk, rules):
    invoice = draft_with_lines(status=Invoice.Status.ON_HOLD, hold_reason="Wait")
    client.force_login(billing_clerk)

    client.post(reverse("billing:resume", args=[invoice.pk]))

    invoice.refresh_from_db()
    assert (invoice.status, invoice.hold_reason) == (Invoice.Status.DRAFT, "")


def test_rejecting_returns_the_entries_to_the_pool_and_uses_no_number(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:reject", args=[invoice.pk]),
        {"reason": "Billed by hand in Clio"},
        HTTP_HX_REQUEST="true",
    )

    assert "Rejected: Billed by hand in Clio" in response.content.decode()
    invoice.refresh_from_db()
    assert (invoice.status, invoice.live, invoice.number) == (
        Invoice.Status.REJECTED,
        False,
        None,
    )
    assert not invoice.lines.filter(live=True).exists()
    assert activities_approved(rules=rules, now=timezone.now()).count() == 2


def test_a_rejection_needs_a_reason(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    client.post(reverse("billing:reject", args=[invoice.pk]), {"reason": "  "})

    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


def test_a_rejected_period_does_not_draft_again_by_itself(client, billing_clerk, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    client.force_login(billing_clerk)
    client.post(reverse("billing:reject", args=[invoice.pk]), {"reason": "Not yet"})

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
