"""The Admin role reads inbound events and outbox messages, and unlocks locked-out logins.

The Django admin answered 403 on inbound events and outbox messages for the Admin role (their
pages need the model's view permission, which 0002 never gave), and the login lockout of
django-axes is lifted by deleting the access attempt in the admin. View only on the events and
messages: they are evidence, and their admin pages refuse changes anyway.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ROLE = "Admin"
PERMISSIONS = [
    "integrations.view_inboundevent",
    "integrations.view_outboxmessage",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
]


def _permissions(apps):
    # As in 0002: permissions are created after all migrations, so create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for perm in PERMISSIONS:
        app_label, codename = perm.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def admin_role_grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=ADMIN_ROLE)
    group.permissions.add(*_permissions(apps))


def admin_role_revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ADMIN_ROLE):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("integrations", "0007_periodic_task_health"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(admin_role_grant, admin_role_revoke)]
