from django.db import models


class MailboxMessage(models.Model):
    """An email Remit sent while ``REMIT_MAILBOX`` is on: kept here instead of leaving the box.

    The sandbox mailbox page lists these, so a person can open an invoice email and click its
    payment link without any mail server.
    """

    from_email = models.CharField(max_length=254)
    to = models.TextField()  # comma-separated recipients, as shown in a mail client
    cc = models.TextField(blank=True)
    subject = models.CharField(max_length=998)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
