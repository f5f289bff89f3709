"""Validate a request body and apply it to a record, one writer per resource (reference §5),
kept by resource family in this package's modules.

``create(ctx, record, body)`` and ``update(ctx, record, body)`` mutate ``record`` in place and
return extra webhook events to fire (e.g. ``matter_closed``). ``delete(ctx, record)`` returns
True to remove the record, or False after turning the deletion into a state change (bills are
voided, custom fields soft-deleted). Validation failures raise 422 ArgumentError.
"""

from __future__ import annotations

from typing import Any

from .activities import activity_delete, activity_totals, activity_write
from .bank import bank_account_delete, bank_account_write, bank_transaction_write
from .bills import bill_delete, bill_write
from .contacts import contact_delete, contact_write
from .firm_settings import custom_field_delete, custom_field_write, practice_area_write
from .matters import matter_delete, matter_write
from .notes import communication_write, note_write, task_write
from .webhooks import webhook_write

WRITERS: dict[str, tuple[Any, Any]] = {
    "matters": (matter_write, matter_delete),
    "contacts": (contact_write, contact_delete),
    "activities": (activity_write, activity_delete),
    "bills": (bill_write, bill_delete),
    "notes": (note_write, None),
    "communications": (communication_write, None),
    "tasks": (task_write, None),
    "custom_fields": (custom_field_write, custom_field_delete),
    "practice_areas": (practice_area_write, None),
    "bank_accounts": (bank_account_write, bank_account_delete),
    "bank_transactions": (bank_transaction_write, None),
    "webhooks": (webhook_write, None),
}

__all__ = [
    "WRITERS",
    "activity_delete",
    "activity_totals",
    "activity_write",
    "bank_account_delete",
    "bank_account_write",
    "bank_transaction_write",
    "bill_delete",
    "bill_write",
    "communication_write",
    "contact_delete",
    "contact_write",
    "custom_field_delete",
    "custom_field_write",
    "matter_delete",
    "matter_write",
    "note_write",
    "practice_area_write",
    "task_write",
    "webhook_write",
]
