"""The database itself refuses to change or delete a trust entry (PRODUCT.md §4): corrections
are reversal entries. The ORM refuses too (``trust/models/ledger.py``); this catches raw SQL,
a future bug and a hand in psql. Both backends Remit runs on get a trigger."""

from django.db import migrations

MESSAGE = "trust entries are append-only: post a reversal instead"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION trust_entry_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER trust_entry_append_only
    BEFORE UPDATE OR DELETE ON trust_trustentry
    FOR EACH ROW EXECUTE FUNCTION trust_entry_refuse_change();
    """,
    # TRUNCATE skips row triggers: Remit's database role needs no TRUNCATE privilege on this
    # table (docs/trust.md), and the test suite's flush needs it, so no trigger refuses it.
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS trust_entry_append_only ON trust_trustentry;",
    "DROP FUNCTION IF EXISTS trust_entry_refuse_change();",
]
SQLITE = [
    f"""
    CREATE TRIGGER trust_entry_no_update BEFORE UPDATE ON trust_trustentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER trust_entry_no_delete BEFORE DELETE ON trust_trustentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS trust_entry_no_update;",
    "DROP TRIGGER IF EXISTS trust_entry_no_delete;",
]


INSTALL = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
REMOVE = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}


def triggers_run(connection, statements_by_vendor):
    """Also used by the test suite, which lifts the triggers to empty the tables between
    transactional tests and puts them back (tests/conftest.py)."""
    with connection.cursor() as cursor:
        for statement in statements_by_vendor.get(connection.vendor, []):
            cursor.execute(statement)


def install(apps, schema_editor):
    triggers_run(schema_editor.connection, INSTALL)


def remove(apps, schema_editor):
    triggers_run(schema_editor.connection, REMOVE)


class Migration(migrations.Migration):
    dependencies = [("trust", "0002_ledger")]

    operations = [migrations.RunPython(install, remove)]
