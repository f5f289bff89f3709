"""Changing the billing rules with a field that is not a rule is refused, naming the field."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from billing.services.rules import billing_rules_get

URL = "/api/v1/billing-rules/"


@pytest.fixture
def api(firm_admin):
    client = APIClient()
    client.force_authenticate(firm_admin)
    return client


def test_a_patch_with_an_unknown_field_is_a_400_and_changes_nothing(api):
    response = api.patch(URL, {"currency": "EUR", "threshold": "1.00"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["currency"]
    assert billing_rules_get().threshold == Decimal("500.00")


def test_a_put_with_an_unknown_field_is_a_400(api):
    body = api.get(URL).json()

    response = api.put(URL, {**body, "threshold": "1.00", "colour": "red"}, format="json")

    assert response.status_code == 400
    assert "colour" in response.json()
    assert billing_rules_get().threshold == Decimal("500.00")


def test_the_read_only_updated_at_is_ignored_so_a_read_body_can_be_put_back(api):
    body = api.get(URL).json()

    response = api.put(URL, {**body, "threshold": "600.00"}, format="json")

    assert response.status_code == 200, response.content
    assert billing_rules_get().threshold == Decimal("600.00")
