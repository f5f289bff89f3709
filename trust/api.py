"""``/api/v1/trust/accounts/``, ``…/ledger/`` and ``…/applications/``: the same services,
permissions and scoping as the pages (attorneys: their own matters)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from billing.models import Invoice
from config.params import query_id
from trust.models import TRUST_MONEY, MatterLedger, TrustAccount, TrustApplication, TrustEntry
from trust.selectors_applications import trust_applications_awaiting, trust_applications_visible
from trust.selectors_ledger import matters_trust_visible, user_may_view_ledgers
from trust.services.applications import TrustApplicationRefused, trust_application_approve
from trust.services.posting import TrustPostingRefused


class LedgerReader(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and user_may_view_ledgers(user=request.user))


class TrustAccountSerializer(serializers.ModelSerializer):
    journal_balance = serializers.DecimalField(**TRUST_MONEY, source="balance", read_only=True)
    clio_bank_account_id = serializers.IntegerField(
        source="clio_bank_account.clio_id", read_only=True, default=None
    )

    class Meta:
        model = TrustAccount
        fields = [
            "id",
            "name",
            "currency",
            "clio_bank_account_id",
            "journal_balance",
            "entries_count",
            "locked_through",
            "is_default",
        ]


class TrustAccountList(APIView):
    """Trust bank accounts with their journal balance (trust staff)."""

    permission_classes = [HasPermission.of("trust.view_trust_ledger")]

    @extend_schema(responses={200: TrustAccountSerializer(many=True)})
    def get(self, request):
        accounts = TrustAccount.objects.select_related("clio_bank_account").order_by("pk")
        return Response(TrustAccountSerializer(accounts, many=True).data)


class TrustEntrySerializer(serializers.ModelSerializer):
    cleared = serializers.BooleanField(read_only=True)
    cleared_on = serializers.DateField(read_only=True, allow_null=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True, default=None)
    reverses = serializers.IntegerField(source="reverses_id", read_only=True, allow_null=True)

    class Meta:
        model = TrustEntry
        fields = [
            "id",
            "sequence",
            "kind",
            "amount",
            "cleared",
            "cleared_on",
            "effective_date",
            "balance_after",
            "available_after",
            "source",
            "source_ref",
            "memo",
            "invoice_number",
            "reverses",
            "posted_at",
        ]


class TrustLedgerSerializer(serializers.Serializer):
    clio_matter_id = serializers.IntegerField()
    account_id = serializers.IntegerField()
    balance = serializers.DecimalField(**TRUST_MONEY)
    available = serializers.DecimalField(**TRUST_MONEY)
    entries = TrustEntrySerializer(many=True)


def _entries(ledger: MatterLedger) -> list[TrustEntry]:
    clearances = TrustEntry.objects.filter(clears=OuterRef("pk"))
    entries = list(
        ledger.entries.select_related("invoice")
        .annotate(has_clearance=Exists(clearances))
        .order_by("sequence")
    )
    cleared_on = {
        e.clears_id: e.effective_date for e in entries if e.kind == TrustEntry.Kind.CLEARANCE
    }
    for entry in entries:
        pending = entry.kind in (TrustEntry.Kind.DEPOSIT, TrustEntry.Kind.OPENING) and (
            entry.available_change < entry.amount
        )
        entry.cleared = not pending or entry.has_clearance  # type: ignore[attr-defined]
        entry.cleared_on = (  # type: ignore[attr-defined]
            cleared_on.get(entry.pk) if pending else entry.effective_date
        )
    return entries


@extend_schema(
    parameters=[
        OpenApiParameter(
            "clio_matter_id", OpenApiTypes.INT, required=True, description="Clio's matter id"
        )
    ],
    responses={200: TrustLedgerSerializer(many=True)},
)
class TrustLedger(APIView):
    """A matter's trust ledger per trust account: entries with running balances, its
    ``balance`` and its ``available`` (cleared) funds."""

    permission_classes = [LedgerReader]

    def get(self, request):
        matter_id = query_id(request.query_params, "clio_matter_id")
        if matter_id is None:
            raise ValidationError(
                {"clio_matter_id": "Give Clio's matter id, e.g. ?clio_matter_id=1001."}
            )
        matter = matters_trust_visible(user=request.user).filter(clio_id=matter_id).first()
        if matter is None:
            return Response({"detail": "No such matter."}, status=status.HTTP_404_NOT_FOUND)
        ledgers = MatterLedger.objects.filter(matter=matter).order_by("account_id")
        data = [
            {
                "clio_matter_id": matter.clio_id,
                "account_id": ledger.account_id,
                "balance": ledger.balance,
                "available": ledger.available,
                "entries": _entries(ledger),
            }
            for ledger in ledgers
        ]
        return Response(TrustLedgerSerializer(data, many=True).data)


class TrustApplicationSerializer(serializers.ModelSerializer):
    invoice_id = serializers.IntegerField(read_only=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True, default=None)
    clio_matter_id = serializers.IntegerField(source="invoice.matter.clio_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)

    class Meta:
        model = TrustApplication
        fields = [
            "id",
            "invoice_id",
            "invoice_number",
            "clio_matter_id",
            "status",
            "amount",
            "available_seen",
            "invoice_total_seen",
            "proposed_at",
            "decided_at",
            "decided_by",
            "decline_reason",
        ]


class ApplyRequest(serializers.Serializer):
    invoice_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    amount = serializers.DecimalField(**TRUST_MONEY, min_value=Decimal("0.01"))


class ApplicationsPermission(permissions.BasePermission):
    """Trust staff and attorneys read proposals; only "apply trust" holders apply them."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if request.method in permissions.SAFE_METHODS:
            return bool(user and user_may_view_ledgers(user=user))
        return bool(user and user.is_authenticated and user.has_perm("trust.apply_trust_funds"))


