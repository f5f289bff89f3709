"""An attorney sees their own matters' invoice pages and histories; another attorney's are
"no such invoice", and acting on them is refused without changing anything."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import Invoice
from integrations.models import OutboxMessage
from tests.billing.factories import ClioUserFactory, MatterFactory
from tests.billing.invoice_page.conftest import invoice_sent


def _theirs_and_mine(attorney):
    mine = invoice_sent(
        matter=MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    )
    theirs = invoice_sent()
    return mine, theirs


def test_an_attorney_sees_their_own_invoice_and_its_history(client, attorney, rules):
    mine, _ = _theirs_and_mine(attorney)
    client.force_login(attorney)

    assert client.get(reverse("billing:invoice", args=[mine.pk])).status_code == 200
    assert client.get(reverse("integrations:invoice-history", args=[mine.pk])).status_code == 200


def test_another_attorneys_invoice_and_history_are_not_found(client, attorney, rules):
    _, theirs = _theirs_and_mine(attorney)
    client.force_login(attorney)

    assert client.get(reverse("billing:invoice", args=[theirs.pk])).status_code == 404
    history = reverse("integrations:invoice-history", args=[theirs.pk])
    assert client.get(history).status_code == 404


def test_an_attorney_who_may_review_still_cannot_act_on_another_attorneys_invoice(
    client, attorney, rules
):
    # Review rights without "see every invoice": the actions see only their own matters too.
    attorney.user_permissions.add(Permission.objects.get(codename="review_invoices"))
    attorney.user_permissions.add(Permission.objects.get(codename="replay_events"))
    _, theirs = _theirs_and_mine(attorney)
    dead = OutboxMessage.objects.create(
        kind="clio.note.create", dedupe_key="dead:1", aggregate=f"invoice:{theirs.pk}",
        status=OutboxMessage.Status.DEAD,
    )  # fmt: skip
    client.force_login(attorney)
    outbox_before = OutboxMessage.objects.count()

    void = client.post(reverse("billing:invoice-void", args=[theirs.pk]), {"reason": "Mine?"})
    resend = client.post(reverse("billing:invoice-resend", args=[theirs.pk]), {"key": "c" * 32})
    retry = client.post(reverse("integrations:invoice-history-retry", args=[theirs.pk, dead.pk]))

    assert (void.status_code, resend.status_code, retry.status_code) == (404, 404, 404)
    assert Invoice.objects.get(pk=theirs.pk).status == Invoice.Status.SENT
    assert OutboxMessage.objects.count() == outbox_before
    dead.refresh_from_db()
    assert dead.status == OutboxMessage.Status.DEAD
