"""What keeps an invoice from being sent: one list, checked before a number is given and again
at send time (``invoice_blockers``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse

from billing.models import (
    NUMBER_FORMAT,
    PAYMENT_REFERENCE_MAX,
    AttentionItem,
    Invoice,
    Matter,
    MatterMapping,
)
from billing.selectors.invoices import UNSENT_STATUSES, InvoiceAnnotations, invoices_annotated

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


TRUST_DECIDED_BEFORE = (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD)


@dataclass(frozen=True)
class Blocker:
    reason: str
    label: str
    fix: str
    fix_url: str = ""

    @property
    def title(self) -> str:
        return AttentionItem.Reason(self.reason).label


def _email_ok(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def invoice_blockers(*, invoice: WithAnnotations[Invoice, InvoiceAnnotations]) -> list[Blocker]:
    """What stops ``invoice`` from being approved or sent, each with its fix (PRODUCT.md §3.2).

    The one list: the queue and the invoice page show it, approval refuses while it is not
    empty (so no number is spent), and delivery checks it again at send time. ``invoice``
    comes from ``invoices_annotated`` (its ``has_*`` annotations); ``invoice_blockers_now``
    fetches one that way.
    """
    reasons = AttentionItem.Reason
    found: list[Blocker] = []
    if invoice.status not in UNSENT_STATUSES:
        return found
    matter = invoice.matter
    mapping_url = reverse("integrations:mappings")
    client = matter.client
    email = (client.primary_email if client else "").strip()
    if not _email_ok(email):
        who = f"The client {client.name}" if client else "The matter has no client, so it"
        found.append(
            Blocker(
                reasons.MISSING_EMAIL,
                f"{who} has no valid email address in Clio ({email or 'none'})",
                "Add the client's primary email address in Clio; Remit reads it again at "
                "send time.",
            )
        )
    try:
        mapping = matter.mapping
    except MatterMapping.DoesNotExist:
        mapping = None
    if mapping is None:
        found.append(
            Blocker(
                reasons.MAPPING_CONFLICT,
                f"Matter {matter.display_number} has no LawPay reference mapping yet",
                "Create the mapping on the matter mappings page.",
                mapping_url,
            )
        )
    elif mapping.status != MatterMapping.Status.OK:
        found.append(
            Blocker(
                reasons.MAPPING_CONFLICT,
                f"Mapping conflict on {matter.display_number}: "
                f"{mapping.conflict_reason or 'the reference is in conflict'}",
                "Resolve the conflict on the matter mappings page.",
                mapping_url,
            )
        )
    else:
        number = invoice.number or NUMBER_FORMAT.format(year=9999, number=0)
        if len(f"{mapping.reference}-{number}") > PAYMENT_REFERENCE_MAX:
            found.append(
                Blocker(
                    reasons.MAPPING_CONFLICT,
                    f"The LawPay reference would be over {PAYMENT_REFERENCE_MAX} characters",
                    "Shorten the matter's LawPay reference on the matter mappings page.",
                    mapping_url,
                )
            )
    if not invoice.has_payment_page:
        found.append(
            Blocker(
                reasons.PAYMENT_PAGE_MISSING,
                "LawPay's operating payment page is not set, so no payment link can be built",
                "An admin chooses the operating payment page on the connections page.",
            )
        )
    # A final draft exists because its matter closed (PRODUCT.md §3.1): only deletion blocks it.
    final = invoice.trigger == Invoice.Trigger.MATTER_CLOSED
    if (matter.status != Matter.Status.OPEN and not final) or matter.deleted_at is not None:
        found.append(
            Blocker(
                reasons.MATTER_CLOSED,
                f"Matter {matter.display_number} is {matter.get_status_display().lower()} in Clio",
                "Reopen the matter in Clio, or reject (or void) this invoice.",
            )
        )
    if invoice.trust_review == Invoice.TrustReview.PENDING:
        found.append(
            Blocker(
                reasons.TRUST_PENDING,
                f"Matter {matter.display_number} has cleared trust funds: trust is applied first, "
                "and the proposal awaits someone who may apply trust",
                "The responsible attorney (or an admin) approves or declines it on the trust "
                "applications page; approving it approves the invoice.",
                reverse("trust:applications"),
            )
        )
    # A draft paid in full from trust may be approved (approval marks it paid); there is
    # still nothing to send once it is approved.
    paid_by_trust = invoice.trust_applied > 0 and invoice.status in TRUST_DECIDED_BEFORE
    if invoice.amount_due <= 0 and not paid_by_trust:
        found.append(
            Blocker(
                reasons.ZERO_AMOUNT,
                f"There is nothing to pay (amount due ${invoice.amount_due})",
                "Reject the draft or correct its lines.",
            )
        )
    if invoice.has_twin:
        found.append(
            Blocker(
                reasons.SUSPECTED_DUPLICATE,
                "Another live, unsent invoice on this matter has the same total",
                "Compare the two invoices and reject the duplicate.",
                reverse("billing:review") + f"?matter={matter.pk}",
            )
        )
    if invoice.has_dead_letter:
        found.append(
            Blocker(
                reasons.DEAD_LETTER,
                "A Clio or LawPay call for this invoice failed for good",
                "Replay it from integration health once the cause is fixed.",
                reverse("integrations:health"),
            )
        )
    return found


def invoice_blockers_now(*, invoice_id: int) -> list[Blocker]:
    """``invoice_blockers`` of the invoice as it is in the database now (approval, delivery)."""
    return invoice_blockers(invoice=invoices_annotated(Invoice.objects.all()).get(pk=invoice_id))
