"""The desk and the overdue list read their rows, runs, actions and tab counts in a fixed
number of queries: a firm with 20 flags pays what a firm with one pays."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reminders.desk.world import invoice_sent, matter_of, review_flag, run_record


def flags(user, n: int) -> None:
    for _ in range(n):
        invoice = invoice_sent(matter_of(user))
        for day in (7, 21):
            run_record(invoice, day)
        review_flag(invoice)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_desk_costs_the_same_for_one_flag_and_for_twenty(client, billing_clerk):
    client.force_login(billing_clerk)
    flags(None, 1)
    one = queries_for(client, reverse("reminders:flagged"))

    flags(None, 19)
    twenty = queries_for(client, reverse("reminders:flagged"))

    assert twenty == one, (one, twenty)
    assert one <= 10  # session, user, permissions, page, runs, actions, tab counts


def test_the_overdue_list_costs_the_same_for_one_invoice_and_for_twenty(client, billing_clerk):
    client.force_login(billing_clerk)
    flags(None, 1)
    one = queries_for(client, reverse("reminders:overdue"))

    flags(None, 19)
    twenty = queries_for(client, reverse("reminders:overdue"))

    assert twenty == one, (one, twenty)
    assert one <= 10
