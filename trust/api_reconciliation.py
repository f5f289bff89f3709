"""``/api/v1/trust/reconciliations/``: list reconciliations, upload a statement (answers the
report), read one report, sign one off. The same services and permissions as the pages:
reading needs ``trust.view_trust_ledger``, the rest ``trust.reconcile_trust``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trust.models import TRUST_MONEY, Reconciliation, TrustAccount
from trust.selectors_reconciliation import (
    reconciliation_report,
    reconciliations_list,
)
from trust.services.matching import RECONCILE_PERMISSION
from trust.services.reconciliation import (
    EXPLANATION_MAX,
    ReconciliationRefused,
    reconciliation_sign_off,
    reconciliation_statement_upload,
)
from trust.services.statements import FILE_MAX_BYTES

VIEW_PERMISSION = "trust.view_trust_ledger"
MAX_ID = 10**18 - 1


class ReconciliationPermission(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return bool(user.has_perm(VIEW_PERMISSION))
        return bool(user.has_perm(RECONCILE_PERMISSION))


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(**TRUST_MONEY, **kwargs)


class ReconciliationSerializer(serializers.ModelSerializer[Reconciliation]):
    account_name = serializers.CharField(source="account.name", read_only=True)
    statement_file = serializers.CharField(source="statement.file_name", read_only=True)
    statement_closing_balance = _money(source="statement.closing_balance", read_only=True)
    signed_by = serializers.CharField(source="signed_by.get_username", read_only=True, default=None)

    class Meta:
        model = Reconciliation
        fields = [
            "id",
            "account",
            "account_name",
            "period_end",
            "statement",
            "statement_file",
            "statement_closing_balance",
            "statement_balance",
            "deposits_in_transit",
            "outstanding_withdrawals",
            "adjusted_bank_balance",
            "journal_balance",
            "ledgers_balance",
            "unmatched_entries",
            "unmatched_lines",
            "explanation",
            "signed_by",
            "signed_at",
        ]
        read_only_fields = fields


class ItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    amount = _money()
    description = serializers.CharField()
    reference = serializers.CharField()
    matter = serializers.CharField(allow_null=True)


class ReportSerializer(serializers.Serializer[Any]):
    reconciliation = ReconciliationSerializer()
    period_end = serializers.DateField()
    statement_balance = _money()
    deposits_in_transit = _money()
    outstanding_withdrawals = _money()
    adjusted_bank_balance = _money()
    journal_balance = _money()
    ledgers_balance = _money()
    bank_difference = _money(help_text="Adjusted bank balance − trust journal.")
    ledgers_difference = _money(help_text="Trust journal − sum of matter ledgers.")
    balanced = serializers.BooleanField()
    in_transit = ItemSerializer(many=True)
    outstanding = ItemSerializer(many=True)
    unmatched_lines = ItemSerializer(many=True, help_text="Bank lines not in the books.")


def _report_data(found: Reconciliation) -> dict[str, Any]:
    report = reconciliation_report(reconciliation=found)

    def entries(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": e.pk,
                "date": e.effective_date,
                "amount": e.amount,
                "description": e.memo,
                "reference": e.source_ref,
                "matter": e.matter.display_number,
            }
            for e in items
        ]

    return ReportSerializer(
        {
            "reconciliation": found,
            "period_end": report.period_end,
            "statement_balance": report.statement_balance,
            "deposits_in_transit": report.deposits_in_transit,
            "outstanding_withdrawals": report.outstanding_withdrawals,
            "adjusted_bank_balance": report.adjusted_bank_balance,
            "journal_balance": report.journal_balance,
            "ledgers_balance": report.ledgers_balance,
            "bank_difference": report.bank_difference,
            "ledgers_difference": report.ledgers_difference,
            "balanced": report.balanced,
            "in_transit": entries(report.in_transit),
            "outstanding": entries(report.outstanding),
            "unmatched_lines": [
                {
                    "id": line.pk,
                    "date": line.posted_on,
                    "amount": line.amount,
                    "description": line.description,
                    "reference": line.reference,
                    "matter": None,
                }
                for line in report.unmatched_lines
            ],
        }
    ).data


class StatementUploadSerializer(serializers.Serializer[Any]):
    account = serializers.PrimaryKeyRelatedField(queryset=TrustAccount.objects.all())
    period_end = serializers.DateField()
    opening_balance = _money()
    closing_balance = _money()
    file = serializers.FileField(
        required=False, help_text="The bank's CSV export for the period (multipart)."
    )
    csv = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=FILE_MAX_BYTES,
        help_text="Or the CSV's text, in a JSON body.",
    )

    def validate_file(self, value: Any) -> Any:
        if value.size > FILE_MAX_BYTES:
            raise ValidationError(f"At most {FILE_MAX_BYTES // (1024 * 1024)} MB.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("file" in attrs) == ("csv" in attrs):
            raise ValidationError({"file": "Send the statement as a file or as csv text (one)."})
        return attrs

    def statement(self) -> tuple[str, bytes]:
        """The file's name and content."""
        data = self.validated_data
        if "file" in data:
            return data["file"].name or "statement.csv", data["file"].read()
        return "statement.csv", data["csv"].encode()


