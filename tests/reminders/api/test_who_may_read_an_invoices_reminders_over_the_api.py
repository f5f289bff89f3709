import pytest
from django.contrib.auth.models import User

from tests.factories import UserFactory
from tests.reminders.api.desk import api, sent_invoice


@pytest.fixture
def invoice(attorney):
    return sent_invoice(attorney=attorney)


def _status(user, invoice) -> int:
    return api(user).get("/api/v1/reminders/", {"invoice": invoice.pk}).status_code


def test_the_invoices_attorney_billing_staff_admins_and_superusers_read_it(
    invoice, attorney, billing_clerk, firm_admin
):
    superuser = User.objects.create_superuser("root", "root@firm.example", "x")

    assert [_status(u, invoice) for u in (attorney, billing_clerk, firm_admin, superuser)] == [
        200,
        200,
        200,
        200,
    ]


def test_another_attorneys_invoice_is_not_found(invoice):
    other = UserFactory(username="bob", role="Attorney")

    response = api(other).get("/api/v1/reminders/", {"invoice": invoice.pk})

    assert response.status_code == 404
    assert response.json() == {"detail": "No such invoice."}


def test_a_user_without_the_desk_permission_is_refused(invoice):
    assert _status(UserFactory(username="nobody", role=None), invoice) == 403


def test_anonymous_callers_are_refused(invoice):
    assert _status(None, invoice) in (401, 403)
