import csv
import io
from datetime import date

import time_machine
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import ClientFactory
from tests.billing.invoice_list.conftest import NOW, sent_on


def exported(client, **params) -> list[list[str]]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("billing:invoices-csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="invoices-')
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_export_has_the_filtered_rows_of_every_page_in_the_lists_order(
    client, billing_clerk, make
):
    for n in range(55):
        make(practice_area="Family", total=f"{100 + n}.00")
    make(practice_area="Tax")
    client.force_login(billing_clerk)

    rows = exported(client, practice_area="Family", sort="-total")

    assert rows[0][:4] == ["Number", "Status", "Client", "Matter"]
    assert len(rows) == 1 + 55
    assert [row[9] for row in rows[1:4]] == ["154.00", "153.00", "152.00"]


def test_a_row_carries_the_invoices_figures_and_firm_dates(client, billing_clerk, make):
    make(
        number="R-2026-000007",
        status=Invoice.Status.PARTIALLY_PAID,
        client=ClientFactory(name="Hargreaves Holdings"),
        display_number="00777-Okafor",
        total="1234.56",
        amount_paid="200.00",
        trust_applied="34.56",
        sent_at=sent_on(date(2026, 2, 10)),
        due_date=date(2026, 3, 12),
    )
    client.force_login(billing_clerk)

    (row,) = exported(client)[1:]

    assert row[0:4] == ["R-2026-000007", "Overdue", "Hargreaves Holdings", "00777-Okafor"]
    assert row[7:] == ["2026-02-10", "2026-03-12", "1234.56", "34.56", "200.00", "1000.00"]


def test_cells_that_would_run_as_formulas_are_neutralised(client, billing_clerk, make):
    make(client=ClientFactory(name='=HYPERLINK("http://evil")'), display_number="+1-Evil")
    make(client=ClientFactory(name="@SUM(A1)"), display_number="-2-Evil")
    client.force_login(billing_clerk)

    cells = {cell for row in exported(client)[1:] for cell in row[2:4]}

    assert cells == {'\'=HYPERLINK("http://evil")', "'+1-Evil", "'@SUM(A1)", "'-2-Evil"}


def test_the_list_links_to_the_export_with_its_filters(client, billing_clerk, make):
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoices"), {"q": "smith", "page": "2"}).content.decode()

    assert f'href="{reverse("billing:invoices-csv")}?q=smith"' in html
