"""An email backend that keeps every message in the database for the sandbox mailbox page.

Turned on with ``REMIT_MAILBOX=true`` (``make run`` does); production uses ``EMAIL_URL``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from integrations.models import MailboxMessage


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            html = ""
            if isinstance(message, EmailMultiAlternatives):
                html = next(
                    (str(body) for body, mime in message.alternatives if mime == "text/html"), ""
                )
            text = str(message.body)
            if message.content_subtype == "html":
                html, text = html or text, ""
            MailboxMessage.objects.create(
                from_email=message.from_email or "",
                to=", ".join(message.to),
                cc=", ".join(message.cc),
                subject=str(message.subject),
                text=text,
                html=html,
            )
            sent += 1
        return sent
