import requests

from tests.sandbox.lawpay.support import Gateway, wait_for
from tests.sandbox_process import sandbox_start


def test_a_pending_retry_survives_a_restart_and_is_delivered(tmp_path, receiver):
    first = sandbox_start("lawpay", workdir=tmp_path)
    try:
        gateway = Gateway(first.base_url)
        gateway.events_urls(receiver.url)
        requests.post(
            f"{first.base_url}/_sandbox/deliveries/fail",
            json={"url": receiver.url, "count": 2},
            timeout=10,
        )
        charge = gateway.charged()
        wait_for(
            lambda: all(
                d["attempts"]
                for d in requests.get(f"{first.base_url}/_sandbox/deliveries", timeout=10).json()[
                    "deliveries"
                ]
            )
        )
    finally:
        first.stop()
    assert receiver.bodies == []

    second = sandbox_start("lawpay", workdir=tmp_path)
    try:
        requests.post(f"{second.base_url}/_sandbox/deliveries/retry-now", timeout=10)
        wait_for(lambda: len(receiver.events_for(charge["id"])) == 2)
        assert Gateway(second.base_url).get(f"/v1/transactions/{charge['id']}").status_code == 200
    finally:
        second.stop()
