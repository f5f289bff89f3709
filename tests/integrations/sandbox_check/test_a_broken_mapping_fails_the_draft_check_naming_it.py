"""A matter mapping in conflict (its LawPay reference already used by another matter) fails
check (a) naming the mapping and the conflict; the checks built on it are not run."""

import requests

from integrations.models import ClioConnection
from tests.billing.factories import MatterFactory, MatterMappingFactory
from tests.integrations.sandbox_check.conftest import sandbox_check


def _next_display_number(clio_url: str) -> str:
    """What the Clio emulator numbers the check's next matter (its client is "Remit …")."""
    response = requests.get(
        f"{clio_url}/api/v4/matters.json",
        params={"order": "id(desc)", "limit": 1, "fields": "id,number"},
        headers={"Authorization": f"Bearer {ClioConnection.objects.get().access_token}"},
        timeout=10,
    )
    return f"{response.json()['data'][0]['number'] + 1:05d}-Remit"


def test_the_draft_check_names_the_broken_mapping(sandbox, firm_admin):
    taken = _next_display_number(sandbox.clio.base_url)
    MatterMappingFactory(matter=MatterFactory(display_number="OLD-1"), reference=taken)

    output = sandbox_check(firm_admin.username)

    assert output.code != 0
    assert "FAIL (a)" in output.text
    assert f"The mapping of matter {taken} (LawPay reference “{taken}”) is broken" in output.text
    assert "also used by matter OLD-1" in output.text
    assert "reason: Not run: check (a) did not pass." in output.text
    assert "Traceback" not in output.text
