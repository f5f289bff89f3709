from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice
from tests.billing.factories import (
    ClioUserFactory,
    MatterFactory,
    draft_with_lines,
)


def ready_draft(**matter_values):
    """A draft that nothing blocks (mapped matter, client with an email)."""
    return draft_with_lines(matter=MatterFactory(**matter_values))


def queue_ids(response) -> set[int]:
    return {invoice.pk for invoice, _ in response.context["rows"]}


def test_the_queue_lists_waiting_drafts_with_counts(client, billing_clerk, rules):
    drafts = [ready_draft(), ready_draft()]
    draft_with_lines(status=Invoice.Status.APPROVED, number="R-2026-000001")
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:review"))

    assert response.status_code == 200
    assert queue_ids(response) == {d.pk for d in drafts}
    assert response.context["counts"] == {
        "count": 2,
        "amount": Decimal("1500.00"),
        "blocked": 0,
    }


def test_the_queue_filters_by_attorney_practice_area_amount_and_age(client, billing_clerk, rules):
    alice = ClioUserFactory(name="Alice Attorney")
    by_alice = ready_draft(responsible_attorney=alice, practice_area="Family")
    other = ready_draft(practice_area="Litigation")
    Invoice.objects.filter(pk=other.pk).update(created_at=timezone.now() - timedelta(days=10))
    small = draft_with_lines(amounts=(Decimal("50.00"),))
    client.force_login(billing_clerk)

    def ids(**params):
        return queue_ids(client.get(reverse("billing:review"), params))

    assert ids(attorney=alice.pk) == {by_alice.pk}
    assert ids(practice_area="Family") == {by_alice.pk}
    assert ids(amount_min="100", amount_max="1000") == {by_alice.pk, other.pk}
    assert ids(amount_max="60") == {small.pk}
    assert ids(older_than_days="7") == {other.pk}


def test_the_blocked_filter_separates_drafts_that_cannot_be_sent(client, billing_clerk, rules):
    ready = ready_draft()
    no_email = ready_draft(client__primary_email="")
    unmapped = draft_with_lines(sendable=False)
    client.force_login(billing_clerk)

    blocked = client.get(reverse("billing:review"), {"blocked": "yes"})
    unblocked = client.get(reverse("billing:review"), {"blocked": "no"})

    assert queue_ids(blocked) == {no_email.pk, unmapped.pk}
    assert queue_ids(unblocked) == {ready.pk}
    assert blocked.context["counts"]["blocked"] == 2


def test_the_queue_is_paginated(client, billing_clerk, rules):
    for _ in range(27):
        draft_with_lines(amounts=(Decimal("10.00"),))
    client.force_login(billing_clerk)

    first = client.get(reverse("billing:review"))
    second = client.get(reverse("billing:review"), {"page": 2})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2
    assert first.context["counts"]["count"] == 27


def test_an_attorney_sees_only_drafts_on_their_matters_and_no_approve_button(
    client, attorney, rules
):
    me = ClioUserFactory(remit_user=attorney)
    responsible = draft_with_lines(matter=MatterFactory(responsible_attorney=me))
    originating = draft_with_lines(matter=MatterFactory(originating_attorney=me))
    draft_with_lines()
    client.force_login(attorney)

    response = client.get(reverse("billing:review"))

    assert queue_ids(response) == {responsible.pk, originating.pk}
    assert 'data-action="approve"' not in response.content.decode()


def test_an_attorney_cannot_open_another_attorneys_invoice(client, attorney, rules):
    ClioUserFactory(remit_user=attorney)
    invoice = draft_with_lines()
    client.force_login(attorney)

    response = client.get(reverse("billing:invoice", args=[invoice.pk]))

    assert response.status_code == 404


def test_the_detail_page_shows_the_lines(client, billing_clerk, rules):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:invoice", args=[invoice.pk]))

    page = response.content.decode()
    for line in invoice.lines.all():
        assert line.description in page
    assert 'data-testid="total">$750.00' in page


def test_anonymous_users_are_sent_to_log_in(client, rules):
    invoice = draft_with_lines()

    for url in (reverse("billing:review"), reverse("billing:invoice", args=[invoice.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_user_without_a_role_is_refused(client, django_user_model, rules):
    client.force_login(django_user_model.objects.create_user("nobody"))

    assert client.get(reverse("billing:review")).status_code == 403
