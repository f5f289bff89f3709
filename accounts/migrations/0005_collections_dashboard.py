"""Every role opens the collections dashboard: billing staff and admins see the firm's figures,
attorneys their own matters' (the page filters as the invoices list does)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = "accounts.view_collections"
ROLES = ["Billing staff", "Attorney", "Admin"]


def _permission(apps):
    # As in 0002: permissions are created after all migrations, so create this one now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def roles_grant(apps, schema_editor):
    permission = _permission(apps)
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def roles_revoke(apps, schema_editor):
    permission = _permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_reminder_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="accountpermission",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
                    ("manage_users", "Can manage users and their roles"),
                    ("view_collections", "Can see the collections dashboard"),
                ],
            },
        ),
        migrations.RunPython(roles_grant, roles_revoke),
    ]
