"""Payment methods: validating card and bank details, masking them, and the test numbers that
decide each outcome (reference §3 Tokens, §6 Methods and Test data)."""

from __future__ import annotations

import re
import secrets
import string
from datetime import UTC, datetime
from typing import Any

from .errors import GatewayError, invalid
from .ids import fingerprint

CARD_DECLINES = {
    "4000000000000002": "card_declined",
    "4000000000000044": "card_declined_insufficient_funds",
    "4000000000000051": "card_declined_limit_exceeded",
    "4000000000000069": "card_expired",
    "4000000000000119": "card_declined_processing_error",
    "4000000000000127": "card_declined_hold",
    "4000000000000135": "card_type_not_accepted",
    # UNVERIFIED: the reference lists ...0101 among the CVV cards without its effect.
    "4000000000000101": "card_cvv_incorrect",
}

# Sandbox-only, not a LawPay test number: the processor fails the charge after the gateway
# recorded it, a 500 card_processing_error naming the FAILED transaction (reference §6).
CARD_PROCESSING_ERROR = "4000000000000150"

# UNVERIFIED: the reference names these CVV/AVS cards but not their results; they approve
# with the (cvv_result, avs_result) shown so a client can see non-matching checks.
CARD_CHECKS = {
    "4000000000000010": (None, "NO_MATCH"),
    "4000000000000028": (None, "ZIP5"),
    "4000000000000036": (None, "ADDRESS"),
    "4000000000000077": ("UNAVAILABLE", None),
    "4000000000000085": ("NOT_PROCESSED", None),
    "4000000000000093": ("NOT_MATCHED", "NO_MATCH"),
}

ACH_DECLINES = {
    f"100000000{n}": code
    for n, code in enumerate(
        (
            "ach_declined",
            "ach_declined_hold",
            "ach_declined_duplicate",
            "ach_invalid_account_number",
            "ach_insufficient_funds",
            "ach_account_not_found",
            "ach_account_closed",
            "ach_account_frozen",
            "ach_limit_exceeded",
        ),
        start=1,
    )
}
ACH_DECLINE_ROUTING = "000000013"
ACH_TEST_BANK = "FIRST BANK OF TESTING"

CARD_FIELDS = ("name", "address1", "address2", "city", "state", "postal_code", "country")
CONTACT_FIELDS = ("email", "phone")
BANK_FIELDS = ("name", "address1", "address2", "city", "state", "postal_code", "country")
CARD_KEYS = {"type", "number", "exp_month", "exp_year", "cvv", *CARD_FIELDS, *CONTACT_FIELDS}
BANK_KEYS = {"type", "routing_number", "account_number", "account_type", *BANK_FIELDS}
BANK_KEYS |= set(CONTACT_FIELDS)


def _digits(value: Any) -> str:
    return re.sub(r"[\s-]", "", str(value if value is not None else ""))


def _luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _aba_valid(routing: str) -> bool:
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(routing, weights, strict=True)) % 10 == 0


def card_type(number: str) -> str:
    prefixes = (
        (("34", "37"), "AMERICAN_EXPRESS"),
        (("36", "38", "300", "301", "302", "303", "304", "305"), "DINERS_CLUB"),
        (("6011", "65", "644", "645", "646", "647", "648", "649"), "DISCOVER"),
        (("35",), "JCB"),
        (("51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27"), "MASTERCARD"),
        (("4",), "VISA"),
    )
    for starts, name in prefixes:
        if number.startswith(starts):
            return name
    return "UNKNOWN"


def _int_field(details: dict[str, Any], key: str, prefix: str) -> int:
    value = details.get(key)
    if value in (None, ""):
        raise invalid(prefix + key, "not_blank")
    try:
        return int(str(value).strip())
    except ValueError:
        raise invalid(prefix + key) from None


