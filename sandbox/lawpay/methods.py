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
# [GEM] spec/integration/ach_spec.rb: routing 000000013 with account 1000000010 answers 500
# ach_processing_error naming the failed transaction (entity_id).
ACH_PROCESSING_ERROR = "1000000010"
ACH_DECLINE_ROUTING = "000000013"
ACH_TEST_BANK = "FIRST BANK OF TESTING"

CARD_FIELDS = ("name", "address1", "address2", "city", "state", "postal_code", "country")
CONTACT_FIELDS = ("email", "phone")
BANK_FIELDS = CARD_FIELDS

# What the gateway says about each field, verbatim from [GEM] spec/integration/token_spec.rb
# and the older charge-io/chargeio-gem account spec (reference §0 [GEM]: "Its integration specs
# show real behaviour"). The sub_codes are the reference's (§6 Errors); which sub_code goes with
# which text follows the specs' test names ("should return below_minimum_value", ...).
TEXT_MAX = 64
TEXT_LENGTH_MESSAGES = {
    "name": "Name length is invalid",
    "address1": "Street number length is invalid",
    "address2": "Address length is invalid",
    "city": "City length is invalid",
}
NUMBER_LENGTHS = (12, 19)  # UNVERIFIED bounds: the specs show only 5 and 21 digits refused.
CVV_LENGTHS = (3, 4)
EXP_YEAR_MAX = 9999  # [GEM]: 10001 "Expiration year is invalid".
POSTAL_MAX = 10
# UNVERIFIED minimum: the old spec refuses "78"; three characters admit every country's codes.
POSTAL_MIN = 3
# The gateway strips what is not a letter or digit ("78_726+62A" -> "7872662A") but keeps the
# hyphen ("78726-12345" -> "78726-1234"); keeping the space too (Canadian and British codes)
# is UNVERIFIED.
POSTAL_STRIP = re.compile(r"[^A-Za-z0-9 -]")

# ISO 3166-1 alpha-2: [GEM] drops "U", "USA" and "ZZ" from a token as invalid countries.
_COUNTRY_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
ZW
"""
COUNTRIES = frozenset(_COUNTRY_CODES.split())
# [GEM]: with country US, "F", "BIG" and "FX" are refused; with CA, "TX" is. States are checked
# only for these two countries (UNVERIFIED for others, and when no country is given).
_US_STATES = """
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM
NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI UM AA AE AP
"""
_CA_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT"
STATES = {"US": frozenset(_US_STATES.split()), "CA": frozenset(_CA_PROVINCES.split())}


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


def _int_or_text(value: Any, *, lenient: bool) -> int | str | None:
    """An expiry field: an int, None when blank, or (inline only) the unreadable text.

    A token keeps an unreadable month such as "Feb" as blank: [GEM] token_spec.rb's charge
    then answers "Expiration month cannot be blank", while an inline card says "is invalid".
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return None if lenient else text


def _year(value: int | str | None) -> int | str | None:
    # UNVERIFIED: a two-digit year is read as 20YY, as card faces print it.
    return value + 2000 if isinstance(value, int) and 0 <= value < 100 else value


def _kind(raw: dict[str, Any], prefix: str) -> str:
    kind = raw.get("type") or ("bank" if raw.get("routing_number") else "card")
    if kind not in ("card", "bank"):
        raise invalid(prefix + "type")
    return kind


def details_read(raw: Any, *, prefix: str = "", normalise: bool) -> dict[str, Any]:
    """Read card or bank details as posted, without judging them.

    ``normalise`` is what POST /v1/tokens does ([GEM] token_spec.rb, reference §3 Tokens): it
    accepts whatever it is given, cuts name, address1, address2 and city to 64 characters,
    the number to 19 digits and the CVV to 4, strips the postal code to letters, digits,
    hyphens and spaces and cuts it to 10, and drops a country that is not ISO 3166 alpha-2.
    Everything else is judged when the token is charged (``details_problems``). Inline details
    in a charge's ``method`` are read as sent, so the same checks refuse what a token would
    have cut (as the old spec's inline ``:card`` refuses a 65-character name).
    """
    if not isinstance(raw, dict):
        raise invalid(prefix.rstrip(".") or "method")
    kind = _kind(raw, prefix)
    details: dict[str, Any] = {"type": kind}
    if kind == "card":
        number = _digits(raw.get("number"))
        cvv = str(raw.get("cvv") if raw.get("cvv") is not None else "").strip()
        details |= {
            "number": number[: NUMBER_LENGTHS[1]] if normalise else number,
            "exp_month": _int_or_text(raw.get("exp_month"), lenient=normalise),
            "exp_year": _year(_int_or_text(raw.get("exp_year"), lenient=normalise)),
        }
        if cvv:
            details["cvv"] = cvv[: CVV_LENGTHS[1]] if normalise else cvv
        fields = CARD_FIELDS + CONTACT_FIELDS
    else:
        details |= {
            "routing_number": _digits(raw.get("routing_number")),
            "account_number": _digits(raw.get("account_number")),
            "account_type": str(raw.get("account_type") or "CHECKING").strip().upper(),
        }
        fields = BANK_FIELDS + CONTACT_FIELDS
    for field in fields:
        value = raw.get(field)
        if value in (None, ""):
            continue
        value = str(value).strip()
        if normalise:
            value = _normalised(field, value)
        if value:
            details[field] = value
    return details


