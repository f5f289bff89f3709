"""``/api/v1/connections/lawpay/keys/``: the connections page's key form over the API, the
same service and the same go-live gate (409 naming the missing sandbox check)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from integrations.lawpay.connection import GoLiveRefused, lawpay_keys_save
from integrations.lawpay.errors import GatewayUnavailable, LawPayError, UnexpectedResponse
from integrations.models import LawPayConnection


class LawPayKeysSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=LawPayConnection.Mode.choices)
    secret_key = serializers.CharField(required=False, allow_blank=True, write_only=True)
    public_key = serializers.CharField(required=False, allow_blank=True, max_length=200)


@extend_schema(request=LawPayKeysSerializer, responses={200: OpenApiTypes.OBJECT})
class LawPayKeysApi(APIView):
    """Check and store LawPay keys in test or live mode (admins). Live mode needs a passing
    sandbox check of the current configuration: without one the answer is 409, naming it."""

    permission_classes = [HasPermission.of("integrations.manage_connections")]

    def post(self, request):
        given = LawPayKeysSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        try:
            view = lawpay_keys_save(
                user=request.user,
                mode=values["mode"],
                secret_key=values.get("secret_key", ""),
                public_key=values.get("public_key", ""),
            )
        except GoLiveRefused as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        except (GatewayUnavailable, UnexpectedResponse) as exc:
            # LawPay did not answer, or not as documented: not the caller's mistake.
            return Response(
                {"detail": f"LawPay could not check the key: {exc}"},
                status=status.HTTP_502_BAD_GATEWAY,
            )
        except LawPayError as exc:
            # LawPay answered and refused the key (wrong, revoked, other mode): bad input.
            return Response(
                {"detail": f"LawPay refused the key: {exc}"}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(
            {
                "mode": values["mode"],
                "accounts": [
                    {"id": a.id, "name": a.name, "trust_account": a.trust_account}
                    for a in view.card_accounts
                ],
            }
        )
