"""``/api/v1/reminders/`` (what the sequence did for an invoice) and ``/api/v1/reviews/`` (the
attorney's desk: flags, their state and history, and the desk's five actions). The same
services, permissions and scoping as the desk: attorneys see and act on their own matters only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from billing.models.clio import MONEY
from billing.selectors import invoices_visible
from config.params import MAX_ID, positive_id
from reminders.models import AttorneyReview, ReminderRun, ReviewAction
from reminders.selectors import (
    DESK_SHOWS,
    VIEW_DESK,
    reviews_for_desk,
    reviews_visible,
    runs_for_invoice,
)
from reminders.services.reviews import (
    NOTE_MAX,
    review_call_log,
    review_dispute,
    review_resume,
    review_snooze,
    review_write_off_request,
)
from reminders.services.rules import firm_date

DeskReader = HasPermission.of(VIEW_DESK)

ID_MESSAGE = "Give the invoice's id, a whole number, e.g. ?invoice=42."


def _invoice_param(params: Any) -> int:
    invoice_id = positive_id(params.get("invoice"))
    if invoice_id is None:
        raise ValidationError({"invoice": ID_MESSAGE})
    return invoice_id


class ReminderRunSerializer(serializers.ModelSerializer[ReminderRun]):
    invoice_number = serializers.CharField(
        source="invoice.number", read_only=True, default=None, allow_null=True
    )
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    by = serializers.CharField(source="by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ReminderRun
        fields = [
            "id",
            "invoice",
            "invoice_number",
            "day_offset",
            "action",
            "status",
            "reason",
            "reason_label",
            "detail",
            "manual",
            "by",
            "due_on",
            "claimed_at",
            "done_at",
            "amount_due",
            "recipient",
        ]
        read_only_fields = fields


@extend_schema(
    parameters=[
        OpenApiParameter(
            "invoice",
            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            required=True,
            description="Remit's invoice id",
        )
    ],
    responses={200: ReminderRunSerializer(many=True)},
)
class ReminderRunList(APIView):
    """Every step the sequence took for one invoice, in day order: sent, flagged, or skipped
    with its reason (``reason_label`` says it in words)."""

    permission_classes = [DeskReader]

    def get(self, request: Request) -> Response:
        invoice_id = _invoice_param(request.query_params)
        invoice = invoices_visible(user=request.user).filter(pk=invoice_id).first()
        if invoice is None:
            return Response({"detail": "No such invoice."}, status=status.HTTP_404_NOT_FOUND)
        runs = runs_for_invoice(invoice_id=invoice.pk).select_related("invoice")
        return Response(ReminderRunSerializer(runs, many=True).data)


class ReviewActionSerializer(serializers.ModelSerializer[ReviewAction]):
    by = serializers.CharField(source="by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ReviewAction
        fields = ["kind", "note", "until", "by", "at"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer[AttorneyReview]):
    invoice_id = serializers.IntegerField(read_only=True)
    invoice_number = serializers.CharField(
        source="invoice.number", read_only=True, default=None, allow_null=True
    )
    clio_matter_id = serializers.IntegerField(source="matter.clio_id", read_only=True)
    matter_display_number = serializers.CharField(source="matter.display_number", read_only=True)
    client_name = serializers.CharField(
        source="matter.client.name", read_only=True, default=None, allow_null=True
    )
    amount_due = serializers.DecimalField(**MONEY, source="invoice.amount_due", read_only=True)
    days_since_sent = serializers.SerializerMethodField()
    actions = ReviewActionSerializer(many=True, read_only=True)

    class Meta:
        model = AttorneyReview
        fields = [
            "id",
            "invoice_id",
            "invoice_number",
            "clio_matter_id",
            "matter_display_number",
            "client_name",
            "amount_due",
            "days_since_sent",
            "state",
            "snoozed_until",
            "assigned_to",
            "flagged_at",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_since_sent(self, review: AttorneyReview) -> int | None:
        sent_at = review.invoice.sent_at
        if sent_at is None:
            return None
        today: date = self.context.get("today") or firm_date(timezone.now())
        return (today - firm_date(sent_at)).days


def _with_actions(reviews: QuerySet[AttorneyReview]) -> QuerySet[AttorneyReview]:
    actions = ReviewAction.objects.select_related("by").order_by("at", "pk")
    return reviews.prefetch_related(Prefetch("actions", queryset=actions))


@extend_schema(
    parameters=[
        OpenApiParameter(
            "show",
            OpenApiTypes.STR,
            enum=list(DESK_SHOWS),
            default="all",
            description="; ".join(f"{key}: {label}" for key, label in DESK_SHOWS.items()),
        )
    ]
)
class ReviewList(generics.ListAPIView[AttorneyReview]):
    """Overdue flags the caller may act on (attorneys: their matters), oldest flag first, with
    what was done on each."""

    serializer_class = ReviewSerializer
    permission_classes = [DeskReader]

    def get_queryset(self) -> QuerySet[AttorneyReview]:
        show = self.request.query_params.get("show") or "all"
        if show not in DESK_SHOWS:
            raise ValidationError({"show": f"Use one of: {', '.join(DESK_SHOWS)}."})
        return _with_actions(reviews_for_desk(user=self.request.user, show=show))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": firm_date(timezone.now())}


# DRF's CharField also refuses a NUL character, which PostgreSQL text cannot hold.
def _note_required(help_text: str) -> serializers.CharField:
    return serializers.CharField(max_length=NOTE_MAX, help_text=help_text)


def _note_optional(help_text: str) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX, help_text=help_text
    )


class SnoozeRequest(serializers.Serializer[Any]):
    until = serializers.DateField(help_text="A later day (the firm's calendar), within a year.")
    note = _note_optional("Why (optional).")


class ResumeRequest(serializers.Serializer[Any]):
    note = _note_optional("Why (optional).")


class DisputeRequest(serializers.Serializer[Any]):
    note = _note_required("What the client disputes.")


class CallLogRequest(serializers.Serializer[Any]):
    note = _note_required("What was said on the call (also a note in Clio).")


class WriteOffRequest(serializers.Serializer[Any]):
    note = _note_required("Why the invoice should be written off.")


def _refusal(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"detail": " ".join(error.messages)}


class _ReviewAction(APIView):
    """One desk action on a review the caller may see; another attorney's review is a 404 and
    nothing changes. Answers the review as it now is."""

    permission_classes = [DeskReader]
    body: type[serializers.Serializer[Any]]

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        visible = reviews_visible(user=request.user)
        review = visible.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
        if review is None:
            return Response({"detail": "No such review."}, status=status.HTTP_404_NOT_FOUND)
        body = self.body(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            self.act(review, request.user, body.validated_data)
        except DjangoValidationError as error:
            return Response(_refusal(error), status=status.HTTP_400_BAD_REQUEST)
        fresh = _with_actions(visible).get(pk=review.pk)
        context = {"request": request, "today": firm_date(timezone.now())}
        return Response(ReviewSerializer(fresh, context=context).data)


_ANSWERS = {200: ReviewSerializer}


@extend_schema(request=SnoozeRequest, responses=_ANSWERS)
class ReviewSnooze(_ReviewAction):
    """No reminders, and off the waiting list, until ``until``."""

    body = SnoozeRequest

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        review_snooze(review=review, user=user, until=data["until"], note=data["note"])


@extend_schema(request=ResumeRequest, responses=_ANSWERS)
class ReviewResume(_ReviewAction):
    """Back to waiting: a snooze ends, a dispute is cleared and reminders go on."""

    body = ResumeRequest

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        review_resume(review=review, user=user, note=data["note"])


@extend_schema(request=DisputeRequest, responses=_ANSWERS)
class ReviewDispute(_ReviewAction):
    """The client disputes the invoice: reminders stop, trust funds stay where they are."""

    body = DisputeRequest

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        review_dispute(review=review, user=user, note=data["note"])


@extend_schema(request=CallLogRequest, responses=_ANSWERS)
class ReviewCallLog(_ReviewAction):
    """Log a call with the client (kept on the desk and as a note on the Clio matter)."""

    body = CallLogRequest

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        review_call_log(review=review, user=user, note=data["note"])


@extend_schema(request=WriteOffRequest, responses=_ANSWERS)
class ReviewWriteOff(_ReviewAction):
    """Ask billing staff to write the invoice off (their "needs attention" list)."""

    body = WriteOffRequest

    def act(self, review: AttorneyReview, user: Any, data: dict[str, Any]) -> None:
        review_write_off_request(review=review, user=user, note=data["note"])
