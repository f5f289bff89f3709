"""The ``fields`` Remit asks Clio for, per resource (clio-api.md §2 "fields", §5).

Without ``fields`` Clio returns only ``id`` and ``etag``; nesting is one level deep. Every spec
carries ``etag`` and ``updated_at``: the upserts compare them so an older copy never overwrites a
newer one.
"""

from __future__ import annotations

from integrations.clio.fields import FieldSpec

USER_FIELDS: FieldSpec = {
    "id": None,
    "etag": None,
    "name": None,
    "email": None,
    "enabled": None,
    "updated_at": None,
}

BANK_ACCOUNT_FIELDS: FieldSpec = {
    "id": None,
    "etag": None,
    "name": None,
    "type": None,
    "balance": None,
    "currency": None,
    "default_account": None,
    "updated_at": None,
}

CONTACT_FIELDS: FieldSpec = {
    "id": None,
    "etag": None,
    "name": None,
    "type": None,
    "primary_email_address": None,
    "updated_at": None,
}

MATTER_FIELDS: FieldSpec = {
    "id": None,
    "etag": None,
    "display_number": None,
    "description": None,
    "status": None,
    "billing_method": None,
    "open_date": None,
    "close_date": None,
    "updated_at": None,
    "client": ["id", "name"],
    "responsible_attorney": ["id", "name"],
    "originating_attorney": ["id", "name"],
    "practice_area": ["id", "name"],
    "matter_stage": ["id", "name"],
    "account_balances": ["id", "name", "type", "balance"],
    "custom_field_values": ["id", "field_name", "value"],
}

ACTIVITY_FIELDS: FieldSpec = {
    "id": None,
    "etag": None,
    "type": None,
    "date": None,
    "quantity": None,
    "rounded_quantity": None,
    "price": None,
    "total": None,
    "note": None,
    "non_billable": None,
    "no_charge": None,
    "on_bill": None,
    "billed": None,
    "updated_at": None,
    "matter": ["id"],
    "user": ["id"],
    "bill": ["id"],
}
