"""A mapping search that only looks like a number (superscripts, 23 digits) is searched as text,
never a server error."""

import pytest
from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen

URL = reverse("integrations:mappings")


@pytest.mark.parametrize("query", ["²", "1" * 23])
def test_the_page_answers_and_finds_nothing(admin_client, query):
    matter_seen(1001, "00001-Smith")

    response = admin_client.get(URL, {"q": query})

    assert response.status_code == 200
    assert 'data-clio-matter-id="1001"' not in response.content.decode()
