"""The collections dashboard: what is owed and how old, what came in this month, how long work
takes to be invoiced and invoices to be paid, and how they were paid.

Every figure is an aggregate or window query over the invoices the viewer may see
(``invoices_visible``: attorneys their own matters), so the dashboard costs the same number of
queries for ten invoices or ten thousand. Days are firm calendar days (``FIRM_TIME_ZONE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate, TruncMonth

from billing.dashboard_ports import DashboardFigure, FigureBar, dashboard_figures_provided
from billing.models import Invoice, InvoiceLine, Payment
from billing.selectors.invoices import (
    attention_invoices,
    attention_items_unattached,
    invoices_visible,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

ZERO = Decimal("0.00")
# Sent and not fully paid: what the client still owes.
OWED = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)
DELIVERED = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID, Invoice.Status.PAID)
# (first day, last day or None) of each age bucket, in days since the invoice was sent.
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 7), (8, 14), (15, 30), (31, 60), (61, None))
DEFAULT_MONTHS = 12
MAX_MONTHS = 36
NO_ATTORNEY = "No responsible attorney"
NO_PRACTICE_AREA = "No practice area"
ALL = "All invoices"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.FIRM_TIME_ZONE)


def _firm_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_zone())


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


# -- the months the cycle-time figures cover ---------------------------------------------------


class PeriodRefused(ValueError):
    """A ``since`` / ``until`` the dashboard cannot use; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MonthRange:
    """Whole firm months, ``since`` to ``until`` inclusive (each the first day of its month)."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return _firm_midnight(self.since)

    @property
    def end(self) -> datetime:
        return _firm_midnight(_month_after(self.until))

    def __str__(self) -> str:
        return f"{self.since:%Y-%m} to {self.until:%Y-%m}"


def _month_parse(field: str, raw: str) -> date:
    try:
        return datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise PeriodRefused(field, f"Give {field} as a month, YYYY-MM (e.g. 2026-03).") from None


def collections_months(*, since: str | None, until: str | None, now: datetime) -> MonthRange:
    """The months named by ``since`` and ``until`` (YYYY-MM, either may be blank): by default the
    twelve months ending with this one. Raises ``PeriodRefused`` for anything else."""
    this_month = now.astimezone(_zone()).date().replace(day=1)
    last = _month_parse("until", until) if until else this_month
    if since:
        first = _month_parse("since", since)
    else:
        back = last.year * 12 + last.month - DEFAULT_MONTHS
        first = date(back // 12, back % 12 + 1, 1)
    if first > last:
        raise PeriodRefused("since", "The first month (since) comes after the last (until).")
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise PeriodRefused("since", f"Ask for at most {MAX_MONTHS} months at a time.")
    return MonthRange(since=first, until=last)


# -- unpaid invoices by age --------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBucket:
    min_days: int
    max_days: int | None
    count: int
    amount_due: Decimal

    @property
    def label(self) -> str:
        if self.max_days is None:
            return f"{self.min_days - 1}+ days"
        return f"{self.min_days}–{self.max_days} days"


def collections_aging(*, user: User | AnonymousUser, now: datetime) -> list[AgeBucket]:
    """Sent invoices not fully paid, by firm days since they were sent: one query."""
    today = now.astimezone(_zone()).date()
    due = F("total") - F("trust_applied") - F("amount_paid")
    aggregates: dict[str, Any] = {}
    for n, (first, last) in enumerate(AGE_BUCKETS):
        # Sent on day D is "age today - D": compare sent_at with firm midnights, no date maths.
        window = Q()
        if first > 0:
            window &= Q(sent_at__lt=_firm_midnight(today - timedelta(days=first - 1)))
        if last is not None:
            window &= Q(sent_at__gte=_firm_midnight(today - timedelta(days=last)))
        aggregates[f"count_{n}"] = Count("pk", filter=window)
        aggregates[f"due_{n}"] = Sum(due, filter=window, default=ZERO)
    figures = (
        invoices_visible(user=user)
        .filter(status__in=OWED, sent_at__isnull=False)
        .order_by()
        .aggregate(**aggregates)
    )
    return [
        AgeBucket(
            min_days=first,
            max_days=last,
            count=figures[f"count_{n}"],
            amount_due=figures[f"due_{n}"],
        )
        for n, (first, last) in enumerate(AGE_BUCKETS)
    ]


# -- collected this month ----------------------------------------------------------------------


@dataclass(frozen=True)
class Collected:
    month: date
    payments: Decimal
    payment_count: int
    trust: Decimal
    trust_count: int

    @property
    def total(self) -> Decimal:
        return self.payments + self.trust


def collections_collected(*, user: User | AnonymousUser, now: datetime) -> Collected:
    """This firm month's LawPay payments (net of refunds, reversed ones left out) on visible
    invoices, and the trust applied to invoices approved this month: two queries."""
    month = now.astimezone(_zone()).date().replace(day=1)
    start, end = _firm_midnight(month), _firm_midnight(_month_after(month))
    visible = invoices_visible(user=user)
    payments = Payment.objects.filter(
        invoice__in=visible.values("pk"),
        status=Payment.Status.RECORDED,
        received_at__gte=start,
        received_at__lt=end,
    ).aggregate(
        amount=Sum(F("amount") - F("amount_refunded"), default=ZERO),
        count=Count("pk"),
    )
    trust = (
        visible.filter(trust_applied__gt=0, approved_at__gte=start, approved_at__lt=end)
        .order_by()
        .aggregate(amount=Sum("trust_applied", default=ZERO), count=Count("pk"))
    )
    return Collected(
        month=month,
        payments=payments["amount"],
        payment_count=payments["count"],
        trust=trust["amount"],
        trust_count=trust["count"],
    )


# -- cycle times: median and 90th percentile per group -----------------------------------------


@dataclass(frozen=True)
class CycleStat:
    label: str
    count: int
    median: Decimal
    p90: int


@dataclass(frozen=True)
class CycleTime:
    overall: CycleStat | None
    by_month: list[CycleStat]
    by_attorney: list[CycleStat]
    by_practice_area: list[CycleStat]


@dataclass(frozen=True)
class CycleTimes:
    work_to_sent: CycleTime
    sent_to_paid: CycleTime


def collections_sent_in(*, user: User | AnonymousUser, months: MonthRange) -> QuerySet[Invoice]:
    """Visible invoices sent in ``months`` (and not void since)."""
    return invoices_visible(user=user).filter(
        status__in=DELIVERED, sent_at__gte=months.start, sent_at__lt=months.end
    )


def collections_paid_in(*, user: User | AnonymousUser, months: MonthRange) -> QuerySet[Invoice]:
    """Visible invoices paid in full in ``months``."""
    return invoices_visible(user=user).filter(
        status=Invoice.Status.PAID, paid_at__gte=months.start, paid_at__lt=months.end
    )


def collections_cycle_times(*, user: User | AnonymousUser, months: MonthRange) -> CycleTimes:
    """Days from the oldest line's work date to the firm day the invoice was sent (invoices sent
    in ``months``), and from the day sent to the day paid (invoices paid in ``months``); each
    overall, by month, by responsible attorney and by practice area: two queries."""
    zone = _zone()
    oldest_work = Subquery(
        InvoiceLine.objects.filter(invoice=OuterRef("pk"), live=True)
        .order_by("date")
        .values("date")[:1]
    )
    work_to_sent = (
        collections_sent_in(user=user, months=months)
        .annotate(worked_on=oldest_work)
        .filter(worked_on__isnull=False)
        .annotate(days=_days_between(TruncDate("sent_at", tzinfo=zone), F("worked_on")))
    )
    sent_to_paid = (
        collections_paid_in(user=user, months=months)
        .filter(sent_at__isnull=False)
        .annotate(
            days=_days_between(TruncDate("paid_at", tzinfo=zone), TruncDate("sent_at", tzinfo=zone))
        )
    )
    return CycleTimes(
        work_to_sent=_cycle_time(work_to_sent, ended="sent_at"),
        sent_to_paid=_cycle_time(sent_to_paid, ended="paid_at"),
    )


def _days_between(later: Expression, earlier: Any) -> Expression:
    return ExpressionWrapper(later - earlier, output_field=DurationField())


# The groupings each cycle time is split by: (name, the partition's key, or None for all).
GROUPINGS = ("overall", "month", "attorney", "area")


def _cycle_time(durations: QuerySet[Invoice], *, ended: str) -> CycleTime:
    """One query: every grouping's ranks come from windows over the same rows."""
    # SQLite has no percentile function: rank each group's durations with window functions and
    # fetch only the rows at the ranks the median (two middle ones) and nearest-rank p90 need.
    keyed = durations.annotate(
        month_key=TruncMonth(ended, tzinfo=_zone()),
        attorney_key=F("matter__responsible_attorney_id"),
        attorney_name=F("matter__responsible_attorney__name"),
        area_key=F("matter__practice_area"),
    )
    partitions: dict[str, list[F] | None] = {
        "overall": None,
        "month": [F("month_key")],
        "attorney": [F("attorney_key")],
        "area": [F("area_key")],
    }
    order = [F("days").asc(), F("pk").asc()]
    integer: IntegerField[int, int] = IntegerField()
    windows: dict[str, Any] = {}
    for name, partition in partitions.items():
        windows[f"n_{name}"] = Window(Count("pk"), partition_by=partition)
        windows[f"rank_{name}"] = Window(RowNumber(), partition_by=partition, order_by=order)
    wanted = Q()
    bounds: dict[str, Any] = {}
    for name in GROUPINGS:
        n = F(f"n_{name}")
        # Integer division on both SQLite and PostgreSQL: floor and ceil of (n + 1) / 2, and
        # ceil(0.9 n) = floor((9 n + 9) / 10).
        for bound, expression in (("lower", (n + 1) / 2), ("upper", (n + 2) / 2),
                                  ("p90", (n * 9 + 9) / 10)):  # fmt: skip
            bounds[f"{bound}_{name}"] = ExpressionWrapper(expression, output_field=integer)
            wanted |= Q(**{f"rank_{name}": F(f"{bound}_{name}")})
    columns = ["month_key", "attorney_key", "attorney_name", "area_key", "days"]
    columns += [f"{kind}_{name}" for name in GROUPINGS for kind in ("n", "rank")]
    rows = keyed.annotate(**windows).annotate(**bounds).filter(wanted).order_by().values(*columns)
    groups: dict[str, dict[Any, dict[str, Any]]] = {name: {} for name in GROUPINGS}
    for row in rows:
        keys = {
            "overall": 0,
            "month": row["month_key"],
            "attorney": row["attorney_key"],
            "area": row["area_key"],
        }
        for name in GROUPINGS:
            group = groups[name].setdefault(
                keys[name], {"n": row[f"n_{name}"], "label": row["attorney_name"], "days": {}}
            )
            group["days"][row[f"rank_{name}"]] = row["days"].days
    overall = _stats(groups["overall"], label=lambda key, label: ALL)
    return CycleTime(
        overall=overall[0] if overall else None,
        by_month=sorted(
            _stats(groups["month"], label=lambda key, label: _month_label(key)),
            key=lambda stat: stat.label,
        ),
        by_attorney=sorted(
            _stats(groups["attorney"], label=lambda key, label: label or NO_ATTORNEY),
            key=lambda stat: (stat.label == NO_ATTORNEY, stat.label.casefold()),
        ),
        by_practice_area=sorted(
            _stats(groups["area"], label=lambda key, label: key or NO_PRACTICE_AREA),
            key=lambda stat: (stat.label == NO_PRACTICE_AREA, stat.label.casefold()),
        ),
    )


