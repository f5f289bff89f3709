from datetime import UTC, datetime

from responses import matchers

from tests.integrations.lawpay.conftest import API, page_json, transaction_json

ACCOUNT = "acct"


def _page(mocked, path, page, results, total, page_size=2):
    mocked.get(
        f"{API}{path}",
        match=[matchers.query_param_matcher({"page": str(page)}, strict_match=False)],
        json=page_json(results, page=page, page_size=page_size, total=total),
    )


def test_it_follows_pages_until_total_entries_are_read(mocked, client):
    _page(mocked, "/v1/transactions", 1, [transaction_json(id="a"), transaction_json(id="b")], 5)
    _page(mocked, "/v1/transactions", 2, [transaction_json(id="c"), transaction_json(id="d")], 5)
    _page(mocked, "/v1/transactions", 3, [transaction_json(id="e")], 5)
    found = client.transactions_search(account_id=ACCOUNT, page_size=2)
    assert [t.id for t in found] == ["a", "b", "c", "d", "e"]
    assert len(mocked.calls) == 3


def test_it_stops_at_an_empty_page_even_if_the_total_was_larger(mocked, client):
    _page(mocked, "/v1/transactions", 1, [transaction_json(id="a"), transaction_json(id="b")], 9)
    _page(mocked, "/v1/transactions", 2, [], 9)
    assert [t.id for t in client.transactions_search(account_id=ACCOUNT, page_size=2)] == [
        "a",
        "b",
    ]


def test_it_asks_for_no_page_beyond_the_last(mocked, client):
    _page(mocked, "/v1/transactions", 1, [transaction_json(id="a"), transaction_json(id="b")], 2)
    assert len(list(client.transactions_search(account_id=ACCOUNT, page_size=2))) == 2
    assert len(mocked.calls) == 1


def test_it_sends_account_reference_and_dates_in_the_documented_format(mocked, client):
    mocked.get(
        f"{API}/v1/transactions",
        match=[
            matchers.query_param_matcher(
                {
                    "account_id": ACCOUNT,
                    "qf": "reference:INV 7",
                    "start_date": "2025-03-01T05:00:00.123Z",
                    "end_date": "2025-03-02T00:00:00.000Z",
                    "page": "1",
                    "page_size": "50",
                }
            )
        ],
        json=page_json([], page=1, page_size=50, total=0),
    )
    start = datetime(2025, 3, 1, 5, 0, 0, 123456, tzinfo=UTC)
    end = datetime(2025, 3, 2, tzinfo=UTC)
    found = client.transactions_search(
        account_id=ACCOUNT, reference="INV 7", start_date=start, end_date=end
    )
    assert list(found) == []


def test_events_are_paged_the_same_way(mocked, client):
    event = {"id": "e1", "type": "transaction.authorized", "data": transaction_json()}
    _page(mocked, "/v1/events", 1, [event, {**event, "id": "e2"}], 3)
    _page(mocked, "/v1/events", 2, [{**event, "id": "e3"}], 3)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    assert [e.id for e in client.events_list(start_date=start, page_size=2)] == ["e1", "e2", "e3"]
    assert "start_date=2025-01-01T00%3A00%3A00.000Z" in mocked.calls[0].request.url
