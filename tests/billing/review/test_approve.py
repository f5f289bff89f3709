from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import AttentionItem, BillingRules, Invoice, Matter
from billing.services.delivery import invoice_deliveries_due
from billing.services.review import invoice_approve
from billing.services.rules import billing_rules_update
from integrations.models import OutboxMessage
from tests.billing.factories import ClioUserFactory, MatterFactory, draft_with_lines


def test_approving_a_draft_numbers_it_and_redirects_to_it(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:approve", args=[invoice.pk]))

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    assert invoice.number.startswith("R-")
    assert invoice.approved_by == billing_clerk
    assert invoice.due_date is not None


def test_approving_from_the_queue_with_htmx_swaps_the_row(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:approve", args=[invoice.pk]), {"from": "queue"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr data-invoice="{invoice.pk}"')
    assert "Approved" in html
    assert Invoice.objects.get(pk=invoice.pk).number in html


def test_approving_from_the_detail_page_with_htmx_swaps_the_panel(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:approve", args=[invoice.pk]), HTTP_HX_REQUEST="true")

    assert response.content.decode().lstrip().startswith('<section id="invoice-panel"')


def test_the_approval_is_recorded_with_who_and_when(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    client.post(reverse("billing:approve", args=[invoice.pk]))

    latest = Invoice.history.filter(id=invoice.pk).latest("history_date")
    assert (latest.status, latest.history_user) == (Invoice.Status.APPROVED, billing_clerk)


def test_approval_notes_the_number_in_clio_and_starts_delivery(
    client, billing_clerk, rules, deliveries
):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    client.post(reverse("billing:approve", args=[invoice.pk]))

    invoice.refresh_from_db()
    note = OutboxMessage.objects.get(dedupe_key=f"billing:invoice:{invoice.pk}:approved")
    assert invoice.number in note.payload["subject"]
    assert deliveries == [invoice.pk]


def test_approval_waits_for_the_send_date_when_the_rules_say_so(
    client, billing_clerk, rules, deliveries
):
    billing_rules_update(
        changes={"send_mode": BillingRules.SendMode.ON_SEND_DATE, "send_day_of_month": 5}
    )
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    client.post(reverse("billing:approve", args=[invoice.pk]))

    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.APPROVED
    assert deliveries == []


def test_a_draft_on_a_closed_matter_cannot_be_approved(client, billing_clerk, rules):
    invoice = draft_with_lines(matter=MatterFactory(status=Matter.Status.CLOSED))
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:approve", args=[invoice.pk]), {"from": "queue"}, HTTP_HX_REQUEST="true"
    )

    assert "closed" in response.content.decode()
    assert Invoice.objects.get(pk=invoice.pk).number is None


def test_an_attorney_cannot_approve_even_on_their_own_matter(client, attorney, rules):
    matter = MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    invoice = draft_with_lines(matter=matter)
    client.force_login(attorney)

    response = client.post(reverse("billing:approve", args=[invoice.pk]))

    assert response.status_code == 403
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


def test_an_attorney_granted_review_can_approve_their_own_matter(client, attorney, rules):
    attorney.user_permissions.add(Permission.objects.get(codename="review_invoices"))
    matter = MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    invoice = draft_with_lines(matter=matter)
    client.force_login(attorney)

    client.post(reverse("billing:approve", args=[invoice.pk]))

    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.APPROVED


def test_anonymous_users_cannot_approve(client, rules):
    invoice = draft_with_lines()

    response = client.post(reverse("billing:approve", args=[invoice.pk]))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


@pytest.mark.parametrize("method", ["get", "put"])
def test_approval_only_answers_posts(client, billing_clerk, rules, method):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = getattr(client, method)(reverse("billing:approve", args=[invoice.pk]))

    assert response.status_code == 405


def test_bulk_approve_approves_the_selected_drafts_and_reports_refusals(
    client, billing_clerk, rules
):
    first, second = draft_with_lines(), draft_with_lines()
    closed = draft_with_lines(matter=MatterFactory(status=Matter.Status.CLOSED))
    untouched = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:bulk-approve"),
        {"invoice_ids": [first.pk, second.pk, closed.pk]},
        follow=True,
    )

    statuses = dict(Invoice.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Invoice.Status.APPROVED
    assert statuses[closed.pk] == statuses[untouched.pk] == Invoice.Status.DRAFT
    page = response.content.decode()
    assert "Approved 2" in page
    assert f"Draft #{closed.pk} not approved" in page


def test_delivery_checks_again_at_send_time_and_waits_with_the_reason(
    billing_clerk, rules, monkeypatch
):
    monkeypatch.undo()  # the real invoice_delivery_start, not the recorder
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kwargs: None)
    billing_rules_update(
        changes={"send_mode": BillingRules.SendMode.ON_SEND_DATE, "send_day_of_month": 28}
    )
    invoice = draft_with_lines()
    with time_machine.travel(datetime(2027, 3, 2, 15, tzinfo=UTC), tick=False):
        invoice_approve(invoice=invoice, user=billing_clerk)
    client = invoice.matter.client
    client.primary_email = ""  # removed in Clio after approval
    client.save()

    with time_machine.travel(datetime(2027, 3, 28, 15, tzinfo=UTC), tick=False):
        invoice_deliveries_due()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    assert invoice.attention_items.filter(reason=AttentionItem.Reason.MISSING_EMAIL).exists()
    assert not OutboxMessage.objects.filter(kind="invoice.deliver").exists()
