"""Forms of the reminder rules page: they parse and validate; reminders/services/rules.py saves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks

from billing.forms import BootstrapForm
from billing.models import Client, Matter
from reminders.models import ReminderStep
from reminders.services.content import step_render
from reminders.services.rules import TEMPLATE_SAMPLE, WEEKDAY_NAMES, step_template_check

TEMPLATE_FIELDS = ("subject", "body_text", "body_html")
SUGGESTIONS_SHOWN = 5


class BusinessHoursForm(BootstrapForm):
    enabled = forms.BooleanField(
        required=False,
        label="Send reminders",
        help_text="Off: no reminder goes out and no matter is flagged until it is on again.",
    )
    business_days = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Business days",
        error_messages={"required": "Choose at least one day."},
    )
    business_start = forms.TimeField(
        label="From", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    business_end = forms.TimeField(
        label="Until", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # BootstrapForm would make the checkbox a text box.
        self.fields["enabled"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        start, end = data.get("business_start"), data.get("business_end")
        if start is not None and end is not None and end <= start:
            self.add_error("business_end", "The business day must end after it starts.")
        return data


def _unix_newlines(value: str) -> str:
    return value.replace("\r\n", "\n")


class StepForm(BootstrapForm):
    day_offset = forms.IntegerField(
        min_value=1,
        max_value=365,
        label="Day",
        help_text="Calendar days after the invoice was sent, in the firm's time zone (1–365).",
    )
    action = forms.ChoiceField(choices=ReminderStep.Action.choices)
    subject = forms.CharField(max_length=300)
    body_text = forms.CharField(label="Text body", widget=forms.Textarea(attrs={"rows": 10}))
    body_html = forms.CharField(
        required=False,
        label="HTML body",
        help_text="Empty: the email's HTML part is the text body with its line breaks.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    active = forms.BooleanField(
        required=False, help_text="Switched off, the step is skipped (it stays in the history)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["active"].widget.attrs["class"] = "form-check-input"
        for name in ("body_text", "body_html"):
            self.fields[name].widget.attrs["class"] += " font-monospace"

    def clean(self):
        data = super().clean()
        for name in ("body_text", "body_html"):
            if name in data:
                data[name] = _unix_newlines(data[name])
        for name in TEMPLATE_FIELDS:
            if name not in data:
                continue
            # One that parses can still fail to render ({% url %} of no page): refused here
            # rather than at 9:00 on the day it is due.
            try:
                step_template_check(data[name], field=name)
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def preview(self) -> StepPreview | None:
        """The step's texts filled with the sample invoice, if they are valid."""
        if self.is_bound:
            if not self.is_valid():
                return None
            values: dict[str, Any] = self.cleaned_data
        else:
            values = {name: self.initial.get(name) or "" for name in TEMPLATE_FIELDS}
        if not values["subject"] and not values["body_text"]:
            return None
        return step_preview(
            subject=values["subject"], body_text=values["body_text"], body_html=values["body_html"]
        )


@dataclass(frozen=True)
class StepPreview:
    subject: str
    text: str
    html: str


def step_preview(*, subject: str, body_text: str, body_html: str) -> StepPreview:
    """What reminder_email_build makes of these texts, with TEMPLATE_SAMPLE for the invoice."""
    text = step_render(body_text, TEMPLATE_SAMPLE)
    html = (
        step_render(body_html, TEMPLATE_SAMPLE, html=True)
        if body_html.strip()
        else linebreaks(text, autoescape=True)
    )
    return StepPreview(
        subject=" ".join(step_render(subject, TEMPLATE_SAMPLE).split()), text=text, html=html
    )


def _suggest(names: list[str]) -> str:
    return f" Did you mean {', '.join(names)}?" if names else ""


class OptOutForm(BootstrapForm):
    matter = forms.CharField(
        required=False, max_length=200, label="Matter", help_text="Its display number in Clio."
    )
    client = forms.CharField(
        required=False, max_length=300, label="Client", help_text="The client's name in Clio."
    )
    reason = forms.CharField(max_length=300, help_text="The client asked, a payment plan, …")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        number, name = data["matter"], data["client"]
        if number and name:
            raise ValidationError("Give a matter or a client, not both.")
        if not number and not name:
            raise ValidationError("Give the matter's display number or the client's name.")
        # The names become the records they name, for opt_out_add.
        data["matter"] = self._matter(number) if number else None
        data["client"] = self._client(name) if name else None
        return data

    def _matter(self, number: str) -> Matter | None:
        found = list(Matter.objects.filter(display_number__iexact=number)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            self.add_error("matter", f"Several matters are numbered {number}; choose the client.")
            return None
        near = Matter.objects.filter(display_number__icontains=number).order_by("display_number")
        names = [m.display_number for m in near[:SUGGESTIONS_SHOWN]]
        self.add_error("matter", f"No matter is numbered {number}.{_suggest(names)}")
        return None

    def _client(self, name: str) -> Client | None:
        found = list(Client.objects.filter(name__iexact=name)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            self.add_error(
                "client", f"Several clients are named {name}; opt out their matters instead."
            )
            return None
        near = Client.objects.filter(name__icontains=name).order_by("name")
        names = [c.name for c in near[:SUGGESTIONS_SHOWN]]
        self.add_error("client", f"No client is named {name}.{_suggest(names)}")
        return None
