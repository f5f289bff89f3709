"""``/api/v1/payments/``: payments recorded from LawPay, filterable by invoice or unmatched."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers

from billing.models import Payment
from config.params import query_id

READ_PERMISSIONS = ("billing.match_payments", "billing.view_all_invoices")


class PaymentPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return any(user.has_perm(perm) for perm in READ_PERMISSIONS)


class PaymentSerializer(serializers.ModelSerializer):
    invoice_number = serializers.CharField(source="invoice.number", read_only=True, default=None)
    clio_matter_id = serializers.IntegerField(source="matter.clio_id", read_only=True, default=None)
    matched_by = serializers.CharField(source="matched_by.username", read_only=True, default=None)

    class Meta:
        model = Payment
        fields = [
            "id",
            "invoice",
            "invoice_number",
            "clio_matter_id",
            "lawpay_transaction_id",
            "lawpay_account_id",
            "reference",
            "amount",
            "amount_refunded",
            "currency",
            "status",
            "received_at",
            "matched_by",
            "matched_at",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("invoice", OpenApiTypes.INT, description="Only this invoice's payments"),
        OpenApiParameter("unmatched", OpenApiTypes.BOOL, description="true: the unmatched queue"),
    ]
)
class PaymentList(generics.ListAPIView):
    serializer_class = PaymentSerializer
    permission_classes = [PaymentPermission]

    def get_queryset(self):
        payments = Payment.objects.select_related("invoice", "matter", "matched_by").order_by(
            "-received_at", "-pk"
        )
        params = self.request.query_params
        if (invoice := query_id(params, "invoice")) is not None:
            payments = payments.filter(invoice_id=invoice)
        unmatched = params.get("unmatched", "").lower()
        if unmatched in ("true", "1", "yes"):
            payments = payments.filter(invoice__isnull=True)
        elif unmatched in ("false", "0", "no"):
            payments = payments.filter(invoice__isnull=False)
        return payments
