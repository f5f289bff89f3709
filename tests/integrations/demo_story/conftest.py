from tests.billing.fixtures import _no_broker  # noqa: F401 - the shared fixtures
from tests.billing.sandbox_world import world  # noqa: F401
