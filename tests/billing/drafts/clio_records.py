"""Clio records as the sync hands them to billing (matter 1001 and its time entries), for the
tests that feed ``clio_record_upsert`` directly."""

from datetime import timedelta

from django.utils import timezone

MATTER = 1001


def clio_matter(version: int = 0, **fields) -> dict:
    return {
        "id": MATTER,
        "display_number": "00001-Smith",
        "description": "Smith v. Jones",
        "status": "Open",
        "billing_method": "hourly",
        "client": None,
        **_version(version),
        **fields,
    }


def clio_entry(clio_id: int, version: int = 0, **fields) -> dict:
    return {
        "id": clio_id,
        "type": "TimeEntry",
        "date": "2026-11-16",
        "quantity": 3600,
        "rounded_quantity": 3600,
        "price": 300.0,
        "total": 300.0,
        "note": f"Work item {clio_id}",
        "non_billable": False,
        "no_charge": False,
        "on_bill": False,
        "billed": False,
        "matter": {"id": MATTER},
        "user": None,
        "bill": None,
        **_version(version),
        **fields,
    }


def _version(version: int) -> dict:
    # Edited in Clio an hour ago (stable), each later version a minute after the one before.
    moment = timezone.now() - timedelta(hours=1) + timedelta(minutes=version)
    return {"etag": f'"{version}"', "updated_at": moment.isoformat()}
