"""The ``fields`` query parameter (clio-api.md §2).

Without it Clio returns only ``id`` and ``etag``. Nested resources use braces, one level deep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

FieldSpec = str | Iterable[str] | Mapping[str, Iterable[str] | None]


def fields_encode(fields: FieldSpec) -> str:
    """``["id", "etag"]`` or ``{"id": None, "matter": ["id", "description"]}`` → Clio syntax.

    Deeper nesting is refused here, since Clio would answer 400 anyway.
    """
    if isinstance(fields, str):
        return fields
    if isinstance(fields, Mapping):
        parts = [_field_encode(name, nested) for name, nested in fields.items()]
    else:
        parts = [_field_name(name) for name in fields]
    if not parts:
        raise ValueError("fields must name at least one field")
    return ",".join(parts)


def _field_encode(name: str, nested: Iterable[str] | None) -> str:
    if nested is None:
        return _field_name(name)
    if isinstance(nested, str):
        raise ValueError(f"nested fields of {name!r} must be a list of names")
    inner = [_field_name(child) for child in nested]
    if not inner or any("{" in child for child in inner):
        raise ValueError(f"nested fields of {name!r}: one level of names only")
    return f"{_field_name(name)}{{{','.join(inner)}}}"


def _field_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValueError("empty field name")
    return name