def _stats(
    groups: dict[Any, dict[str, Any]], *, label: Callable[[Any, Any], str]
) -> list[CycleStat]:
    stats = []
    for key, group in groups.items():
        n, days = group["n"], group["days"]
        lower, upper, p90_rank = (n + 1) // 2, (n + 2) // 2, (n * 9 + 9) // 10
        stats.append(
            CycleStat(
                label=label(key, group["label"]),
                count=n,
                median=Decimal(days[lower] + days[upper]) / 2,
                p90=days[p90_rank],
            )
        )
    return stats


def _month_label(key: Any) -> str:
    return f"{key.astimezone(_zone()):%Y-%m}" if isinstance(key, datetime) else f"{key:%Y-%m}"


# -- how invoices were paid --------------------------------------------------------------------


@dataclass(frozen=True)
class Settlement:
    """Invoices paid in full in the months: how much of them LawPay (the payment link) and trust
    paid."""

    invoices: int
    link_invoices: int
    trust_invoices: int
    link: Decimal
    trust: Decimal

    @property
    def settled(self) -> Decimal:
        return self.link + self.trust


def collections_settlement(*, paid_invoices: QuerySet[Invoice]) -> Settlement:
    figures = paid_invoices.order_by().aggregate(
        invoices=Count("pk"),
        link_invoices=Count("pk", filter=Q(amount_paid__gt=0)),
        trust_invoices=Count("pk", filter=Q(trust_applied__gt=0)),
        link=Sum("amount_paid", default=ZERO),
        trust=Sum("trust_applied", default=ZERO),
    )
    return Settlement(**figures)


