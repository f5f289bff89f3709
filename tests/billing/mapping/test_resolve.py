"""``matter_mapping_resolve`` (payments → matter): exact reference, ok mappings only."""

from billing.services.mappings import matter_mapping_resolve
from tests.billing.mapping.conftest import matter_seen


def test_an_exact_reference_resolves(db):
    mapping = matter_seen(1001, "00001-Smith")

    assert matter_mapping_resolve(reference="00001-Smith") == mapping


def test_anything_looser_does_not(db):
    matter_seen(1001, "00001-Smith")

    for reference in ("00001-smith", "00001-Smith ", "00001", ""):
        assert matter_mapping_resolve(reference=reference) is None
