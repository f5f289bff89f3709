from rest_framework.permissions import BasePermission


class HasPermission(BasePermission):
    """DRF permission from a Django permission name: the API checks what the UI checks."""

    permission: str = ""

    @classmethod
    def of(cls, permission: str) -> type["HasPermission"]:
        return type(f"Has_{permission.replace('.', '_')}", (cls,), {"permission": permission})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm(self.permission))
