from django.urls import reverse

from billing.models import Matter
from tests.factories import UserFactory
from tests.trust.screens.page import by_testid


def test_the_balances_page_lists_only_their_matters_and_no_journal_balance(
    client, crafted, attorney
):
    client.force_login(attorney)

    page = client.get(reverse("trust:balances")).content.decode()

    assert "00101-Acme" in page and "00102-Baker" not in page
    found = by_testid(page)
    assert found["total-balance"] == ["$1,200.00"]  # Acme only, not the account's $1,600.00
    assert "journal-balance" not in found


def test_their_own_matters_ledger_is_readable(client, crafted, attorney):
    client.force_login(attorney)

    response = client.get(reverse("trust:ledger", args=[crafted.acme.pk]))

    assert response.status_code == 200
    assert 'data-testid="entry-6"' in response.content.decode()


def test_another_attorneys_matter_reads_as_missing(client, crafted, attorney):
    client.force_login(attorney)

    assert client.get(reverse("trust:ledger", args=[crafted.baker.pk])).status_code == 404


def test_the_journal_and_the_transfers_are_refused(client, crafted, attorney):
    client.force_login(attorney)

    assert client.get(reverse("trust:journal")).status_code == 403
    assert client.get(reverse("trust:journal-csv")).status_code == 403
    assert client.get(reverse("trust:transfers")).status_code == 403


def test_an_originating_attorney_reads_the_matter_too(client, crafted, attorney):
    Matter.objects.filter(pk=crafted.baker.pk).update(
        originating_attorney=crafted.acme.responsible_attorney
    )
    client.force_login(attorney)

    assert client.get(reverse("trust:ledger", args=[crafted.baker.pk])).status_code == 200


def test_a_user_without_a_trust_permission_is_refused(client, crafted):
    client.force_login(UserFactory(username="nobody", role=None))

    assert client.get(reverse("trust:balances")).status_code == 403
    assert client.get(reverse("trust:ledger", args=[crafted.acme.pk])).status_code == 403
