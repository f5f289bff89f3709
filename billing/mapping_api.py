"""``/api/v1/mappings/``: the matter-ID mappings over REST, with the admin screen's permissions.

Reading: admins (``integrations.manage_mappings``) and billing staff (``billing.review_invoices``,
who fix mapping conflicts that block sending). Writing: ``integrations.manage_mappings`` only,
through the same service as the screen, so history and conflict checks are identical.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError

from billing.models import MatterMapping
from billing.services.mappings import matter_mapping_update, matter_mappings_list
from config.params import query_id, query_text

READ_PERMISSIONS = ("integrations.manage_mappings", "billing.review_invoices")
WRITE_PERMISSION = "integrations.manage_mappings"


class MappingPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return any(user.has_perm(perm) for perm in READ_PERMISSIONS)
        return user.has_perm(WRITE_PERMISSION)


class MatterMappingSerializer(serializers.ModelSerializer):
    matter_description = serializers.CharField(source="matter.description", read_only=True)
    client_name = serializers.CharField(source="matter.client.name", read_only=True, default="")
    note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=100,
        help_text="Why the mapping was changed; kept in its history.",
    )  # fmt: skip

    class Meta:
        model = MatterMapping
        fields = [
            "id",
            "clio_matter_id",
            "display_number",
            "matter_description",
            "client_name",
            "reference",
            "reference_overridden",
            "lawpay_operating_account_id",
            "lawpay_trust_account_id",
            "status",
            "conflict_reason",
            "updated_at",
            "note",
        ]
        # The service checks references against every mapping (and explains a clash); DRF's
        # validator for the partial unique constraint would only say "must be unique".
        validators: list = []
        read_only_fields = [
            "id",
            "clio_matter_id",
            "display_number",
            "reference_overridden",
            "status",
            "conflict_reason",
            "updated_at",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("clio_matter_id", OpenApiTypes.INT, description="exact Clio id"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=MatterMapping.Status.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="search number, reference…"),
        ]
    )
)
class MatterMappingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MatterMappingSerializer
    # Token first, so an API client without credentials gets 401 and a WWW-Authenticate hint.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [MappingPermission]

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in MatterMapping.Status.values:
            raise ValidationError(
                {"status": f"Use one of: {', '.join(MatterMapping.Status.values)}."}
            )
        mappings = matter_mappings_list(query=query_text(params, "q"), status=status)
        if (clio_matter_id := query_id(params, "clio_matter_id")) is not None:
            mappings = mappings.filter(clio_matter_id=clio_matter_id)
        return mappings

    def perform_update(self, serializer):
        mapping = serializer.instance
        data = serializer.validated_data
        try:
            serializer.instance = matter_mapping_update(
                mapping_id=mapping.pk,
                user=self.request.user,
                reference=data.get("reference", mapping.reference),
                lawpay_operating_account_id=data.get("lawpay_operating_account_id"),
                lawpay_trust_account_id=data.get("lawpay_trust_account_id"),
                note=data.get("note") or "Edited through the API",
            )
        except DjangoValidationError as exc:
            raise ValidationError({"reference": exc.messages}) from exc


mapping_list = MatterMappingViewSet.as_view({"get": "list"})
mapping_detail = MatterMappingViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"}
)
