import pytest
from django.urls import reverse

from tests.billing.factories import MatterFactory, MatterMappingFactory, draft_with_lines


def drafts(count: int) -> None:
    for n in range(count):
        matter = MatterFactory()
        if n % 2:
            MatterMappingFactory(matter=matter)
        draft_with_lines(matter=matter)


def queue_queries(client, django_assert_max_num_queries, budget: int) -> int:
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(reverse("billing:review"), {"page": 1})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["billing_clerk", "firm_admin"])
def test_the_queue_costs_the_same_queries_for_10_and_50_drafts(
    client, rules, django_assert_max_num_queries, request, user
):
    client.force_login(request.getfixturevalue(user))
    drafts(10)
    with_10 = queue_queries(client, django_assert_max_num_queries, 12)
    drafts(40)
    with_50 = queue_queries(client, django_assert_max_num_queries, 12)

    assert with_10 == with_50
