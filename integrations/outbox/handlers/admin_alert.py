"""``billing.admin_alert``: an email to the billing admins (e.g. a blocked duplicate)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q

from integrations.models import OutboxMessage
from integrations.outbox.registry import outbox_handler

ADMIN_PERMISSION = ("billing", "manage_billing_rules")


def billing_admin_emails() -> list[str]:
    """Users who may change billing rules, or in the Admin group, with an email address."""
    app_label, codename = ADMIN_PERMISSION
    holds = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(holds | Q(groups__name="Admin") | Q(is_superuser=True))
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


@outbox_handler("billing.admin_alert")
def billing_admin_alert(message: OutboxMessage) -> dict[str, Any]:
    if message.result.get("sent_to"):
        return message.result
    recipients = billing_admin_emails()
    if not recipients:
        return {"sent_to": [], "note": "no billing admin has an email address"}
    EmailMessage(
        subject=str(message.payload["subject"]),
        body=str(message.payload["body"]),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    ).send()
    return {"sent_to": recipients}
