from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv
from trust.models import BankStatement, StatementLine


def _post(client, account, content: bytes, closing: str):
    return client.post(
        reverse("trust:reconciliation-upload"),
        {
            "account": account.pk,
            "period_end": "2026-11-30",
            "opening_balance": "0.00",
            "closing_balance": closing,
            "file": SimpleUploadedFile("november.csv", content, "text/csv"),
        },
        follow=True,
    )


def test_the_upload_form_defaults_to_the_month_just_ended(client, reconciler, account):
    client.force_login(reconciler)

    page = client.get(reverse("trust:reconciliations")).content.decode()

    assert 'name="period_end" value="2026-11-30"' in page


def test_an_upload_leads_to_the_report_with_its_matched_line(client, reconciler, account):
    deposit(account, MatterFactory(display_number="00042-Doe"), "400.00", on=date(2026, 11, 5))
    client.force_login(reconciler)

    response = _post(client, account, statement_csv("2026-11-06,Deposit,400.00,"), "400.00")

    html = response.content.decode()
    assert "Imported 1 line(s); 1 matched to the ledger automatically." in html
    assert "The three balances agree to the cent." in html
    assert "00042-Doe" in html
    assert "Sign off as ada and lock the period" in html


def test_a_rejected_upload_leads_to_its_reasons(client, reconciler, account):
    client.force_login(reconciler)

    response = _post(client, account, statement_csv("2026-11-31,Deposit,400.00,"), "400.00")

    html = response.content.decode()
    assert BankStatement.objects.get().status == BankStatement.Status.REJECTED
    assert 'data-testid="rejections"' in html
    assert "&#x27;2026-11-31&#x27; is not a date" in html
    assert StatementLine.objects.count() == 0


def test_an_id_beyond_any_reconciliation_is_a_404(client, reconciler):
    client.force_login(reconciler)

    assert client.get("/trust/reconciliations/99999999999999999999/").status_code == 404
    assert client.get("/trust/statements/99999999999999999999/").status_code == 404
