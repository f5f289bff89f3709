"""Who may reach what: every route of the URL configuration × every role, in one table.

The roles are PRODUCT.md §1's, plus the two edges: nobody signed in, and a superuser. An
attorney appears twice: ``attorney_own`` is attorney A, whose matter every id in a URL points
at; ``attorney_other`` is attorney B, whose matters are elsewhere. A route that takes no id
shows both the same page, and a list shows B none of A's invoices.

Outcomes:
    OK        authorised: 2xx, or 3xx that is not a bounce to a login page
    LOGIN     the login page with ``?next=`` (pages), 401 or 403 (``/api/``)
    ADMIN     the Django admin's own login page (it refuses non-staff that way)
    LISTED    200, and attorney A's invoices are on it
    UNLISTED  200, and none of attorney A's invoices are on it
    403/404   refused; 404 where saying "forbidden" would confirm the object exists
    405       the method is refused before anything else (webhooks take POST only)
A refusal changes nothing in the database; the test checks that too.

A route that takes an id names its target (an attribute of the test's world, all on attorney
A's matter) in TARGETS; a POST, PUT or PATCH sends the body in BODIES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from billing.services.drafts import firm_today
from integrations.models import OutboxMessage
from tests.reminders.matrix import HOURS_BODY, new_step_body, review_world, snooze_body, step_body
from tests.trust.factories import transfer_make, trust_account_make
from tests.trust.matrix_applications import proposal_world
from tests.trust.reconciliation.matrix import february_upload, reconciliation_world

ROLES = ("anonymous", "billing", "attorney_own", "attorney_other", "admin", "superuser")

OK, LOGIN, ADMIN, LISTED, UNLISTED = "ok", "login", "admin-login", "listed", "unlisted"
GET, POST, PATCH = "GET", "POST", "PATCH"


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    outcomes: dict[str, str | int]

    @property
    def label(self) -> str:
        return self.route if self.method == GET else f"{self.route}-{self.method}"


def row(route: str, method: str, *outcomes: str | int) -> Row:
    assert len(outcomes) == len(ROLES), f"{route}: one outcome per role"
    return Row(route, method, dict(zip(ROLES, outcomes, strict=True)))


# Attorneys are refused every billing action with 403, even on their own matter: the role is
# refused before any object is looked up, so the answer says nothing about the object. Where an
# attorney may look (an invoice page), another attorney's invoice is a 404, never a 403.
# fmt: off
TABLE: tuple[Row, ...] = (
    #   route                           method anon   billing own     other     admin   superuser
    # Public: load balancers, providers and clients, no login.
    row("healthz",                      GET,   OK,    OK,     OK,     OK,       OK,     OK),
    row("webhooks-lawpay",              GET,   405,   405,    405,    405,      405,    405),
    row("webhooks-clio",                GET,   405,   405,    405,    405,      405,    405),
    row("public:invoice",               GET,   OK,    OK,     OK,     OK,       OK,     OK),
    row("login",                        GET,   OK,    OK,     OK,     OK,       OK,     OK),
    row("logout",                       POST,  OK,    OK,     OK,     OK,       OK,     OK),
    # Everyone signed in.
    row("home",                         GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("api-schema",                   GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    # Invoices: billing staff review; attorneys see their own matters' invoices, nothing else.
    row("billing:review",               GET,   LOGIN, LISTED, LISTED, UNLISTED, LISTED, LISTED),
    row("billing:invoices",             GET,   LOGIN, LISTED, LISTED, UNLISTED, LISTED, LISTED),
    # A streamed CSV has no body the matrix reads; tests/billing/invoice_list checks what
    # each attorney's export holds.
    row("billing:invoices-csv",         GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("billing:invoice",              GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    # The collections dashboard: every role; attorneys' figures are their own matters'
    # (tests/billing/dashboard checks what each attorney's page, CSV and API hold).
    row("billing:dashboard",            GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("billing:dashboard-csv",        GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("api-metrics-aging",            GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("api-metrics-cycle-time",       GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    # The matter timeline: whoever sees the matter's invoices (another attorney's: a 404).
    row("integrations:matter-timeline", GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-matter-timeline",          GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("billing:bulk-approve",         POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:approve",              POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:hold",                 POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:resume",               POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:reject",               POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:draft-again",          POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:invoice-resend",       POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:invoice-void",         POST,  LOGIN, OK,     403,    403,      OK,     OK),
    # The invoice page's history: whoever sees the invoice; Retry: whoever may replay.
    row("integrations:invoice-history", GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("integrations:invoice-history-retry", POST, LOGIN, 403, 403,  403,      OK,     OK),
    row("billing:line-remove",          POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:line-edit",            GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:line-edit",            POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:line-write-down",      GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:line-write-down",      POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:invoice-discount",     GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:invoice-discount",     POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:adjustment-withdraw",  POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:attention",            GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:attention-resolve",    POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:dry-run",              GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("billing:rules",                GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("billing:rules",                POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("api-invoices",                 GET,   LOGIN, LISTED, LISTED, UNLISTED, LISTED, LISTED),
    row("api-invoice-approve",          POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("api-invoice-draft-again",      POST,  LOGIN, OK,     403,    403,      OK,     OK),
    # Billing staff read the rules over the API (the dry run shows them too); admins change them.
    row("api-billing-rules",            GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-billing-rules",            PATCH, LOGIN, 403,    403,    403,      OK,     OK),
    # Payments: billing staff match them; attorneys see them on their invoices, not here.
    row("payments:list",                GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("payments:csv",                 GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("payments:unmatched",           GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("payments:match",               POST,  LOGIN, OK,     403,    403,      OK,     OK),
    row("api-payments",                 GET,   LOGIN, OK,     403,    403,      OK,     OK),
    # The sandbox mailbox holds client emails: billing staff, who send them.
    row("mailbox:inbox",                GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("mailbox:message",              GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("mailbox:message-html",         GET,   LOGIN, OK,     403,    403,      OK,     OK),
    # Attorneys' pages.
    row("trust:applications",           GET,   LOGIN, 403,    OK,     OK,       OK,     OK),
    # Applying trust (and so approving the invoice) is the attorney's, on their own matter, or
    # an admin's; another attorney's proposal is a 404.
    row("trust:application-approve",    POST,  LOGIN, 403,    OK,     404,      OK,     OK),
    row("trust:application-decline",    POST,  LOGIN, 403,    OK,     404,      OK,     OK),
    row("api-trust-applications",       GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("api-trust-applications",       POST,  LOGIN, 403,    OK,     404,      OK,     OK),
    row("api-trust-accounts",           GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-trust-ledger",             GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    # Evergreen minimums are a trust rule: admins ("manage trust rules").
    row("trust:evergreen-set",          POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:accounts",               GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:accounts",               POST,  LOGIN, 403,    403,    403,      OK,     OK),
    # Trust staff: Remit's trust balances beside Clio's.
    row("trust:crosscheck",             GET,   LOGIN, OK,     403,    403,      OK,     OK),
    # Trust ledgers: billing staff and admins read them all; an attorney reads their own
    # matters' balances and ledgers (another's matter is a 404), never the firm-wide journal or
    # the transfers. Confirming a bank transfer is an admin's (reconcile trust).
    row("trust:balances",               GET,   LOGIN, OK,     OK,     OK,       OK,     OK),
    row("trust:ledger",                 GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("trust:ledger-csv",             GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("trust:journal",                GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:journal-csv",            GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:transfers",              GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:transfer-execute",       POST,  LOGIN, 403,    403,    403,      OK,     OK),
    # Three-way reconciliation: billing staff read the reports; admins (reconcile trust) upload
    # statements, match lines and sign off.
    row("trust:reconciliations",        GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:reconciliation-upload",  POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:reconciliation",         GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:reconciliation-csv",     GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:reconciliation-sign-off", POST, LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:reconciliation-rematch", POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:statement",              GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("trust:statement-line-match",   POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("trust:statement-line-unmatch", POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("api-trust-reconciliations",    GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-trust-reconciliations",    POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("api-trust-reconciliation",     GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-trust-reconciliation-sign-off", POST, LOGIN, 403, 403,  403,      OK,     OK),
    # The attorney's desk: billing staff see every flag, an attorney their own matters'; acting
    # on another attorney's flag is a 404.
    row("reminders:flagged",            GET,   LOGIN, LISTED, LISTED, UNLISTED, LISTED, LISTED),
    row("reminders:review-log-call",    POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("reminders:review-snooze",      POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("reminders:review-resume",      POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("reminders:review-dispute",     POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("reminders:review-write-off",   POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("reminders:invoice",            GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-reminders",                GET,   LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-reviews",                  GET,   LOGIN, LISTED, LISTED, UNLISTED, LISTED, LISTED),
    row("api-review-log-call",          POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-review-snooze",            POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-review-resume",            POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-review-dispute",           POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    row("api-review-write-off",         POST,  LOGIN, OK,     OK,     404,      OK,     OK),
    # Billing staff's overdue list and "send reminder now".
    row("reminders:overdue",            GET,   LOGIN, LISTED, 403,    403,      LISTED, LISTED),
    row("reminders:send-now",           POST,  LOGIN, OK,     403,    403,      OK,     OK),
    # The reminder rules: admins.
    row("reminders:rules",              GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:rules",              POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:step-new",           GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:step-new",           POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:step-edit",          GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:step-edit",          POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:opt-out-add",        POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("reminders:opt-out-remove",     POST,  LOGIN, 403,    403,    403,      OK,     OK),
    # Admins: connections, mappings, health and replays. Billing staff read mappings over the
    # API (they fix the conflicts that block sending) but change them nowhere.
    row("integrations:connections",     GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:clio-connect",    POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:clio-callback",   GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:clio-disconnect", POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:lawpay-keys",     POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:lawpay-accounts", POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:lawpay-webhook",  POST,  LOGIN, 403,    403,    403,      OK,     OK),
    # The go-live gate: live keys without a passing sandbox check are refused (409).
    row("api-lawpay-keys",              POST,  LOGIN, 403,    403,    403,      409,    409),
    row("integrations:sandbox-check-start", POST, LOGIN, 403,   403,    403,      OK,     OK),
    row("integrations:sandbox-check",   GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:mappings",        GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:mappings-export", GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:mappings-import", POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:mapping-edit",    GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:mapping-edit",    POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("api-mappings",                 GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-mapping",                  GET,   LOGIN, OK,     403,    403,      OK,     OK),
    row("api-mapping",                  PATCH, LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:health",          GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:replay-all",      POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("integrations:replay",          POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("api-health",                   GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("inbound-events",               GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("inbound-event",                GET,   LOGIN, 403,    403,    403,      OK,     OK),
    row("inbound-events-replay-dead",   POST,  LOGIN, 403,    403,    403,      OK,     OK),
    row("inbound-event-replay",         POST,  LOGIN, 403,    403,    403,      OK,     OK),
    # The Django admin is for staff users (the demo's admin); it has its own login page.
    row("admin:index",                  GET,   ADMIN, ADMIN,  ADMIN,  ADMIN,    OK,     OK),
)
# fmt: on

# Routes the resolver walk leaves out, and why.
NOT_WALKED_NAMESPACES = {
    # Django's own admin: its pages check is_staff and model permissions (tested in
    # tests/accounts); the table keeps one row for its index.
    "admin",
}

World = Any
Build = Callable[[World], dict[str, Any]]

TARGETS: dict[str, Build] = {
    "webhooks-lawpay": lambda w: {"token": w.lawpay_token},
    "public:invoice": lambda w: {"token": w.public_token},
    "billing:invoice": lambda w: {"pk": w.draft.pk},
    "integrations:matter-timeline": lambda w: {"clio_id": w.mapping.matter.clio_id},
    "api-matter-timeline": lambda w: {"clio_id": w.mapping.matter.clio_id},
    "billing:approve": lambda w: {"pk": w.draft.pk},
    "billing:hold": lambda w: {"pk": w.draft.pk},
    "billing:resume": lambda w: {"pk": w.held.pk},
    "billing:reject": lambda w: {"pk": w.draft.pk},
    "billing:draft-again": lambda w: {"pk": w.rejected.pk},
    "billing:invoice-resend": lambda w: {"pk": w.sent.pk},
    "billing:invoice-void": lambda w: {"pk": w.sent.pk},
    "integrations:invoice-history": lambda w: {"pk": w.sent.pk},
    "integrations:invoice-history-retry": lambda w: {
        "pk": w.sent.pk,
        "message_pk": _dead_write_back(w).pk,
    },
    "billing:line-remove": lambda w: {"pk": w.line.pk},
    "billing:line-edit": lambda w: {"pk": w.line.pk},
    "billing:line-write-down": lambda w: {"pk": w.line.pk},
    "billing:invoice-discount": lambda w: {"pk": w.draft.pk},
    "billing:adjustment-withdraw": lambda w: {"pk": _written_down(w).pk},
    "billing:attention-resolve": lambda w: {"pk": w.attention_item.pk},
    "api-invoice-approve": lambda w: {"pk": w.draft.pk},
    "api-invoice-draft-again": lambda w: {"pk": w.rejected.pk},
    "payments:match": lambda w: {"pk": w.unmatched_payment.pk},
    "mailbox:message": lambda w: {"pk": w.email.pk},
    "mailbox:message-html": lambda w: {"pk": w.email.pk},
    "trust:application-approve": lambda w: {"pk": proposal_world(w).application.pk},
    "trust:application-decline": lambda w: {"pk": proposal_world(w).application.pk},
    "trust:evergreen-set": lambda w: {"pk": proposal_world(w).application.ledger_id},
    "trust:ledger": lambda w: {"pk": w.mapping.matter_id},
    "trust:ledger-csv": lambda w: {"pk": w.mapping.matter_id},
    "trust:reconciliation": lambda w: {"pk": reconciliation_world(w).reconciliation.pk},
    "trust:reconciliation-csv": lambda w: {"pk": reconciliation_world(w).reconciliation.pk},
    "trust:reconciliation-sign-off": lambda w: {"pk": reconciliation_world(w).reconciliation.pk},
    "trust:reconciliation-rematch": lambda w: {"pk": reconciliation_world(w).reconciliation.pk},
    "trust:statement": lambda w: {"pk": reconciliation_world(w).reconciliation.statement_id},
    "trust:statement-line-match": lambda w: {"pk": reconciliation_world(w).loose_line.pk},
    "trust:statement-line-unmatch": lambda w: {"pk": reconciliation_world(w).matched_line.pk},
    "api-trust-reconciliation": lambda w: {"pk": reconciliation_world(w).reconciliation.pk},
    "api-trust-reconciliation-sign-off": lambda w: {
        "pk": reconciliation_world(w).reconciliation.pk
    },
    "integrations:mapping-edit": lambda w: {"pk": w.mapping.pk},
    "integrations:sandbox-check": lambda w: {"pk": _sandbox_check_run(w).pk},
    "api-mapping": lambda w: {"pk": w.mapping.pk},
    "integrations:replay-all": lambda w: {"kind": "event"},
    "integrations:replay": lambda w: {"kind": "event", "pk": w.dead_event.pk},
    "inbound-event": lambda w: {"event_id": w.dead_event.pk},
    "inbound-event-replay": lambda w: {"event_id": w.dead_event.pk},
    "reminders:review-log-call": lambda w: {"pk": review_world(w).open.pk},
    "reminders:review-snooze": lambda w: {"pk": review_world(w).open.pk},
    "reminders:review-resume": lambda w: {"pk": review_world(w).snoozed.pk},
    "reminders:review-dispute": lambda w: {"pk": review_world(w).open.pk},
    "reminders:review-write-off": lambda w: {"pk": review_world(w).open.pk},
    "reminders:invoice": lambda w: {"pk": w.sent.pk},
    "reminders:send-now": lambda w: {"pk": w.sent.pk},
    "reminders:step-edit": lambda w: {"pk": review_world(w).step.pk},
    "reminders:opt-out-remove": lambda w: {"pk": review_world(w).opt_out.pk},
    "api-review-log-call": lambda w: {"pk": review_world(w).open.pk},
    "api-review-snooze": lambda w: {"pk": review_world(w).open.pk},
    "api-review-resume": lambda w: {"pk": review_world(w).snoozed.pk},
    "api-review-dispute": lambda w: {"pk": review_world(w).open.pk},
    "api-review-write-off": lambda w: {"pk": review_world(w).open.pk},
}

# Query strings a GET needs to name its target.
QUERIES: dict[str, Build] = {
    "api-trust-ledger": lambda w: {"clio_matter_id": w.mapping.matter.clio_id},
    "api-reminders": lambda w: {"invoice": w.sent.pk},
    # The flags exist only once a case asks for them.
    "reminders:flagged": lambda w: {"show": "waiting", "_": review_world(w).open.pk},
    "api-reviews": lambda w: {"show": "all", "_": review_world(w).open.pk},
}

# Bodies an authorised request succeeds with: an OK case also ends without an error message, so
# OK means the action ran, not only that the door opened.
BODIES: dict[tuple[str, str], Build] = {
    ("billing:bulk-approve", POST): lambda w: {"invoice_ids": [w.draft.pk]},
    ("billing:hold", POST): lambda w: {"reason": "Waiting for the client"},
    ("billing:reject", POST): lambda w: {"reason": "Client asked to wait"},
    ("billing:invoice-resend", POST): lambda w: {"key": "0" * 32},
    ("billing:invoice-void", POST): lambda w: {"reason": "Voided by the matrix"},
    ("billing:line-edit", POST): lambda w: {"description": "Reworded by the matrix"},
    ("billing:line-write-down", POST): lambda w: {
        "how": "off",
        "amount": "10.00",
        "reason": "Written down by the matrix",
    },
    ("billing:invoice-discount", POST): lambda w: {
        "how": "percent",
        "value": "5",
        "reason": "Discounted by the matrix",
    },
    ("billing:rules", POST): lambda w: w.rules_form,
    ("api-billing-rules", PATCH): lambda w: {"threshold": "750.00"},
    ("payments:match", POST): lambda w: {"invoice": w.sent.pk},
    ("integrations:clio-connect", POST): lambda w: {"client_id": "remit-app", "client_secret": "s"},
    ("api-lawpay-keys", POST): lambda w: {"mode": "live", "secret_key": "sk-matrix"},
    ("integrations:lawpay-accounts", POST): lambda w: {
        "operating_account_id": "op-test",
        "trust_account_id": "tr-test",
    },
    ("integrations:mappings-import", POST): lambda w: {
        "file": SimpleUploadedFile("mappings.csv", w.mappings_csv, "text/csv"),
        "dry_run": "on",
    },
    ("integrations:mapping-edit", POST): lambda w: {
        "reference": w.mapping.reference,
        "note": "Checked by the matrix",
    },
    ("api-mapping", PATCH): lambda w: {"note": "Checked by the matrix"},
    ("trust:transfer-execute", POST): lambda w: _transfer_to_execute(w),
    ("trust:application-decline", POST): lambda w: {"reason": "Declined by the matrix"},
    ("trust:evergreen-set", POST): lambda w: {"minimum": "50.00"},
    ("trust:accounts", POST): lambda w: {"clio_bank_account": _clio_trust_bank(w).pk},
    ("api-trust-applications", POST): lambda w: {
        "invoice_id": proposal_world(w).invoice.pk,
        "amount": "100.00",
    },
    ("trust:reconciliation-upload", POST): lambda w: february_upload(w, as_file=True),
    ("api-trust-reconciliations", POST): lambda w: february_upload(w, as_file=False),
    ("reminders:review-log-call", POST): lambda w: {"note": "Left a voicemail"},
    ("reminders:review-snooze", POST): snooze_body,
    ("reminders:review-dispute", POST): lambda w: {"note": "Client disputes the hours"},
    ("reminders:review-write-off", POST): lambda w: {"note": "Client is insolvent"},
    ("api-review-log-call", POST): lambda w: {"note": "Left a voicemail"},
    ("api-review-snooze", POST): snooze_body,
    ("api-review-dispute", POST): lambda w: {"note": "Client disputes the hours"},
    ("api-review-write-off", POST): lambda w: {"note": "Client is insolvent"},
    ("reminders:rules", POST): lambda w: HOURS_BODY,
    ("reminders:step-new", POST): new_step_body,
    ("reminders:step-edit", POST): step_body,
    ("reminders:opt-out-add", POST): lambda w: {
        "matter": w.mapping.matter.display_number,
        "reason": "Payment plan",
    },
    ("trust:statement-line-match", POST): lambda w: {
        "entry": reconciliation_world(w).loose_entry.pk
    },
}


def _sandbox_check_run(w: World) -> Any:
    from integrations.sandbox_check.records import sandbox_check_create

    return sandbox_check_create(user=None, origin="page")


def _clio_trust_bank(w: World) -> Any:
    from billing.models import BankAccount

    return BankAccount.objects.create(clio_id=951, name="Matrix IOLTA", type="Trust")


def _transfer_to_execute(w: World) -> dict[str, Any]:
    """An earned-fee transfer on attorney A's sent invoice, and what confirming it takes."""
    today = firm_today(now=timezone.now())
    transfer = transfer_make(trust_account_make(clio_id=601), w.sent, "50.00", on=today)
    return {
        "transfer": transfer.pk,
        "bank_reference": "MATRIX-BANK-1",
        "executed_on": today.isoformat(),
    }


