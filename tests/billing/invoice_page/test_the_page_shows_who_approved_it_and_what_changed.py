"""The invoice page says who approved it and when, its due date and client email, and its
history lists the holds, resumes and draft edits with who made them."""

from decimal import Decimal

import time_machine

from billing.services.review import (
    invoice_approve,
    invoice_hold,
    invoice_line_describe,
    invoice_resume,
)
from tests.billing.factories import draft_with_lines
from tests.billing.invoice_page.conftest import APPROVED_AT, history, page


def test_the_page_shows_the_approver_the_time_the_due_date_and_the_client_email(
    client, billing_clerk, sent
):
    client.force_login(billing_clerk)

    html = page(client, sent)

    assert "2026-03-16" in html
    assert "by bill" in html
    # Approved on the firm's 16 March with 30 days' terms.
    assert 'data-testid="due-date">2026-04-15<' in html
    assert sent.matter.client.primary_email in html
    # The payment link, with a button that copies it (static JS, no CDN).
    assert 'data-copy="payment-link-' in html
    assert "readOnlyFields=amount,reference" in html


def test_the_history_lists_hold_resume_edit_and_approval_with_who(client, billing_clerk, rules):
    with time_machine.travel(APPROVED_AT, tick=True):
        draft = draft_with_lines(amounts=(Decimal("300.00"),))
        invoice_hold(invoice=draft, user=billing_clerk, reason="Waiting for the partner")
        invoice_resume(invoice=draft, user=billing_clerk)
        invoice_line_describe(
            line=draft.lines.get(), description="Drafted the motion", user=billing_clerk
        )
        approved = invoice_approve(invoice=draft, user=billing_clerk)
    client.force_login(billing_clerk)

    html = history(client, draft)

    for words in (
        "Drafted",
        "Put on hold",
        "Waiting for the partner",
        "Resumed",
        "Line reworded",
        "Drafted the motion",
        f"Approved as {approved.number}",
    ):
        assert words in html, words
    assert html.index("Put on hold") < html.index("Resumed") < html.index("Approved as")
    assert html.count("<td>bill</td>") >= 4