# -- what waits for a person -------------------------------------------------------------------


@dataclass(frozen=True)
class Queues:
    unmatched_payments: int
    needs_attention: int


def collections_queues(*, user: User | AnonymousUser) -> Queues:
    """Unmatched payments (attorneys: on their matters) and the needs-attention count, as the
    home page counts it: three queries."""
    unmatched = Payment.objects.filter(invoice__isnull=True, status=Payment.Status.RECORDED)
    if not user.has_perm("billing.view_all_invoices"):
        unmatched = unmatched.filter(
            Q(matter__responsible_attorney__remit_user=user)
            | Q(matter__originating_attorney__remit_user=user)
        )
    return Queues(
        unmatched_payments=unmatched.count(),
        needs_attention=attention_invoices(user=user).count()
        + attention_items_unattached(user=user).count(),
    )


# -- the whole dashboard -----------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionsDashboard:
    as_of: date
    months: MonthRange
    aging: list[AgeBucket]
    collected: Collected
    cycle_times: CycleTimes
    settlement: Settlement
    queues: Queues
    provided: list[DashboardFigure]

    @property
    def unpaid_count(self) -> int:
        return sum(bucket.count for bucket in self.aging)

    @property
    def unpaid_amount(self) -> Decimal:
        return sum((bucket.amount_due for bucket in self.aging), ZERO)


