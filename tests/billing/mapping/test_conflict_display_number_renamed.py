"""Clio renames a display number the reference was derived from: flagged, never re-derived."""

import pytest
from django.core.exceptions import ValidationError

from billing.models import MatterMapping
from billing.services.mappings import matter_mapping_resolve, matter_mapping_update
from tests.billing.mapping.conftest import matter_seen

OK, CONFLICT = MatterMapping.Status.OK, MatterMapping.Status.CONFLICT


def test_a_rename_keeps_the_old_reference_and_flags_it(db):
    matter_seen(1001, "00001-Smith")

    mapping = matter_seen(1001, "00001-Smith-Jones")

    assert mapping.display_number == "00001-Smith-Jones"
    assert mapping.reference == "00001-Smith"
    assert mapping.status == CONFLICT
    assert "renamed the display number to “00001-Smith-Jones”" in mapping.conflict_reason
    assert matter_mapping_resolve(reference="00001-Smith") is None


def test_the_admin_may_keep_the_old_reference(db, firm_admin):
    matter_seen(1001, "00001-Smith")
    mapping = matter_seen(1001, "00001-Smith-Jones")

    matter_mapping_update(mapping_id=mapping.pk, user=firm_admin, reference="00001-Smith")

    mapping.refresh_from_db()
    assert (mapping.status, mapping.reference_overridden) == (OK, True)
    assert matter_mapping_resolve(reference="00001-Smith") == mapping


def test_the_admin_may_follow_the_new_display_number(db, firm_admin):
    matter_seen(1001, "00001-Smith")
    mapping = matter_seen(1001, "00001-Smith-Jones")

    matter_mapping_update(mapping_id=mapping.pk, user=firm_admin, reference="00001-Smith-Jones")

    mapping.refresh_from_db()
    assert (mapping.status, mapping.reference_overridden) == (OK, False)


def test_an_overridden_reference_is_untouched_by_a_rename(db, firm_admin):
    mapping = matter_seen(1001, "00001-Smith")
    matter_mapping_update(mapping_id=mapping.pk, user=firm_admin, reference="SMITH-LIT")

    mapping = matter_seen(1001, "00001-Smith-Jones")

    assert (mapping.reference, mapping.status) == ("SMITH-LIT", OK)


def test_a_rename_onto_another_matters_reference_cannot_be_followed(db, firm_admin):
    other = matter_seen(1002, "00002-Garcia")
    matter_seen(1001, "00001-Smith")

    renamed = matter_seen(1001, "00002-Garcia")

    other.refresh_from_db()
    assert (renamed.status, other.status) == (CONFLICT, OK)
    with pytest.raises(ValidationError, match="already used by matter 00002-Garcia"):
        matter_mapping_update(mapping_id=renamed.pk, user=firm_admin, reference="00002-Garcia")
