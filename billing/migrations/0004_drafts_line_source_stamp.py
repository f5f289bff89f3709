from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_invoices"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinvoiceline",
            name="source_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invoiceline",
            name="source_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
