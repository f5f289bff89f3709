from django.db import models


class AccountPermission(models.Model):  # noqa: DJ008 - never displayed
    """Holds the accounts app's permissions; it has no table (roles are groups of these)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("manage_users", "Can manage users and their roles"),
            # Held here, below every app, because every role opens the page (attorneys see
            # their own matters' figures); billing's permissions are frozen in its migrations.
            ("view_collections", "Can see the collections dashboard"),
        ]
