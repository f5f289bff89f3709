"""What every trust page shares: the id bound and CSV answers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from billing.csv_export import csv_cell_safe

# The largest id a URL or form may name (beyond it: not an id of ours, a 400 or 404).
MAX_ID = 10**18 - 1


def csv_safe(value: object) -> str:
    """A cell as text, defused against spreadsheet formulas like every Remit export."""
    return csv_cell_safe("" if value is None else str(value))


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[list[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
