import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"account": "abc"}, "Trust account"),
        ({"account": "²"}, "Trust account"),
        ({"account": str(10**30)}, "Trust account"),
        ({"account": "999999"}, "Trust account"),
        ({"date_from": "2026-13-01"}, "Effective from"),
        ({"date_from": "2026-11-09", "date_to": "2026-11-01"}, "starts (2026-11-09) after it ends"),
    ],
)
def test_a_bad_filter_is_a_400_naming_what_is_wrong(client, crafted, billing_clerk, params, says):
    client.force_login(billing_clerk)

    response = client.get(reverse("trust:journal"), params)

    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert 'data-testid="entry-' not in page
