"""The mappings page and API list cost the same number of queries for 3 rows or 40."""

import pytest
from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen


@pytest.mark.parametrize("rows", [3, 40])
def test_the_mappings_page_does_not_query_per_row(
    rows, admin_client, django_assert_max_num_queries
):
    for n in range(rows):
        matter_seen(5000 + n, f"{n:05d}-Client", client={"id": 9000 + n, "name": f"Client {n}"})

    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("integrations:mappings"))

    assert response.content.decode().count("data-clio-matter-id=") == rows


@pytest.mark.parametrize("rows", [3, 40])
def test_the_api_list_does_not_query_per_row(rows, admin_client, django_assert_max_num_queries):
    for n in range(rows):
        matter_seen(5000 + n, f"{n:05d}-Client")

    with django_assert_max_num_queries(8):
        response = admin_client.get("/api/v1/mappings/")

    assert response.json()["count"] == rows
