"""An admin's two fixes, in the browser: a matter renamed in Clio puts its mapping in conflict
(payments stop matching it) and the admin follows the new display number; LawPay was
unreachable while a payment's events were processed, so they died, and once it is back the
admin replays them from the health page and the invoice is paid."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Invoice, MatterMapping
from billing.services.review import invoice_approve
from integrations.clio.sync import clio_record_upsert
from integrations.inbound.processing import inbound_event_process
from integrations.lawpay.connection import lawpay_client
from integrations.models import InboundEvent, LawPayConnection
from tests.billing.sandbox_world import outbox_drain
from tests.e2e.conftest import log_in
from tests.e2e.journeys import draft_for_a_client_with_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin(page, live_server, firm):
    UserFactory(username="ada", role="Admin")
    log_in(page, live_server, "ada", "correct horse battery staple")
    return page


def test_the_admin_follows_a_renamed_display_number(admin, live_server, firm):
    page = admin
    mapping = MatterMapping.objects.select_related("matter").order_by("pk").first()
    renamed = f"{mapping.display_number}-Jones"
    # The Clio sync delivers the matter with its new display number (a newer version).
    clio_record_upsert(
        model="matter",
        data={
            "id": mapping.clio_matter_id,
            "etag": '"renamed"',
            "display_number": renamed,
            "description": mapping.matter.description,
            "status": "Open",
            "billing_method": mapping.matter.billing_method,
            "updated_at": (timezone.now() + timedelta(seconds=5)).isoformat(),
            "client": None,
        },
    )

    page.goto(f"{live_server.url}/integrations/mappings/?status=conflict")
    assert page.inner_text("[data-testid=conflict-count]").startswith("1 conflict")
    page.click(f"tr[data-clio-matter-id='{mapping.clio_matter_id}'] a:has-text('Edit')")
    assert "renamed the display number" in page.inner_text("[data-testid=conflict]")
    page.fill("#id_reference", renamed)
    page.fill("#id_note", "Follow Clio's rename")
    page.click("button:has-text('Save')")

    assert "saved" in page.inner_text(".alert-success")
    assert page.locator("[data-testid=conflict]").count() == 0
    assert "Follow Clio's rename" in page.inner_text("[data-testid=history]")
    mapping.refresh_from_db()
    assert (mapping.status, mapping.reference) == (MatterMapping.Status.OK, renamed)


def test_the_admin_replays_events_that_died_while_lawpay_was_down(
    admin, live_server, firm, settings
):
    page = admin
    invoice = draft_for_a_client_with_email()
    invoice_approve(invoice=invoice, user=None)
    outbox_drain()
    invoice.refresh_from_db()
    firm.pay(invoice.payment_url)
    # The receiver stored LawPay's hints; then LawPay became unreachable for the worker.
    stored = [
        InboundEvent.objects.create(
            source="lawpay", dedupe_key=event.id, body=json.dumps(dict(event.raw)), body_sha256="-"
        )
        for event in lawpay_client().events_list()
    ]
    reachable = LawPayConnection.objects.get().base_url
    LawPayConnection.objects.update(base_url="http://127.0.0.1:9")
    settings.INBOUND_MAX_ATTEMPTS = 1
    for event in stored:
        inbound_event_process(event_id=event.pk)
    assert {e.status for e in InboundEvent.objects.all()} == {InboundEvent.Status.DEAD}
    LawPayConnection.objects.update(base_url=reachable)

    page.goto(f"{live_server.url}/integrations/health/")
    assert page.locator("text=Replay").count() >= len(stored)
    page.click("button:has-text('Replay all inbound')")
    for event in stored:  # the worker picks the replayed events up
        inbound_event_process(event_id=event.pk)
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    page.goto(f"{live_server.url}/integrations/health/")
    assert not InboundEvent.objects.filter(status=InboundEvent.Status.DEAD).exists()
    page.goto(f"{live_server.url}/billing/invoices/{invoice.pk}/")
    assert page.inner_text("[data-testid=status]") == "Paid"
