import importlib

import factory
from django.apps import apps
from django.contrib.auth.models import Group, User


def roles_ensure() -> None:
    """Re-create the three roles if a transactional test's flush removed them.

    They come from a data migration, and a flush empties every table; replaying the migration's
    own function keeps the tests on exactly the permissions a real database gets.
    """
    if Group.objects.filter(name__in=["Billing staff", "Attorney", "Admin"]).count() < 3:
        importlib.import_module("accounts.migrations.0002_roles").roles_create(apps, None)
        importlib.import_module("accounts.migrations.0003_admin_role_admin_pages").admin_role_grant(
            apps, None
        )
        importlib.import_module("accounts.migrations.0004_reminder_roles").roles_grant(apps, None)
        importlib.import_module("accounts.migrations.0005_collections_dashboard").roles_grant(
            apps, None
        )


class UserFactory(factory.django.DjangoModelFactory):
    """A user in one of the roles of PRODUCT.md §1 (``role=None`` for no role at all)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@firm.example")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            roles_ensure()
            self.groups.add(Group.objects.get(name=extracted))
