import time
from concurrent.futures import ThreadPoolExecutor

from .conftest import clio_for


def test_it_sends_rate_limit_headers_on_every_response(clio):
    first = clio.get("users/who_am_i")
    second = clio.get("matters/999999.json")

    assert first.headers["X-RateLimit-Limit"] == "50"
    assert first.headers["X-RateLimit-Remaining"] == "49"
    assert second.status_code == 404
    assert second.headers["X-RateLimit-Remaining"] == "48"
    assert int(first.headers["X-RateLimit-Reset"]) >= int(time.time())


def test_it_answers_429_with_retry_after_over_the_limit_then_recovers(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(
        CLIO_SANDBOX_RATE_LIMIT="5", CLIO_SANDBOX_RATE_WINDOW_SECONDS="2"
    )
    clio = clio_for(sandbox)
    statuses = [clio.get("users/who_am_i").status_code for _ in range(5)]

    limited = clio.get("users/who_am_i")

    assert statuses == [200] * 5
    assert limited.status_code == 429
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 2
    assert set(limited.json()["error"]) == {"type", "message"}
    time.sleep(retry_after)
    assert clio.get("users/who_am_i").status_code == 200


def test_it_counts_each_token_separately(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(
        CLIO_SANDBOX_RATE_LIMIT="5", CLIO_SANDBOX_RATE_WINDOW_SECONDS="2"
    )
    first, second = clio_for(sandbox), clio_for(sandbox)
    for _ in range(5):
        first.get("users/who_am_i")

    assert first.get("users/who_am_i").status_code == 429
    assert second.get("users/who_am_i").status_code == 200


def test_it_lets_exactly_the_limit_through_under_concurrency(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(
        CLIO_SANDBOX_RATE_LIMIT="5", CLIO_SANDBOX_RATE_WINDOW_SECONDS="30"
    )
    clio = clio_for(sandbox)

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: clio.get("users/who_am_i").status_code, range(24)))

    assert statuses.count(200) == 5
    assert statuses.count(429) == 19
