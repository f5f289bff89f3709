from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from billing.models import MatterMapping
from integrations.clio.sync import clio_record_upsert

_versions = count(1)


def matter_seen(clio_id: int, display_number: str, **overrides) -> MatterMapping:
    """A matter as a Clio sync delivers it (each call a newer version); returns its mapping."""
    moment = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(seconds=next(_versions))
    data = {
        "id": clio_id,
        "etag": f'"{moment.timestamp()}"',
        "display_number": display_number,
        "description": f"Matter {clio_id}",
        "status": "Open",
        "billing_method": "hourly",
        "updated_at": moment.isoformat(),
        "client": None,
        **overrides,
    }
    clio_record_upsert(model="matter", data=data)
    return MatterMapping.objects.get(clio_matter_id=clio_id)


@pytest.fixture
def admin_client(client, firm_admin):
    client.force_login(firm_admin)
    return client
