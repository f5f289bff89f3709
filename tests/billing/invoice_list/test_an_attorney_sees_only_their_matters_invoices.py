from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import ClioUserFactory


def test_an_attorney_lists_and_exports_their_own_matters_only(client, attorney, make):
    me = ClioUserFactory(remit_user=attorney)
    mine = make(responsible_attorney=me, total="100.00")
    originated = make(originating_attorney=me, total="20.00")
    theirs = make(display_number="00999-Other", total="5000.00")
    client.force_login(attorney)

    response = client.get(reverse("billing:invoices"))
    export = b"".join(client.get(reverse("billing:invoices-csv")).streaming_content).decode()

    assert {i.pk for i in response.context["page"]} == {mine.pk, originated.pk}
    assert response.context["totals"]["total"] == 120
    assert theirs.matter.display_number not in response.content.decode()
    assert theirs.matter.display_number not in export
    assert mine.matter.display_number in export


def test_the_attorney_filter_offers_only_attorneys_of_visible_invoices(client, attorney, make):
    me = ClioUserFactory(remit_user=attorney, name="Alice Able")
    make(responsible_attorney=me)
    make(responsible_attorney=ClioUserFactory(name="Zed Hidden"))
    client.force_login(attorney)

    html = client.get(reverse("billing:invoices")).content.decode()

    assert "Alice Able" in html
    assert "Zed Hidden" not in html


def test_someone_who_may_not_see_invoices_is_refused(client, make, db):
    from tests.factories import UserFactory

    make(status=Invoice.Status.SENT)
    client.force_login(UserFactory(username="nobody"))

    assert client.get(reverse("billing:invoices")).status_code == 403
    assert client.get(reverse("billing:invoices-csv")).status_code == 403
