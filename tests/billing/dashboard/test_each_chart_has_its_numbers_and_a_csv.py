import csv
import io
from datetime import date

from django.urls import reverse

from tests.billing.dashboard.conftest import firm_noon


def test_every_figure_is_an_svg_with_a_table_and_a_csv_link(client, billing_clerk, make, frozen):
    make(sent_at=firm_noon(date(2026, 3, 1)), total="250.00", worked_on=date(2026, 2, 20))
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard"))

    html = response.content.decode()
    keys = [figure.key for figure in response.context["figures"]]
    assert keys[:2] == ["aging", "settlement"]
    assert {"work-to-sent-by-month", "sent-to-paid-by-practice-area", "reminder-stage"} <= set(keys)
    for key in keys:
        assert f'data-testid="chart-{key}"' in html
        assert f"figure={key}" in html
    assert html.count("<details>") == len(keys)
    assert "<script" not in html.split("<main", 1)[1]


def test_the_csv_has_one_section_per_figure(client, billing_clerk, make, frozen):
    make(sent_at=firm_noon(date(2026, 3, 1)), total="250.00")
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard-csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[:3] == [["Unpaid invoices by age"], ["Age", "Invoices", "Amount due"],
                        ["0–7 days", "0", "0.00"]]  # fmt: skip
    assert ["15–30 days", "1", "250.00"] in rows
    assert ["Reminder stage reached before payment"] in rows


def test_one_figures_csv_holds_that_figure_only(client, billing_clerk, frozen):
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard-csv"), {"figure": "settlement"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["How paid invoices were paid"]
    assert ["Unpaid invoices by age"] not in rows
    assert 'filename="settlement-' in response["Content-Disposition"]
