from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing.models import BillingRules
from billing.services.rules import billing_rules_get, billing_rules_update


def test_the_rules_start_with_the_product_defaults(db):
    rules = billing_rules_get()

    assert rules.billing_methods == ["hourly"]
    assert rules.threshold == Decimal("500.00")
    assert rules.calendar_day_of_month == 1
    assert rules.stability_window_minutes == 15
    assert rules.send_mode == BillingRules.SendMode.ON_APPROVAL
    assert rules.payment_terms_days == 30
    assert billing_rules_get().pk == rules.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"billing_methods": []}, "billing_methods"),
        ({"billing_methods": ["hourly", "barter"]}, "billing_methods"),
        ({"threshold": Decimal("-1")}, "threshold"),
        ({"calendar_day_of_month": 31}, "calendar_day_of_month"),
        ({"stability_window_minutes": 10_000}, "stability_window_minutes"),
        ({"send_mode": "on_send_date", "send_day_of_month": None}, "send_day_of_month"),
    ],
)
def test_rules_that_cannot_work_are_refused_with_a_clear_error(db, changes, field):
    with pytest.raises(ValidationError) as refused:
        billing_rules_update(changes=changes)

    assert field in refused.value.message_dict
    assert billing_rules_get().threshold == Decimal("500.00")


def test_an_admin_changes_the_rules_on_their_page(client, firm_admin):
    client.force_login(firm_admin)
    form = {
        "billing_methods": ["hourly", "flat"],
        "threshold": "250.00",
        "calendar_day_of_month": "",
        "stability_window_minutes": "30",
        "flat_fee_trigger_stage": "Settled",
        "send_mode": "on_approval",
        "send_day_of_month": "",
        "payment_terms_days": "14",
    }

    response = client.post(reverse("billing:rules"), form)

    assert response.status_code == 302
    rules = billing_rules_get()
    assert (rules.threshold, rules.calendar_day_of_month, rules.payment_terms_days) == (
        Decimal("250.00"),
        None,
        14,
    )
    assert rules.history.latest().history_user == firm_admin


def test_the_rules_page_shows_errors_beside_the_fields(client, firm_admin):
    client.force_login(firm_admin)

    response = client.post(
        reverse("billing:rules"),
        {"billing_methods": ["hourly"], "threshold": "10", "calendar_day_of_month": "30",
         "stability_window_minutes": "15", "send_mode": "on_approval", "payment_terms_days": "30"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Use a day from 1 to 28" in response.content.decode()


def test_billing_staff_cannot_change_the_rules(client, billing_clerk):
    client.force_login(billing_clerk)

    assert client.get(reverse("billing:rules")).status_code == 403


def test_the_rules_page_says_when_they_last_changed_in_one_plain_format(client, firm_admin):
    with time_machine.travel(datetime(2027, 3, 1, 15, 30, tzinfo=UTC), tick=False):
        billing_rules_get()
    client.force_login(firm_admin)

    html = client.get(reverse("billing:rules")).content.decode()

    assert "Last changed 2027-03-01 10:30 EST." in html  # the firm's zone, named
    assert "p.m.." not in html
