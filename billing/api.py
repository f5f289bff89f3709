"""``/api/v1/invoices/``, ``…/{id}/approve/`` and ``/api/v1/billing-rules/``: the same services
and permissions as the pages. Line adjustments are read here (each invoice's ``adjustments``)
and made on the invoice page."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from billing.models import BillingRules, Invoice, InvoiceAdjustment, InvoiceLine, Matter
from billing.models.clio import MoneyFieldArgs
from billing.selectors import invoices_for_api, user_may_view_invoices
from billing.services.review import (
    InvoiceBlocked,
    InvoiceTransitionError,
    invoice_approve,
    invoice_draft_again,
)
from billing.services.rules import EDITABLE_FIELDS, billing_rules_get, billing_rules_update
from config.params import query_id

MONEY: MoneyFieldArgs = {"max_digits": 12, "decimal_places": 2}


class InvoiceViewer(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and user_may_view_invoices(user=request.user))


class InvoiceLineSerializer(serializers.ModelSerializer):
    clio_activity_id = serializers.IntegerField(
        source="activity.clio_id", read_only=True, default=None
    )

    class Meta:
        model = InvoiceLine
        fields = [
            "id",
            "clio_activity_id",
            "date",
            "timekeeper",
            "description",
            "hours",
            "rate",
            "amount",
            "write_down",
            "amount_mismatch",
            "changed_after_invoicing",
        ]


class InvoiceAdjustmentSerializer(serializers.ModelSerializer):
    """A write-down, exclusion or discount as recorded (``replaced_at``: no longer in force)."""

    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = InvoiceAdjustment
        fields = [
            "id",
            "kind",
            "line",
            "amount",
            "percent",
            "line_amount",
            "reason",
            "created_by",
            "created_at",
            "replaced_at",
        ]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    clio_matter_id = serializers.IntegerField(source="matter.clio_id", read_only=True)
    matter_display_number = serializers.CharField(source="matter.display_number", read_only=True)
    amount_due = serializers.DecimalField(**MONEY, read_only=True)
    lines = InvoiceLineSerializer(source="live_lines", many=True, read_only=True)
    adjustments = InvoiceAdjustmentSerializer(source="adjustment_list", many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "status",
            "clio_matter_id",
            "matter_display_number",
            "trigger",
            "period_key",
            "period_start",
            "period_end",
            "currency",
            "total",
            "discount",
            "trust_applied",
            "amount_paid",
            "amount_due",
            "due_date",
            "payment_url",
            "hold_reason",
            "rejection_reason",
            "created_at",
            "approved_at",
            "sent_at",
            "paid_at",
            "lines",
            "adjustments",
        ]


def _with_adjustments(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Every adjustment of each invoice, oldest first, as ``adjustment_list`` (one query)."""
    return invoices.prefetch_related(
        Prefetch(
            "adjustments",
            queryset=InvoiceAdjustment.objects.select_related("created_by").order_by(
                "created_at", "pk"
            ),
            to_attr="adjustment_list",
        )
    )


@extend_schema(
    parameters=[
        OpenApiParameter("clio_matter_id", OpenApiTypes.INT, description="Clio's matter id"),
        OpenApiParameter("status", OpenApiTypes.STR, enum=Invoice.Status.values),
    ]
)
class InvoiceList(generics.ListAPIView):
    """Invoices the caller may see (attorneys: their matters), newest first, with live lines."""

    serializer_class = InvoiceSerializer
    permission_classes = [InvoiceViewer]

    def get_queryset(self):
        invoices = _with_adjustments(invoices_for_api(user=self.request.user))
        params = self.request.query_params
        if (matter_id := query_id(params, "clio_matter_id")) is not None:
            invoices = invoices.filter(matter__clio_id=matter_id)
        if (wanted := params.get("status")) is not None:
            if wanted not in Invoice.Status.values:
                raise ValidationError(
                    {"status": f"Use one of: {', '.join(Invoice.Status.values)}."}
                )
            invoices = invoices.filter(status=wanted)
        return invoices


class _InvoiceAction(APIView):
    """A billing-staff action on one visible invoice; a refusal is 409 with the reason (and,
    for a blocked approval, the blockers and their fixes)."""

    permission_classes = [HasPermission.of("billing.review_invoices")]
    success_status: int = status.HTTP_200_OK

    def act(self, request, invoice: Invoice) -> Invoice:
        raise NotImplementedError

    def post(self, request, pk: int):
        invoice = invoices_for_api(user=request.user).filter(pk=pk).first()
        if invoice is None:
            return Response({"detail": "No such invoice."}, status=status.HTTP_404_NOT_FOUND)
        try:
            result = self.act(request, invoice)
        except InvoiceBlocked as error:
            blockers = [
                {"reason": b.reason, "detail": b.label, "fix": b.fix} for b in error.blockers
            ]
            return Response(
                {"detail": str(error), "blockers": blockers}, status=status.HTTP_409_CONFLICT
            )
        except InvoiceTransitionError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        fresh = _with_adjustments(invoices_for_api(user=request.user)).get(pk=result.pk)
        return Response(InvoiceSerializer(fresh).data, status=self.success_status)


@extend_schema(request=None, responses={200: InvoiceSerializer})
class InvoiceApprove(_InvoiceAction):
    """Approve a draft (billing staff): numbered, noted in Clio, delivered per the rules."""

    def act(self, request, invoice: Invoice) -> Invoice:
        return invoice_approve(invoice=invoice, user=request.user)


@extend_schema(request=None, responses={201: InvoiceSerializer})
class InvoiceDraftAgain(_InvoiceAction):
    """Draft a rejected invoice's entries again now (billing staff); answers the new draft."""

    success_status = status.HTTP_201_CREATED

    def act(self, request, invoice: Invoice) -> Invoice:
        return invoice_draft_again(invoice=invoice, user=request.user)


class BillingRulesSerializer(serializers.ModelSerializer):
    billing_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=Matter.BillingMethod.values), allow_empty=False
    )

    class Meta:
        model = BillingRules
        fields = [*EDITABLE_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]

    def to_internal_value(self, data):
        # A misspelt or unsupported rule would otherwise be dropped and the change answer 200.
        # Read-only fields (updated_at) are known, and ignored, so a GET body can be PUT back.
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise ValidationError(
                    {name: ["Not a billing rule that can be set."] for name in unknown}
                )
        return super().to_internal_value(data)


class BillingRulesPermission(permissions.BasePermission):
    """Billing staff read the rules; only those who manage them change them."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.has_perm("billing.review_invoices") or user.has_perm(
                "billing.manage_billing_rules"
            )
        return user.has_perm("billing.manage_billing_rules")


class BillingRulesApi(APIView):
    permission_classes = [BillingRulesPermission]

    @extend_schema(responses=BillingRulesSerializer)
    def get(self, request):
        return Response(BillingRulesSerializer(billing_rules_get()).data)

    @extend_schema(request=BillingRulesSerializer, responses=BillingRulesSerializer)
    def put(self, request):
        return self._update(request, partial=False)

    @extend_schema(request=BillingRulesSerializer, responses=BillingRulesSerializer)
    def patch(self, request):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool) -> Response:
        serializer = BillingRulesSerializer(billing_rules_get(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            rules = billing_rules_update(changes=serializer.validated_data, user=request.user)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(BillingRulesSerializer(rules).data)
