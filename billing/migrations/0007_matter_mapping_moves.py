# Matter mappings move from the integrations app to billing (a domain concept, issue 11).
# State only: the tables keep their names (Meta.db_table, HistoricalRecords(table_name)), and
# the content types are relabelled so permissions and history stay attached.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("mattermapping", "historicalmattermapping")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_relabel(apps, schema_editor):
    _relabel(apps, "integrations", "billing")


def content_types_relabel_back(apps, schema_editor):
    _relabel(apps, "billing", "integrations")


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0006_attention_payment_page'),
        ('integrations', '0008_inbound_event_body_size'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='HistoricalMatterMapping',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('clio_matter_id', models.BigIntegerField(db_index=True)),
                    ('display_number', models.CharField(max_length=200)),
                    ('reference', models.CharField(max_length=300)),
                    ('reference_overridden', models.BooleanField(default=False)),
                    ('lawpay_operating_account_id', models.CharField(blank=True, max_length=100)),
                    ('lawpay_trust_account_id', models.CharField(blank=True, max_length=100)),
                    ('status', models.CharField(choices=[('ok', 'OK'), ('conflict', 'Conflict')], default='ok', max_length=10)),
                    ('conflict_reason', models.CharField(blank=True, max_length=300)),
                    ('created_at', models.DateTimeField(blank=True, editable=False)),
                    ('updated_at', models.DateTimeField(blank=True, editable=False)),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('matter', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='billing.matter')),
                ],
                options={
                    'verbose_name': 'historical matter mapping',
                    'verbose_name_plural': 'historical matter mappings',
                    'db_table': 'integrations_historicalmattermapping',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='MatterMapping',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('clio_matter_id', models.BigIntegerField(unique=True)),
                    ('display_number', models.CharField(max_length=200)),
                    ('reference', models.CharField(max_length=300)),
                    ('reference_overridden', models.BooleanField(default=False)),
                    ('lawpay_operating_account_id', models.CharField(blank=True, max_length=100)),
                    ('lawpay_trust_account_id', models.CharField(blank=True, max_length=100)),
                    ('status', models.CharField(choices=[('ok', 'OK'), ('conflict', 'Conflict')], default='ok', max_length=10)),
                    ('conflict_reason', models.CharField(blank=True, max_length=300)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('matter', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='mapping', to='billing.matter')),
                ],
                options={
                    'db_table': 'integrations_mattermapping',
                    'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'ok')), fields=('reference',), name='matter_mapping_reference_unique_when_ok')],
                },
            ),
            ],
        ),
        migrations.RunPython(content_types_relabel, content_types_relabel_back),
    ]
