"""The reminder rules page (admins): the steps, business hours, opt-outs and their history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import SignedInRequest
from reminders.forms_rules import BusinessHoursForm, OptOutForm, StepForm
from reminders.models import ReminderOptOut, ReminderStep
from reminders.services.rules import (
    TEMPLATE_SAMPLE,
    BusinessHours,
    opt_out_add,
    opt_out_remove,
    opt_outs_all,
    reminder_rules_history,
    reminder_settings_get,
    reminder_settings_update,
    reminder_step_save,
    reminder_steps_all,
)

if TYPE_CHECKING:
    pass

PERMISSION = "reminders.manage_reminder_rules"
STEP_FIELDS = ("day_offset", "action", "subject", "body_text", "body_html", "active")
HOURS_FIELDS = ("enabled", "business_days", "business_start", "business_end")


def rules_admin_required(view):
    return login_required(permission_required(PERMISSION, raise_exception=True)(view))


def _rules_page(
    request: SignedInRequest,
    *,
    hours_form: BusinessHoursForm | None = None,
    opt_out_form: OptOutForm | None = None,
) -> HttpResponse:
    current = reminder_settings_get()
    context = {
        "steps": reminder_steps_all(),
        "hours": BusinessHours.of(current).describe(),
        "hours_form": hours_form
        or BusinessHoursForm(initial={name: getattr(current, name) for name in HOURS_FIELDS}),
        "time_zone": settings.FIRM_TIME_ZONE,
        "opt_outs": opt_outs_all(),
        "opt_out_form": opt_out_form or OptOutForm(),
        "history": reminder_rules_history(),
    }
    return render(request, "reminders/rules.html", context)


@require_http_methods(["GET", "POST"])
@rules_admin_required
def rules(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        return _rules_page(request)
    form = BusinessHoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reminder_settings_update(
                enabled=data["enabled"],
                business_days=data["business_days"],
                start=data["business_start"],
                end=data["business_end"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Business hours saved.")
            return redirect("reminders:rules")
    return _rules_page(request, hours_form=form)


@require_http_methods(["GET", "POST"])
@rules_admin_required
def step_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    step = get_object_or_404(ReminderStep, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = StepForm(request.POST)
        if form.is_valid() and "preview" not in request.POST:
            try:
                saved = reminder_step_save(step=step, values=form.cleaned_data, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Step on day {saved.day_offset} saved.")
                return redirect("reminders:rules")
    elif step is not None:
        form = StepForm(initial={name: getattr(step, name) for name in STEP_FIELDS})
    else:
        form = StepForm(initial={"action": ReminderStep.Action.EMAIL, "active": True})
    context = {
        "step": step,
        "form": form,
        "preview": form.preview(),
        "variables": TEMPLATE_SAMPLE,
    }
    return render(request, "reminders/step_edit.html", context)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def opt_out_create(request: SignedInRequest) -> HttpResponse:
    form = OptOutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            opt_out = opt_out_add(
                client=data["client"],
                matter=data["matter"],
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"No reminders for {opt_out.client or opt_out.matter}.")
            return redirect("reminders:rules")
    return _rules_page(request, opt_out_form=form)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def opt_out_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    opt_out = get_object_or_404(ReminderOptOut.objects.select_related("client", "matter"), pk=pk)
    name = str(opt_out.client or opt_out.matter)
    opt_out_remove(opt_out=opt_out, user=request.user)
    messages.success(request, f"{name} gets reminders again.")
    return redirect("reminders:rules")
