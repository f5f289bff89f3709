"""The queue's Age column is the days since the draft's oldest entry (what decides
collection), counted in firm calendar days, not the minutes since the draft was made."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.urls import reverse

from billing.models import InvoiceLine
from tests.billing.factories import MatterFactory, draft_with_lines

NOON = datetime.combine(date(2027, 3, 18), time(12), tzinfo=ZoneInfo(settings.FIRM_TIME_ZONE))


def age_cell(response, invoice) -> str:
    html = response.content.decode()
    row = html[html.index(f'data-invoice="{invoice.pk}"') :]
    cell = row[row.index('<td title="Oldest entry') :]
    return cell[cell.index(">") + 1 : cell.index("</td>")]


def test_the_age_is_that_of_the_oldest_entry(client, billing_clerk, rules):
    with time_machine.travel(NOON, tick=False):
        draft = draft_with_lines(matter=MatterFactory())
        first, second = draft.lines.order_by("pk")
        InvoiceLine.objects.filter(pk=first.pk).update(date=date(2027, 3, 1))
        InvoiceLine.objects.filter(pk=second.pk).update(date=date(2027, 3, 10))
        client.force_login(billing_clerk)

        response = client.get(reverse("billing:review"))

    assert age_cell(response, draft) == "17 days"


def test_work_done_today_is_today(client, billing_clerk, rules):
    with time_machine.travel(NOON, tick=False):
        draft = draft_with_lines(matter=MatterFactory())
        draft.lines.update(date=NOON.date())
        client.force_login(billing_clerk)

        response = client.get(reverse("billing:review"))

    assert age_cell(response, draft) == "today"