def collections_dashboard(
    *, user: User | AnonymousUser, now: datetime, months: MonthRange
) -> CollectionsDashboard:
    """Every figure of the page: a fixed number of queries, whatever the data."""
    paid = collections_paid_in(user=user, months=months)
    return CollectionsDashboard(
        as_of=now.astimezone(_zone()).date(),
        months=months,
        aging=collections_aging(user=user, now=now),
        collected=collections_collected(user=user, now=now),
        cycle_times=collections_cycle_times(user=user, months=months),
        settlement=collections_settlement(paid_invoices=paid),
        queues=collections_queues(user=user),
        provided=dashboard_figures_provided(paid_invoices=paid),
    )


# -- the charts and their numbers (no queries) -------------------------------------------------


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else ZERO


def _days(value: Decimal | int) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def collections_figures(*, dashboard: CollectionsDashboard) -> list[DashboardFigure]:
    """The dashboard's charts, each with the table (and CSV) of its numbers."""
    figures = [_aging_figure(dashboard.aging), _settlement_figure(dashboard.settlement)]
    for key, title, cycle in (
        ("work-to-sent", "Days from work to invoice sent", dashboard.cycle_times.work_to_sent),
        ("sent-to-paid", "Days from sent to paid", dashboard.cycle_times.sent_to_paid),
    ):
        figures.extend(_cycle_figures(key, title, cycle))
    figures.extend(dashboard.provided)
    return figures


