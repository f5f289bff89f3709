"""Which Remit login a Clio user is: an attorney sees the invoices and trust of the matters
they are responsible or originating attorney of (``invoices_visible``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from billing.models import ClioUser

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def clio_user_link(*, clio_id: int, user: User) -> ClioUser:
    """Link the mirrored Clio user ``clio_id`` to ``user`` (one Clio user per login)."""
    ClioUser.objects.filter(remit_user=user).exclude(clio_id=clio_id).update(remit_user=None)
    clio_user = ClioUser.objects.get(clio_id=clio_id)
    clio_user.remit_user = user
    clio_user.save(update_fields=["remit_user"])
    return clio_user
