"""Selectors for the integration health page and `/api/v1/health/`: is the plumbing healthy?"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from integrations.models import (
    ClioConnection,
    ClioWebhook,
    InboundEvent,
    LawPayConnection,
    OutboxMessage,
    Source,
    SyncState,
)

WEBHOOK_RENEWAL_WARNING = timedelta(days=2)


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
    return problems
