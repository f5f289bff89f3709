"""Wrong passwords lock a login out, by username and by address (issue 10, hole 1)."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

RIGHT = "correct horse battery staple"


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def billing(db):
    return UserFactory(username="billing", role="Billing staff")


def test_thirty_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, billing):
    for _ in range(30):
        log_in(client, "billing", "wrong")

    response = log_in(client, "billing", RIGHT)

    assert response.status_code == 429
    assert "locked for 15 minutes" in response.content.decode()
    assert "An admin can unlock it" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_username_is_locked_from_every_address(client, billing):
    for n in range(5):
        log_in(client, "billing", "wrong", ip=f"10.0.0.{n + 1}")

    response = log_in(client, "billing", RIGHT, ip="10.9.9.9")

    assert response.status_code == 429


def test_an_address_trying_many_usernames_is_locked_for_all_of_them(client, billing):
    for n in range(5):
        log_in(client, f"guess{n}", "wrong", ip="10.6.6.6")

    locked = log_in(client, "billing", RIGHT, ip="10.6.6.6")
    elsewhere = log_in(client, "billing", RIGHT, ip="10.7.7.7")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_the_right_password_works_again_after_the_cool_off(client, billing):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(30):
            log_in(client, "billing", "wrong")
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = log_in(client, "billing", RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(billing.pk)


def test_an_admin_unlocks_the_user_by_deleting_the_access_attempts(client, billing):
    for _ in range(30):
        log_in(client, "billing", "wrong")
    assert AccessAttempt.objects.filter(username="billing").exists()

    call_command("axes_reset_username", "billing")
    response = log_in(client, "billing", RIGHT)

    assert response.status_code == 302


def test_a_success_before_the_limit_forgets_the_earlier_failures(client, billing):
    for _ in range(4):
        log_in(client, "billing", "wrong")
    log_in(client, "billing", RIGHT)
    client.logout()

    for _ in range(4):
        log_in(client, "billing", "wrong")
    response = log_in(client, "billing", RIGHT)

    assert response.status_code == 302
