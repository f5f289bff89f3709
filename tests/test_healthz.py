from unittest import mock

from django.db import OperationalError
from django.test import override_settings


def test_healthz_reports_ok_without_login(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0", CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_healthz_is_degraded_when_the_broker_is_down(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")


def test_healthz_is_degraded_when_the_database_is_down(client, db):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


@override_settings(CELERY_BROKER_URL="redis://:hunter2@127.0.0.1:9/0")
def test_healthz_never_shows_connection_details(client, db):
    body = client.get("/healthz").content.decode()

    assert "hunter2" not in body
    assert "127.0.0.1" not in body


def test_healthz_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405
