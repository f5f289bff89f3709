from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.lawpay.links import payment_link_build
from integrations.lawpay.money import MoneyError

OPERATING_PAGE = "https://secure.lawpay.com/pages/smithlaw/operating"
TRUST_PAGE = "https://secure.lawpay.com/pages/smithlaw/trust"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_it_prefills_amount_in_cents_reference_and_email_and_locks_amount_and_reference():
    url = payment_link_build(
        public_url=OPERATING_PAGE,
        amount=Decimal("1234.50"),
        reference="SMITH-001-2025-0007",
        email="client@example.com",
    )
    assert url.startswith(OPERATING_PAGE + "?")
    assert _query(url) == {
        "amount": ["123450"],
        "reference": ["SMITH-001-2025-0007"],
        "email": ["client@example.com"],
        "readOnlyFields": ["amount,reference"],
    }


def test_it_writes_the_read_only_list_with_a_literal_comma_as_documented():
    url = payment_link_build(public_url=TRUST_PAGE, amount=Decimal("10"), reference="R-1")
    assert url.endswith("&readOnlyFields=amount,reference")
    assert url.startswith(TRUST_PAGE + "?amount=1000&reference=R-1")


def test_it_leaves_the_email_out_when_there_is_none():
    url = payment_link_build(public_url=TRUST_PAGE, amount=Decimal("10"), reference="R-1")
    assert "email" not in _query(url)


def test_it_percent_encodes_references_and_emails():
    url = payment_link_build(
        public_url=OPERATING_PAGE,
        amount=Decimal("1.00"),
        reference="O'Brien & Co/2025 #7+ü",
        email="a+b@example.com",
    )
    assert "reference=O%27Brien%20%26%20Co%2F2025%20%237%2B%C3%BC" in url
    assert "email=a%2Bb%40example.com" in url
    assert _query(url)["reference"] == ["O'Brien & Co/2025 #7+ü"]
    assert _query(url)["email"] == ["a+b@example.com"]


def test_it_keeps_the_pages_own_query_parameters_but_overrides_ours():
    url = payment_link_build(
        public_url=OPERATING_PAGE + "?lang=en&amount=999",
        amount=Decimal("2.00"),
        reference="R-2",
    )
    assert _query(url)["lang"] == ["en"]
    assert _query(url)["amount"] == ["200"]


def test_it_accepts_a_reference_of_exactly_128_characters():
    url = payment_link_build(public_url=OPERATING_PAGE, amount=Decimal("1"), reference="x" * 128)
    assert _query(url)["reference"] == ["x" * 128]


@pytest.mark.parametrize("reference", ["", "x" * 129])
def test_it_refuses_an_empty_or_overlong_reference(reference):
    with pytest.raises(ValueError, match="128"):
        payment_link_build(public_url=OPERATING_PAGE, amount=Decimal("1"), reference=reference)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1"), Decimal("1.001"), 1.5])
def test_it_refuses_amounts_that_are_not_positive_whole_cents(amount):
    with pytest.raises(MoneyError):
        payment_link_build(public_url=OPERATING_PAGE, amount=amount, reference="R")


@pytest.mark.parametrize("email", ["not-an-email", "a b@example.com"])
def test_it_refuses_a_malformed_email(email):
    with pytest.raises(ValueError):
        payment_link_build(
            public_url=OPERATING_PAGE, amount=Decimal("1"), reference="R", email=email
        )


@pytest.mark.parametrize(
    "public_url", ["http://secure.lawpay.com/pages/x/y", "ftp://x/y", "/pages/x/y"]
)
def test_it_refuses_a_page_url_that_is_not_https(public_url):
    with pytest.raises(ValueError, match="https"):
        payment_link_build(public_url=public_url, amount=Decimal("1"), reference="R")


def test_it_allows_the_local_emulators_plain_http_page():
    url = payment_link_build(
        public_url="http://127.0.0.1:8123/pages/firm/operating", amount=Decimal("1"), reference="R"
    )
    assert url.startswith("http://127.0.0.1:8123/pages/firm/operating?amount=100")
