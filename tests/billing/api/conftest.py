from tests.billing.fixtures import _no_broker, deliveries, rules  # noqa: F401
