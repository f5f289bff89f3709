"""An admin sets the days and hours reminders go out; impossible hours are refused, unchanged."""

from datetime import time

import pytest

from reminders.services.rules import reminder_settings_get
from tests.reminders.rules.conftest import RULES, hours_values


def test_the_page_shows_the_hours_and_the_firm_time_zone(admin_client, settings):
    page = admin_client.get(RULES).content.decode()

    assert f'data-testid="time-zone">{settings.FIRM_TIME_ZONE}<' in page
    assert "Monday, Tuesday, Wednesday, Thursday, Friday, 09:00–17:00" in page
    assert 'value="09:00"' in page and 'value="17:00"' in page


def test_an_admin_sets_business_hours(admin_client, firm_admin):
    response = admin_client.post(
        RULES,
        hours_values(business_days=["0", "2", "5"], business_start="08:30", business_end="12:00"),
        follow=True,
    )

    rules = reminder_settings_get()
    assert rules.business_days == [0, 2, 5]
    assert (rules.business_start, rules.business_end) == (time(8, 30), time(12, 0))
    assert rules.history.latest().history_user == firm_admin
    page = response.content.decode()
    assert "Business hours saved." in page
    assert "Monday, Wednesday, Saturday, 08:30–12:00" in page
    assert "Business days: Mon, Wed, Sat" in page and "Start: 08:30" in page


def test_a_second_change_shows_what_it_changed(admin_client):
    admin_client.post(RULES, hours_values(business_days=["0", "2", "5"], business_start="08:30"))

    admin_client.post(RULES, hours_values(business_days=["0", "2"], business_start="10:00"))

    page = admin_client.get(RULES).content.decode()
    assert "Business days: Mon, Wed, Sat → Mon, Wed" in page
    assert "Start: 08:30 → 10:00" in page


def test_a_save_that_changes_nothing_adds_no_line_to_the_history(admin_client):
    admin_client.post(RULES, hours_values())
    before = admin_client.get(RULES).content.decode().count("Business hours</td>")

    admin_client.post(RULES, hours_values())

    assert admin_client.get(RULES).content.decode().count("Business hours</td>") == before == 1


def test_an_admin_switches_reminders_off(admin_client):
    admin_client.post(RULES, hours_values(enabled=None))

    assert reminder_settings_get().enabled is False
    assert "Reminders on: no" in admin_client.get(RULES).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"business_days": None}, "Choose at least one day."),
        ({"business_days": ["7"]}, "Select a valid choice"),
        ({"business_start": "17:00", "business_end": "09:00"}, "must end after it starts"),
        ({"business_start": "12:00", "business_end": "12:00"}, "must end after it starts"),
        ({"business_start": "25:00"}, "Enter a valid time"),
    ],
)
def test_impossible_hours_are_refused_and_nothing_changes(admin_client, changes, message):
    before = reminder_settings_get()
    history = before.history.count()

    response = admin_client.post(RULES, hours_values(**{"business_days": ["1"], **changes}))

    assert response.status_code == 200
    assert message in response.content.decode()
    after = reminder_settings_get()
    assert after.business_days == before.business_days
    assert (after.business_start, after.business_end) == (time(9, 0), time(17, 0))
    assert after.history.count() == history
