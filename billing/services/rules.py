"""The firm's billing rules: one row, read by every evaluation, changed by admins."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from billing.models import BillingRules, Matter

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_BILLING_METHODS = [Matter.BillingMethod.HOURLY.value]
EDITABLE_FIELDS = (
    "billing_methods",
    "threshold",
    "calendar_day_of_month",
    "stability_window_minutes",
    "flat_fee_trigger_stage",
    "send_mode",
    "send_day_of_month",
    "payment_terms_days",
)
# A window longer than a day would hold every entry back past the next calendar run.
STABILITY_WINDOW_MAX_MINUTES = 24 * 60


def billing_rules_get() -> BillingRules:
    """The singleton, created with the product defaults on first use."""
    rules = BillingRules.objects.filter(singleton=True).first()
    if rules is not None:
        return rules
    try:
        with transaction.atomic():
            return BillingRules.objects.create(billing_methods=list(DEFAULT_BILLING_METHODS))
    except IntegrityError:
        # Another process created it first; the unique ``singleton`` column decided.
        return BillingRules.objects.get(singleton=True)


def billing_rules_validate(*, values: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (by field, in plain words) for rules that cannot work."""
    errors: dict[str, str] = {}
    methods = values["billing_methods"]
    known = set(Matter.BillingMethod.values)
    if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
        errors["billing_methods"] = "Give a list of billing methods."
    elif not methods:
        errors["billing_methods"] = "Choose at least one billing method to bill."
    elif unknown := sorted(set(methods) - known):
        errors["billing_methods"] = (
            f"Unknown billing method {', '.join(unknown)}; use {', '.join(sorted(known))}."
        )
    if Decimal(values["threshold"]) < 0:
        errors["threshold"] = "The threshold cannot be negative."
    day = values["calendar_day_of_month"]
    if day is not None and not 1 <= day <= 28:
        errors["calendar_day_of_month"] = (
            "Use a day from 1 to 28 (every month has it), or leave empty to turn the rule off."
        )
    window = values["stability_window_minutes"]
    if not 0 <= window <= STABILITY_WINDOW_MAX_MINUTES:
        errors["stability_window_minutes"] = (
            f"Use 0 to {STABILITY_WINDOW_MAX_MINUTES} minutes (at most a day)."
        )
    send_day = values["send_day_of_month"]
    if values["send_mode"] == BillingRules.SendMode.ON_SEND_DATE and send_day is None:
        errors["send_day_of_month"] = "Sending on a send date needs the day of the month."
    if send_day is not None and not 1 <= send_day <= 28:
        errors["send_day_of_month"] = "Use a day from 1 to 28."
    if not 0 <= values["payment_terms_days"] <= 365:
        errors["payment_terms_days"] = "Use 0 to 365 days."
    if errors:
        raise ValidationError(errors)


def billing_rules_update(*, changes: Mapping[str, Any], user: User | None = None) -> BillingRules:
    """Apply ``changes`` (a subset of ``EDITABLE_FIELDS``) after validating the whole result."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "This rule cannot be changed." for name in sorted(unknown)})
    with transaction.atomic():
        rules = billing_rules_get()
        rules = BillingRules.objects.select_for_update().get(pk=rules.pk)
        values = {name: getattr(rules, name) for name in EDITABLE_FIELDS} | dict(changes)
        billing_rules_validate(values=values)
        for name, value in values.items():
            setattr(rules, name, value)
        if user is not None:
            rules._history_user = user
        rules.save()
    return rules
