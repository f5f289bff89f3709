"""One process of the SQLite contention soak (tests/test_sqlite_under_concurrent_workers.py).

``python -m tests.sqlite_soak_worker <role> <seconds>`` with ``DATABASE_URL`` naming a file
SQLite database, as `make run`'s web server, workers and beat share one. Roles:

- ``seed``: matters with clients and mappings (run once, before the others);
- ``evaluate``: new approved time, then the periodic draft evaluation, over and over;
- ``relay``: outbox rows recorded in a business transaction, then relayed by the real relay;
- ``inbound``: events stored by the real receiver service, then processed by the real claim
  and retry engine, with a processor that writes a mirror row as the Clio sync does.

Each prints one JSON line: its role, how many rounds it made and every database error it met.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import OperationalError, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from billing.models import Activity, Client, Matter, MatterMapping  # noqa: E402
from billing.services.evaluation import billing_evaluate_due  # noqa: E402
from integrations.inbound import processing  # noqa: E402
from integrations.inbound.receivers import inbound_event_store  # noqa: E402
from integrations.models import Source  # noqa: E402
from integrations.outbox.record import outbox_record  # noqa: E402
from integrations.outbox.registry import outbox_handler  # noqa: E402
from integrations.outbox.relay import outbox_relay  # noqa: E402

MATTERS = 40


def seed() -> int:
    for n in range(MATTERS):
        client = Client.objects.create(clio_id=5000 + n, name=f"Client {n}", primary_email="c@x.io")
        matter = Matter.objects.create(
            clio_id=9000 + n, display_number=f"{n:05d}-Soak", client=client, description="Soak"
        )
        MatterMapping.objects.create(
            matter=matter,
            clio_matter_id=matter.clio_id,
            display_number=matter.display_number,
            reference=matter.display_number,
        )
    return MATTERS


def evaluate_round(n: int) -> None:
    matters = list(Matter.objects.order_by("pk").values_list("pk", flat=True))
    stable = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        for offset in range(3):
            Activity.objects.create(
                clio_id=1_000_000 + n * 10 + offset,
                matter_id=matters[(n * 3 + offset) % len(matters)],
                type=Activity.Type.TIME,
                date=timezone.now().date() - timedelta(days=2),
                quantity_seconds=7200,
                rounded_quantity_seconds=7200,
                price=Decimal("300.00"),
                total=Decimal("600.00"),
                description=f"Soak {n}/{offset}",
                content_changed_at=stable,
            )
    billing_evaluate_due(now=timezone.now())


@outbox_handler("soak.noop")
def _noop(message) -> dict:
    return {"delivered": True}


def relay_round(n: int) -> None:
    matter = Matter.objects.order_by("?").first()
    with transaction.atomic():
        # A business change and its outbound intent, as every domain service records them.
        Matter.objects.filter(pk=matter.pk).update(description=f"Relay {n}")
        for k in range(5):
            outbox_record(kind="soak.noop", dedupe_key=f"soak:{n}:{k}", payload={"n": n})
    outbox_relay(queue="default", limit=50)


def _mirror_write(*, event) -> str:
    # What a Clio processor does after its re-fetch: read, then write, in one short transaction.
    with transaction.atomic():
        matter = Matter.objects.order_by("?").first()
        matter.description = f"Synced {event.pk}"
        matter.save(update_fields=["description"])
    return ""


def inbound_round(n: int) -> None:
    for k in range(5):
        inbound_event_store(
            source=Source.LAWPAY,
            dedupe_key=f"soak-{uuid.uuid4()}",
            raw_body=json.dumps({"id": n, "k": k}).encode(),
            headers={},
            remote_addr="127.0.0.1",
        )
    processing.inbound_events_sweep(source=Source.LAWPAY, limit=50)


ROUNDS = {"evaluate": evaluate_round, "relay": relay_round, "inbound": inbound_round}


def main(role: str, seconds: float) -> dict:
    # Hand-offs to a broker are not what this measures: the sweeps and the relay do the work.
    import integrations.inbound.tasks
    import integrations.outbox.tasks

    integrations.inbound.tasks.inbound_event_enqueue = lambda **kwargs: None
    integrations.outbox.tasks.outbox_message_enqueue = lambda **kwargs: None
    processing.PROCESSORS[Source.LAWPAY] = _mirror_write
    if role == "seed":
        return {"role": role, "rounds": seed(), "errors": []}
    run = ROUNDS[role]
    errors: list[str] = []
    rounds = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            run(rounds)
        except OperationalError as error:
            errors.append(str(error))
        rounds += 1
    return {"role": role, "rounds": rounds, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]))), flush=True)
