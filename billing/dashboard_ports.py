"""What other apps add to the collections dashboard without billing importing them.

Billing knows nothing of reminders or trust (.importlinter), yet the dashboard shows, e.g., the
reminder stage reached before payment. An app registers a provider at start-up (its
``AppConfig.ready``, as with ``accounts.selectors.queue_counter_register``); the dashboard calls
each with the invoices the viewer may see that were paid in the chosen months, and the provider
answers with one figure, read in one query whatever the number of invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from billing.models import Invoice


@dataclass(frozen=True)
class FigureBar:
    """One bar: ``value`` is its length, ``text`` what is printed beside it; ``secondary`` (if
    any) a longer, lighter bar behind it (the 90th percentile behind the median)."""

    label: str
    value: Decimal
    text: str
    secondary: Decimal | None = None


@dataclass(frozen=True)
class DashboardFigure:
    """A chart and its numbers: ``columns`` and ``rows`` are the table under it and its CSV."""

    key: str
    title: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bars: tuple[FigureBar, ...]


class FigureProvider(Protocol):
    def __call__(self, *, paid_invoices: QuerySet[Invoice]) -> DashboardFigure: ...


_providers: dict[str, FigureProvider] = {}


def dashboard_figure_register(key: str, provider: FigureProvider) -> None:
    """``provider(paid_invoices=…)`` is the figure shown under ``key`` (registering again
    replaces it, so a reloaded app does not show its figure twice)."""
    _providers[key] = provider


def dashboard_figures_provided(*, paid_invoices: QuerySet[Invoice]) -> list[DashboardFigure]:
    """Every registered figure, in the order the apps registered them: one query each."""
    return [provider(paid_invoices=paid_invoices) for provider in _providers.values()]