def _normalised(field: str, value: str) -> str:
    if field in TEXT_LENGTH_MESSAGES:
        return value[:TEXT_MAX]
    if field == "postal_code":
        return POSTAL_STRIP.sub("", value)[:POSTAL_MAX].strip()
    if field == "country":
        return value.upper() if value.upper() in COUNTRIES else ""
    return value


def _problem(
    prefix: str, field: str, sub_code: str, message: str, *, code: str = "invalid_data"
) -> GatewayError:
    return GatewayError(code, message, context=prefix + field, sub_code=sub_code)


def _card_problems(details: dict[str, Any], prefix: str) -> list[GatewayError]:
    problems = []
    number = details["number"]
    low, high = NUMBER_LENGTHS
    if not number:
        problems.append(_problem(prefix, "number", "not_blank", "Card number cannot be blank"))
    elif not number.isdigit():
        problems.append(_problem(prefix, "number", "invalid", "Card number is invalid"))
    elif not low <= len(number) <= high:
        problems.append(
            _problem(prefix, "number", "invalid_length", "Card number length is invalid")
        )
    for field, label, maximum in (
        ("exp_month", "Expiration month", 12),
        ("exp_year", "Expiration year", EXP_YEAR_MAX),
    ):
        value = details[field]
        if value is None:
            problems.append(_problem(prefix, field, "not_blank", f"{label} cannot be blank"))
        elif isinstance(value, str):
            problems.append(_problem(prefix, field, "invalid", f"{label} is invalid"))
        elif value < (1 if field == "exp_month" else 0):
            problems.append(_problem(prefix, field, "below_minimum_value", f"{label} is invalid"))
        elif value > maximum:
            problems.append(_problem(prefix, field, "exceeds_maximum_value", f"{label} is invalid"))
    cvv = details.get("cvv")
    if cvv and not cvv.isdigit():
        problems.append(_problem(prefix, "cvv", "invalid", "Card code is invalid"))
    elif cvv and not CVV_LENGTHS[0] <= len(cvv) <= CVV_LENGTHS[1]:
        problems.append(_problem(prefix, "cvv", "invalid_length", "Card code length is invalid"))
    return problems


def _bank_problems(details: dict[str, Any], prefix: str) -> list[GatewayError]:
    # UNVERIFIED texts: the specs show no bank validation failure.
    problems = []
    routing, account = details["routing_number"], details["account_number"]
    if not routing:
        problems.append(
            _problem(prefix, "routing_number", "not_blank", "Routing number cannot be blank")
        )
    elif not routing.isdigit() or len(routing) != 9:
        problems.append(
            _problem(prefix, "routing_number", "invalid_length", "Routing number length is invalid")
        )
    if not account:
        problems.append(
            _problem(prefix, "account_number", "not_blank", "Account number cannot be blank")
        )
    elif not account.isdigit() or not 4 <= len(account) <= 17:
        problems.append(
            _problem(prefix, "account_number", "invalid_length", "Account number length is invalid")
        )
    if details["account_type"] not in ("CHECKING", "SAVINGS"):
        problems.append(_problem(prefix, "account_type", "invalid", "Account type is invalid"))
    if not details.get("name"):
        problems.append(_problem(prefix, "name", "not_blank", "Name cannot be blank"))
    return problems


def _address_problems(details: dict[str, Any], prefix: str) -> list[GatewayError]:
    problems = []
    for field, message in TEXT_LENGTH_MESSAGES.items():
        if len(details.get(field, "")) > TEXT_MAX:
            problems.append(_problem(prefix, field, "invalid_length", message))
    country = details.get("country", "").upper()
    if country and len(country) != 2:
        problems.append(_problem(prefix, "country", "invalid_length", "Country length is invalid"))
    elif country and country not in COUNTRIES:
        problems.append(_problem(prefix, "country", "invalid", "Country is invalid"))
    state = details.get("state", "").upper()
    if state and country in STATES and state not in STATES[country]:
        problems.append(_problem(prefix, "state", "invalid", "State or province is invalid"))
    postal = details.get("postal_code", "")
    if postal and (POSTAL_STRIP.search(postal) or not POSTAL_MIN <= len(postal) <= POSTAL_MAX):
        sub_code = "invalid" if POSTAL_STRIP.search(postal) else "invalid_length"
        problems.append(_problem(prefix, "postal_code", sub_code, "Postal code is invalid"))
    return problems


def details_problems(details: dict[str, Any], *, prefix: str = "method.") -> list[GatewayError]:
    """Every invalid_data the gateway finds when the details are charged, in field order.

    All of them are returned at once (UNVERIFIED: the specs show one field at a time, and
    their clients collect ``messages`` per ``context``, so several are expected).
    """
    kind = details["type"]
    problems = (
        _card_problems(details, prefix) if kind == "card" else _bank_problems(details, prefix)
    )
    return problems + _address_problems(details, prefix)


def details_clean(raw: Any, *, prefix: str = "method.") -> dict[str, Any]:
    """Inline details in a charge's ``method``: read as sent, and refused if invalid."""
    details = details_read(raw, prefix=prefix, normalise=False)
    problems = details_problems(details, prefix=prefix)
    if problems:
        raise GatewayError.several(problems)
    if details.get("country"):
        details["country"] = details["country"].upper()
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
    if routing == ACH_DECLINE_ROUTING and details["account_number"] == ACH_PROCESSING_ERROR:
        return "ach_processing_error"
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
