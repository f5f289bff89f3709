import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection, transaction

from billing.models import Invoice, InvoiceNumberSequence
from billing.services.numbering import invoice_number_allocate
from billing.services.review import invoice_approve, invoice_reject
from tests.billing.factories import draft_with_lines


def test_numbers_are_per_year_and_padded(db):
    with transaction.atomic():
        assert invoice_number_allocate(year=2026) == "R-2026-000001"
        assert invoice_number_allocate(year=2026) == "R-2026-000002"
        assert invoice_number_allocate(year=2027) == "R-2027-000001"


@pytest.mark.django_db(transaction=True)
def test_a_number_is_only_taken_inside_a_transaction():
    with pytest.raises(RuntimeError):
        invoice_number_allocate(year=2026)


def test_rejected_drafts_leave_no_holes(billing_clerk, rules):
    drafts = [draft_with_lines() for _ in range(4)]
    invoice_reject(invoice=drafts[1], user=billing_clerk, reason="Wrong client")

    for draft in (drafts[0], drafts[2], drafts[3]):
        invoice_approve(invoice=draft, user=billing_clerk)

    numbers = sorted(Invoice.objects.exclude(number=None).values_list("number", flat=True))
    year = numbers[0][2:6]
    assert numbers == [f"R-{year}-00000{n}" for n in (1, 2, 3)]
    assert Invoice.objects.get(pk=drafts[1].pk).number is None


def test_a_failed_approval_gives_its_number_back(billing_clerk, rules, monkeypatch):
    first, second = draft_with_lines(), draft_with_lines()

    def broken(*, invoice):
        raise RuntimeError("delivery could not start")

    monkeypatch.setattr("billing.services.delivery.invoice_delivery_start", broken)
    with pytest.raises(RuntimeError):
        invoice_approve(invoice=first, user=billing_clerk)
    monkeypatch.undo()
    monkeypatch.setattr("billing.services.delivery.invoice_delivery_start", lambda **kw: None)
    invoice_approve(invoice=second, user=billing_clerk)

    assert Invoice.objects.get(pk=first.pk).number is None
    assert Invoice.objects.get(pk=second.pk).number.endswith("-000001")


def test_the_year_is_the_firms_year_at_approval(billing_clerk, rules):
    invoice = draft_with_lines()

    # 1 January 2027, 03:00 UTC is still 31 December 2026 in New York.
    with time_machine.travel(datetime(2027, 1, 1, 3, 0, tzinfo=UTC), tick=False):
        invoice_approve(invoice=invoice, user=billing_clerk)

    assert Invoice.objects.get(pk=invoice.pk).number == "R-2026-000001"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_distinct_gapless_numbers(billing_clerk, monkeypatch):
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kwargs: None)
    monkeypatch.setattr("billing.services.delivery.invoice_delivery_start", lambda **kw: None)
    drafts = [draft_with_lines() for _ in range(12)]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def approve(invoice):
        try:
            barrier.wait()
            invoice_approve(invoice=invoice, user=billing_clerk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(int(n[-6:]) for n in Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert InvoiceNumberSequence.objects.get().last_number == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_approvals_of_a_year_both_create_the_sequence_safely():
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def allocate():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(invoice_number_allocate(year=2031))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == ["R-2031-000001", "R-2031-000002"]
