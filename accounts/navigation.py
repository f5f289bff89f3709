"""The queues and pages each role reaches from the navigation bar and the home page.

A page appears for a user only when they hold its permission; the view checks the same
permission, so hiding a link is a courtesy, never the guard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    title: str
    url_name: str
    permission: str
    summary: str
    section: str


PAGES: tuple[Page, ...] = (
    Page(
        "Review queue",
        "billing:review",
        "billing.review_invoices",
        "Draft invoices waiting for approval.",
        "Billing",
    ),
    Page(
        "Invoices",
        "billing:invoices",
        "billing.view_all_invoices",
        "Every invoice in every status: search, filter, totals and CSV export.",
        "Billing",
    ),
    # The firm's figures; the page itself checks accounts.view_collections, which every role
    # holds (attorneys reach it as "My collections" below).
    Page(
        "Collections",
        "billing:dashboard",
        "billing.view_all_invoices",
        "Unpaid by age, collected this month, days to invoice and to payment, how it was paid.",
        "Billing",
    ),
    Page(
        "Needs attention",
        "billing:attention",
        "billing.review_invoices",
        "Invoices that cannot proceed, with the reason and the fix.",
        "Billing",
    ),
    Page(
        "Unmatched payments",
        "payments:unmatched",
        "billing.match_payments",
        "LawPay payments that matched no invoice, to match by hand.",
        "Billing",
    ),
    Page(
        "Payments",
        "payments:list",
        "billing.match_payments",
        "Payments received through LawPay and what they paid.",
        "Billing",
    ),
    Page(
        "Mailbox (sandbox)",
        "mailbox:inbox",
        "integrations.view_sandbox_mailbox",
        "Emails Remit sent while running against the emulators.",
        "Billing",
    ),
    Page(
        "Overdue invoices",
        "reminders:overdue",
        "reminders.send_reminders",
        "Sent invoices still unpaid: the reminders so far, the next step, send one now.",
        "Billing",
    ),
    Page(
        "Flagged matters",
        "reminders:flagged",
        "reminders.view_all_flags",
        "Every overdue invoice handed to its attorney, and what the attorney did.",
        "Billing",
    ),
    Page(
        "My flagged matters",
        "reminders:flagged",
        "reminders.view_flagged_matters",
        "Overdue invoices handed to their attorney: call, snooze, dispute or ask for a write-off.",
        "Attorney",
    ),
    # Attorneys open the same dashboard, scoped to their own matters.
    Page(
        "My collections",
        "billing:dashboard",
        "accounts.view_collections",
        "Your matters' unpaid invoices by age, collections and days to payment.",
        "Attorney",
    ),
    Page(
        "Trust applications",
        "trust:applications",
        "trust.apply_trust_funds",
        "Proposals to apply cleared trust funds to invoices, awaiting your approval.",
        "Attorney",
    ),
    Page(
        "Reminder rules",
        "reminders:rules",
        "reminders.manage_reminder_rules",
        "The 7 / 21 / 30-day steps and their emails, business hours, opt-outs.",
        "Admin",
    ),
    Page(
        "Billing rules",
        "billing:rules",
        "billing.manage_billing_rules",
        "Threshold, calendar day, stability window, send mode and payment terms.",
        "Admin",
    ),
    Page(
        "Dry run",
        "billing:dry-run",
        "billing.review_invoices",
        "What would be drafted now, and with another threshold.",
        "Billing",
    ),
    Page(
        "Trust balances",
        "trust:balances",
        "trust.view_trust_ledger",
        "Each matter's trust balance and cleared funds, with Clio's figure beside Remit's.",
        "Trust",
    ),
    Page(
        "Trust journal",
        "trust:journal",
        "trust.view_trust_ledger",
        "Every trust entry in order, per trust bank account.",
        "Trust",
    ),
    Page(
        "Transfers to execute",
        "trust:transfers",
        "trust.view_trust_ledger",
        "Earned fees to move from trust to operating at the bank, and those confirmed.",
        "Trust",
    ),
    Page(
        "Reconciliation",
        "trust:reconciliations",
        "trust.view_trust_ledger",
        "Statement import, matching and the three-way reconciliation with sign-off.",
        "Trust",
    ),
    Page(
        "Clio cross-check",
        "trust:crosscheck",
        "trust.view_trust_ledger",
        "Where Remit's trust balances and Clio's differ, to the cent.",
        "Trust",
    ),
    Page(
        "Connections",
        "integrations:connections",
        "integrations.manage_connections",
        "Clio (OAuth) and LawPay (keys, operating and trust accounts, events URL).",
        "Admin",
    ),
    Page(
        "Trust accounts",
        "trust:accounts",
        "trust.manage_trust_rules",
        "Link Clio's trust bank account and LawPay's trust account to Remit's trust ledger.",
        "Admin",
    ),
    Page(
        "Matter mappings",
        "integrations:mappings",
        "integrations.manage_mappings",
        "Clio matter ↔ display number ↔ LawPay reference.",
        "Admin",
    ),
    Page(
        "Integration health",
        "integrations:health",
        "integrations.view_integration_health",
        "Connections, webhooks, backlog and dead letters.",
        "Admin",
    ),
    # Attorneys read their own matters' trust (trust staff reach the same page above).
    Page(
        "My matters' trust",
        "trust:balances",
        "trust.apply_trust_funds",
        "Trust balances and ledgers of the matters you are the attorney of.",
        "Attorney",
    ),
)


def pages_for_user(user) -> list[Page]:
    if not user.is_authenticated:
        return []
    # A page listed twice (for two roles) is shown once, as its first listing.
    pages: dict[str, Page] = {}
    for page in PAGES:
        if page.url_name not in pages and user.has_perm(page.permission):
            pages[page.url_name] = page
    return list(pages.values())


def sections_for_user(user) -> list[tuple[str, list[Page]]]:
    """The navigation bar's menus: the user's pages grouped by who they are for."""
    sections: dict[str, list[Page]] = {}
    for page in pages_for_user(user):
        sections.setdefault(page.section, []).append(page)
    return list(sections.items())
