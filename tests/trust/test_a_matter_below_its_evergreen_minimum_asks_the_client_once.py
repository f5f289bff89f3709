"""Evergreen retainers: below the minimum, one top-up request; its email (over real sockets:
Clio for the address, LawPay's trust page for the link) is paid into trust, and the request is
met."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import BankAccount
from integrations.models import LawPayConnection, MailboxMessage, OutboxMessage
from tests.billing.factories import ClientFactory, MatterFactory, MatterMappingFactory
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain, world  # noqa: F401
from tests.trust.factories import deposit
from trust.models import MatterLedger, TrustRequest
from trust.services.accounts import trust_account_create
from trust.services.posting import trust_refund_post
from trust.services.requests import REQUEST_KIND, trust_evergreen_check, trust_evergreen_set


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kw: None)


@pytest.fixture
def smith(world):  # noqa: F811
    connection = LawPayConnection.objects.get()
    connection.trust_page_url = world.operating_page.replace("/operating", "/trust")
    connection.save()
    bank = BankAccount.objects.create(clio_id=501, name="IOLTA Trust", type=BankAccount.Type.TRUST)
    account = trust_account_create(clio_bank_account=bank, processor_account_id=world.trust_id)
    client = ClientFactory(clio_id=2001, name="John Smith")
    matter = MatterFactory(clio_id=1001, display_number="00001-Smith", client=client)
    MatterMappingFactory(matter=matter, reference="00001-Smith")
    deposit(account, matter, "1500.00")
    return MatterLedger.objects.get(matter=matter)


def test_falling_below_the_minimum_opens_one_request_for_the_difference(smith, firm_admin):
    trust_evergreen_set(ledger=smith, minimum="1000.00", user=firm_admin)
    assert not TrustRequest.objects.exists()

    trust_refund_post(account=smith.account, matter=smith.matter, amount="600.00",
                      effective_date=smith.created_at.date())  # fmt: skip
    first = trust_evergreen_check(ledger_id=smith.pk)
    trust_refund_post(account=smith.account, matter=smith.matter, amount="100.00",
                      effective_date=smith.created_at.date())  # fmt: skip
    again = trust_evergreen_check(ledger_id=smith.pk)

    assert first == again and first.amount == Decimal("100.00")  # 1000 − 900, asked once
    assert OutboxMessage.objects.filter(kind=REQUEST_KIND).count() == 1


def test_the_email_links_to_the_trust_page_and_paying_it_meets_the_request(
    world,  # noqa: F811
    smith,
    firm_admin,
):
    trust_evergreen_set(ledger=smith, minimum="2000.00", user=firm_admin)

    outbox_drain()

    request = TrustRequest.objects.get()
    assert request.status == TrustRequest.Status.SENT and request.amount == Decimal("500.00")
    email = MailboxMessage.objects.get(subject__startswith="Trust retainer top-up")
    assert "$500.00" in email.html and "/trust" in request.payment_url
    charge = world.pay(request.payment_url)
    lawpay_refetch(charge)

    request.refresh_from_db()
    assert request.status == TrustRequest.Status.MET
    assert MatterLedger.objects.get(pk=smith.pk).balance == Decimal("2000.00")


@pytest.mark.parametrize("minimum", ["-1", "abc", "1.001", "1e9"])
def test_a_bad_minimum_is_refused_and_changes_nothing(client, smith, firm_admin, minimum):
    client.force_login(firm_admin)

    response = client.post(
        reverse("trust:evergreen-set", args=[smith.pk]), {"minimum": minimum}, follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert MatterLedger.objects.get(pk=smith.pk).evergreen_minimum == 0


def test_billing_staff_cannot_set_a_minimum(client, smith, billing_clerk):
    client.force_login(billing_clerk)

    response = client.post(reverse("trust:evergreen-set", args=[smith.pk]), {"minimum": "10"})

    assert response.status_code == 403
    assert MatterLedger.objects.get(pk=smith.pk).evergreen_minimum == 0


def test_an_admin_sets_the_minimum_on_the_matters_ledger_page(client, smith, firm_admin):
    client.force_login(firm_admin)
    page = client.get(reverse("trust:ledger", args=[smith.matter_id])).content.decode()
    assert reverse("trust:evergreen-set", args=[smith.pk]) in page

    client.post(reverse("trust:evergreen-set", args=[smith.pk]), {"minimum": "1200.00"})

    page = client.get(reverse("trust:ledger", args=[smith.matter_id])).content.decode()
    assert "Evergreen minimum: $1,200.00" in page
