"""A JSON body nested deeper than the receivers allow is a 400 from every API endpoint, never
the decoder's RecursionError as a 500; a normal body is parsed as before."""

import pytest
from rest_framework.test import APIClient

from billing.services.rules import billing_rules_get
from integrations.inbound.receivers import MAX_JSON_DEPTH

DEEP = "[" * 5000 + "]" * 5000


@pytest.fixture
def api(firm_admin):
    client = APIClient()
    client.force_authenticate(firm_admin)
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("patch", "/api/v1/billing-rules/"),
        ("put", "/api/v1/billing-rules/"),
        ("post", "/api/v1/inbound-events/replay-dead/"),
    ],
)
def test_a_deeply_nested_body_gets_a_400(api, method, path):
    response = getattr(api, method)(path, data=DEEP, content_type="application/json")

    assert response.status_code == 400
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in response.json()["detail"]


def test_a_body_within_the_depth_is_parsed(api):
    response = api.patch(
        "/api/v1/billing-rules/", data='{"threshold": "300.00"}', content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert str(billing_rules_get().threshold) == "300.00"
