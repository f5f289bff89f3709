"""The step page lists the names a template may use and previews it with a sample invoice."""

from django.urls import reverse

from reminders.models import ReminderStep
from reminders.services.rules import TEMPLATE_SAMPLE
from tests.reminders.rules.conftest import step_on, step_values


def test_the_step_page_lists_the_variables_and_previews_the_saved_texts(admin_client):
    step = step_on(7)

    page = admin_client.get(reverse("reminders:step-edit", args=[step.pk])).content.decode()

    for name in TEMPLATE_SAMPLE:
        assert f"{{{{ {name} }}}}" in page
    assert 'data-testid="preview-subject">Reminder: invoice R-2026-000001 from Your firm<' in page
    assert "Dear John Smith," in page
    # The HTML part goes, escaped, into a sandboxed frame.
    assert "&lt;strong&gt;R-2026-000001&lt;/strong&gt;" in page
    assert "sandbox srcdoc=" in page


def test_preview_shows_unsaved_texts_and_saves_nothing(admin_client):
    step = step_on(7)

    response = admin_client.post(
        reverse("reminders:step-edit", args=[step.pk]),
        step_values(step, subject="Owed: {{ amount_due }}", body_html="", preview="1"),
    )

    page = response.content.decode()
    assert 'data-testid="preview-subject">Owed: $1,234.56<' in page
    step.refresh_from_db()
    assert step.subject.startswith("Reminder: invoice")
    assert ReminderStep.objects.count() == 3


def test_markup_in_the_texts_cannot_reach_the_page(admin_client):
    step = step_on(7)

    page = admin_client.post(
        reverse("reminders:step-edit", args=[step.pk]),
        step_values(
            step,
            subject="<b>Hi</b>",
            body_text="<script>alert(1)</script>",
            body_html='"><script>alert(2)</script>',
            preview="1",
        ),
    ).content.decode()

    assert "<script>alert" not in page and "<b>Hi</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'srcdoc="&quot;&gt;&lt;script&gt;alert(2)' in page
