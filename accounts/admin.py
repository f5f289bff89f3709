"""The Django admin's user pages: admins manage people and roles, only superusers grant power.

Roles are groups (accounts/migrations/0002_roles.py), so ``groups`` stays editable for the
Admin role; ``is_superuser`` and raw ``user_permissions`` would let an admin grant more than any
role holds, so only a superuser sees or changes them, and only a superuser edits a superuser.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

User = get_user_model()

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


def _may_touch(request, obj) -> bool:
    """Only a superuser changes or deletes a superuser."""
    return obj is None or not obj.is_superuser or request.user.is_superuser


class RemitUserAdmin(UserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A field left out of the fieldsets is left out of the form, so a posted value is ignored.
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None) -> bool:
        return _may_touch(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _may_touch(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The form cannot set these for a non-superuser; this guards any other way in.
        if not request.user.is_superuser and obj.is_superuser:
            raise PermissionDenied("Only a superuser can make a superuser.")
        super().save_model(request, obj, form, change)


admin.site.unregister(User)
admin.site.register(User, RemitUserAdmin)
