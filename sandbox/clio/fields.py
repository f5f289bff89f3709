"""The ``fields`` parameter: parse, validate against a resource, and render records with it.

Reference §2: comma-separated names, one level of ``{}`` nesting; without ``fields`` a record is
only ``id`` and ``etag``, and so is a nested resource or collection named without ``{}`` (its
default fields): ``fields=id,custom_field_values`` gives each value's id and etag, no ``value``.
"""

from __future__ import annotations

from typing import Any

from .errors import invalid_fields
from .openapi_fields import spec_fields
from .schema import RESOURCES, Field, Resource

Spec = list[tuple[str, "Spec | None"]]


def parse(text: str) -> Spec:
    """Parse ``a,b{c,d}`` into ``[("a", None), ("b", [("c", None), ("d", None)])]``."""
    position = 0

    def parse_list(depth: int) -> Spec:
        nonlocal position
        items: Spec = []
        while True:
            start = position
            while position < len(text) and text[position] not in ",{}":
                position += 1
            name = text[start:position].strip()
            if not name:
                raise invalid_fields(f"'{text}' is not a valid fields parameter")
            sub: Spec | None = None
            if position < len(text) and text[position] == "{":
                if depth >= 1:
                    raise invalid_fields(
                        f"{name} is not a valid field: fields may only be nested one level deep"
                    )
                position += 1
                sub = parse_list(depth + 1)
                if position >= len(text) or text[position] != "}":
                    raise invalid_fields(f"'{text}' has an unclosed '{{'")
                position += 1
            items.append((name, sub))
            if position >= len(text) or text[position] == "}":
                return items
            if text[position] != ",":
                raise invalid_fields(f"'{text}' is not a valid fields parameter")
            position += 1

    spec = parse_list(0)
    if position != len(text):
        raise invalid_fields(f"'{text}' has an unmatched '}}'")
    return spec


def validate(resource: Resource, spec: Spec) -> None:
    for name, sub in spec:
        field = resource.fields.get(name)
        if field is None:
            raise invalid_fields(f"{name} is not a valid field")
        if sub is None:
            continue
        if field.kind == "opaque":
            _validate_opaque(name, field, sub)
            continue
        if field.kind == "scalar":
            raise invalid_fields(f"{name} is not a valid field: it has no nested fields")
        validate(RESOURCES[field.target], sub)


def _validate_opaque(name: str, field: Field, sub: Spec) -> None:
    """Inside braces, a record Clio documents but the emulator does not model takes the names
    of the spec's nested schema (openapi_fields.json)."""
    if field.nested is None:
        raise invalid_fields(f"{name} is not a valid field: it has no nested fields")
    allowed = spec_fields().get(field.nested, {})
    for child, grandchildren in sub:
        if child not in allowed:
            raise invalid_fields(f"{child} is not a valid field")
        if grandchildren is not None:
            raise invalid_fields(
                f"{child} is not a valid field: fields may only be nested one level deep"
            )


def parse_for(resource: Resource, text: str | None) -> Spec | None:
    if text is None or text.strip() == "":
        return None
    spec = parse(text.strip())
    validate(resource, spec)
    return spec


def default_spec(resource: Resource) -> Spec:
    # Sub-objects without an etag of their own (account balances, participants) get their id.
    return [(name, None) for name in ("id", "etag") if name in resource.fields]


def render(store: Any, resource: Resource, record: dict, spec: Spec | None) -> dict:
    if spec is None:
        spec = default_spec(resource)
    out: dict[str, Any] = {}
    for name, sub in spec:
        field = resource.fields[name]
        raw = field.compute(store, record) if field.compute else record.get(name, field.default)
        if field.kind == "scalar":
            out[name] = raw
        elif field.kind == "opaque":
            out[name] = _render_opaque(raw, field, sub)
        elif field.kind == "ref":
            out[name] = _render_ref(store, field.target, raw, sub)
        elif field.kind == "refs":
            out[name] = [_render_ref(store, field.target, item, sub) for item in raw or []]
        elif field.kind == "embedded":
            target = RESOURCES[field.target]
            if isinstance(raw, list):
                out[name] = [render(store, target, item, sub) for item in raw]
            else:
                out[name] = None if raw is None else render(store, target, raw, sub)
    return out


def _render_opaque(raw: Any, field: Field, sub: Spec | None) -> Any:
    """The stored sub-object (or list of them) with the names asked for; without braces its
    ``id`` and ``etag`` when the spec gives it those, else all of it."""
    if isinstance(raw, list):
        return [_render_opaque(item, field, sub) for item in raw]
    if not isinstance(raw, dict):
        return raw
    if sub is None:
        defaults = [n for n in ("id", "etag") if n in spec_fields().get(field.nested or "", {})]
        return {n: raw.get(n) for n in defaults} if defaults else raw
    return {child: raw.get(child) for child, _ in sub}


def _render_ref(store: Any, target_name: str, raw: Any, sub: Spec | None) -> dict | None:
    if raw is None:
        return None
    target = RESOURCES[target_name]
    record = store.get(target.name, raw) if not target.embedded else raw
    if record is None:
        return {"id": raw}
    return render(store, target, record, sub)
