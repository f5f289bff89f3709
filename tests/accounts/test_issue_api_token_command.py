"""``manage.py issue_api_token <username>`` prints a token that authenticates as that user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient


def test_the_printed_token_authenticates(firm_admin):
    out = StringIO()

    call_command("issue_api_token", "ada", stdout=out)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get("/api/v1/mappings/").status_code == 200


def test_running_it_again_prints_the_same_token_unless_rotated(firm_admin):
    first, second, rotated = StringIO(), StringIO(), StringIO()

    call_command("issue_api_token", "ada", stdout=first)
    call_command("issue_api_token", "ada", stdout=second)
    call_command("issue_api_token", "ada", "--rotate", stdout=rotated)

    assert first.getvalue() == second.getvalue() != rotated.getvalue()


def test_an_unknown_user_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody")
