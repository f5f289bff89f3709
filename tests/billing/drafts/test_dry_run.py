from datetime import date
from decimal import Decimal
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from tests.billing.factories import ActivityFactory, MatterFactory


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"billing", "integrations"} and model._meta.managed
    }


def seeded():
    big = MatterFactory(display_number="00001-Big")
    ActivityFactory(matter=big, hours=Decimal("2.0"))
    small = MatterFactory(display_number="00002-Small")
    ActivityFactory(matter=small, hours=Decimal("1.0"))
    last_month = MatterFactory(display_number="00003-October")
    ActivityFactory(matter=last_month, date=date(2026, 10, 20), hours=Decimal("0.5"))


def test_the_dry_run_command_lists_what_would_be_drafted_and_changes_nothing(clock, rules):
    seeded()
    before = table_counts()
    out = StringIO()

    call_command("billing_dry_run", stdout=out)

    text = out.getvalue()
    assert "00001-Big" in text and "Threshold reached" in text
    assert "00003-October" in text and "Billing date" in text
    assert "00002-Small" not in text
    assert "2 draft(s) would be created, $750.00 in all" in text
    assert table_counts() == before


def test_the_dry_run_tries_another_threshold_without_saving_it(clock, rules):
    seeded()
    out = StringIO()

    call_command("billing_dry_run", "--threshold", "250", stdout=out)

    assert "00002-Small" in out.getvalue()
    assert "3 draft(s) would be created" in out.getvalue()
    rules.refresh_from_db()
    assert rules.threshold == Decimal("500.00")


def test_the_dry_run_page_shows_the_same_for_billing_staff(client, billing_clerk, clock, rules):
    seeded()
    before = table_counts()
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dry-run"), {"threshold": "250"})

    assert response.status_code == 200
    assert "3 matters would be drafted with a $250" in response.content.decode()
    assert table_counts() == before


def test_attorneys_cannot_open_the_dry_run(client, attorney):
    client.force_login(attorney)

    assert client.get(reverse("billing:dry-run")).status_code == 403
