# Billing's own picture of the payment processor (issue 11), filled from the LawPay connection
# as it stands; from then on the adapter keeps it in step (integrations/lawpay/setup_mirror.py).

from django.db import migrations, models


def payment_setup_fill(apps, schema_editor):
    connection = apps.get_model("integrations", "LawPayConnection").objects.first()
    setup = apps.get_model("billing", "PaymentSetup")
    if connection is None:
        setup.objects.get_or_create(singleton=True)
        return
    trust = [a for a in (connection.trust_account_id, connection.trust_ach_account_id) if a]
    setup.objects.update_or_create(
        singleton=True,
        defaults={
            "connected": bool(connection.secret_key),
            "operating_account_id": connection.operating_account_id,
            "trust_account_id": connection.trust_account_id,
            "trust_account_ids": trust,
            "payment_page_url": connection.operating_page_url,
        },
    )


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0007_matter_mapping_moves'),
        ('integrations', '0009_matter_mapping_moves'),
    ]

    operations = [
        migrations.CreateModel(
            name='PaymentSetup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('singleton', models.BooleanField(default=True, editable=False, unique=True)),
                ('connected', models.BooleanField(default=False)),
                ('operating_account_id', models.CharField(blank=True, max_length=100)),
                ('trust_account_id', models.CharField(blank=True, max_length=100)),
                ('trust_account_ids', models.JSONField(blank=True, default=list)),
                ('payment_page_url', models.URLField(blank=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('singleton', True)), name='payment_setup_one')],
            },
        ),
        migrations.RunPython(payment_setup_fill, migrations.RunPython.noop),
    ]
