"""``manage.py reminders_scan [--as-of]``: --as-of only against the emulators, with the sandbox
mailbox, and never into the past; bad dates get a clear error."""

import pytest
import time_machine
from django.core.management import CommandError, call_command

from integrations.models import ClioConnection
from reminders.models import ReminderRun
from tests.reminders.sequence import SENT_ON, day_of_sequence, firm_moment, invoice_sent


def test_as_of_against_the_emulators_sends_the_day_7_step(world, capsys):
    invoice = invoice_sent(world)

    with time_machine.travel(firm_moment(SENT_ON), tick=False):
        call_command("reminders_scan", "--as-of", "2027-03-08")
        call_command("reminders_scan", "--as-of", "2027-03-08")

    out = capsys.readouterr().out
    assert f"emailed: {invoice.number} day 7" in out
    assert out.count("emailed:") == 1
    assert ReminderRun.objects.filter(invoice=invoice).count() == 1


def test_as_of_is_refused_against_a_real_clio(world):
    ClioConnection.objects.update(base_url="https://app.clio.com")

    with pytest.raises(CommandError, match="only against the sandbox emulators: Clio is connected"):
        call_command("reminders_scan", "--as-of", "2027-03-08")
    assert not ReminderRun.objects.exists()


def test_as_of_is_refused_when_email_goes_to_a_real_server(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    with pytest.raises(CommandError, match="real mail server"):
        call_command("reminders_scan", "--as-of", "2027-03-08")


@pytest.mark.parametrize("value", ["next week", "2027-02-30", ""])
def test_a_bad_date_is_refused(world, value):
    with pytest.raises(CommandError):
        call_command("reminders_scan", "--as-of", value)


def test_a_day_in_the_past_is_refused(world):
    with (
        time_machine.travel(day_of_sequence(10), tick=False),
        pytest.raises(CommandError, match="today or later"),
    ):
        call_command("reminders_scan", "--as-of", "2027-03-08")


def test_without_as_of_it_scans_now(db, capsys):
    call_command("reminders_scan")

    assert "0 reminder(s) to email" in capsys.readouterr().out
