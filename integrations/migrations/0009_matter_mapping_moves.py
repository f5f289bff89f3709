# Matter mappings now belong to billing (billing migration 0007); state only, the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('integrations', '0008_inbound_event_body_size'),
        ('billing', '0007_matter_mapping_moves'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='mattermapping',
                name='matter',
            ),
            migrations.DeleteModel(
                name='HistoricalMatterMapping',
            ),
            migrations.DeleteModel(
                name='MatterMapping',
            ),
            ],
        ),
    ]
