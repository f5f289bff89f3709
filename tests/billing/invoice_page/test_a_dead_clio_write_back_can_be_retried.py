"""Every Clio write-back of the invoice with its Clio id or its failure; a dead one has a Retry
for those who may replay deliveries, and retrying puts it back in the queue."""

from django.urls import reverse
from django.utils import timezone

from integrations.models import OutboxMessage
from tests.billing.invoice_page.conftest import history, outbox_row

Status = OutboxMessage.Status


def _dead_note(invoice):
    return outbox_row(
        invoice,
        "clio.note.create",
        status=Status.DEAD,
        attempts=8,
        last_error="ClioError: 503 Service Unavailable",
        payload={"clio_matter_id": invoice.matter.clio_id, "subject": "Remit: invoice sent"},
    )


def _retry(client, invoice, message, **headers):
    url = reverse("integrations:invoice-history-retry", args=[invoice.pk, message.pk])
    return client.post(url, **headers)


def test_write_backs_show_their_clio_id_or_their_failure(client, billing_clerk, sent):
    outbox_row(
        sent,
        "clio.communication.create",
        status=Status.SENT,
        sent_at=timezone.now(),
        result={"communication_id": 4242},
    )
    _dead_note(sent)
    client.force_login(billing_clerk)

    html = history(client, sent)

    assert "Email logged (communication)" in html
    assert "Clio communication 4242" in html
    assert "Dead letter after 8 attempts" in html
    assert "503 Service Unavailable" in html
    # Billing staff may not replay deliveries: no button.
    assert 'data-testid="retry"' not in html


def test_an_admin_retries_a_dead_write_back_and_it_is_queued_again(client, firm_admin, sent):
    dead = _dead_note(sent)
    client.force_login(firm_admin)
    assert 'data-testid="retry"' in history(client, sent)

    response = _retry(client, sent, dead, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Matter note queued again." in response.content.decode()
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (Status.PENDING, 0)


def test_a_plain_post_retries_and_returns_to_the_invoice(client, firm_admin, sent):
    dead = _dead_note(sent)
    client.force_login(firm_admin)

    response = _retry(client, sent, dead)

    assert response["Location"] == reverse("billing:invoice", args=[sent.pk])
    dead.refresh_from_db()
    assert dead.status == Status.PENDING


def test_retrying_a_delivered_write_back_is_refused_and_changes_nothing(client, firm_admin, sent):
    delivered = outbox_row(
        sent, "clio.note.create", status=Status.SENT, sent_at=timezone.now(),
        result={"note_id": 77},
    )  # fmt: skip
    client.force_login(firm_admin)

    response = _retry(client, sent, delivered, HTTP_HX_REQUEST="true")

    assert "Matter note is sent, not dead: there is nothing to retry." in response.content.decode()
    delivered.refresh_from_db()
    assert (delivered.status, delivered.result) == (Status.SENT, {"note_id": 77})


def test_a_row_of_another_invoice_is_not_retried_through_this_one(client, firm_admin, sent):
    from tests.billing.invoice_page.conftest import invoice_sent

    other = invoice_sent()
    dead = _dead_note(other)
    client.force_login(firm_admin)

    assert _retry(client, sent, dead).status_code == 404
    dead.refresh_from_db()
    assert dead.status == Status.DEAD


def test_billing_staff_may_not_retry(client, billing_clerk, sent):
    dead = _dead_note(sent)
    client.force_login(billing_clerk)

    assert _retry(client, sent, dead).status_code == 403
    dead.refresh_from_db()
    assert dead.status == Status.DEAD
