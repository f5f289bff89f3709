"""``manage.py clio_backfill`` runs the backfill and reports calls against the minimum."""

from io import StringIO

from django.core.management import call_command

from billing.models import Matter


def test_the_command_backfills_and_reports(clio):
    out = StringIO()

    call_command("clio_backfill", stdout=out)

    assert Matter.objects.count() == 6
    assert "matters: 6 records, 1 pages, 1 API calls (minimum 1)" in out.getvalue()
