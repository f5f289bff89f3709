"""What the authorization matrix (tests/security/access_table.py) points the reconciliation
routes at: a balanced January 2020 reconciliation on attorney A's matter, and in a second
account a bank line and an entry of the same money too far apart to match automatically."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from tests.trust.factories import trust_account_make
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload

JANUARY = date(2020, 1, 31)
FEBRUARY_CSV = "Date,Description,Amount\n2020-02-10,Deposit,100.00\n"


def reconciliation_world(w: Any) -> SimpleNamespace:
    found = getattr(w, "reconciliation_world", None)
    if found is not None:
        return found
    admin, matter = w.users["admin"], w.mapping.matter
    account = trust_account_make(clio_id=701)
    deposit(account, matter, "500.00", on=date(2020, 1, 10))
    january = upload(account, admin, statement_csv("2020-01-11,Deposit,500.00,"),
                     period_end=JANUARY, closing="500.00", name="matrix-january.csv")  # fmt: skip
    other = trust_account_make(clio_id=702)
    loose_entry = deposit(other, matter, "75.00", on=date(2020, 1, 2))
    loose = upload(other, admin, statement_csv("2020-01-25,Deposit,75.00,"),
                   period_end=JANUARY, closing="75.00", name="matrix-other.csv")  # fmt: skip
    w.reconciliation_world = SimpleNamespace(
        account=account,
        reconciliation=january.reconciliation,
        matched_line=january.statement.lines.get(),
        loose_line=loose.statement.lines.get(),
        loose_entry=loose_entry,
    )
    return w.reconciliation_world


def february_upload(w: Any, *, as_file: bool) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    world = reconciliation_world(w)
    body: dict[str, Any] = {
        "account": world.account.pk,
        "period_end": "2020-02-29",
        "opening_balance": "500.00",
        "closing_balance": "600.00",
    }
    if as_file:
        body["file"] = SimpleUploadedFile("february.csv", FEBRUARY_CSV.encode(), "text/csv")
    else:
        body["csv"] = FEBRUARY_CSV
    return body
