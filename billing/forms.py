"""Forms of the billing pages: they parse and validate; services do the work."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from billing.models import BillingRules, Invoice, Matter
from billing.selectors import QUEUE_STATUSES, QueueFilters
from billing.services.rules import billing_rules_validate
from config.params import MAX_ID

# A hundred years: any older and the cut-off date falls before the calendar can count.
OLDER_THAN_DAYS_MAX = 36500
BLOCKED_CHOICES = [("", "Any"), ("yes", "Blocked"), ("no", "Not blocked")]


class BootstrapForm(forms.Form):
    """Gives every widget its Bootstrap class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", f"{css} {css}-sm" if self.compact else css)

    compact = False


class QueueFilterForm(BootstrapForm):
    compact = True

    status = forms.ChoiceField(
        required=False,
        choices=[("", "Waiting (draft or on hold)")]
        + [(s.value, s.label) for s in Invoice.Status if s in QUEUE_STATUSES]
        + [(Invoice.Status.APPROVED.value, Invoice.Status.APPROVED.label)],
    )
    matter = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    attorney = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    practice_area = forms.ChoiceField(required=False)
    amount_min = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)
    amount_max = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)
    older_than_days = forms.IntegerField(
        required=False, min_value=0, max_value=OLDER_THAN_DAYS_MAX, label="Older than (days)"
    )
    blocked = forms.ChoiceField(required=False, choices=BLOCKED_CHOICES)

    def __init__(self, *args, attorneys=(), practice_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attorney"].choices = [("", "Any attorney")] + [
            (a.pk, a.name) for a in attorneys
        ]
        self.fields["practice_area"].choices = [("", "Any practice area")] + [
            (area, area) for area in practice_areas
        ]

    def error_summary(self) -> str:
        """The refused filters, by their labels, for a message above the queue."""
        parts = [
            f"{self.fields[name].label or name.replace('_', ' ').capitalize()}: "
            + " ".join(str(error) for error in errors)
            for name, errors in self.errors.items()
        ]
        return "Filter not applied. " + " ".join(parts)

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            status=data["status"],
            matter=data["matter"],
            attorney=data["attorney"],
            practice_area=data["practice_area"],
            amount_min=data["amount_min"],
            amount_max=data["amount_max"],
            older_than_days=data["older_than_days"],
            blocked={"yes": True, "no": False}.get(data["blocked"]),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, strip=True)


class LineDescriptionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), strip=True)


class LineRemoveForm(forms.Form):
    """Why a line comes off (optional: its entry returns to the pool and is billed later)."""

    reason = forms.CharField(max_length=300, strip=True, required=False)


class LineWriteDownForm(BootstrapForm):
    compact = True

    OFF = "off"
    TO = "to"

    how = forms.ChoiceField(
        choices=[(OFF, "Amount off"), (TO, "New amount")], initial=OFF, label="Write down by"
    )
    amount = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2, label="Amount ($)")
    reason = forms.CharField(max_length=300, strip=True)


class InvoiceDiscountForm(BootstrapForm):
    compact = True

    AMOUNT = "amount"
    PERCENT = "percent"

    how = forms.ChoiceField(
        choices=[(AMOUNT, "Amount ($)"), (PERCENT, "Percentage (%)")],
        initial=AMOUNT,
        label="Discount as",
    )
    value = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2, label="Discount")
    reason = forms.CharField(max_length=300, strip=True)


class BillingRulesForm(BootstrapForm):
    billing_methods = forms.MultipleChoiceField(
        choices=Matter.BillingMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Matters with these billing methods are billed by Remit.",
    )
    threshold = forms.DecimalField(
        min_value=Decimal("0"), decimal_places=2, help_text="Draft when a matter reaches this."
    )
    calendar_day_of_month = forms.IntegerField(
        required=False,
        help_text="Draft each month on this day (1–28) for the month before; empty turns it off.",
    )
    stability_window_minutes = forms.IntegerField(
        help_text="An entry counts once it has not changed for this long."
    )
    flat_fee_trigger_stage = forms.CharField(
        required=False, help_text="Flat-fee matters are billed when they reach this Clio stage."
    )
    send_mode = forms.ChoiceField(choices=BillingRules.SendMode.choices)
    send_day_of_month = forms.IntegerField(required=False)
    payment_terms_days = forms.IntegerField(
        help_text="Invoices are due this many days after approval."
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            billing_rules_validate(values=data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)
        return data


class DryRunForm(BootstrapForm):
    compact = True

    threshold = forms.DecimalField(
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        help_text="Try another threshold; the saved rules are not changed.",
    )
