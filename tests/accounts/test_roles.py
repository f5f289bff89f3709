from django.contrib.auth.models import Group

from tests.factories import roles_ensure


def permissions_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_migration_creates_exactly_the_three_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Billing staff",
        "Attorney",
        "Admin",
    }


def test_billing_staff_may_review_and_match_but_not_configure(db):
    perms = permissions_of("Billing staff")

    assert {"billing.review_invoices", "billing.match_payments"} <= perms
    assert "billing.manage_billing_rules" not in perms
    assert "trust.apply_trust_funds" not in perms
    assert "integrations.manage_connections" not in perms


def test_attorneys_may_approve_trust_applications_but_not_review_invoices(db):
    perms = permissions_of("Attorney")

    assert perms == {
        "reminders.view_flagged_matters",
        "trust.apply_trust_funds",
        "accounts.view_collections",
    }


def test_admins_hold_every_remit_permission(db):
    perms = permissions_of("Admin")
    remit_apps = {"accounts", "billing", "trust", "reminders", "integrations"}
    all_remit = {
        f"{p.content_type.app_label}.{p.codename}"
        for group in Group.objects.all()
        for p in group.permissions.all()
        if p.content_type.app_label in remit_apps
    }

    assert all_remit <= perms
    assert "integrations.replay_events" in perms


def test_the_tests_rebuild_the_roles_exactly_as_the_migrations_made_them(db):
    """After a transactional test's flush, tests.factories.roles_ensure replays the role
    migrations; a role migration it forgets would give the tests other permissions."""
    made = {name: permissions_of(name) for name in ("Billing staff", "Attorney", "Admin")}
    Group.objects.all().delete()

    roles_ensure()

    assert {name: permissions_of(name) for name in made} == made
