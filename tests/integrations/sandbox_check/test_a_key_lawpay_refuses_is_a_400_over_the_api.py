"""A key LawPay answers "not authorized" to, or one that cannot be a key, is the caller's
mistake: 400 with the reason, and the connection keeps its working key. Only LawPay not
answering is a 502."""

from django.urls import reverse

from integrations.models import LawPayConnection


def test_a_wrong_test_key_is_refused_with_400(sandbox, admin_client):
    before = LawPayConnection.objects.get().secret_key

    response = admin_client.post(
        reverse("api-lawpay-keys"),
        {"mode": "test", "secret_key": "secret_test_not_a_real_key_0000000000"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("LawPay refused the key:")
    assert LawPayConnection.objects.get().secret_key == before


def test_lawpay_not_answering_is_a_502(sandbox, admin_client, settings):
    settings.LAWPAY_BASE_URL = "http://127.0.0.1:9"  # where keys are checked: nothing listens

    response = admin_client.post(
        reverse("api-lawpay-keys"),
        {"mode": "test", "secret_key": "secret_test_not_a_real_key_0000000000"},
        content_type="application/json",
    )

    assert response.status_code == 502
    assert response.json()["detail"].startswith("LawPay could not check the key:")


def test_a_key_that_cannot_be_a_key_is_refused_before_lawpay_is_asked(sandbox, admin_client):
    before = LawPayConnection.objects.get().secret_key

    response = admin_client.post(
        reverse("api-lawpay-keys"),
        {"mode": "test", "secret_key": "clé secrète ☃"},  # found by the API fuzzer: was a 500
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "letters, digits" in response.json()["detail"]
    assert LawPayConnection.objects.get().secret_key == before
