"""What Remit mirrors of Clio: per resource its path, webhook model, mirror table, fields,
value mapping and references; and the first page of its index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from billing.models import Activity, BankAccount, Client, ClioUser, Matter
from integrations.clio.client import MAX_PAGE_SIZE
from integrations.clio.fields import FieldSpec, fields_encode
from integrations.clio.fields_needed import (
    ACTIVITY_FIELDS,
    BANK_ACCOUNT_FIELDS,
    CONTACT_FIELDS,
    MATTER_FIELDS,
    USER_FIELDS,
)
from integrations.clio.sync.values import (
    activity_values,
    bank_account_values,
    client_values,
    clio_user_values,
    matter_values,
)


@dataclass(frozen=True)
class SyncResource:
    name: str  # Clio's path and ``SyncState.resource``
    model: str  # Clio's webhook model name
    mirror: type[ClioUser | Client | Matter | Activity | BankAccount]
    fields: FieldSpec
    values: Callable[[dict], dict[str, Any]]
    # mirror foreign key (same name as Clio's nested field) → the resource it points at
    refs: dict[str, str] = field(default_factory=dict)


RESOURCES: dict[str, SyncResource] = {
    r.name: r
    for r in (
        SyncResource("users", "user", ClioUser, USER_FIELDS, clio_user_values),
        SyncResource("contacts", "contact", Client, CONTACT_FIELDS, client_values),
        SyncResource(
            "matters",
            "matter",
            Matter,
            MATTER_FIELDS,
            matter_values,
            refs={
                "client": "contacts",
                "responsible_attorney": "users",
                "originating_attorney": "users",
            },
        ),
        SyncResource(
            "activities",
            "activity",
            Activity,
            ACTIVITY_FIELDS,
            activity_values,
            refs={"matter": "matters", "user": "users"},
        ),
        # No Clio webhook model exists for bank accounts: the backfill and the sweep keep them.
        SyncResource(
            "bank_accounts", "bank_account", BankAccount, BANK_ACCOUNT_FIELDS, bank_account_values
        ),
    )
}
RESOURCE_BY_MODEL = {r.model: r for r in RESOURCES.values()}


def sync_resource_for_model(model: str) -> SyncResource:
    try:
        return RESOURCE_BY_MODEL[model]
    except KeyError:
        raise ValueError(f"Remit does not mirror Clio {model!r} records") from None


# -- paging --------------------------------------------------------------------------------------


def first_page_params(resource: SyncResource, **extra: str) -> dict[str, Any]:
    return {
        "order": "id(asc)",
        "limit": MAX_PAGE_SIZE,
        "fields": fields_encode(resource.fields),
        **extra,
    }
