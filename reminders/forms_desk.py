"""What the desk's and the overdue list's forms accept; the services judge the rest."""

from __future__ import annotations

from django import forms

from reminders.services.reviews import NOTE_MAX


class NoteForm(forms.Form):
    # Not required here: the service says what the note must say ("Say what was said …").
    note = forms.CharField(required=False, max_length=NOTE_MAX)

    def error_summary(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


class SnoozeForm(NoteForm):
    until = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Choose the day the reminders should start again.",
            "invalid": "Give the day as YYYY-MM-DD.",
        },
    )
