"""Voiding an unpaid invoice with a reason: the reason is in its history, Clio is told, and no
reminder follows; a paid one, or one without a reason, is refused and nothing changes."""

from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice
from integrations.models import OutboxMessage
from reminders.models import ReminderRun
from tests.billing.invoice_page.conftest import history, page, payment_of
from tests.reminders.sequence import day_of_sequence, invoice_sent_here, scan_at


def _void(client, invoice, reason, **headers):
    return client.post(
        reverse("billing:invoice-void", args=[invoice.pk]), {"reason": reason}, **headers
    )


def _state(invoice):
    """What a refused void must leave as it was."""
    return (
        Invoice.objects.filter(pk=invoice.pk).values_list("status", "live").get(),
        Invoice.history.filter(id=invoice.pk).count(),
        OutboxMessage.objects.count(),
        list(invoice.lines.values_list("live", flat=True)),
    )


def test_a_void_with_a_reason_is_in_the_history_and_clio_is_told(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    response = _void(client, sent, "Billed to the wrong client", HTTP_HX_REQUEST="true")

    assert "is void" in response.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.live) == (Invoice.Status.VOID, False)
    assert not sent.lines.filter(live=True).exists()
    latest = Invoice.history.filter(id=sent.pk).latest("history_date")
    assert latest.history_change_reason == "Voided: Billed to the wrong client"
    assert latest.history_user == billing_clerk
    html = history(client, sent)
    assert "Voided" in html and "Billed to the wrong client" in html
    kinds = OutboxMessage.objects.filter(aggregate=f"invoice:{sent.pk}").values_list(
        "kind", "payload"
    )
    assert ("clio.billing_status.set", {"clio_matter_id": sent.matter.clio_id,
            "value": "Invoice Void"}) in kinds  # fmt: skip
    assert any(k == "clio.note.create" and "voided" in p["subject"] for k, p in kinds)
    # A void invoice offers nothing more to do.
    html = page(client, sent)
    assert "Resend invoice email" not in html and "Copy payment link" not in html


def test_a_void_invoice_gets_no_reminder(client, billing_clerk, rules):
    invoice = invoice_sent_here()
    client.force_login(billing_clerk)
    _void(client, invoice, "Sent in error")

    scan_at(day_of_sequence(7), drain=False)

    assert not OutboxMessage.objects.filter(kind="reminder.deliver").exists()
    assert ReminderRun.objects.get(invoice=invoice).reason == ReminderRun.Reason.VOID


def test_a_paid_invoice_is_not_voided(client, billing_clerk, sent):
    payment_of(sent, "100.00", "txn_part")
    before = _state(sent)
    client.force_login(billing_clerk)

    response = _void(client, sent, "Client changed their mind", HTTP_HX_REQUEST="true")

    assert "cannot be voided" in response.content.decode()
    assert "Refund the payment in LawPay first" in response.content.decode()
    assert _state(sent) == before


def test_an_invoice_with_trust_applied_is_not_voided(client, billing_clerk, sent):
    Invoice.objects.filter(pk=sent.pk).update(trust_applied=Decimal("100.00"))
    before = _state(sent)
    client.force_login(billing_clerk)

    response = _void(client, sent, "Wrong matter")

    assert response.status_code == 302
    assert _state(sent) == before


def test_a_void_needs_a_reason(client, billing_clerk, sent):
    before = _state(sent)
    client.force_login(billing_clerk)

    response = _void(client, sent, "   ", HTTP_HX_REQUEST="true")

    assert "Say why the invoice is void." in response.content.decode()
    assert _state(sent) == before


def test_a_draft_is_rejected_not_voided(client, billing_clerk, rules):
    from tests.billing.factories import draft_with_lines

    draft = draft_with_lines()
    before = _state(draft)
    client.force_login(billing_clerk)

    response = _void(client, draft, "Not needed", HTTP_HX_REQUEST="true")

    assert "reject it instead" in response.content.decode()
    assert _state(draft) == before


def test_an_attorney_may_not_void(client, attorney, sent):
    before = _state(sent)
    client.force_login(attorney)

    assert _void(client, sent, "Mine to void?").status_code == 403
    assert _state(sent) == before
