from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction

DEMO_USERS = {
    # username: (role, full name, may use the Django admin)
    "admin": ("Admin", "Ada Admin", True),
    "billing": ("Billing staff", "Bill Clerk", False),
    "attorney": ("Attorney", "Alice Attorney", False),
}


@transaction.atomic
def demo_users_create(*, credentials_path: Path) -> dict[str, str]:
    """Create the demo users that do not exist yet; return {username: password} of those made.

    Passwords are random per machine and written once to ``credentials_path`` (mode 600), so a
    demo install never ships a known password.
    """
    created = {}
    for username, (role, full_name, is_staff) in DEMO_USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        first_name, last_name = full_name.split(" ", 1)
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@remit.localhost",
            is_staff=is_staff,
        )
        user.groups.add(Group.objects.get(name=role))
        created[username] = password
    if created:
        credentials_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(credentials_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as credentials:
            for username, password in created.items():
                credentials.write(f"{username} {password} ({DEMO_USERS[username][0]})\n")
    return created
