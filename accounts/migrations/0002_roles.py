"""The three roles of PRODUCT.md §1 as groups with explicit permissions.

The lists are frozen here on purpose: a later change of roles is a new migration, so every
firm's database says when its roles changed.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BILLING_STAFF = [
    "billing.review_invoices",
    "billing.view_all_invoices",
    "billing.match_payments",
    "trust.view_trust_ledger",
    "integrations.view_sandbox_mailbox",
]
ATTORNEY = [
    "reminders.view_flagged_matters",
    "trust.apply_trust_funds",
]
ADMIN = [
    *BILLING_STAFF,
    "billing.manage_billing_rules",
    "trust.apply_trust_funds",
    "trust.reconcile_trust",
    "trust.manage_trust_rules",
    "reminders.view_flagged_matters",
    "reminders.manage_reminder_rules",
    "integrations.manage_connections",
    "integrations.manage_mappings",
    "integrations.view_integration_health",
    "integrations.replay_events",
    "accounts.manage_users",
    # The Django admin pages admins use for users, roles and schedules.
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    "django_celery_beat.view_periodictask",
    "django_celery_beat.change_periodictask",
    "django_celery_beat.view_intervalschedule",
    "django_celery_beat.view_crontabschedule",
]
ROLES = {"Billing staff": BILLING_STAFF, "Attorney": ATTORNEY, "Admin": ADMIN}


def roles_create(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate); create them
    # now so the groups below can refer to them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def roles_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_permissions"),
        ("billing", "0001_permissions"),
        ("trust", "0001_permissions"),
        ("reminders", "0001_permissions"),
        ("integrations", "0001_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_create, roles_delete)]
