"""The default sequence of PRODUCT.md §3 event 5: day 7 email, day 21 email with the direct
payment link, day 30 flag for the attorney; sent on weekdays 9:00–17:00 (firm time zone).

The texts are frozen here on purpose: a firm edits its own copy on the reminder rules page.
"""

from datetime import time

from django.db import migrations

DAY_7_TEXT = """Dear {{ client_name }},

This is a friendly reminder that invoice {{ invoice_number }} for {{ matter }} was sent on
{{ sent_on }} and {{ amount_due }} is still due{% if due_date %} (due {{ due_date }}){% endif %}.

You can view and pay it here: {{ invoice_url }}

If you have already paid, thank you, and please ignore this message.

{{ firm_name }}"""

DAY_7_HTML = """<p>Dear {{ client_name }},</p>
<p>This is a friendly reminder that invoice <strong>{{ invoice_number }}</strong> for
{{ matter }} was sent on {{ sent_on }} and <strong>{{ amount_due }}</strong> is still
due{% if due_date %} (due {{ due_date }}){% endif %}.</p>
<p>If you have already paid, thank you, and please ignore this message.</p>"""

DAY_21_TEXT = """Dear {{ client_name }},

Invoice {{ invoice_number }} for {{ matter }}, sent on {{ sent_on }}, still shows
{{ amount_due }} due. You can pay it securely by card or bank transfer with this link:

{{ payment_url }}

The invoice itself: {{ invoice_url }}

If something on the invoice is unclear, simply reply and we will call you.

{{ firm_name }}"""

DAY_21_HTML = """<p>Dear {{ client_name }},</p>
<p>Invoice <strong>{{ invoice_number }}</strong> for {{ matter }}, sent on {{ sent_on }},
still shows <strong>{{ amount_due }}</strong> due. You can pay it securely by card or bank
transfer with the button below.</p>
<p>If something on the invoice is unclear, simply reply and we will call you.</p>"""

DAY_30_TEXT = """Invoice {{ invoice_number }} for {{ matter }} ({{ client_name }}) was sent
{{ days_since_sent }} days ago and {{ amount_due }} is still due. Please call the client, then
log the call, snooze, mark the invoice disputed or ask for a write-off on your Remit desk."""

STEPS = [
    (7, "email", "Reminder: invoice {{ invoice_number }} from {{ firm_name }}", DAY_7_TEXT, DAY_7_HTML),
    (
        21,
        "email_with_link",
        "Second reminder: {{ amount_due }} due on invoice {{ invoice_number }}",
        DAY_21_TEXT,
        DAY_21_HTML,
    ),
    (30, "flag_attorney", "Overdue 30 days: invoice {{ invoice_number }} ({{ matter }})", DAY_30_TEXT, ""),
]


def defaults_create(apps, schema_editor):
    ReminderSettings = apps.get_model("reminders", "ReminderSettings")
    ReminderStep = apps.get_model("reminders", "ReminderStep")
    ReminderSettings.objects.get_or_create(
        singleton=True,
        defaults={
            "business_days": [0, 1, 2, 3, 4],
            "business_start": time(9, 0),
            "business_end": time(17, 0),
        },
    )
    if not ReminderStep.objects.exists():
        for day, action, subject, text, html in STEPS:
            ReminderStep.objects.create(
                day_offset=day, action=action, subject=subject, body_text=text, body_html=html
            )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_sequence_runs_reviews")]

    operations = [migrations.RunPython(defaults_create, migrations.RunPython.noop)]
