import pytest

from tests.billing.fixtures import _no_broker, deliveries, rules  # noqa: F401
from tests.trust.factories import trust_account_make


@pytest.fixture
def account(db):
    return trust_account_make()
