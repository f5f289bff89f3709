import stat

from django.contrib.auth import authenticate

from accounts.services import demo_users_create


def test_demo_users_are_created_once_with_working_random_passwords(db, tmp_path):
    path = tmp_path / "demo-credentials.txt"

    first = demo_users_create(credentials_path=path)
    second = demo_users_create(credentials_path=path)

    assert set(first) == {"admin", "billing", "attorney"}
    assert second == {}
    assert len(set(first.values())) == 3
    for username, password in first.items():
        assert authenticate(username=username, password=password) is not None


def test_demo_credentials_are_written_readable_only_by_the_owner(db, tmp_path):
    path = tmp_path / "demo-credentials.txt"

    created = demo_users_create(credentials_path=path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"billing {created['billing']} (Billing staff)" in path.read_text()


def test_each_demo_user_has_its_role(db, tmp_path):
    demo_users_create(credentials_path=tmp_path / "c.txt")

    from django.contrib.auth.models import User

    roles = {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()}
    assert roles == {"admin": ["Admin"], "billing": ["Billing staff"], "attorney": ["Attorney"]}
