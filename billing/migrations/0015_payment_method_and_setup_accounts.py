# Payments say how they were paid (LawPay's method.type), and billing's picture of the
# processor names its accounts so matter mappings choose them; filled here from the connection
# as it stands, kept in step afterwards by integrations/lawpay/setup_mirror.py.

from django.db import migrations, models


def payment_setup_accounts_fill(apps, schema_editor):
    connection = apps.get_model("integrations", "LawPayConnection").objects.first()
    if connection is None:
        return
    operating, trust = connection.operating_account_name, connection.trust_account_name
    named = (
        (connection.operating_account_id, operating, "operating", "card"),
        (connection.operating_ach_account_id, operating, "operating", "bank"),
        (connection.trust_account_id, trust, "trust", "card"),
        (connection.trust_ach_account_id, trust, "trust", "bank"),
    )
    accounts = [
        {"id": account_id, "name": name or account_id, "purpose": purpose, "method": method}
        for account_id, name, purpose, method in named
        if account_id
    ]
    apps.get_model("billing", "PaymentSetup").objects.filter(singleton=True).update(
        accounts=accounts
    )


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0014_line_adjustments"),
        ("integrations", "0009_matter_mapping_moves"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="method",
            field=models.CharField(
                blank=True, choices=[("card", "Card"), ("bank", "eCheck")], max_length=10
            ),
        ),
        migrations.AddField(
            model_name="historicalpayment",
            name="method",
            field=models.CharField(
                blank=True, choices=[("card", "Card"), ("bank", "eCheck")], max_length=10
            ),
        ),
        migrations.AddField(
            model_name="paymentsetup",
            name="accounts",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(payment_setup_accounts_fill, migrations.RunPython.noop),
    ]
