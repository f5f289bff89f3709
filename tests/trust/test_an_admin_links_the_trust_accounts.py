from decimal import Decimal

from django.urls import reverse

from billing.models import BankAccount
from tests.billing.factories import MatterFactory
from trust.models import MatterLedger, TrustAccount


def test_linking_clios_trust_account_opens_each_matter_at_clios_figure(client, firm_admin):
    bank = BankAccount.objects.create(clio_id=501, name="IOLTA Trust", type=BankAccount.Type.TRUST)
    funded = MatterFactory(
        account_balances=[{"id": 501, "name": "IOLTA Trust", "type": "Trust", "balance": 2500.0}],
        clio_trust_balance=Decimal("2500.00"),
    )
    client.force_login(firm_admin)
    assert "IOLTA Trust (Clio #501)" in client.get(reverse("trust:accounts")).content.decode()

    response = client.post(
        reverse("trust:accounts"),
        {"clio_bank_account": bank.pk, "processor_account_id": "tr-1"},
        follow=True,
    )

    account = TrustAccount.objects.get()
    assert (account.clio_bank_account, account.processor_account_id) == (bank, "tr-1")
    assert MatterLedger.objects.get(matter=funded).balance == Decimal("2500.00")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_an_operating_account_is_refused(client, firm_admin):
    bank = BankAccount.objects.create(
        clio_id=500, name="Operating", type=BankAccount.Type.OPERATING
    )
    client.force_login(firm_admin)

    response = client.post(reverse("trust:accounts"), {"clio_bank_account": bank.pk}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not TrustAccount.objects.exists()


def test_a_bad_bank_account_id_is_refused(client, firm_admin):
    client.force_login(firm_admin)

    for bad in ["x", "999", "-1", ""]:
        response = client.post(reverse("trust:accounts"), {"clio_bank_account": bad}, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["error"], bad
    assert not TrustAccount.objects.exists()
