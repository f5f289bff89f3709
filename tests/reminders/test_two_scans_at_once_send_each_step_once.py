"""Two scans at once (two workers, or the schedule and a person): each step is claimed once in
the database before anything is sent, so the client gets one email per step."""

import pytest
import time_machine

from integrations.models import OutboxMessage
from reminders.models import ReminderRun
from reminders.services import scan
from tests.reminders.sequence import day_of_sequence, invoice_sent_here, scan_at
from tests.trust.factories import run_together


@pytest.mark.django_db
def test_a_scan_that_read_the_invoice_before_another_claimed_it_sends_nothing(monkeypatch):
    """The race made deterministic: scan B reads its candidates, scan A claims and commits,
    then B tries to claim the same step and the unique constraint refuses it."""
    invoice = invoice_sent_here()
    read_candidates = scan._candidates

    def candidates_then_another_scan(**kwargs):
        stale = list(read_candidates(**kwargs))  # read (the iterator is lazy), then the race
        monkeypatch.setattr(scan, "_candidates", read_candidates)
        first.append(scan.reminders_scan())
        return stale

    first: list[scan.ScanResult] = []
    monkeypatch.setattr(scan, "_candidates", candidates_then_another_scan)
    second = scan_at(day_of_sequence(7), drain=False)

    assert len(first[0].sent) == 1
    assert second.sent == [] and second.raced == [invoice.pk]
    assert ReminderRun.objects.filter(invoice=invoice).count() == 1
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_on_two_connections_claim_each_step_once():
    invoices = [invoice_sent_here() for _ in range(5)]

    with time_machine.travel(day_of_sequence(7), tick=False):
        results = run_together(scan.reminders_scan, scan.reminders_scan)

    assert all(isinstance(r, scan.ScanResult) for r in results), results
    sent = sorted(run for r in results for run in r.sent)
    assert len(sent) == len(invoices) == len(set(sent))
    assert ReminderRun.objects.count() == len(invoices)
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == len(invoices)
