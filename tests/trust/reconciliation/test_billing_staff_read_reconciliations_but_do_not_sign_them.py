from datetime import date

import pytest
from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload
from trust.models import StatementLine, TrustAccount
from trust.services.matching import MatchRefused, statement_line_unmatch
from trust.services.reconciliation import ReconciliationRefused, reconciliation_sign_off


@pytest.fixture
def balanced(account, reconciler):
    deposit(account, MatterFactory(), "400.00", on=date(2026, 11, 5))
    csv = statement_csv("2026-11-06,Deposit,400.00,")
    return upload(account, reconciler, csv, closing="400.00").reconciliation


def test_billing_staff_see_the_report_and_its_csv(client, billing_clerk, balanced):
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:reconciliation", kwargs={"pk": balanced.pk}))
    csv = client.get(reverse("trust:reconciliation-csv", kwargs={"pk": balanced.pk}))

    assert page.status_code == csv.status_code == 200
    assert "The three balances agree to the cent." in page.content.decode()
    assert "Sign off as" not in page.content.decode()


def test_billing_staff_cannot_sign_off_by_page_api_or_service(client, billing_clerk, balanced):
    client.force_login(billing_clerk)

    page = client.post(reverse("trust:reconciliation-sign-off", kwargs={"pk": balanced.pk}))
    api = client.post(
        reverse("api-trust-reconciliation-sign-off", kwargs={"pk": balanced.pk}),
        {},
        content_type="application/json",
    )
    with pytest.raises(ReconciliationRefused, match="needs the “reconcile trust” permission"):
        reconciliation_sign_off(reconciliation=balanced, user=billing_clerk)

    assert (page.status_code, api.status_code) == (403, 403)
    assert TrustAccount.objects.get().locked_through is None


def test_billing_staff_cannot_unmatch_a_line(billing_clerk, balanced):
    line = StatementLine.objects.get()

    with pytest.raises(MatchRefused, match="needs the “reconcile trust” permission"):
        statement_line_unmatch(line=line, user=billing_clerk)

    line.refresh_from_db()
    assert line.entry_id is not None


def test_attorneys_do_not_see_reconciliations(client, attorney, balanced):
    client.force_login(attorney)

    assert client.get(reverse("trust:reconciliations")).status_code == 403
    assert client.get(reverse("api-trust-reconciliations")).status_code == 403
