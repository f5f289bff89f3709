from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0014_line_adjustments"),
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
    ]
