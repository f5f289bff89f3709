"""``manage.py matter_mappings_backfill`` maps matters that were mirrored without one."""

from io import StringIO

from django.core.management import call_command

from billing.models import MatterMapping
from tests.billing.mapping.conftest import matter_seen


def test_matters_without_a_mapping_get_one(db):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")
    MatterMapping.objects.filter(clio_matter_id=1002).delete()
    out = StringIO()

    call_command("matter_mappings_backfill", stdout=out)
    call_command("matter_mappings_backfill", stdout=out)

    assert MatterMapping.objects.get(clio_matter_id=1002).reference == "00002-Garcia"
    assert out.getvalue().splitlines() == ["1 mapping(s) created.", "0 mapping(s) created."]
