"""Upgrading a firm whose LawPay connection exists: billing 0015 names its accounts for the
mapping screen, from the connection as it stands."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("billing", "0014_line_adjustments")]
AFTER = [("billing", "0015_payment_method_and_setup_accounts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    # Later tests need the whole schema, whatever migrations come after these two.
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_the_accounts_of_an_existing_connection_are_filled_in():
    old = _migrate(BEFORE)
    old.get_model("integrations", "LawPayConnection").objects.create(
        base_url="https://api.lawpay.test",
        operating_account_id="op-1",
        operating_account_name="Operating",
        operating_ach_account_id="op-ach",
        trust_account_id="trust-1",
        trust_account_name="IOLTA",
    )
    old.get_model("billing", "PaymentSetup").objects.update_or_create(singleton=True)

    new = _migrate(AFTER)

    setup = new.get_model("billing", "PaymentSetup").objects.get()
    assert setup.accounts == [
        {"id": "op-1", "name": "Operating", "purpose": "operating", "method": "card"},
        {"id": "op-ach", "name": "Operating", "purpose": "operating", "method": "bank"},
        {"id": "trust-1", "name": "IOLTA", "purpose": "trust", "method": "card"},
    ]
