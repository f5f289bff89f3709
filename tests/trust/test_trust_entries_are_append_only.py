from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from tests.billing.factories import MatterFactory
from tests.trust.factories import deposit
from trust.models import AppendOnly, TrustEntry


def test_the_orm_refuses_to_change_or_delete_an_entry(account):
    entry = deposit(account, MatterFactory(), "250.00")

    entry.memo = "edited"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        TrustEntry.objects.filter(pk=entry.pk).update(memo="edited")
    with pytest.raises(AppendOnly):
        TrustEntry.objects.filter(pk=entry.pk).delete()

    assert TrustEntry.objects.get(pk=entry.pk).memo == "Retainer"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE trust_trustentry SET amount = 1 WHERE id = %s",
        "UPDATE trust_trustentry SET effective_date = '2020-01-01' WHERE id = %s",
        "DELETE FROM trust_trustentry WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_sql_that_changes_or_deletes_an_entry(account, statement):
    entry = deposit(account, MatterFactory(), "250.00", on=date(2026, 11, 2))

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])

    stored = TrustEntry.objects.get(pk=entry.pk)
    assert (str(stored.amount), stored.effective_date) == ("250.00", date(2026, 11, 2))
