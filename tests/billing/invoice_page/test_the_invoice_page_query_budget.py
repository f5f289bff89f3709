"""The invoice page and its history cost a fixed number of queries, however long the story."""

from django.urls import reverse
from django.utils import timezone

from integrations.models import OutboxMessage
from tests.billing.invoice_page.conftest import outbox_row, payment_of

PAGE_BUDGET = 9
HISTORY_BUDGET = 13


def _story(invoice, n: int) -> None:
    for i in range(n):
        outbox_row(invoice, "clio.note.create", status=OutboxMessage.Status.SENT,
                   sent_at=timezone.now(), result={"note_id": i})  # fmt: skip
        outbox_row(invoice, "invoice.resend", status=OutboxMessage.Status.SENT,
                   sent_at=timezone.now(), result={"sent_to": "jane@client.example"},
                   payload={"requested_by": "bill"})  # fmt: skip
    for i in range(n):
        payment_of(invoice, "1.00", f"txn_{n}_{i}")


def _queries(client, url, budget, django_assert_max_num_queries, **headers) -> int:
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def test_the_page_and_its_history_cost_the_same_for_a_short_and_a_long_story(
    client, billing_clerk, sent, django_assert_max_num_queries
):
    client.force_login(billing_clerk)
    page = reverse("billing:invoice", args=[sent.pk])
    section = reverse("integrations:invoice-history", args=[sent.pk])
    _story(sent, 1)
    short = (
        _queries(client, page, PAGE_BUDGET, django_assert_max_num_queries),
        _queries(client, section, HISTORY_BUDGET, django_assert_max_num_queries,
                 HTTP_HX_REQUEST="true"),
    )  # fmt: skip
    _story(sent, 10)
    long = (
        _queries(client, page, PAGE_BUDGET, django_assert_max_num_queries),
        _queries(client, section, HISTORY_BUDGET, django_assert_max_num_queries,
                 HTTP_HX_REQUEST="true"),
    )  # fmt: skip

    assert short == long
