"""Two matters on one reference: both flagged, neither resolves payments, until fixed."""

import pytest
from django.core.exceptions import ValidationError

from billing.models import MatterMapping
from billing.services.mappings import matter_mapping_resolve, matter_mapping_update
from tests.billing.mapping.conftest import matter_seen

OK, CONFLICT = MatterMapping.Status.OK, MatterMapping.Status.CONFLICT


def test_a_second_matter_with_the_same_display_number_flags_both(db):
    first = matter_seen(1001, "00001-Smith")
    second = matter_seen(1002, "00001-Smith")

    first.refresh_from_db()
    assert (first.status, second.status) == (CONFLICT, CONFLICT)
    assert "also used by matter 00001-Smith" in first.conflict_reason
    assert matter_mapping_resolve(reference="00001-Smith") is None


def test_an_admin_giving_one_its_own_reference_clears_both(db, firm_admin):
    first = matter_seen(1001, "00001-Smith")
    second = matter_seen(1002, "00001-Smith")

    matter_mapping_update(mapping_id=second.pk, user=firm_admin, reference="00001-Smith-B")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (OK, OK)
    assert (first.conflict_reason, second.conflict_reason) == ("", "")
    assert matter_mapping_resolve(reference="00001-Smith") == first
    assert matter_mapping_resolve(reference="00001-Smith-B") == second


def test_an_admin_cannot_create_a_duplicate(db, firm_admin):
    matter_seen(1001, "00001-Smith")
    other = matter_seen(1002, "00002-Garcia")

    with pytest.raises(ValidationError, match="already used by matter 00001-Smith"):
        matter_mapping_update(mapping_id=other.pk, user=firm_admin, reference="00001-Smith")