# These steps need a live answer from Clio or LawPay, which no case here may reach (the test
# refuses every outbound request): an authorised request ends at the view's own error message.
# Their success is shown in tests/integrations (test_clio_connect.py, test_lawpay_settings.py).
NEEDS_A_PROVIDER = {
    "integrations:clio-callback",
    "integrations:lawpay-keys",
    "integrations:lawpay-accounts",
    "integrations:lawpay-webhook",
}


def _dead_write_back(w: World) -> Any:
    """A Clio write-back of the sent invoice that died, for the invoice page's Retry."""
    return OutboxMessage.objects.create(
        kind="clio.note.create",
        dedupe_key=f"matrix:dead-note:{w.sent.pk}",
        aggregate=f"invoice:{w.sent.pk}",
        status=OutboxMessage.Status.DEAD,
        payload={"clio_matter_id": w.mapping.matter.clio_id, "subject": "Matrix"},
    )


def _written_down(w: World) -> Any:
    """A write-down of attorney A's draft line, for the invoice page's Withdraw."""
    from billing.models import InvoiceAdjustment
    from billing.services.adjustments import invoice_line_write_down

    invoice_line_write_down(
        line=w.line, user=w.users["billing"], reason="Matrix", amount_off=Decimal("10.00")
    )
    return InvoiceAdjustment.objects.get(line=w.line)
