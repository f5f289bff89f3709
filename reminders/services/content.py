"""What a reminder says: the step's templates filled with the invoice as it stands now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from billing.models import Invoice
from billing.services.delivery import firm_branding
from reminders.models import ReminderStep
from reminders.services.rules import STEP_ENGINE, firm_date


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def long_date(day: date | None) -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def reminder_context(*, invoice: Invoice, payment_url: str, invoice_url: str) -> dict[str, Any]:
    """The names a step's templates may use (reminders/services/rules.py TEMPLATE_SAMPLE)."""
    matter = invoice.matter
    sent_on = firm_date(invoice.sent_at) if invoice.sent_at else None
    return {
        "client_name": matter.client.name if matter.client else "",
        "invoice_number": invoice.number or "",
        "matter": matter.display_number,
        "amount_due": money(invoice.amount_due),
        "total": money(invoice.total),
        "amount_paid": money(invoice.amount_paid + invoice.trust_applied),
        "sent_on": long_date(sent_on),
        "due_date": long_date(invoice.due_date),
        "days_since_sent": (firm_date_today() - sent_on).days if sent_on else 0,
        "payment_url": payment_url,
        "invoice_url": invoice_url,
        "firm_name": settings.FIRM_NAME,
    }


def firm_date_today() -> date:
    return firm_date(timezone.now())


def step_render(text: str, context: dict[str, Any], *, html: bool = False) -> str:
    """A step's template (admin-edited text) rendered; HTML escapes the values it inserts."""
    return Template(text, engine=STEP_ENGINE).render(Context(context, autoescape=html))


def reminder_email_build(
    *, step: ReminderStep, invoice: Invoice, recipient: str, payment_url: str, invoice_url: str
) -> EmailMultiAlternatives:
    """The client's reminder: HTML and text, branded like the invoice email (emails/invoice)."""
    context = reminder_context(invoice=invoice, payment_url=payment_url, invoice_url=invoice_url)
    subject = " ".join(step_render(step.subject, context).split())
    text_body = step_render(step.body_text, context)
    html_body = (
        step_render(step.body_html, context, html=True)
        if step.body_html.strip()
        else linebreaks(text_body, autoescape=True)
    )
    page = {
        **firm_branding(),
        **context,
        "subject": subject,
        "body_text": text_body,
        "body_html": mark_safe(html_body),  # noqa: S308 - rendered with autoescape above
        "with_link": step.action == ReminderStep.Action.EMAIL_WITH_LINK and bool(payment_url),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminder.txt", page),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    message.attach_alternative(render_to_string("emails/reminder.html", page), "text/html")
    return message
