"""An admin stops the reminders of a client or a matter, and starts them again."""

from django.urls import reverse

from reminders.models import ReminderOptOut
from tests.billing.factories import ClientFactory, MatterFactory
from tests.reminders.rules.conftest import RULES

ADD = reverse("reminders:opt-out-add")


def test_an_admin_opts_a_client_out_of_reminders(admin_client, firm_admin):
    client = ClientFactory(name="Jane Garcia")

    response = admin_client.post(
        ADD, {"client": "jane garcia", "reason": "Payment plan agreed"}, follow=True
    )

    opt_out = ReminderOptOut.objects.get()
    assert (opt_out.client, opt_out.matter, opt_out.created_by) == (client, None, firm_admin)
    page = response.content.decode()
    assert "No reminders for Jane Garcia." in page
    assert "Client Jane Garcia" in page and "Payment plan agreed" in page
    assert "Added: Opt-out of client Jane Garcia" in page


def test_an_admin_opts_a_matter_out_by_its_display_number(admin_client):
    matter = MatterFactory(display_number="00042-Smith")

    admin_client.post(ADD, {"matter": "00042-Smith", "reason": "Disputed in court"})

    assert ReminderOptOut.objects.get().matter == matter
    assert "Matter 00042-Smith" in admin_client.get(RULES).content.decode()


def test_an_unknown_matter_is_refused_with_close_matches(admin_client):
    MatterFactory(display_number="00042-Smith")

    response = admin_client.post(ADD, {"matter": "00042", "reason": "Asked"})

    assert response.status_code == 200
    assert "No matter is numbered 00042. Did you mean 00042-Smith?" in response.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_a_name_shared_by_two_clients_is_refused(admin_client):
    ClientFactory(name="John Smith")
    ClientFactory(name="John Smith")

    response = admin_client.post(ADD, {"client": "John Smith", "reason": "Asked"})

    assert "Several clients are named John Smith" in response.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_a_matter_and_a_client_at_once_or_neither_is_refused(admin_client):
    MatterFactory(display_number="00042-Smith", client=ClientFactory(name="Jane Garcia"))

    both = admin_client.post(
        ADD, {"matter": "00042-Smith", "client": "Jane Garcia", "reason": "Asked"}
    )
    neither = admin_client.post(ADD, {"reason": "Asked"})
    no_reason = admin_client.post(ADD, {"client": "Jane Garcia"})

    assert "Give a matter or a client, not both." in both.content.decode()
    assert "Give the matter&#x27;s display number or the client&#x27;s name." in (
        neither.content.decode()
    )
    assert "This field is required" in no_reason.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_an_admin_removes_an_opt_out_and_the_history_keeps_it(admin_client, firm_admin):
    ClientFactory(name="Jane Garcia")
    admin_client.post(ADD, {"client": "Jane Garcia", "reason": "Payment plan agreed"})
    opt_out = ReminderOptOut.objects.get()

    response = admin_client.post(
        reverse("reminders:opt-out-remove", args=[opt_out.pk]), follow=True
    )

    assert not ReminderOptOut.objects.exists()
    page = response.content.decode()
    assert "Jane Garcia gets reminders again." in page
    assert "Removed: Opt-out of client Jane Garcia" in page
    assert "Added: Opt-out of client Jane Garcia" in page


def test_removing_an_unknown_opt_out_is_a_404(admin_client):
    assert admin_client.post(reverse("reminders:opt-out-remove", args=[99999])).status_code == 404