def _aging_figure(aging: list[AgeBucket]) -> DashboardFigure:
    return DashboardFigure(
        key="aging",
        title="Unpaid invoices by age",
        caption="Sent, not fully paid; age in firm days since the invoice was sent.",
        columns=("Age", "Invoices", "Amount due"),
        rows=tuple((b.label, str(b.count), f"{b.amount_due:.2f}") for b in aging),
        bars=tuple(
            FigureBar(
                label=b.label,
                value=b.amount_due,
                text=f"{money(b.amount_due)} · {b.count} invoice{'s' if b.count != 1 else ''}",
            )
            for b in aging
        ),
    )


def _settlement_figure(settlement: Settlement) -> DashboardFigure:
    parts = (
        ("Through the payment link (LawPay)", settlement.link_invoices, settlement.link),
        ("Covered by trust", settlement.trust_invoices, settlement.trust),
    )
    return DashboardFigure(
        key="settlement",
        title="How paid invoices were paid",
        caption=(
            f"{settlement.invoices} invoice{'s' if settlement.invoices != 1 else ''} paid in full "
            "in these months; an invoice paid partly from trust and partly by link counts in both."
        ),
        columns=("Paid", "Invoices", "Share of invoices %", "Amount", "Share of amount %"),
        rows=tuple(
            (
                label,
                str(count),
                f"{_share(count, settlement.invoices)}",
                f"{amount:.2f}",
                f"{_share(amount, settlement.settled)}",
            )
            for label, count, amount in parts
        ),
        bars=tuple(
            FigureBar(
                label=label,
                value=_share(amount, settlement.settled),
                text=f"{_share(amount, settlement.settled)}% · {money(amount)}",
            )
            for label, _count, amount in parts
        ),
    )


def _cycle_figures(key: str, title: str, cycle: CycleTime) -> Iterator[DashboardFigure]:
    overall = cycle.overall
    summary = (
        f"Overall: median {_days(overall.median)}, 90th percentile {overall.p90} days "
        f"({overall.count} invoices)."
        if overall
        else "No invoices in these months."
    )
    for suffix, heading, stats in (
        ("month", "by month", cycle.by_month),
        ("attorney", "by responsible attorney", cycle.by_attorney),
        ("practice-area", "by practice area", cycle.by_practice_area),
    ):
        yield DashboardFigure(
            key=f"{key}-by-{suffix}",
            title=f"{title}, {heading}",
            caption=f"{summary} Dark: median; light: 90th percentile.",
            columns=(heading.split(" ", 1)[1].capitalize(), "Invoices", "Median days", "P90 days"),
            rows=_cycle_rows(stats),
            bars=tuple(
                FigureBar(
                    label=stat.label,
                    value=stat.median,
                    secondary=Decimal(stat.p90),
                    text=f"{_days(stat.median)} / {stat.p90} days · n={stat.count}",
                )
                for stat in stats
            ),
        )


def _cycle_rows(stats: Iterable[CycleStat]) -> tuple[tuple[str, ...], ...]:
    return tuple((s.label, str(s.count), _days(s.median), str(s.p90)) for s in stats)


def collections_csv_rows(*, figures: Iterable[DashboardFigure]) -> Iterator[list[str]]:
    """Each figure as a section: its title, its header, its rows, then a blank line."""
    for figure in figures:
        yield [figure.title]
        yield list(figure.columns)
        yield from (list(row) for row in figure.rows)
        yield []
