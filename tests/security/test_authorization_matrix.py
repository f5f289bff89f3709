"""Every route answers each role as tests/security/access_table.py says (PRODUCT.md §1).

The routes come from the URL configuration itself, so a route added without a row in the
table fails ``test_every_route_has_a_row_and_every_row_a_route``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import responses
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from billing.models import AttentionItem, ClioUser, Invoice, Payment
from billing.services.delivery import invoice_public_token
from billing.services.review import invoice_hold, invoice_reject
from billing.services.rules import EDITABLE_FIELDS, billing_rules_get
from integrations.models import InboundEvent, LawPayConnection, MailboxMessage, Source
from tests.billing.factories import MatterFactory, draft_with_lines
from tests.factories import UserFactory
from tests.security.access_table import (
    ADMIN,
    BODIES,
    GET,
    LISTED,
    LOGIN,
    NEEDS_A_PROVIDER,
    NOT_WALKED_NAMESPACES,
    OK,
    QUERIES,
    ROLES,
    TABLE,
    TARGETS,
    UNLISTED,
    Row,
)

# Sessions change on every request that leaves a message; nothing else may, when refused.
UNCHECKED_TABLES = {"django_session"}


def routes(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """Every route's name (``namespace:name``); an unnamed route shows as its pattern, so it
    cannot slip past the table either."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_WALKED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += routes(entry, inner)
        elif isinstance(entry, URLPattern):
            found.append(f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>")
    return found


def test_every_route_has_a_row_and_every_row_a_route():
    routed = set(routes())
    tabled = {row.route for row in TABLE}

    assert sorted(routed - tabled) == [], "routes without a row in access_table.TABLE"
    assert sorted(tabled - routed - {"admin:index"}) == [], "rows for routes that do not exist"
    labels = [row.label for row in TABLE]
    assert len(labels) == len(set(labels)), "a route and method appear twice in the table"


@dataclass(frozen=True)
class Case:
    row: Row
    role: str

    @property
    def id(self) -> str:
        return f"{self.row.label}-{self.role}"


CASES = [Case(row, role) for row in TABLE for role in ROLES]


def person(username: str, role: str | None, **fields) -> object:
    # Signed in with force_login: no usable password, so no password hashing in every case.
    return UserFactory(username=username, role=role, password=None, **fields)


def attorney(username: str, *, clio_id: int, marker: str, amount: Decimal):
    """An attorney's login, their Clio user and a matter of theirs with a sendable draft."""
    user = person(username, "Attorney")
    clio_user = ClioUser.objects.create(clio_id=clio_id, name=username.title(), remit_user=user)
    matter = MatterFactory(display_number=marker, responsible_attorney=clio_user)
    return user, matter, draft_with_lines(matter=matter, amounts=(amount,))


@pytest.fixture
def world(db):
    """Everything an id in a URL can point at, all on attorney A's matter (see the table)."""
    alice, matter, draft = attorney(
        "alice", clio_id=801, marker="ALICE-0001", amount=Decimal("310.00")
    )
    bob, _, _ = attorney("bob", clio_id=802, marker="BOB-0001", amount=Decimal("320.00"))
    billing = person("bill", "Billing staff")
    # As the demo's admin: the role, and the Django admin (is_staff).
    admin = person("ada", "Admin", is_staff=True)
    root = person("root", None, is_staff=True, is_superuser=True)

    held = invoice_hold(
        invoice=draft_with_lines(matter=matter, amounts=(Decimal("330.00"),)),
        user=billing,
        reason="Waiting for the client",
    )
    rejected = invoice_reject(
        invoice=draft_with_lines(matter=matter, amounts=(Decimal("340.00"),)),
        user=billing,
        reason="Client asked to wait",
    )
    sent = draft_with_lines(matter=matter, amounts=(Decimal("350.00"),))
    # A number outside the approval sequence, so approving the draft cannot collide with it.
    Invoice.objects.filter(pk=sent.pk).update(
        status=Invoice.Status.SENT, number="MATRIX-1", sent_at=timezone.now()
    )
    rules = billing_rules_get()
    rules_form = {name: getattr(rules, name) for name in EDITABLE_FIELDS}
    # The import is sent the file the export gives, so an authorised dry run is valid.
    exporter = Client()
    exporter.force_login(admin)
    mappings_csv = exporter.get(reverse("integrations:mappings-export")).content
    return SimpleNamespace(
        users={
            "anonymous": None,
            "billing": billing,
            "attorney_own": alice,
            "attorney_other": bob,
            "admin": admin,
            "superuser": root,
        },
        marker=matter.display_number,
        draft=draft,
        line=draft.lines.get(),
        held=held,
        rejected=rejected,
        sent=sent,
        public_token=invoice_public_token(invoice=sent),
        lawpay_token=LawPayConnection.objects.get().webhook_token or "no-token",
        mapping=matter.mapping,
        attention_item=AttentionItem.objects.create(
            invoice=held, matter=matter, reason=AttentionItem.Reason.MISSING_EMAIL
        ),
        unmatched_payment=Payment.objects.create(
            lawpay_transaction_id="matrix-1",
            lawpay_account_id="op-test",
            amount=Decimal("50.00"),
            received_at=timezone.now(),
        ),
        email=MailboxMessage.objects.create(
            from_email="billing@firm.example",
            to="client@example.com",
            subject="Invoice MATRIX-1",
            html="<p>Invoice</p>",
        ),
        dead_event=InboundEvent.objects.create(
            source=Source.CLIO, status=InboundEvent.Status.DEAD, body="{}", body_sha256="0" * 64
        ),
        rules_form={
            **{k: "" if v is None else v for k, v in rules_form.items()},
            "threshold": "750.00",
        },
        mappings_csv=mappings_csv,
    )


def database_state() -> dict[str, list[tuple]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in UNCHECKED_TABLES
    }


def refused(response, path: str, outcome) -> bool:
    """Whether ``response`` is the refusal ``outcome`` names (a login bounce or a status)."""
    location = response.get("Location", "")
    if outcome == LOGIN and path.startswith("/api/"):
        return response.status_code in (401, 403)
    if outcome == LOGIN:
        return response.status_code == 302 and location.startswith(f"{reverse('login')}?next=")
    if outcome == ADMIN:
        return response.status_code == 302 and location.startswith(
            f"{reverse('admin:login')}?next="
        )
    return response.status_code == outcome


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_what_the_table_says(client, world, case):
    row, outcome = case.row, case.row.outcomes[case.role]
    user = world.users[case.role]
    if user is not None:
        client.force_login(user)
    path = reverse(row.route, kwargs=TARGETS.get(row.route, lambda w: {})(world))
    if row.route in QUERIES and row.method == GET:
        path += "?" + urlencode(QUERIES[row.route](world))
    body = BODIES.get((row.route, row.method), lambda w: {})(world)
    before = database_state()

    # Nothing here may reach Clio or LawPay: an attempt fails like an unreachable provider.
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        if row.method == GET:
            response = client.get(path)
        elif path.startswith("/api/"):
            response = client.generic(row.method, path, json.dumps(body), "application/json")
        else:
            response = client.post(path, body)

    status, location = response.status_code, response.get("Location", "")
    if outcome in (OK, LISTED, UNLISTED):
        assert 200 <= status < 400, f"{case.id}: {status} {location}"
        assert not refused(response, path, LOGIN), f"{case.id}: sent to the login page"
        assert not refused(response, path, ADMIN), f"{case.id}: sent to the admin's login"
        if row.route not in NEEDS_A_PROVIDER:
            errors = [m.message for m in get_messages(response.wsgi_request) if m.level >= ERROR]
            assert errors == [], f"{case.id}: authorised, but the action did not run"
        if outcome == LISTED:
            assert world.marker in response.content.decode(), f"{case.id}: A's invoices missing"
        if outcome == UNLISTED:
            assert world.marker not in response.content.decode(), f"{case.id}: A's invoices shown"
    else:
        assert refused(response, path, outcome), f"{case.id}: {status} {location}"
        assert database_state() == before, f"{case.id}: a refused request changed the database"
