from .conftest import clio_for, enabled_webhook, wait_for, webhook_status


def test_it_retries_failed_deliveries_on_the_configured_schedule(clio_sandbox_factory, receiver):
    sandbox = clio_sandbox_factory(CLIO_SANDBOX_WEBHOOK_RETRY_SCHEDULE="0.5,1")
    clio = clio_for(sandbox)
    enabled_webhook(clio, receiver, model="contact", fields="id")
    receiver.statuses = [500, 503]

    clio.post("contacts.json", json={"data": {"type": "Company", "name": "Retry Co"}})

    wait_for(lambda: clio.deliveries(kind="event", status="delivered"))
    attempts = [r.at for r in receiver.events()]
    assert len(attempts) == 3
    assert attempts[1] - attempts[0] >= 0.45
    assert attempts[2] - attempts[1] >= 0.95
    delivery = clio.deliveries(kind="event")[0]
    assert delivery["attempts"] == 3
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500, 503, 200]


def test_it_gives_up_and_suspends_after_the_last_retry(clio_sandbox_factory, receiver):
    sandbox = clio_sandbox_factory(CLIO_SANDBOX_WEBHOOK_RETRY_SCHEDULE="0.2")
    clio = clio_for(sandbox)
    webhook = enabled_webhook(clio, receiver, model="contact", fields="id")
    receiver.statuses = [500, 500]

    clio.post("contacts.json", json={"data": {"type": "Company", "name": "Down Co"}})

    delivery = wait_for(lambda: clio.deliveries(kind="event", status="failed"))[0]
    assert delivery["attempts"] == 2
    assert webhook_status(clio, webhook["id"]) == "suspended"


def test_it_treats_a_redirect_as_delivered(clio, receiver):
    enabled_webhook(clio, receiver, model="contact", fields="id")
    receiver.statuses = [302]

    clio.post("contacts.json", json={"data": {"type": "Company", "name": "Moved Co"}})

    delivery = wait_for(lambda: clio.deliveries(kind="event", status="delivered"))[0]
    assert delivery["attempts"] == 1
