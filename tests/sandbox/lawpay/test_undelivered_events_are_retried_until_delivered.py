import requests

from tests.sandbox.lawpay.support import Gateway, wait_for


def _deliveries(base_url, **params):
    return requests.get(f"{base_url}/_sandbox/deliveries", params=params, timeout=10).json()[
        "deliveries"
    ]


def test_a_delivery_failed_three_times_is_retried_and_delivered(lawpay_sandbox_factory, receiver):
    sandbox = lawpay_sandbox_factory(LAWPAY_SANDBOX_TIME_SCALE="0.05")
    gateway = Gateway(sandbox.base_url)
    gateway.events_urls(receiver.url)
    requests.post(
        f"{sandbox.base_url}/_sandbox/deliveries/fail",
        json={"url": receiver.url, "count": 3},
        timeout=10,
    )

    charge = gateway.charged()

    def both_delivered():
        deliveries = _deliveries(sandbox.base_url)
        return len(deliveries) == 2 and all(d["status"] == "delivered" for d in deliveries)

    wait_for(both_delivered, timeout=10)
    [first, second] = _deliveries(sandbox.base_url)
    assert len(receiver.events_for(charge["id"])) == 2
    statuses = [a["status_code"] for a in first["attempts"] + second["attempts"]]
    assert statuses.count(500) == 3
    assert statuses.count(200) == 2
    assert receiver.events_for(charge["id"])[0]["type"] in (
        "transaction.created",
        "transaction.authorized",
    )


def test_a_receiver_that_never_answers_200_gets_seven_attempts(lawpay_sandbox_factory, receiver):
    sandbox = lawpay_sandbox_factory(LAWPAY_SANDBOX_TIME_SCALE="0.02")
    gateway = Gateway(sandbox.base_url)
    gateway.events_urls(receiver.url)
    receiver.status = 204  # only 200 OK counts as delivered

    gateway.charged()

    def both_failed():
        deliveries = _deliveries(sandbox.base_url)
        return len(deliveries) == 2 and all(d["status"] == "failed" for d in deliveries)

    wait_for(both_failed, timeout=10)
    assert all(len(d["attempts"]) == 7 for d in _deliveries(sandbox.base_url))
    assert len(receiver.bodies) == 14


def test_the_retry_delay_grows_by_one_scaled_hour_per_failure(gateway, receiver):
    gateway.events_urls(receiver.url)
    requests.post(
        f"{gateway.base_url}/_sandbox/deliveries/fail",
        json={"url": receiver.url, "count": 1},
        timeout=10,
    )

    gateway.charged()

    # Only the delivery the control failed counts: on a loaded machine the other one can time
    # out against the test receiver and be pending too, with a real (not simulated) attempt.
    def failed_by_control():
        return [
            d
            for d in _deliveries(gateway.base_url)
            if d["status"] == "pending" and any(a["simulated"] for a in d["attempts"])
        ]

    [pending] = wait_for(failed_by_control)
    assert 5 < pending["next_attempt_in_seconds"] <= 10  # default scale: 10 s per hour
    requests.post(f"{gateway.base_url}/_sandbox/deliveries/retry-now", timeout=10)
    wait_for(
        lambda: (
            all(d["status"] == "delivered" for d in _deliveries(gateway.base_url))
            and any(body["id"] == pending["event_id"] for body in receiver.bodies)
        )
    )
