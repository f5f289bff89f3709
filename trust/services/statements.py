"""Importing a trust account's bank statement (CSV) for one period, with its balances.

All or nothing: a file with any bad row is kept as a rejected import listing every bad row and
why, and imports no line. An accepted file must add up: opening balance + Σ lines = closing
balance, to the cent, or the balances were mistyped or the export is incomplete. The same file
is accepted once per account (``BankStatement.file_sha256``); a line another import of the
account already holds (an overlapping export) is counted, not imported again
(``StatementLine.fingerprint``).

OFX is not read: no OFX library is among Remit's dependencies (docs/trust-reconciliation.md).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from billing.services.drafts import firm_today
from trust.models import BankStatement, StatementLine, TrustAccount
from trust.services.posting import AMOUNT_MAX, CENT

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FILE_MAX_BYTES = 5 * 1024 * 1024
ROWS_MAX = 50_000
DESCRIPTION_MAX = 500
REFERENCE_MAX = 100
SHOWN_MAX = 40
REJECTIONS_MAX = 1000

# What banks call each column, compared after _header_key (lower case, letters and digits).
HEADERS: dict[str, frozenset[str]] = {
    "date": frozenset(
        {"date", "posted", "posted date", "posting date", "post date", "transaction date",
         "trans date", "value date", "booking date", "effective date"}
    ),
    "description": frozenset(
        {"description", "memo", "details", "narrative", "payee", "name", "particulars",
         "transaction description", "transaction details"}
    ),
    "amount": frozenset({"amount", "transaction amount", "net amount", "amount usd", "value"}),
    "debit": frozenset(
        {"debit", "debits", "debit amount", "withdrawal", "withdrawals", "withdrawal amount",
         "money out", "paid out"}
    ),
    "credit": frozenset(
        {"credit", "credits", "credit amount", "deposit", "deposits", "deposit amount",
         "money in", "paid in"}
    ),
    "reference": frozenset(
        {"reference", "ref", "ref no", "reference number", "bank reference", "check",
         "check number", "check no", "cheque", "cheque number", "cheque no", "transaction id",
         "id", "fitid", "serial number"}
    ),
}  # fmt: skip
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%d-%b-%Y", "%b %d, %Y")
_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")


@dataclass(frozen=True)
class ParsedLine:
    row_number: int
    posted_on: date
    description: str
    amount: Decimal
    reference: str


@dataclass
class Parsed:
    lines: list[ParsedLine] = field(default_factory=list)
    rejections: list[dict[str, object]] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        if len(self.rejections) < REJECTIONS_MAX:
            self.rejections.append({"line": line, "reason": reason})
        elif len(self.rejections) == REJECTIONS_MAX:
            self.rejections.append(
                {"line": 0, "reason": f"More than {REJECTIONS_MAX:,} problems; fix these first."}
            )


@dataclass(frozen=True)
class StatementImport:
    """The import, and whether this upload made it (``False``: the same file was imported)."""

    statement: BankStatement
    created: bool


def _shown(raw: str) -> str:
    """A cell quoted in a reason, cut short: reasons are stored and shown for every bad row."""
    text = raw.strip()
    return repr(text if len(text) <= SHOWN_MAX else f"{text[:SHOWN_MAX]}…")


def _header_key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _header_key(name)
        for column, spellings in HEADERS.items():
            if key in spellings and column not in columns:
                columns[column] = index
    return columns


def statement_amount_parse(raw: str) -> Decimal:
    """A signed amount as banks print it: ``1,234.56``, ``-50.00``, ``(50.00)``, ``$-50``,
    ``50.00-``; ``ValueError`` saying what is wrong otherwise."""
    text = raw.strip().replace("$", "").replace(" ", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-"):
        negative, text = not negative, text[:-1]
    if text[:1] in "+-" and text:
        negative, text = (not negative if text[0] == "-" else negative), text[1:]
    if not _AMOUNT.fullmatch(text):
        raise ValueError(f"{_shown(raw)} is not an amount (write it like 1,234.56 or -50.00).")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"{_shown(raw)} is not an amount.") from error
    if value != value.quantize(CENT):
        raise ValueError(f"{_shown(raw)} has fractions of a cent.")
    if value > AMOUNT_MAX:
        raise ValueError(f"{_shown(raw)} is beyond any plausible trust amount.")
    return (-value if negative else value).quantize(CENT)


def _date(raw: str) -> date:
    text = raw.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{_shown(text)} is not a date (write it like 2026-11-30 or 11/30/2026).")


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _line_amount(row: list[str], columns: dict[str, int]) -> Decimal:
    if "amount" in columns:
        raw = _cell(row, columns, "amount")
        if not raw:
            raise ValueError("The amount is empty.")
        return statement_amount_parse(raw)
    debit, credit = _cell(row, columns, "debit"), _cell(row, columns, "credit")
    money_out = abs(statement_amount_parse(debit)) if debit else Decimal(0)
    money_in = abs(statement_amount_parse(credit)) if credit else Decimal(0)
    if money_out and money_in:
        raise ValueError("Both the debit and the credit are filled in; a line is one or other.")
    return money_in - money_out


def _row_parse(
    row: list[str],
    columns: dict[str, int],
    *,
    row_number: int,
    period_end: date,
    locked_through: date | None,
) -> ParsedLine | str:
    """The line, or why it is refused."""
    try:
        raw_date = _cell(row, columns, "date")
        if not raw_date:
            return "The date is empty."
        posted_on = _date(raw_date)
        amount = _line_amount(row, columns)
    except ValueError as error:
        return str(error)
    if amount == 0:
        return "The amount is zero; a bank line moves money."
    if posted_on > period_end:
        return (
            f"Dated {posted_on:%Y-%m-%d}, after the statement's period end ({period_end:%Y-%m-%d})."
        )
    if locked_through and posted_on <= locked_through:
        return (
            f"Dated {posted_on:%Y-%m-%d}, in the period reconciled and locked through "
            f"{locked_through:%Y-%m-%d}."
        )
    reference = _cell(row, columns, "reference")
    if len(reference) > REFERENCE_MAX:
        return f"The reference is {len(reference)} characters; at most {REFERENCE_MAX}."
    return ParsedLine(
        row_number=row_number,
        posted_on=posted_on,
        description=_cell(row, columns, "description")[:DESCRIPTION_MAX],
        amount=amount,
        reference=reference,
    )


def _text(content: bytes, parsed: Parsed) -> str | None:
    if len(content) > FILE_MAX_BYTES:
        parsed.reject(0, f"The file is larger than {FILE_MAX_BYTES // (1024 * 1024)} MB.")
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        parsed.reject(0, "The file is not text (UTF-8 or Windows-1252); export it as CSV.")
        return None
    if "\x00" in text:
        parsed.reject(0, "The file holds NUL characters: it is not a CSV export.")
        return None
    return text


def statement_csv_parse(
    content: bytes, *, period_end: date, locked_through: date | None = None
) -> Parsed:
    """Every line of the file, and every refusal (line 0: the file as a whole)."""
    parsed = Parsed()
    text = _text(content, parsed)
    if text is None:
        return parsed
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, [])
        columns = _columns(header)
        if "date" not in columns or not ({"amount", "debit", "credit"} & set(columns)):
            parsed.reject(
                0,
                "The first row must name the columns: a date, an amount (or debit and credit), "
                f"and optionally a description and a reference; found {_shown(','.join(header))}.",
            )
            return parsed
        rows = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > ROWS_MAX:
                parsed.reject(0, f"At most {ROWS_MAX:,} lines per statement.")
                return parsed
            outcome = _row_parse(
                row,
                columns,
                row_number=reader.line_num,
                period_end=period_end,
                locked_through=locked_through,
            )
            if isinstance(outcome, str):
                parsed.reject(reader.line_num, outcome)
            else:
                parsed.lines.append(outcome)
    except csv.Error as error:
        parsed.reject(reader.line_num, f"The CSV cannot be read here: {error}.")
        return parsed
    if not parsed.lines and not parsed.rejections:
        parsed.reject(0, "The file has no lines.")
    return parsed


def _balances_check(parsed: Parsed, *, opening: Decimal, closing: Decimal) -> None:
    moved = sum((line.amount for line in parsed.lines), Decimal("0.00"))
    if opening + moved != closing:
        parsed.reject(
            0,
            f"The lines add up to ${moved:,}, but the balance moves from ${opening:,} to "
            f"${closing:,} (${closing - opening:,}): ${closing - opening - moved:,} is missing. "
            "Check the balances typed in and that the export covers the whole period.",
        )


def _fingerprints(lines: list[ParsedLine]) -> list[str]:
    seen: Counter[tuple[object, ...]] = Counter()
    prints = []
    for line in lines:
        key = (line.posted_on.isoformat(), str(line.amount), line.reference, line.description)
        seen[key] += 1
        prints.append(hashlib.sha256("|".join(map(str, (*key, seen[key]))).encode()).hexdigest())
    return prints


def _period_refusal(account: TrustAccount, period_end: date) -> str:
    if period_end > firm_today(now=timezone.now()):
        return f"The period end {period_end:%Y-%m-%d} is in the future."
    if account.locked_through and period_end <= account.locked_through:
        return (
            f"{account} is reconciled and locked through {account.locked_through:%Y-%m-%d}; "
            f"a statement to {period_end:%Y-%m-%d} would change a signed-off period."
        )
    return ""


def bank_statement_import(
    *,
    account: TrustAccount,
    period_end: date,
    opening_balance: Decimal,
    closing_balance: Decimal,
    file_name: str,
    content: bytes,
    user: User,
) -> StatementImport:
    """Import the file (see the module docstring); the same file again returns its import.

    Takes the trust account's row lock (the lock posting and sign-off take), so the locked
    period it checks against cannot move meanwhile.
    """
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        account = TrustAccount.objects.select_for_update().get(pk=account.pk)
        existing = BankStatement.objects.filter(
            account=account, file_sha256=digest, status=BankStatement.Status.ACCEPTED
        ).first()
        if existing is not None:
            return StatementImport(existing, created=False)
        refusal = _period_refusal(account, period_end)
        parsed = Parsed()
        if refusal:
            parsed.reject(0, refusal)
        else:
            parsed = statement_csv_parse(
                content, period_end=period_end, locked_through=account.locked_through
            )
            if not parsed.rejections:
                _balances_check(parsed, opening=opening_balance, closing=closing_balance)
        statement = BankStatement.objects.create(
            account=account,
            period_end=period_end,
            opening_balance=opening_balance,
            closing_balance=closing_balance,
            file_name=file_name[:255],
            file_sha256=digest,
            status=BankStatement.Status.REJECTED
            if parsed.rejections
            else BankStatement.Status.ACCEPTED,
            rejections=parsed.rejections,
            uploaded_by=user,
        )
        if parsed.rejections:
            return StatementImport(statement, created=True)
        prints = _fingerprints(parsed.lines)
        known = set(
            StatementLine.objects.filter(account=account, fingerprint__in=prints).values_list(
                "fingerprint", flat=True
            )
        )
        new = [
            StatementLine(
                statement=statement,
                account=account,
                row_number=line.row_number,
                posted_on=line.posted_on,
                description=line.description,
                amount=line.amount,
                reference=line.reference,
                fingerprint=fingerprint,
            )
            for line, fingerprint in zip(parsed.lines, prints, strict=True)
            if fingerprint not in known
        ]
        StatementLine.objects.bulk_create(new)
        statement.lines_imported = len(new)
        statement.lines_already_imported = len(parsed.lines) - len(new)
        statement.save(update_fields=["lines_imported", "lines_already_imported"])
    return StatementImport(statement, created=True)
