"""The backfill costs ⌈records/200⌉ calls per resource: no empty last page, no ref look-ups."""

from integrations.clio.sync import clio_backfill_run


def test_a_resource_of_exactly_200_records_costs_one_call(clio, api_calls):
    clio.control("POST", "seed", matters=194, time_entries_per_matter=1)

    progress = {p.resource: p for p in clio_backfill_run()}

    assert clio.count("matters") == 200
    assert progress["matters"].api_calls == progress["matters"].minimum_calls == 1
    assert progress["contacts"].api_calls == 1  # 200 contacts too
    assert progress["activities"].api_calls == 2  # 11 + 194
    assert progress["bank_accounts"].api_calls == 1
    assert len(api_calls) == sum(p.minimum_calls for p in progress.values()) == 6
