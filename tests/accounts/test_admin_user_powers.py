"""Only a superuser grants superuser or raw permissions in the Django admin (issue 10, hole 2)."""

import pytest
from django.contrib.auth.models import Permission, User

from tests.factories import UserFactory

ADD = "/admin/auth/user/add/"


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


@pytest.fixture
def staff_admin(db):
    return UserFactory(username="ada", role="Admin", is_staff=True)


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@firm.example", "correct horse battery")


def change_form(user, **extra):
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "groups": [g.pk for g in user.groups.all()],
        **extra,
    }


def test_the_admin_role_sees_no_superuser_or_permissions_field(client, staff_admin):
    client.force_login(staff_admin)
    clerk = UserFactory(username="bill", role="Billing staff")

    page = client.get(change_url(clerk)).content.decode()

    assert 'name="groups"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_the_admin_role_cannot_make_a_user_a_superuser(client, staff_admin):
    client.force_login(staff_admin)
    clerk = UserFactory(username="bill", role="Billing staff")
    perm = Permission.objects.get(codename="delete_user")

    response = client.post(
        change_url(clerk), change_form(clerk, is_superuser="on", user_permissions=[perm.pk])
    )

    clerk.refresh_from_db()
    assert response.status_code == 302
    assert not clerk.is_superuser
    assert not clerk.user_permissions.exists()


def test_the_admin_role_cannot_make_itself_a_superuser(client, staff_admin):
    client.force_login(staff_admin)

    client.post(change_url(staff_admin), change_form(staff_admin, is_superuser="on"))

    staff_admin.refresh_from_db()
    assert not staff_admin.is_superuser


def test_a_user_the_admin_role_adds_is_never_a_superuser(client, staff_admin):
    client.force_login(staff_admin)

    client.post(
        ADD,
        {
            "username": "mallory",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "is_superuser": "on",
        },
    )

    assert User.objects.filter(username="mallory").exists()
    assert not User.objects.get(username="mallory").is_superuser


def test_the_admin_role_cannot_edit_a_superuser(client, staff_admin, root):
    client.force_login(staff_admin)

    response = client.post(change_url(root), change_form(root, is_staff="", is_active=""))

    root.refresh_from_db()
    assert response.status_code == 403
    assert root.is_active


def test_a_superuser_still_makes_a_superuser(client, root):
    client.force_login(root)
    clerk = UserFactory(username="bill", role="Billing staff")

    page = client.get(change_url(clerk)).content.decode()
    client.post(change_url(clerk), change_form(clerk, is_superuser="on"))

    clerk.refresh_from_db()
    assert 'name="is_superuser"' in page
    assert clerk.is_superuser