class TrustApplications(APIView):
    """Trust-first proposals (GET, newest first, ``?status=proposed`` for the open ones), and
    applying one (POST ``{invoice_id, amount}``): posts the withdrawal and approves the invoice.
    409 when the figures changed since the proposal (the answer carries the new one) or the
    invoice cannot be approved."""

    permission_classes = [ApplicationsPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=TrustApplication.Status.values)
        ],
        responses={200: TrustApplicationSerializer(many=True)},
    )
    def get(self, request):
        applications = trust_applications_visible(user=request.user)
        if (wanted := request.query_params.get("status")) is not None:
            if wanted not in TrustApplication.Status.values:
                raise ValidationError(
                    {"status": f"Use one of: {', '.join(TrustApplication.Status.values)}."}
                )
            applications = applications.filter(status=wanted)
        return Response(TrustApplicationSerializer(applications[:500], many=True).data)

    @extend_schema(
        request=ApplyRequest,
        responses={
            201: TrustApplicationSerializer,
            409: inline_serializer(
                "TrustApplicationConflict",
                {"detail": serializers.CharField(), "proposal": TrustApplicationSerializer()},
            ),
        },
    )
    def post(self, request):
        body = ApplyRequest(data=request.data)
        body.is_valid(raise_exception=True)
        invoice_id, amount = body.validated_data["invoice_id"], body.validated_data["amount"]
        application = (
            trust_applications_awaiting(user=request.user).filter(invoice_id=invoice_id).first()
        )
        if application is None:
            exists = Invoice.objects.filter(pk=invoice_id).exists()
            detail = (
                "No trust proposal awaits you for this invoice." if exists else "No such invoice."
            )
            return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
        try:
            decision = trust_application_approve(
                application=application, user=request.user, amount=amount
            )
        except (TrustApplicationRefused, TrustPostingRefused) as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        if not decision.applied:
            proposal = decision.application
            return Response(
                {
                    "detail": decision.message,
                    "proposal": TrustApplicationSerializer(proposal).data if proposal else None,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            TrustApplicationSerializer(decision.application).data, status=status.HTTP_201_CREATED
        )
