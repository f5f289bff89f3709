from django.urls import reverse

from tests.factories import UserFactory


def test_a_user_logs_in_with_the_styled_form_and_lands_on_home(client, db):
    UserFactory(username="bill", role="Billing staff")

    page = client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "bill", "password": "correct horse battery staple"}
    )

    assert "vendor/bootstrap/bootstrap.min.css" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_wrong_password_is_refused_with_a_message(client, db):
    UserFactory(username="bill", role="Billing staff")

    response = client.post(reverse("login"), {"username": "bill", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(client, billing_clerk):
    client.force_login(billing_clerk)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_login_returns_to_the_page_asked_for(client, db):
    UserFactory(username="bill", role="Billing staff")

    response = client.post(
        reverse("login") + "?next=/billing/review/",
        {
            "username": "bill",
            "password": "correct horse battery staple",
            "next": "/billing/review/",
        },
    )

    assert response.url == "/billing/review/"
