"""Invoice numbers: per-year, gapless, given at approval (PRODUCT.md §8)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from billing.models import NUMBER_FORMAT, InvoiceNumberSequence


def invoice_number_allocate(*, year: int) -> str:
    """The next number of ``year``, e.g. ``R-2026-000042``.

    Call inside the approval transaction: the sequence row stays locked until it commits, so
    concurrent approvals queue behind each other, and a rolled-back approval gives its number
    back. Nothing else may take numbers, or the sequence would have holes.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invoice_number_allocate must run inside the approval transaction")
    sequence = InvoiceNumberSequence.objects.select_for_update().filter(year=year).first()
    if sequence is None:
        try:
            # A savepoint, so losing the creation race does not break the outer transaction.
            with transaction.atomic():
                InvoiceNumberSequence.objects.create(year=year)
        except IntegrityError:
            pass
        sequence = InvoiceNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return NUMBER_FORMAT.format(year=year, number=sequence.last_number)
