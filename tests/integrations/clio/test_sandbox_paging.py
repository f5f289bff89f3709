"""Cursor paging over real sockets: at least three pages, every record once, in id order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integrations.clio.sandbox import sandbox_client


def _ensure_contacts(client, *, at_least: int) -> None:
    existing = sum(1 for _ in client.list("contacts.json"))
    for n in range(at_least - existing):
        client.create(
            "contacts.json",
            data={"type": "Company", "name": f"Paging Test Co {n}"},
        )


def test_records_are_yielded_across_three_or_more_pages(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    _ensure_contacts(client, at_least=7)
    every_id = [record["id"] for record in client.list("contacts.json", limit=200)]

    pages = list(client.pages("contacts.json", fields=["id", "etag", "name"], limit=2))
    paged = [record for page in pages for record in page.records]

    assert len(pages) >= 3
    assert pages[-1].next_url is None
    assert [record["id"] for record in paged] == every_id
    assert every_id == sorted(set(every_id))
    # fields survive into later pages because the next link carries them.
    assert all("name" in record for record in paged)


def test_updated_since_returns_only_later_changes(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    before = datetime.now(UTC) - timedelta(seconds=2)
    created = client.create("contacts.json", data={"type": "Company", "name": "Fresh Co"})

    recent = list(client.list("contacts.json", updated_since=before, fields="id,name"))
    future = list(
        client.list("contacts.json", updated_since=datetime.now(UTC) + timedelta(hours=1))
    )

    assert created.data["id"] in [record["id"] for record in recent]
    assert future == []
