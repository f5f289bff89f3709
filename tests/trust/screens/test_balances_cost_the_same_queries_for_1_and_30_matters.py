from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.factories import deposit


def test_the_balances_page_costs_the_same_queries_for_1_and_30_matters(
    client, account, billing_clerk, django_assert_num_queries
):
    client.force_login(billing_clerk)
    deposit(account, MatterFactory(), "10.00")
    # session, user, its two permission sets; accounts, totals, ledgers
    with django_assert_num_queries(7):
        assert client.get(reverse("trust:balances")).status_code == 200
    for _ in range(29):
        deposit(account, MatterFactory(), "10.00")

    with django_assert_num_queries(7):
        page = client.get(reverse("trust:balances")).content.decode()

    assert page.count('data-testid="ledger-') == 30
