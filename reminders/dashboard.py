"""The reminders' figure on billing's collections dashboard: the last step of the sequence an
invoice reached before it was paid (registered in ``RemindersConfig.ready``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Subquery, Sum

from billing.dashboard_ports import DashboardFigure, FigureBar
from reminders.models import ReminderRun, ReminderStep

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from billing.models import Invoice

# A run that reached the client or the attorney; skipped ones did not.
REACHED = (ReminderRun.Status.SENT, ReminderRun.Status.FLAGGED)
BEFORE_ANY = "Paid before any reminder"


def _stage_label(day_offset: int | None, action: str | None) -> str:
    if day_offset is None:
        return BEFORE_ANY
    if action == ReminderStep.Action.FLAG_ATTORNEY:
        return f"After the day-{day_offset} attorney flag"
    return f"After the day-{day_offset} reminder"


def reminder_stage_figure(*, paid_invoices: QuerySet[Invoice]) -> DashboardFigure:
    """Of ``paid_invoices``, how many were paid after each step (the latest one reached before
    the payment) or before any: one query."""
    last_run = ReminderRun.objects.filter(
        invoice=OuterRef("pk"), status__in=REACHED, claimed_at__lt=OuterRef("paid_at")
    ).order_by("-day_offset", "-pk")
    rows = (
        paid_invoices.annotate(
            stage=Subquery(last_run.values("day_offset")[:1]),
            stage_action=Subquery(last_run.values("action")[:1]),
        )
        .order_by()
        .values("stage", "stage_action")
        .annotate(invoices=Count("pk"), amount=Sum("total"))
    )
    stages = sorted(rows, key=lambda row: -1 if row["stage"] is None else row["stage"])
    total = sum(row["invoices"] for row in stages)
    figures = [
        (
            _stage_label(row["stage"], row["stage_action"]),
            row["invoices"],
            (Decimal(row["invoices"]) * 100 / total).quantize(Decimal("0.1")),
            row["amount"] or Decimal("0.00"),
        )
        for row in stages
    ]
    return DashboardFigure(
        key="reminder-stage",
        title="Reminder stage reached before payment",
        caption=(
            "Invoices paid in full in these months, by the last reminder step sent (or flag "
            "raised) before the payment."
        ),
        columns=("Stage", "Invoices", "Share %", "Invoiced amount"),
        rows=tuple(
            (label, str(count), str(share), f"{amount:.2f}")
            for label, count, share, amount in figures
        ),
        bars=tuple(
            FigureBar(label=label, value=Decimal(count), text=f"{count} · {share}%")
            for label, count, share, _amount in figures
        ),
    )
