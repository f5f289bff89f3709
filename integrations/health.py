"""Selectors for the integration health page and `/api/v1/health/`: is the plumbing healthy?

Also the one service that feeds them from Celery: ``periodic_task_run_record`` notes each
periodic task's start, success and failure (called from the signals in ``config/celery.py``).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from integrations.clio.errors import REDACTED, redact
from integrations.models import (
    TASK_ERROR_MAX,
    ClioConnection,
    ClioWebhook,
    InboundEvent,
    LawPayConnection,
    OutboxMessage,
    PeriodicTaskHealth,
    Source,
    SyncState,
)

logger = logging.getLogger(__name__)

WEBHOOK_RENEWAL_WARNING = timedelta(days=2)
# A periodic task is overdue when it has not succeeded for this many of its intervals: one
# missed run is normal (a busy worker, a restart), three are not.
OVERDUE_AFTER_INTERVALS = 3
TaskOutcome = Literal["started", "succeeded", "failed"]
TASK_STATES = {
    "ok": "Running normally",
    "failing": "Failing",
    "overdue": "Overdue",
    "waiting": "Not run yet",
    "off": "Turned off",
}
TASK_PROBLEM_STATES = ("failing", "overdue")
# The schedule entry a run belongs to when it carries no ``periodic_task_name`` header (a run
# sent by hand): the same task with the same arguments is the same work.
_ENTRIES_BY_CALL = {
    (task, json.dumps(kwargs, sort_keys=True)): name
    for name, (task, kwargs, *_rest) in settings.PERIODIC_TASKS.items()
}
_SECRET_PATTERNS = (
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s'\",]+"), rf"\1 {REDACTED}"),
    (
        re.compile(
            r"(?i)([\w-]*(?:token|secret|password|passwd|api[_-]?key|authorization|signature)"
            r"[\w-]*['\"]?\s*[:=]\s*['\"]?)[^\s&'\",;}]+"
        ),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"://[^/\s:@]+:[^/\s@]+@"), f"://{REDACTED}@"),
)


@dataclass
class SyncProgress:
    source: str
    resource: str
    records: int
    pages: int
    api_calls: int
    started_at: datetime | None
    finished_at: datetime | None
    records_per_second: float | None
    eta_seconds: int | None
    last_sweep_at: datetime | None
    last_sweep_healed: int
    last_error: str


@dataclass
class PeriodicTaskState:
    name: str
    task: str
    enabled: bool
    interval_seconds: int | None
    last_started_at: datetime | None
    last_succeeded_at: datetime | None
    last_failed_at: datetime | None
    last_error: str
    state: str
    state_label: str
    summary: str


@dataclass
class IntegrationHealth:
    clio_status: str
    clio_user: str
    clio_token_expires_at: datetime | None
    lawpay_status: str
    lawpay_mode: str
    lawpay_events_url_registered: bool
    webhooks: list[dict] = field(default_factory=list)
    last_event_at: dict[str, datetime | None] = field(default_factory=dict)
    inbound_backlog: int = 0
    inbound_dead: int = 0
    inbound_rejected_24h: int = 0
    outbox_backlog: int = 0
    outbox_dead: int = 0
    clio_rate_limit_remaining: int | None = None
    sync: list[SyncProgress] = field(default_factory=list)
    periodic_tasks: list[PeriodicTaskState] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        data = asdict(self)
        data["healthy"] = self.healthy
        return data


def _sync_progress() -> list[SyncProgress]:
    rows = []
    for state in SyncState.objects.order_by("source", "resource"):
        rate = None
        if state.backfill_started_at and state.records_synced:
            end = state.backfill_finished_at or timezone.now()
            seconds = max((end - state.backfill_started_at).total_seconds(), 0.001)
            rate = round(state.records_synced / seconds, 1)
        eta = None
        if rate and state.records_total is not None and not state.backfill_finished_at:
            eta = round(max(0, state.records_total - state.records_synced) / rate)
        rows.append(
            SyncProgress(
                source=state.source,
                resource=state.resource,
                records=state.records_synced,
                pages=state.pages_fetched,
                api_calls=state.api_calls,
                started_at=state.backfill_started_at,
                finished_at=state.backfill_finished_at,
                records_per_second=rate,
                eta_seconds=eta,
                last_sweep_at=state.last_sweep_at,
                last_sweep_healed=state.last_sweep_healed,
                last_error=state.last_error,
            )
        )
    return rows


def _clio_headroom(connection: ClioConnection | None) -> int | None:
    if connection is None or connection.status != ClioConnection.Status.CONNECTED:
        return None
    from integrations.clio.connection import ConnectionTokenStore, clio_rate_limiter

    try:
        return clio_rate_limiter().remaining(ConnectionTokenStore(connection.pk).connection_id)
    except Exception:  # the limiter's storage (Redis) being down must not break this page
        return None


def integration_health_get() -> IntegrationHealth:
    now = timezone.now()
    clio = ClioConnection.objects.filter(singleton=True).first()
    lawpay = LawPayConnection.objects.filter(singleton=True).first()
    accepted = ~Q(status=InboundEvent.Status.REJECTED)
    events = InboundEvent.objects.aggregate(
        backlog=Count("pk", filter=Q(status__in=["received", "processing", "failed"])),
        dead=Count("pk", filter=Q(status="dead")),
        rejected=Count("pk", filter=Q(status="rejected", received_at__gte=now - timedelta(1))),
        clio_last=Max("received_at", filter=accepted & Q(source=Source.CLIO)),
        lawpay_last=Max("received_at", filter=accepted & Q(source=Source.LAWPAY)),
    )
    outbox = OutboxMessage.objects.aggregate(
        backlog=Count("pk", filter=Q(status__in=["pending", "sending", "failed"])),
        dead=Count("pk", filter=Q(status="dead")),
    )
    health = IntegrationHealth(
        clio_status=clio.get_status_display() if clio else "Not connected",
        clio_user=clio.clio_user_name if clio else "",
        clio_token_expires_at=clio.token_expires_at if clio else None,
        lawpay_status=("Connected" if lawpay and lawpay.operating_account_id else "Not connected"),
        lawpay_mode=lawpay.get_mode_display() if lawpay else "",
        lawpay_events_url_registered=bool(lawpay and lawpay.webhook_registered_url),
        webhooks=[
            {
                "model": hook.model,
                "clio_id": hook.clio_id,
                "status": hook.status,
                "expires_at": hook.expires_at,
                "last_delivery_at": hook.last_delivery_at,
            }
            for hook in ClioWebhook.objects.exclude(status=ClioWebhook.Status.DELETED).order_by(
                "model"
            )
        ],
        last_event_at={"clio": events["clio_last"], "lawpay": events["lawpay_last"]},
        inbound_backlog=events["backlog"],
        inbound_dead=events["dead"],
        inbound_rejected_24h=events["rejected"],
        outbox_backlog=outbox["backlog"],
        outbox_dead=outbox["dead"],
        clio_rate_limit_remaining=_clio_headroom(clio),
        sync=_sync_progress(),
        periodic_tasks=periodic_tasks_health(now=now),
    )
    health.problems = _problems(health, now=now)
    return health


def _problems(health: IntegrationHealth, *, now: datetime) -> list[str]:
    problems = []
    if health.clio_status != ClioConnection.Status.CONNECTED.label:
        problems.append("Clio is not connected.")
    if health.lawpay_status != "Connected":
        problems.append("LawPay accounts are not chosen.")
    elif not health.lawpay_events_url_registered:
        problems.append("Remit's events URL is not registered with LawPay.")
    for hook in health.webhooks:
        if hook["status"] != ClioWebhook.Status.ENABLED:
            problems.append(f"Clio {hook['model']} webhook is {hook['status']}.")
        elif hook["expires_at"] and hook["expires_at"] - now < WEBHOOK_RENEWAL_WARNING:
            problems.append(f"Clio {hook['model']} webhook expires soon and was not renewed.")
    if health.inbound_dead:
        problems.append(f"{health.inbound_dead} inbound event(s) in dead letters.")
    if health.outbox_dead:
        problems.append(f"{health.outbox_dead} outbound call(s) in dead letters.")
    problems += [f"Sync of {s.resource}: {s.last_error}" for s in health.sync if s.last_error]
    problems += [
        f"{t.name} — {t.summary}" for t in health.periodic_tasks if t.state in TASK_PROBLEM_STATES
    ]
    return problems


def periodic_tasks_health(*, now: datetime) -> list[PeriodicTaskState]:
    """Every schedule entry (``schedules.py`` and any other that reported a run), with its state.

    The interval is django-celery-beat's (an admin may have changed it), else ``schedules.py``'s.
    A crontab or other non-interval schedule has no interval, so it is never called overdue.
    """
    records = {record.name: record for record in PeriodicTaskHealth.objects.all()}
    beat = {task.name: task for task in PeriodicTask.objects.select_related("interval")}
    names = [
        *settings.PERIODIC_TASKS,
        *sorted(name for name in records if name not in settings.PERIODIC_TASKS),
    ]
    return [
        _periodic_task_state(name=name, record=records.get(name), periodic=beat.get(name), now=now)
        for name in names
    ]


def _periodic_task_state(
    *,
    name: str,
    record: PeriodicTaskHealth | None,
    periodic: PeriodicTask | None,
    now: datetime,
) -> PeriodicTaskState:
    if periodic is not None:
        interval = _interval(periodic)
        enabled, task = periodic.enabled, periodic.task
    else:
        schedule = settings.PERIODIC_TASKS.get(name)
        interval = _every(period=schedule[4], every=schedule[3]) if schedule else None
        enabled, task = True, schedule[0] if schedule else (record.task if record else "")
    succeeded = record.last_succeeded_at if record else None
    failed = record.last_failed_at if record else None
    # A never-succeeded task counts from when it was first expected (or its start time), so a
    # freshly started system is not overdue before its tasks had a chance to run.
    since = succeeded or (record.expected_since if record else None)
    if since and periodic is not None and periodic.start_time:
        since = max(since, periodic.start_time)
    every = f"it should run every {_duration_words(interval)}" if interval else ""
    if not enabled:
        state, summary = "off", "Turned off in the admin's periodic tasks."
    elif record is not None and failed and (succeeded is None or failed > succeeded):
        state, summary = "failing", f"The last run failed: {record.last_error or 'no details'}"
    elif interval and since and now - since > OVERDUE_AFTER_INTERVALS * interval:
        if succeeded:
            quiet = f"No successful run for {_duration_words(now - succeeded)}"
        else:
            quiet = f"It has never succeeded in {_duration_words(now - since)}"
        state, summary = "overdue", f"{quiet}; {every}. Is a worker for its queue running?"
    elif succeeded is None:
        state, summary = "waiting", f"Waiting for its first run; {every}." if every else ""
    else:
        state, summary = "ok", ""
    return PeriodicTaskState(
        name=name,
        task=task,
        enabled=enabled,
        interval_seconds=int(interval.total_seconds()) if interval else None,
        last_started_at=record.last_started_at if record else None,
        last_succeeded_at=succeeded,
        last_failed_at=failed,
        last_error=record.last_error if record else "",
        state=state,
        state_label=TASK_STATES[state],
        summary=summary,
    )


def _interval(periodic: PeriodicTask) -> timedelta | None:
    if periodic.interval is None:
        return None
    return _every(period=periodic.interval.period, every=periodic.interval.every)


def _every(*, period: str, every: int) -> timedelta:
    """A django-celery-beat interval ("minutes", 10) as a duration."""
    return timedelta(**{period: every})


def _duration_words(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def periodic_task_run_record(
    *,
    task: str,
    kwargs: dict[str, Any] | None,
    request: Any,
    outcome: TaskOutcome,
    error: BaseException | None = None,
) -> None:
    """Note that a run of a periodic task started, succeeded or failed; other tasks are ignored.

    Never raises: a task must not fail because its health could not be written (a locked
    SQLite file, a database hiccup). The write is its own savepoint, so a failed one cannot
    poison a transaction the caller holds.
    """
    try:
        name = periodic_task_entry_name(task=task, kwargs=kwargs, request=request)
        if name is None:
            return
        now = timezone.now()
        updates: dict[TaskOutcome, dict[str, Any]] = {
            "started": {"last_started_at": now},
            "succeeded": {"last_succeeded_at": now},
            "failed": {"last_failed_at": now, "last_error": task_error_text(error)},
        }
        fields = updates[outcome]
        with transaction.atomic():
            rows = PeriodicTaskHealth.objects.filter(name=name)
            if not rows.update(**fields, updated_at=now):
                _, created = PeriodicTaskHealth.objects.get_or_create(
                    name=name, defaults={"task": task[:200], "expected_since": now, **fields}
                )
                if not created:  # another worker created it in between
                    rows.update(**fields, updated_at=now)
    except Exception:
        logger.warning("could not record that periodic task %s %s", task, outcome, exc_info=True)


def periodic_task_entry_name(
    *, task: str, kwargs: dict[str, Any] | None, request: Any
) -> str | None:
    """The schedule entry a run belongs to: the name django-celery-beat sends along, else the
    ``schedules.py`` entry with this task and these arguments; ``None`` for other tasks."""
    # A worker exposes custom message headers as request attributes; ``apply()`` keeps them in
    # ``request.headers``.
    name = getattr(request, "periodic_task_name", None) or (
        getattr(request, "headers", None) or {}
    ).get("periodic_task_name")
    if name:
        return str(name)[:200]
    return _ENTRIES_BY_CALL.get((task, json.dumps(kwargs or {}, sort_keys=True, default=str)))


def task_error_text(error: BaseException | None) -> str:
    """One line an admin can read: the error's type and message, secrets masked, bounded."""
    if error is None:
        return "no details"
    text = " ".join(f"{type(error).__name__}: {error}"[: TASK_ERROR_MAX * 4].split())
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    known = (settings.SECRET_KEY, *getattr(settings, "FIELD_ENCRYPTION_KEYS", ()))
    text = redact(text, tuple(str(secret) for secret in known))
    return text if len(text) <= TASK_ERROR_MAX else text[: TASK_ERROR_MAX - 1] + "…"


def periodic_tasks_ensure(**_signal_kwargs) -> None:
    """Create the periodic tasks of settings.PERIODIC_TASKS that do not exist (post_migrate)."""
    for name, (task, kwargs, queue, every, period) in settings.PERIODIC_TASKS.items():
        # From now on a run is expected (the health page's "overdue" counts from here).
        PeriodicTaskHealth.objects.get_or_create(name=name, defaults={"task": task})
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": task, "kwargs": json.dumps(kwargs), "queue": queue,
                      "interval": interval},
        )  # fmt: skip
