from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations.lawpay.money import (
    MAX_CENTS,
    CurrencyNotSupported,
    MoneyError,
    cents_from_decimal,
    decimal_from_cents,
)


def test_it_converts_dollars_to_cents():
    assert cents_from_decimal(Decimal("12.34")) == 1234


def test_it_converts_cents_to_dollars_with_two_places():
    assert decimal_from_cents(1234) == Decimal("12.34")
    assert str(decimal_from_cents(500)) == "5.00"


def test_it_accepts_whole_and_trailing_zero_amounts():
    assert cents_from_decimal(Decimal("500")) == 50000
    assert cents_from_decimal(Decimal("1.10")) == 110
    assert cents_from_decimal(Decimal("1.100")) == 110
    assert cents_from_decimal(Decimal("0")) == 0


def test_it_accepts_cents_as_a_digit_string_because_the_guides_send_strings():
    assert decimal_from_cents("50000") == Decimal("500.00")


@pytest.mark.parametrize("amount", [12.34, 1234, "12.34", None, True])
def test_it_refuses_anything_but_decimal(amount):
    with pytest.raises(MoneyError):
        cents_from_decimal(amount)


@pytest.mark.parametrize("amount", ["-0.01", "-0", "-12.34"])
def test_it_refuses_negative_amounts(amount):
    with pytest.raises(MoneyError, match="negative"):
        cents_from_decimal(Decimal(amount))


@pytest.mark.parametrize("amount", ["12.345", "0.001", "1E-3"])
def test_it_refuses_more_than_two_decimal_places(amount):
    with pytest.raises(MoneyError, match="two decimal places"):
        cents_from_decimal(Decimal(amount))


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity"])
def test_it_refuses_non_finite_amounts(amount):
    with pytest.raises(MoneyError):
        cents_from_decimal(Decimal(amount))


def test_it_refuses_amounts_above_the_gateway_maximum():
    assert cents_from_decimal(Decimal("999999999999.99")) == MAX_CENTS
    with pytest.raises(MoneyError, match="maximum"):
        cents_from_decimal(Decimal("1000000000000.00"))
    with pytest.raises(MoneyError, match="maximum"):
        decimal_from_cents(MAX_CENTS + 1)


@pytest.mark.parametrize("cents", [12.0, -1, "12.5", "-5", "١٢", True, None])
def test_it_refuses_cents_that_are_not_a_non_negative_integer(cents):
    with pytest.raises(MoneyError):
        decimal_from_cents(cents)


@pytest.mark.parametrize("currency", ["CAD", "EUR", "usd", ""])
def test_it_refuses_currencies_other_than_usd_both_ways(currency):
    with pytest.raises(CurrencyNotSupported, match="USD only"):
        cents_from_decimal(Decimal("1.00"), currency=currency)
    with pytest.raises(CurrencyNotSupported):
        decimal_from_cents(100, currency=currency)


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_cents_survive_a_round_trip_through_decimal(cents):
    assert cents_from_decimal(decimal_from_cents(cents)) == cents


@given(
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal(MAX_CENTS) / 100,
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_two_place_decimals_survive_a_round_trip_through_cents(amount):
    assert decimal_from_cents(cents_from_decimal(amount)) == amount
