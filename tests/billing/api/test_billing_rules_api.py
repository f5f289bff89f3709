from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from billing.services.rules import billing_rules_get

URL = "/api/v1/billing-rules/"


@pytest.fixture
def api():
    return APIClient()


def test_billing_staff_read_the_rules(api, billing_clerk):
    api.force_authenticate(billing_clerk)

    body = api.get(URL).json()

    assert body["threshold"] == "500.00"
    assert body["stability_window_minutes"] == 15
    assert body["billing_methods"] == ["hourly"]


def test_billing_staff_cannot_change_the_rules(api, billing_clerk):
    api.force_authenticate(billing_clerk)

    assert api.patch(URL, {"threshold": "1.00"}, format="json").status_code == 403
    assert billing_rules_get().threshold == Decimal("500.00")


def test_an_admin_patches_one_rule(api, firm_admin):
    api.force_authenticate(firm_admin)

    response = api.patch(URL, {"stability_window_minutes": 30}, format="json")

    assert response.status_code == 200
    assert billing_rules_get().stability_window_minutes == 30
    assert billing_rules_get().threshold == Decimal("500.00")


def test_an_admin_puts_the_whole_rules(api, firm_admin):
    api.force_authenticate(firm_admin)
    rules = {
        "billing_methods": ["hourly", "flat"],
        "threshold": "750.00",
        "calendar_day_of_month": 5,
        "stability_window_minutes": 20,
        "flat_fee_trigger_stage": "Settled",
        "send_mode": "on_send_date",
        "send_day_of_month": 6,
        "payment_terms_days": 21,
    }

    response = api.put(URL, rules, format="json")

    assert response.status_code == 200
    assert {k: response.json()[k] for k in rules} == rules


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"calendar_day_of_month": 30}, "calendar_day_of_month"),
        ({"billing_methods": ["barter"]}, "billing_methods"),
        ({"threshold": "-5"}, "threshold"),
        ({"send_mode": "on_send_date"}, "send_day_of_month"),
    ],
)
def test_bad_rules_get_a_400_naming_the_field(api, firm_admin, change, field):
    api.force_authenticate(firm_admin)

    response = api.patch(URL, change, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_callers_get_no_rules(api, db):
    assert api.get(URL).status_code in (401, 403)
