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
    # Until the issue that builds a page lands, the page says so plainly instead of pretending.
    coming_with: str = ""


PAGES: tuple[Page, ...] = (
    Page(
        "Review queue",
        "billing:review",
        "billing.review_invoices",
        "Draft invoices waiting for approval.",
    ),
    Page(
        "Needs attention",
        "billing:attention",
        "billing.review_invoices",
        "Invoices that cannot proceed, with the reason and the fix.",
    ),
    Page(
        "Unmatched payments",
        "payments:unmatched",
        "billing.match_payments",
        "LawPay payments that matched no invoice, to match by hand.",
    ),
    Page(
        "Payments",
        "payments:list",
        "billing.match_payments",
        "Payments received through LawPay and what they paid.",
    ),
    Page(
        "Mailbox (sandbox)",
        "mailbox:inbox",
        "integrations.view_sandbox_mailbox",
        "Emails Remit sent while running against the emulators.",
    ),
    Page(
        "My flagged matters",
        "reminders:flagged",
        "reminders.view_flagged_matters",
        "Your matters with invoices 30 days overdue.",
        coming_with="the reminders issue",
    ),
    Page(
        "Trust applications",
        "trust:applications",
        "trust.apply_trust_funds",
        "Proposals to apply cleared trust funds to invoices, awaiting your approval.",
        coming_with="the trust issue",
    ),
    Page(
        "Billing rules",
        "billing:rules",
        "billing.manage_billing_rules",
        "Threshold, calendar day, stability window, send mode and payment terms.",
    ),
    Page(
        "Dry run",
        "billing:dry-run",
        "billing.review_invoices",
        "What would be drafted now, and with another threshold.",
    ),
    Page(
        "Connections",
        "integrations:connections",
        "integrations.manage_connections",
        "Clio (OAuth) and LawPay (keys, operating and trust accounts, events URL).",
    ),
    Page(
        "Matter mappings",
        "integrations:mappings",
        "integrations.manage_mappings",
        "Clio matter ↔ display number ↔ LawPay reference.",
    ),
    Page(
        "Integration health",
        "integrations:health",
        "integrations.view_integration_health",
        "Connections, webhooks, backlog and dead letters.",
    ),
)


def pages_for_user(user) -> list[Page]:
    if not user.is_authenticated:
        return []
    return [page for page in PAGES if user.has_perm(page.permission)]


def page_for_url_name(url_name: str) -> Page:
    return next(page for page in PAGES if page.url_name == url_name)
