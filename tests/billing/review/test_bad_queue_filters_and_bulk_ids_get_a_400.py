"""Queue filters and bulk-approve ids that cannot be read or do not fit answer 400, not 500."""

import pytest
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import MatterFactory, draft_with_lines


@pytest.mark.parametrize(
    "params",
    [
        {"older_than_days": "99999999999"},
        {"older_than_days": "36501"},
        {"older_than_days": "²"},
        {"matter": "1" * 23},
        {"matter": "²"},
        {"attorney": "²"},
        {"amount_min": "9" * 40},
    ],
)
def test_a_bad_queue_filter_is_a_400_with_a_message(client, billing_clerk, rules, params):
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:review"), params)

    assert response.status_code == 400
    assert "Filter not applied" in response.content.decode()


def test_good_queue_filters_still_work(client, billing_clerk, rules):
    draft = draft_with_lines(matter=MatterFactory())
    client.force_login(billing_clerk)

    response = client.get(
        reverse("billing:review"), {"older_than_days": "36500", "matter": draft.matter_id}
    )
    matching = client.get(reverse("billing:review"), {"matter": draft.matter_id})

    assert response.status_code == 200
    assert [invoice.pk for invoice, _ in matching.context["rows"]] == [draft.pk]


@pytest.mark.parametrize("raw", ["²", "1" * 23, "abc"])
def test_a_bad_id_in_a_bulk_approve_is_a_400_and_approves_nothing(
    client, billing_clerk, rules, raw
):
    draft = draft_with_lines(matter=MatterFactory())
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:bulk-approve"), {"invoice_ids": [draft.pk, raw]})

    assert response.status_code == 400
    assert "invoice_ids" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT
