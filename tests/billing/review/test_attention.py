from django.urls import reverse

from billing.models import AttentionItem, MatterMapping
from integrations.models import OutboxMessage
from tests.billing.factories import MatterFactory, MatterMappingFactory, draft_with_lines


def test_needs_attention_lists_each_blocker_with_its_fix(client, billing_clerk, rules):
    no_email = draft_with_lines(matter=MatterFactory(client__primary_email="not-an-email"))
    conflicted = MatterFactory()
    MatterMappingFactory(
        matter=conflicted,
        status=MatterMapping.Status.CONFLICT,
        conflict_reason="Reference used by matter 00012",
    )
    conflict = draft_with_lines(matter=conflicted)
    dead = draft_with_lines()
    OutboxMessage.objects.create(
        kind="lawpay.link", dedupe_key="x", aggregate=f"invoice:{dead.pk}", status="dead"
    )
    draft_with_lines()  # nothing blocks this one: it is not listed
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:attention"))

    rows = {
        invoice.pk: [b.reason for b in blockers] for invoice, blockers in response.context["rows"]
    }
    assert rows == {
        no_email.pk: [AttentionItem.Reason.MISSING_EMAIL],
        conflict.pk: [AttentionItem.Reason.MAPPING_CONFLICT],
        dead.pk: [AttentionItem.Reason.DEAD_LETTER],
    }
    page = response.content.decode()
    assert "Reference used by matter 00012" in page
    assert reverse("integrations:mappings") in page
    assert reverse("integrations:health") in page


def test_an_open_item_is_listed_until_it_is_resolved(client, billing_clerk, rules):
    invoice = draft_with_lines()
    item = AttentionItem.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        reason=AttentionItem.Reason.SUSPECTED_DUPLICATE,
        detail="LawPay already has a payment with this reference",
        fix="Compare and void one",
    )
    client.force_login(billing_clerk)

    listed = client.get(reverse("billing:attention"))
    resolved = client.post(
        reverse("billing:attention-resolve", args=[item.pk]), HTTP_HX_REQUEST="true"
    )
    after = client.get(reverse("billing:attention"))

    assert "LawPay already has a payment" in listed.content.decode()
    assert resolved.status_code == 200
    item.refresh_from_db()
    assert item.resolved_by == billing_clerk
    assert "LawPay already has a payment" not in after.content.decode()


def test_attorneys_do_not_see_needs_attention(client, attorney, rules):
    client.force_login(attorney)

    assert client.get(reverse("billing:attention")).status_code == 403