def details_clean(raw: Any, *, prefix: str = "") -> dict[str, Any]:
    """Validate card or bank details as posted to /v1/tokens or inline as a charge ``method``.

    Only the shape is checked here; whether the card or account is accepted is decided at
    charge time, where the test numbers produce their documented decline codes.
    """
    if not isinstance(raw, dict):
        raise invalid(prefix.rstrip(".") or "method")
    kind = raw.get("type") or ("bank" if raw.get("routing_number") else "card")
    if kind == "card":
        number = _digits(raw.get("number"))
        if not number:
            raise invalid(prefix + "number", "not_blank")
        if not number.isdigit() or not 12 <= len(number) <= 19:
            raise GatewayError("card_number_invalid", context=prefix + "number")
        month = _int_field(raw, "exp_month", prefix)
        year = _int_field(raw, "exp_year", prefix)
        if not 1 <= month <= 12:
            raise invalid(prefix + "exp_month", "number_out_of_range")
        year = year + 2000 if year < 100 else year
        cvv = _digits(raw.get("cvv"))
        if cvv and (not cvv.isdigit() or len(cvv) not in (3, 4)):
            raise invalid(prefix + "cvv", "invalid_length")
        details = {"type": "card", "number": number, "exp_month": month, "exp_year": year}
        if cvv:
            details["cvv"] = cvv
        fields = CARD_FIELDS + CONTACT_FIELDS
    elif kind == "bank":
        routing = _digits(raw.get("routing_number"))
        account = _digits(raw.get("account_number"))
        if not routing:
            raise invalid(prefix + "routing_number", "not_blank")
        if not account:
            raise invalid(prefix + "account_number", "not_blank")
        if not routing.isdigit() or len(routing) != 9:
            raise invalid(prefix + "routing_number", "invalid_length")
        if not account.isdigit() or not 4 <= len(account) <= 17:
            raise invalid(prefix + "account_number", "invalid_length")
        account_type = str(raw.get("account_type") or "CHECKING").upper()
        if account_type not in ("CHECKING", "SAVINGS"):
            raise invalid(prefix + "account_type")
        if not str(raw.get("name") or "").strip():
            raise invalid(prefix + "name", "not_blank")
        details = {
            "type": "bank",
            "routing_number": routing,
            "account_number": account,
            "account_type": account_type,
        }
        fields = BANK_FIELDS + CONTACT_FIELDS
    else:
        raise invalid(prefix + "type")
    for field in fields:
        value = raw.get(field)
        if value not in (None, ""):
            details[field] = str(value).strip()
    return details


def details_mask(details: dict[str, Any]) -> dict[str, Any]:
    """The method object as the gateway shows it: numbers masked, no CVV."""
    if details["type"] == "card":
        number = details["number"]
        masked = {
            "type": "card",
            "number": "*" * (len(number) - 4) + number[-4:],
            "fingerprint": fingerprint(number),
            "card_type": card_type(number),
            "exp_month": details["exp_month"],
            "exp_year": details["exp_year"],
        }
        fields = CARD_FIELDS + CONTACT_FIELDS
    else:
        routing, account = details["routing_number"], details["account_number"]
        masked = {
            "type": "bank",
            "routing_number": "*" * (len(routing) - 3) + routing[-3:],
            "account_number": "*" * (len(account) - 4) + account[-4:],
            "account_type": details["account_type"],
            "bank_name": ACH_TEST_BANK,
            "fingerprint": fingerprint(routing + "/" + account),
        }
        fields = BANK_FIELDS + CONTACT_FIELDS
    return masked | {field: details[field] for field in fields if field in details}


def details_decline(details: dict[str, Any], *, today: datetime | None = None) -> str | None:
    """The decline code the documented test numbers produce, or None to approve."""
    if details["type"] == "card":
        number = details["number"]
        if number in CARD_DECLINES:
            return CARD_DECLINES[number]
        if number == CARD_PROCESSING_ERROR:
            return "card_processing_error"
        if not _luhn_valid(number):
            return "card_number_invalid"
        today = today or datetime.now(UTC)
        if (details["exp_year"], details["exp_month"]) < (today.year, today.month):
            return "card_expired"
        return None
    routing = details["routing_number"]
    if not _aba_valid(routing):
        return "ach_invalid_routing_number"
    if routing == ACH_DECLINE_ROUTING:
        return ACH_DECLINES.get(details["account_number"])
    return None


def details_checks(details: dict[str, Any]) -> tuple[str | None, str | None]:
    """(cvv_result, avs_result) for an approved card; bank payments carry neither."""
    if details["type"] != "card":
        return None, None
    if details["number"] in CARD_CHECKS:
        return CARD_CHECKS[details["number"]]
    cvv_result = "MATCHED" if details.get("cvv") else "NOT_PROCESSED"
    if details.get("address1") and details.get("postal_code"):
        avs_result = "ADDRESS_AND_POSTAL_CODE"
    elif details.get("postal_code"):
        avs_result = "ZIP5"
    else:
        avs_result = None
    return cvv_result, avs_result


def authorization_code() -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(6))
