from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from integrations.models import ClioConnection, LawPayConnection
from integrations.sandbox_connect import (
    sandbox_attorney_link,
    sandbox_clio_connect,
    sandbox_lawpay_connect,
    sandbox_trust_connect,
)


class Command(BaseCommand):
    help = "Connect Remit to the local Clio and LawPay emulators (skips what is connected)."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", default="admin")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        clio = ClioConnection.objects.filter(singleton=True).first()
        if clio and clio.status == ClioConnection.Status.CONNECTED:
            self.stdout.write(f"Clio: already connected as {clio.clio_user_name}")
        else:
            clio = sandbox_clio_connect(user=user)
            self.stdout.write(f"Clio: connected as {clio.clio_user_name}")
        lawpay = LawPayConnection.objects.filter(singleton=True).first()
        if lawpay and lawpay.operating_account_id and lawpay.webhook_registered_url:
            self.stdout.write("LawPay: already connected")
        else:
            lawpay = sandbox_lawpay_connect(user=user)
            self.stdout.write(
                f"LawPay: {lawpay.get_mode_display()} mode, operating "
                f"“{lawpay.operating_account_name}”, trust “{lawpay.trust_account_name}”"
            )
        trust = sandbox_trust_connect()
        bank = trust.clio_bank_account
        self.stdout.write(
            f"Trust: “{trust.name}” linked to Clio's bank account {bank.clio_id if bank else '?'}"
            f" and LawPay's “{lawpay.trust_account_name}”"
        )
        attorney = get_user_model().objects.filter(username="attorney").first()
        if attorney is not None:
            name = sandbox_attorney_link(user=attorney)
            self.stdout.write(f"Attorney: the demo attorney is {name} in Clio")
