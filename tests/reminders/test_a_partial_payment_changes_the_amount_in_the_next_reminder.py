"""$300 of $875 paid on day 12: the day-21 reminder asks for $575.00 and its link is for that."""

import re
from html import unescape

import time_machine

from tests.billing.sandbox_world import lawpay_refetch
from tests.reminders.sequence import day_of_sequence, invoice_sent, reminder_emails, scan_at


def test_the_day_21_reminder_states_and_links_the_remainder(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7))
    reference = f"00001-Smith-{invoice.number}"
    with time_machine.travel(day_of_sequence(12), tick=False):
        lawpay_refetch(world.pay(world.link(amount="300.00", reference=reference)))
    invoice.refresh_from_db()
    assert invoice.status == "partially_paid"

    scan_at(day_of_sequence(21))

    day_7, day_21 = reminder_emails()
    assert "$875.00" in day_7.text
    assert "$575.00" in day_21.subject and "$575.00" in day_21.text
    link = unescape(re.search(r'id="pay-link" href="([^"]+)"', day_21.html).group(1))
    assert "amount=57500" in link
    assert reference in unescape(link)
    notes = [n["detail"] for n in world.clio_notes(1001) if "reminder" in n["subject"]]
    assert any("$575.00 due" in detail for detail in notes)
