"""A trust-first proposal on attorney A's matter for the authorization matrix
(tests/security/access_table.py), built only by the cases that need one."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from tests.billing.factories import draft_with_lines
from tests.trust.factories import deposit, trust_account_make
from trust.services.applications import trust_application_propose


def proposal_world(w: Any) -> SimpleNamespace:
    found = getattr(w, "proposal_world", None)
    if found is not None:
        return found
    matter = w.mapping.matter
    account = trust_account_make(clio_id=901)
    deposit(account, matter, "100.00")
    invoice = draft_with_lines(matter=matter, amounts=(Decimal("360.00"),))
    application = trust_application_propose(invoice=invoice)
    assert application is not None
    w.proposal_world = SimpleNamespace(
        account=account, invoice=invoice, application=application, clio_matter_id=matter.clio_id
    )
    return w.proposal_world
