"""Matter-ID mappings: Clio matter ↔ display number ↔ LawPay reference ↔ LawPay accounts.

A mapping is created when a matter first appears (``matter_mapping_ensure``, called by the
mirror's matter upsert in ``billing/services/mirror.py``); its reference defaults to the display
number.
Conflicts are *derived* from the rows, so any change re-evaluates them the same way:

- two mappings share one reference → both are ``conflict`` (a payment could be either's);
- a reference longer than LawPay's 128 characters;
- a reference still derived from the display number (not overridden) while Clio renamed the
  display number: the reference is kept and flagged, never silently re-derived.

Only ``ok`` mappings resolve payments, and the database keeps their references unique
(``matter_mapping_reference_unique_when_ok``). Every write path below runs inside a transaction,
saves rows turning ``conflict`` before rows turning ``ok`` so that constraint holds after each
statement, and retries once when a concurrent transaction claimed the same reference first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from billing.csv_export import csv_cell_safe, csv_cell_unsafe
from billing.models import PAYMENT_REFERENCE_MAX, Matter, MatterMapping
from billing.services.payment_setup import payment_setup_get
from config.params import positive_id

if TYPE_CHECKING:
    from django.contrib.auth.models import User

T = TypeVar("T")

OK = MatterMapping.Status.OK
CONFLICT = MatterMapping.Status.CONFLICT
CONFLICT_REASON_MAX = MatterMapping._meta.get_field("conflict_reason").max_length
CSV_COLUMNS = (
    "clio_matter_id",
    "display_number",
    "reference",
    "lawpay_operating_account_id",
    "lawpay_trust_account_id",
    "status",
    "conflict_reason",
)
CSV_REQUIRED_COLUMNS = ("clio_matter_id", "reference")
CSV_MAX_ROWS = 20_000


# -- selectors ---------------------------------------------------------------------------------


def matter_mapping_resolve(*, reference: str) -> MatterMapping | None:
    """The mapping LawPay ``reference`` names: exact match, ``ok`` mappings only."""
    return (
        MatterMapping.objects.select_related("matter")
        .filter(reference=reference, status=OK)
        .first()
    )


def matter_mappings_list(*, query: str = "", status: str = "") -> QuerySet[MatterMapping]:
    """Mappings for the admin screen and the API, matter and client joined in (no N+1)."""
    mappings = MatterMapping.objects.select_related("matter", "matter__client").order_by(
        "display_number", "pk"
    )
    if status:
        mappings = mappings.filter(status=status)
    query = query.strip()
    if "\x00" in query:
        # No text in PostgreSQL holds a NUL, and comparing with one is a server error.
        return mappings.none()
    if query:
        condition = (
            Q(display_number__icontains=query)
            | Q(reference__icontains=query)
            | Q(matter__description__icontains=query)
            | Q(matter__client__name__icontains=query)
        )
        if (clio_id := positive_id(query)) is not None:
            condition |= Q(clio_matter_id=clio_id)
        mappings = mappings.filter(condition)
    return mappings


# -- services ----------------------------------------------------------------------------------


def matter_mapping_ensure(*, matter: Matter) -> MatterMapping:
    """Create the matter's mapping, or follow a display number change; re-evaluate conflicts.

    Idempotent. Call inside a transaction (the matter upsert's); it locks the mapping rows of
    the references it touches.
    """
    return _with_reference_retry(lambda: _mapping_ensure(matter))


def matter_mapping_update(
    *,
    mapping_id: int,
    user: User,
    reference: str,
    lawpay_operating_account_id: str | None = None,
    lawpay_trust_account_id: str | None = None,
    note: str = "",
) -> MatterMapping:
    """An admin's edit. Raises ``ValidationError`` for an unusable reference or account choice.

    A reference equal to the current display number keeps following it (and a later rename is
    flagged again); any other reference is an override. Saving also clears a rename conflict,
    since the admin has now chosen the reference. History records who and why.
    """
    with transaction.atomic():
        mapping = MatterMapping.objects.select_for_update().get(pk=mapping_id)
        reference = _reference_clean(reference)
        if reference != mapping.reference:
            taken = list(
                MatterMapping.objects.filter(reference=reference)
                .exclude(pk=mapping.pk)
                .values_list("display_number", flat=True)
            )
            if taken:
                raise ValidationError(
                    f"Reference “{reference}” is already used by matter {', '.join(taken)}."
                )
        operating, trust = _accounts_clean(
            operating=mapping.lawpay_operating_account_id
            if lawpay_operating_account_id is None
            else lawpay_operating_account_id,
            trust=mapping.lawpay_trust_account_id
            if lawpay_trust_account_id is None
            else lawpay_trust_account_id,
        )
        return _with_reference_retry(
            lambda: _mapping_change(
                mapping.pk,
                user=user,
                reference=reference,
                operating=operating,
                trust=trust,
                reason=note or "Edited by an admin",
            )
        )


def matter_mappings_backfill() -> int:
    """Create the mapping of every matter that has none (matters synced before mappings)."""
    created = 0
    unmapped = Matter.objects.filter(mapping__isnull=True).order_by("pk")
    for matter in unmapped.iterator(chunk_size=500):
        with transaction.atomic():
            matter_mapping_ensure(matter=matter)
        created += 1
    return created


def matter_mappings_csv_export(*, out: io.TextIOBase, mappings: Iterable[MatterMapping]) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for mapping in mappings:
        writer.writerow([csv_cell_safe(str(getattr(mapping, column))) for column in CSV_COLUMNS])


@dataclass
class CsvRowReport:
    line: int
    clio_matter_id: str
    outcome: str  # "changed", "unchanged" or "invalid"
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class CsvImportReport:
    """What an import found, row by row. ``applied`` is false when any row was invalid."""

    rows: list[CsvRowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level problems
    applied: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "changed")

    @property
    def invalid(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def matter_mappings_csv_import(*, text: str, user: User, dry_run: bool = False) -> CsvImportReport:
    """Apply a CSV in the export's format: all rows or none.

    Every row is validated against the state the *whole* file would produce (so two matters can
    swap references in one file); when any row is invalid nothing is applied and the report says
    why, row by row. Only ``reference`` and the two account ids are read; the other columns are
    informational. Rows are keyed by ``clio_matter_id``.
    """
    report = CsvImportReport()
    rows = _csv_rows(text, report)
    if report.errors:
        return report
    with transaction.atomic():
        mappings = MatterMapping.objects.select_for_update().in_bulk(
            [int(r["clio_matter_id"]) for _, r in rows if _is_int(r["clio_matter_id"])],
            field_name="clio_matter_id",
        )
        planned = _csv_plan(rows, mappings, report)
        if not report.valid or dry_run:
            return report
        for mapping, values in planned:
            _with_reference_retry(
                partial(_mapping_change, mapping.pk, user=user, reason="CSV import", **values)
            )
        report.applied = True
    return report


# -- internals ---------------------------------------------------------------------------------


def _mapping_ensure(matter: Matter) -> MatterMapping:
    mapping = MatterMapping.objects.select_for_update().filter(matter=matter).first()
    if mapping is None:
        operating, trust = _lawpay_default_accounts()
        mapping = MatterMapping(
            matter=matter,
            clio_matter_id=matter.clio_id,
            display_number=matter.display_number,
            reference=matter.display_number,
            lawpay_operating_account_id=operating,
            lawpay_trust_account_id=trust,
        )
        mapping._change_reason = "Matter appeared in Clio"
        _evaluate(mapping, old_reference=None)
        return mapping
    if mapping.display_number == matter.display_number:
        return mapping
    # A reference derived from the old display number is kept, not re-derived: payments may
    # already carry it. ``_conflict_reasons`` flags the rename and the admin decides.
    mapping.display_number = matter.display_number
    mapping._change_reason = "Display number changed in Clio"
    _evaluate(mapping, old_reference=mapping.reference)
    return mapping


def _mapping_change(
    mapping_id: int, *, user: User, reference: str, operating: str, trust: str, reason: str
) -> MatterMapping:
    mapping = MatterMapping.objects.select_for_update().get(pk=mapping_id)
    old_reference = mapping.reference
    mapping.reference = reference
    mapping.reference_overridden = reference != mapping.display_number
    mapping.lawpay_operating_account_id = operating
    mapping.lawpay_trust_account_id = trust
    mapping._history_user = user
    mapping._change_reason = reason
    _evaluate(mapping, old_reference=old_reference)
    return mapping


def _evaluate(mapping: MatterMapping, *, old_reference: str | None) -> None:
    """Save ``mapping`` and re-derive the status of every row sharing its old or new reference."""
    references = {mapping.reference} | ({old_reference} if old_reference is not None else set())
    others = list(
        MatterMapping.objects.select_for_update()
        .filter(reference__in=references)
        .exclude(pk=mapping.pk)
        .order_by("pk")
    )
    rows = [mapping, *others]
    desired = {id(row): _conflict_reasons(row, rows) for row in rows}
    # Rows turning conflict first, then rows turning ok: the partial unique index on ok
    # references is checked after every statement.
    for turning_ok in (False, True):
        for row in rows:
            reasons = desired[id(row)]
            if (not reasons) is not turning_ok:
                continue
            status = CONFLICT if reasons else OK
            reason = "; ".join(reasons)[:CONFLICT_REASON_MAX]
            if row is mapping:
                row.status, row.conflict_reason = status, reason
                row.save()
            elif (row.status, row.conflict_reason) != (status, reason):
                row.status, row.conflict_reason = status, reason
                row._change_reason = "Conflicts re-evaluated"
                row.save(update_fields=["status", "conflict_reason", "updated_at"])


def _conflict_reasons(row: MatterMapping, rows: list[MatterMapping]) -> list[str]:
    reasons = []
    if len(row.reference) > PAYMENT_REFERENCE_MAX:
        reasons.append(
            f"Reference is {len(row.reference)} characters; LawPay allows "
            f"{PAYMENT_REFERENCE_MAX}. Set a shorter reference."
        )
    if not row.reference_overridden and row.reference != row.display_number:
        reasons.append(
            f"Clio renamed the display number to “{row.display_number}”; the LawPay reference "
            f"is still “{row.reference}”. Choose the reference payments will carry."
        )
    sharing = [r.display_number for r in rows if r is not row and r.reference == row.reference]
    if sharing:
        reasons.append(
            f"Reference “{row.reference}” is also used by matter {', '.join(sharing)}. "
            "Give each matter its own reference."
        )
    return reasons


def _with_reference_retry(change: Callable[[], T]) -> T:
    # Two transactions can each see a reference as free and both save it ``ok``; the loser's
    # insert fails on the partial unique index. Re-running sees the winner and flags both.
    for attempt in range(3):
        try:
            with transaction.atomic():
                return change()
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _reference_clean(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError("Enter a reference.")
    if len(reference) > PAYMENT_REFERENCE_MAX:
        raise ValidationError(
            f"A LawPay reference is at most {PAYMENT_REFERENCE_MAX} characters "
            f"(this one has {len(reference)})."
        )
    return reference


def _accounts_clean(*, operating: str, trust: str) -> tuple[str, str]:
    operating, trust = (operating or "").strip(), (trust or "").strip()
    if operating and operating == trust:
        raise ValidationError("The operating and the trust account must be different accounts.")
    setup = payment_setup_get()
    if not setup.connected:
        return operating, trust
    # Trust vs operating is decided only by account_id (lawpay-api.md §2): refuse a swap.
    if operating and operating == setup.trust_account_id:
        raise ValidationError("The operating account cannot be LawPay's trust account.")
    if trust and trust == setup.operating_account_id:
        raise ValidationError("The trust account cannot be LawPay's operating account.")
    return operating, trust


def _lawpay_default_accounts() -> tuple[str, str]:
    setup = payment_setup_get()
    if not setup.connected:
        return "", ""
    return setup.operating_account_id, setup.trust_account_id


def _is_int(value: str) -> bool:
    return positive_id(value.strip()) is not None


def _csv_rows(text: str, report: CsvImportReport) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in CSV_REQUIRED_COLUMNS if name not in header]
    if missing:
        report.errors.append(f"Missing column(s): {', '.join(missing)}.")
        return []
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if len(rows) >= CSV_MAX_ROWS:
            report.errors.append(f"At most {CSV_MAX_ROWS} rows per file.")
            return []
        clean = {k: csv_cell_unsafe((v or "").strip()) for k, v in row.items() if k is not None}
        if not any(clean.values()):
            continue
        rows.append((reader.line_num, clean))
    if not rows:
        report.errors.append("The file has no rows.")
    return rows


def _csv_plan(
    rows: list[tuple[int, dict[str, str]]],
    mappings: dict[int, MatterMapping],
    report: CsvImportReport,
) -> list[tuple[MatterMapping, dict[str, str]]]:
    seen: set[int] = set()
    planned: list[tuple[int, CsvRowReport, MatterMapping, dict[str, str]]] = []
    for line, row in rows:
        row_report = CsvRowReport(line=line, clio_matter_id=row["clio_matter_id"], outcome="")
        report.rows.append(row_report)
        if not _is_int(row["clio_matter_id"]):
            row_report.errors.append("clio_matter_id must be a number.")
            continue
        mapping = mappings.get(int(row["clio_matter_id"]))
        if mapping is None:
            row_report.errors.append("No mapping for this Clio matter id.")
            continue
        if mapping.pk in seen:
            row_report.errors.append("This matter appears more than once in the file.")
            continue
        seen.add(mapping.pk)
        values = {
            "reference": row["reference"],
            "operating": row.get(
                "lawpay_operating_account_id", mapping.lawpay_operating_account_id
            ),
            "trust": row.get("lawpay_trust_account_id", mapping.lawpay_trust_account_id),
        }
        try:
            values["reference"] = _reference_clean(values["reference"])
        except ValidationError as exc:
            row_report.errors.extend(exc.messages)
        try:
            values["operating"], values["trust"] = _accounts_clean(
                operating=values["operating"], trust=values["trust"]
            )
        except ValidationError as exc:
            row_report.errors.extend(exc.messages)
        planned.append((line, row_report, mapping, values))

    # Uniqueness is checked against the state the whole file produces.
    final = dict(MatterMapping.objects.values_list("pk", "reference"))
    final.update({mapping.pk: values["reference"] for _, _, mapping, values in planned})
    holders: dict[str, list[int]] = {}
    for pk, reference in final.items():
        holders.setdefault(reference, []).append(pk)
    names = dict(MatterMapping.objects.values_list("pk", "display_number"))
    out = []
    for _, row_report, mapping, values in planned:
        others = [names[pk] for pk in holders.get(values["reference"], []) if pk != mapping.pk]
        if others:
            row_report.errors.append(
                f"Reference “{values['reference']}” would also be used by matter "
                f"{', '.join(others)}."
            )
        if row_report.errors:
            row_report.outcome = "invalid"
            continue
        current = {
            "reference": mapping.reference,
            "operating": mapping.lawpay_operating_account_id,
            "trust": mapping.lawpay_trust_account_id,
        }
        row_report.changes = [
            f"{name}: “{current[name]}” → “{values[name]}”"
            for name in values
            if values[name] != current[name]
        ]
        # A row that changes nothing still clears a rename conflict if it confirms the
        # reference, the same as saving the edit form would.
        confirms = mapping.status == CONFLICT and not mapping.reference_overridden
        if row_report.changes or confirms:
            row_report.outcome = "changed"
            out.append((mapping, values))
        else:
            row_report.outcome = "unchanged"
    return out
