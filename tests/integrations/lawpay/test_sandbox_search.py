"""Search by reference, paging and search-before-retry against the emulator."""

from decimal import Decimal

from integrations.lawpay.retry import charge_create_once


def _charge(gateway, reference, *, account_id=None, amount="10.00"):
    return gateway.client.charge_create(
        amount=Decimal(amount),
        method=gateway.card_token(),
        account_id=account_id or gateway.operating_id,
        reference=reference,
    )


def test_search_by_reference_finds_exactly_that_charge(gateway):
    wanted = _charge(gateway, "ACME-2025-0001")
    _charge(gateway, "ACME-2025-00012")
    _charge(gateway, "OTHER-1")
    found = list(
        gateway.client.transactions_search(
            account_id=gateway.operating_id, reference="ACME-2025-0001"
        )
    )
    assert [t.id for t in found] == [wanted.id]


def test_search_is_limited_to_the_named_account(gateway):
    _charge(gateway, "SHARED-REF", account_id=gateway.trust_id)
    on_trust = gateway.client.transactions_search(
        account_id=gateway.trust_id, reference="SHARED-REF"
    )
    on_operating = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SHARED-REF"
    )
    assert len(list(on_trust)) == 1
    assert list(on_operating) == []


def test_search_reads_every_page(gateway):
    ids = {_charge(gateway, f"PAGE-{i}").id for i in range(5)}
    found = gateway.client.transactions_search(account_id=gateway.operating_id, page_size=2)
    assert ids <= {t.id for t in found}


def test_a_retried_charge_returns_the_first_charge_instead_of_charging_twice(gateway):
    first = charge_create_once(
        client=gateway.client,
        amount=Decimal("42.00"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="OUTBOX-77",
    )
    again = charge_create_once(
        client=gateway.client,
        amount=Decimal("42.00"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="OUTBOX-77",
    )
    assert again.id == first.id
    found = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="OUTBOX-77"
    )
    assert len(list(found)) == 1
