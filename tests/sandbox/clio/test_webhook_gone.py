from .conftest import enabled_webhook, wait_for, webhook_status


def test_it_disables_the_webhook_when_the_receiver_answers_410(clio, receiver):
    webhook = enabled_webhook(clio, receiver, model="matter", fields="id")
    receiver.statuses = [410]

    clio.patch("matters/1001.json", json={"data": {"location": "A"}})
    wait_for(lambda: clio.deliveries(kind="event", status="gone"))
    clio.patch("matters/1001.json", json={"data": {"location": "B"}})

    assert webhook_status(clio, webhook["id"]) == "suspended"
    assert len(receiver.events()) == 1
    assert len(clio.deliveries(kind="event")) == 1
