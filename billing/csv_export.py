"""Streamed CSV downloads of a list page, with every cell made safe for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.utils import timezone

# Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with one of these is
# read as a formula by Excel and LibreOffice; a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell_safe(value: str) -> str:
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


def csv_cell_unsafe(value: str) -> str:
    """Undo ``csv_cell_safe`` on a cell read back from a file Remit exported."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


class _Echo:
    """csv.writer's file: hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_download(rows: Iterable[list[str]], *, stem: str) -> StreamingHttpResponse:
    """Stream ``rows`` (header first) as ``<stem>-<YYYYmmdd-HHMM>.csv``, never all in memory."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([csv_cell_safe(cell) for cell in cells]) for cells in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.csv"'
    return response
