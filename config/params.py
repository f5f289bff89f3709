"""Ids and counts from query strings and posts, parsed in one place and bounded.

``str.isdigit()`` accepts superscripts that ``int()`` refuses, and an unbounded ``int()``
overflows the database's 64-bit integers: both were server errors. An id here is 1 to 18
ASCII digits, which always fits. Text goes into queries as it is, except a NUL character, which
PostgreSQL text can neither hold nor be compared with (a server error too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rest_framework.exceptions import ValidationError

MAX_ID = 10**18 - 1
ID_MESSAGE = "Give a whole number id (digits 0–9, at most 18 of them)."
TEXT_MESSAGE = "Remove the NUL character (\\x00): no text Remit keeps can contain one."
_ID = re.compile(r"[0-9]{1,18}")


def positive_id(raw: object) -> int | None:
    """The id ``raw`` spells, or None if it is not 1 to 18 ASCII digits making at least 1."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if value >= 1 else None


def positive_ids(raws: Iterable[object]) -> list[int] | None:
    """Every id in ``raws``, or None if any one is not an id."""
    ids = [positive_id(raw) for raw in raws]
    return None if None in ids else ids  # type: ignore[return-value]


def query_id(params: Mapping[str, str], name: str) -> int | None:
    """The API's optional id parameter ``name``; absent or blank is None, anything else not an
    id is a 400 naming the parameter."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    value = positive_id(raw)
    if value is None:
        raise ValidationError({name: ID_MESSAGE})
    return value


def query_text(params: Mapping[str, str], name: str) -> str:
    """The API's optional text parameter ``name`` ("" when absent); one holding a NUL character
    is a 400 naming the parameter."""
    raw = params.get(name, "")
    if "\x00" in raw:
        raise ValidationError({name: TEXT_MESSAGE})
    return raw
