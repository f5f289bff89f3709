"""The OpenAPI schema at /api/schema/ describes every /api/v1/ endpoint, without errors, to
signed-in users (everyone only if ``API_SCHEMA_PUBLIC`` is on)."""

from django.core.management import call_command
from rest_framework.authtoken.models import Token


def test_the_schema_lists_every_api_endpoint(client, billing_clerk):
    client.force_login(billing_clerk)

    response = client.get("/api/schema/?format=json")

    paths = response.json()["paths"]
    for path in (
        "/api/v1/invoices/",
        "/api/v1/invoices/{id}/approve/",
        "/api/v1/payments/",
        "/api/v1/billing-rules/",
        "/api/v1/mappings/",
        "/api/v1/inbound-events/",
        "/api/v1/health/",
        "/api/v1/reminders/",
        "/api/v1/reviews/",
        "/api/v1/reviews/{id}/snooze/",
    ):
        assert path in paths


def test_the_schema_generates_without_errors_or_warnings(db, tmp_path):
    schema = tmp_path / "schema.yml"

    call_command("spectacular", "--file", str(schema), "--fail-on-warn")  # raises on either

    assert "/api/v1/invoices/" in schema.read_text()


def test_anonymous_users_cannot_read_the_schema(client, db):
    assert client.get("/api/schema/?format=json").status_code in (401, 403)


def test_a_token_reads_the_schema(client, attorney):
    token = Token.objects.create(user=attorney)

    response = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    assert "/api/v1/invoices/" in response.json()["paths"]


def test_the_setting_opens_the_schema_to_everyone(client, db, settings):
    settings.API_SCHEMA_PUBLIC = True

    assert client.get("/api/schema/?format=json").status_code == 200
