"""Billing staff see every overdue flag and may send a reminder now; admins too.

Attorneys keep ``view_flagged_matters`` alone: their desk shows only their own matters.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Billing staff": [
        "reminders.view_flagged_matters",
        "reminders.view_all_flags",
        "reminders.send_reminders",
    ],
    "Admin": ["reminders.view_all_flags", "reminders.send_reminders"],
}


def _permission(apps, perm):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _permissions_create(apps):
    # As in 0002: permissions are created after all migrations, so create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def roles_grant(apps, schema_editor):
    _permissions_create(apps)
    Group = apps.get_model("auth", "Group")
    for name, perms in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, perm) for perm in perms))


def roles_revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, perms in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*(_permission(apps, perm) for perm in perms))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_admin_role_admin_pages"),
        ("reminders", "0002_sequence_runs_reviews"),
    ]

    operations = [migrations.RunPython(roles_grant, roles_revoke)]
