"""Billing test fixtures: the rules, no broker, and delivery recorded instead of run."""

import pytest

from billing.services.rules import billing_rules_get


@pytest.fixture
def rules(db):
    return billing_rules_get()


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    # Outbox rows are what these tests look at; nothing is handed to a broker.
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kwargs: None)


@pytest.fixture(autouse=True)
def deliveries(monkeypatch):
    """Invoices whose delivery was started (delivery itself is tested with its own code)."""
    started = []
    monkeypatch.setattr(
        "billing.services.delivery.invoice_delivery_start",
        lambda *, invoice: started.append(invoice.pk),
    )
    return started
