"""A reference over LawPay's 128 characters is flagged, and an admin cannot type one."""

import pytest
from django.core.exceptions import ValidationError

from billing.models import MatterMapping
from billing.services.mappings import matter_mapping_resolve, matter_mapping_update
from tests.billing.mapping.conftest import matter_seen


def test_a_display_number_over_128_characters_is_flagged(db):
    long_number = "00001-" + "S" * 130

    mapping = matter_seen(1001, long_number)

    assert mapping.status == MatterMapping.Status.CONFLICT
    assert "136 characters; LawPay allows 128" in mapping.conflict_reason
    assert matter_mapping_resolve(reference=long_number) is None


def test_a_reference_of_exactly_128_characters_is_fine(db):
    mapping = matter_seen(1001, "X" * 128)

    assert mapping.status == MatterMapping.Status.OK


def test_an_admin_shortening_it_clears_the_conflict(db, firm_admin):
    mapping = matter_seen(1001, "00001-" + "S" * 130)

    matter_mapping_update(mapping_id=mapping.pk, user=firm_admin, reference="00001-S")

    mapping.refresh_from_db()
    assert (mapping.status, mapping.reference_overridden) == (MatterMapping.Status.OK, True)


def test_an_admin_cannot_enter_a_reference_over_128_characters(db, firm_admin):
    mapping = matter_seen(1001, "00001-Smith")

    with pytest.raises(ValidationError, match="at most 128"):
        matter_mapping_update(mapping_id=mapping.pk, user=firm_admin, reference="R" * 129)
