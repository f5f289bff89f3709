"""A run is kept with the configuration it ran against: both base URLs, the LawPay accounts and
a hash of the keys, never the keys themselves."""

from integrations.models import ClioConnection, LawPayConnection, SandboxCheckRun
from integrations.models.sandbox_checks import configuration_of, fingerprint_of
from tests.integrations.sandbox_check.conftest import sandbox_check


def test_the_run_records_the_configuration_without_the_keys(sandbox, firm_admin):
    sandbox_check(firm_admin.username)

    run = SandboxCheckRun.objects.get()
    lawpay = LawPayConnection.objects.get()
    assert run.configuration["clio_base_url"] == sandbox.clio.base_url
    assert run.configuration["lawpay_base_url"] == sandbox.lawpay.base_url
    assert run.configuration["lawpay_operating_account_id"] == lawpay.operating_account_id
    assert lawpay.secret_key not in str(run.configuration)
    assert run.fingerprint == fingerprint_of(
        configuration_of(clio=ClioConnection.objects.get(), lawpay=lawpay)
    )
