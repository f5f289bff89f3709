"""What every trust page shares: the signed-in request type, the id bound, CSV answers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The largest id a URL or form may name (beyond it: not an id of ours, a 400 or 404).
MAX_ID = 10**18 - 1


class SignedInRequest(HttpRequest):
    """Every trust view requires a signed-in user."""

    user: User


def csv_safe(value: object) -> str:
    # Spreadsheet formula injection: a text cell starting with = + - @ runs as a formula.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[list[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