REJECTED = inline_serializer(
    "StatementRejected",
    {
        "detail": serializers.CharField(),
        "statement": serializers.IntegerField(),
        "rejections": inline_serializer(
            "StatementRejection",
            {"line": serializers.IntegerField(), "reason": serializers.CharField()},
            many=True,
        ),
    },
)


@extend_schema(parameters=[OpenApiParameter("account", OpenApiTypes.INT)])
class ReconciliationList(generics.ListCreateAPIView[Reconciliation]):
    """Reconciliations, newest period first; POST a statement to reconcile its period."""

    serializer_class = ReconciliationSerializer
    permission_classes = [ReconciliationPermission]

    def get_queryset(self) -> QuerySet[Reconciliation]:
        raw = self.request.query_params.get("account", "")
        if raw and not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18):
            raise ValidationError({"account": "Give a whole number account id."})
        return reconciliations_list(account_id=int(raw) if raw else None)

    @extend_schema(
        request=StatementUploadSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer, 400: REJECTED},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        upload = StatementUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        file_name, content = upload.statement()
        try:
            outcome = reconciliation_statement_upload(
                account=data["account"],
                period_end=data["period_end"],
                opening_balance=data["opening_balance"],
                closing_balance=data["closing_balance"],
                file_name=file_name,
                content=content,
                user=request.user,  # type: ignore[arg-type]
            )
        except ReconciliationRefused as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        statement = outcome.statement
        if outcome.reconciliation is None:
            return Response(
                {
                    "detail": "Nothing was imported: fix every rejected line and send the whole "
                    "file again.",
                    "statement": statement.pk,
                    "rejections": statement.rejections,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        found = reconciliations_list().get(pk=outcome.reconciliation.pk)
        return Response(
            _report_data(found),
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )


def _found(pk: int) -> Reconciliation | None:
    return reconciliations_list().filter(pk=pk).first() if 0 < pk <= MAX_ID else None


class ReconciliationDetail(APIView):
    permission_classes = [ReconciliationPermission]

    @extend_schema(responses={200: ReportSerializer})
    def get(self, request: Request, pk: int) -> Response:
        """The report as it stands (a signed one: the period is locked, so it stays)."""
        found = _found(pk)
        if found is None:
            return Response({"detail": "No such reconciliation."}, status=404)
        return Response(_report_data(found))


class SignOffSerializer(serializers.Serializer[Any]):
    explanation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=EXPLANATION_MAX,
        help_text="Required when the adjusted bank balance differs from the trust journal.",
    )


class ReconciliationSignOff(APIView):
    permission_classes = [ReconciliationPermission]

    @extend_schema(request=SignOffSerializer, responses={200: ReconciliationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Sign off as the caller and lock the period; 409 with the reason when refused."""
        found = _found(pk)
        if found is None:
            return Response({"detail": "No such reconciliation."}, status=404)
        body = SignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            signed = reconciliation_sign_off(
                reconciliation=found,
                user=request.user,  # type: ignore[arg-type]
                explanation=body.validated_data.get("explanation", ""),
            )
        except ReconciliationRefused as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(ReconciliationSerializer(signed).data)


urlpatterns = [
    path("reconciliations/", ReconciliationList.as_view(), name="api-trust-reconciliations"),
    path(
        "reconciliations/<int:pk>/",
        ReconciliationDetail.as_view(),
        name="api-trust-reconciliation",
    ),
    path(
        "reconciliations/<int:pk>/sign-off/",
        ReconciliationSignOff.as_view(),
        name="api-trust-reconciliation-sign-off",
    ),
]
