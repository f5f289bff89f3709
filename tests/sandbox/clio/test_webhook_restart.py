from tests.sandbox_process import sandbox_start

from .conftest import clio_for, enabled_webhook, wait_for


def test_it_resumes_pending_deliveries_after_a_restart(tmp_path, receiver):
    env = {"CLIO_SANDBOX_WEBHOOK_RETRY_SCHEDULE": "1.5"}
    first = sandbox_start("clio", workdir=tmp_path, env=env)
    try:
        clio = clio_for(first)
        enabled_webhook(clio, receiver, model="contact", fields="id,name")
        receiver.statuses = [500]
        clio.post("contacts.json", json={"data": {"type": "Company", "name": "Restart Co"}})
        wait_for(lambda: receiver.events())
    finally:
        first.stop()

    second = sandbox_start("clio", workdir=tmp_path, env=env)
    try:
        wait_for(lambda: len(receiver.events()) == 2)
        assert receiver.events()[1].json()["data"]["name"] == "Restart Co"
        delivery = clio_for(second).deliveries(kind="event")[0]
        assert delivery["status"] == "delivered"
    finally:
        second.stop()
