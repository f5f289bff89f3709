"""Approving a draft that something blocks is refused with the reason and the fix, and no
invoice number is spent (one list of blockers, ``invoice_blockers``)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from billing.models import AttentionItem, Invoice, InvoiceNumberSequence
from billing.services.review import InvoiceBlocked, invoice_approve
from tests.billing.factories import MatterFactory, draft_with_lines


def blocked_draft() -> Invoice:
    return draft_with_lines(matter=MatterFactory(client__primary_email="not-an-email"))


def numbers_spent() -> int:
    return sum(InvoiceNumberSequence.objects.values_list("last_number", flat=True))


def test_the_service_refuses_with_each_blocker_and_spends_no_number(rules, billing_clerk):
    invoice = blocked_draft()

    with pytest.raises(InvoiceBlocked) as refused:
        invoice_approve(invoice=invoice, user=billing_clerk)

    assert [b.reason for b in refused.value.blockers] == [AttentionItem.Reason.MISSING_EMAIL]
    assert "Add the client's primary email address in Clio" in str(refused.value)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number, numbers_spent()) == (Invoice.Status.DRAFT, None, 0)


def test_the_page_disables_approve_and_says_why(client, rules, billing_clerk):
    invoice = blocked_draft()
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()

    assert "has no valid email address in Clio (not-an-email)" in html
    assert 'type="submit" disabled aria-describedby="approve-blocked">Approve' in html


def test_a_forced_post_from_the_page_is_refused_with_the_reason(client, rules, billing_clerk):
    invoice = blocked_draft()
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:approve", args=[invoice.pk]), follow=True)

    assert "cannot be approved yet" in response.content.decode()
    assert Invoice.objects.get(pk=invoice.pk).number is None


def test_the_api_answers_409_with_the_blockers(rules, billing_clerk):
    invoice = blocked_draft()
    api = APIClient()
    api.force_authenticate(billing_clerk)

    response = api.post(f"/api/v1/invoices/{invoice.pk}/approve/")

    assert response.status_code == 409
    [blocker] = response.json()["blockers"]
    assert blocker["reason"] == "missing_email"
    assert "primary email" in blocker["fix"]
    assert numbers_spent() == 0


def test_an_open_item_and_its_blocker_show_as_one_banner(client, rules, billing_clerk):
    invoice = blocked_draft()
    AttentionItem.objects.create(
        invoice=invoice,
        reason=AttentionItem.Reason.MISSING_EMAIL,
        detail="Delivery found no email",
        fix="Add it in Clio",
    )
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()

    assert "has no valid email address" in html
    assert "Delivery found no email" not in html


def test_bulk_approval_refuses_the_blocked_one_and_approves_the_rest(client, rules, billing_clerk):
    blocked, ready = blocked_draft(), draft_with_lines()
    client.force_login(billing_clerk)

    client.post(reverse("billing:bulk-approve"), {"invoice_ids": [blocked.pk, ready.pk]})

    statuses = dict(Invoice.objects.values_list("pk", "status"))
    assert statuses == {blocked.pk: Invoice.Status.DRAFT, ready.pk: Invoice.Status.APPROVED}
    assert numbers_spent() == 1
