"""Is a request to Clio's ``/api/v4`` one that Clio's OpenAPI document allows?

``clio_request_problems(method, url, body)`` answers with a list of sentences, empty when the
request is allowed. It checks what real Clio would refuse and the emulator might not:

* the path against the spec's path templates (``/matters/{id}.json``; ``.json`` optional, as
  Clio serves both, clio-api.md §2) and the method against the path's operations;
* every query parameter's name, and its value against the parameter's type and enum (exact
  case; a comma list is checked item by item);
* ``fields`` (the query parameter, and a webhook's ``fields`` in its body): each name must be a
  property of the response record's schema, each name inside braces a property of that nested
  schema, with one level of braces at most (clio-api.md §2);
* the JSON body against the operation's ``requestBody`` schema (``jsonschema``), plus any key the
  schema does not name, since Clio's schemas never say ``additionalProperties: false``.

``clio_response_problems(method, url, status, body)`` does the same for an answer: its status
against the operation's responses, its body against that response's schema (types, enums,
formats) and any key the schema does not name. It is how the emulator is held to the spec.

The spec is Clio's own file (clio-api.md S1b), read from ``shared/reference`` beside the repo or
``$CLIO_OPENAPI_PATH``. Where the spec contradicts itself, ``ERRATA`` says so and how it is read.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from jsonschema import Draft4Validator, FormatChecker, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO = Path(__file__).resolve().parents[2]
SPEC_FILE = "clio-openapi-4.0.13.json"
SPEC_URI = "urn:clio-openapi"
API_PREFIX = "/api/v4"
# Documented by Clio outside the OpenAPI paths (clio-api.md §4): the delayed webhook handshake.
UNLISTED_OPERATIONS = {("PUT", "/webhooks/{id}/activate")}
# Webhook ``model`` → the schema whose properties its ``fields`` may name (clio-api.md §4).
WEBHOOK_MODEL_SCHEMAS = {
    "activity": "Activity",
    "bill": "Bill",
    "calendar_entry": "CalendarEntry",
    "clio_payments_payment": "ClioPaymentsPayment",
    "communication": "Communication",
    "contact": "Contact",
    "document": "Document",
    "folder": "Folder",
    "matter": "Matter",
    "task": "Task",
}
ERRATA = (
    "A custom field value's id is a composite string such as 'text_line-1' (clio-api.md §5.1, "
    "and the spec's own CustomFieldValue.id is a string), but the Matter and Contact PATCH "
    "bodies type custom_field_values[].id as an integer: either is accepted.",
    "POST /notes.json lists both contact and matter as required, while each one's description "
    "says it is 'Required only if the Note type is' Contact or Matter: only type is required.",
    "No property in a response schema is marked nullable, yet Clio answers null for a value that "
    "is not set (clio-api.md §5, e.g. close_date, bill): null is accepted for any property.",
    "Responses list no 422 for most GETs and DELETEs, nor 405, 410 or 429 everywhere, though "
    "Clio answers them (clio-api.md §2): an error status the operation does not list is checked "
    "against the Error schema every error answer uses.",
    "A nested record is typed by its _base schema (Activity.matter is a Matter_base), yet Clio's "
    "fields page shows activities?fields=matter{id,client}: in an answer a nested X_base record "
    "may have the properties of X.",
    "A 401 for an expired, revoked or unknown token has OAuth's flat shape "
    "{error: 'invalid_token', error_description} (clio-api.md §1, §2), not the Error schema the "
    "spec gives every 401: that shape is accepted for a 401.",
    "Index answers carry meta.paging and meta.records (clio-api.md §2), which the _List schemas "
    "do not name: a top-level meta is not reported.",
)


class SpecMissing(RuntimeError):
    pass


def spec_path() -> Path:
    configured = os.environ.get("CLIO_OPENAPI_PATH")
    return Path(configured) if configured else REPO.parent / "shared" / "reference" / SPEC_FILE


@cache
def clio_spec() -> dict[str, Any]:
    path = spec_path()
    if not path.is_file():
        raise SpecMissing(f"Clio's OpenAPI document is not at {path} (set CLIO_OPENAPI_PATH)")
    spec = json.loads(path.read_text(encoding="utf-8"))
    _errata_apply(spec)
    return spec


def _errata_apply(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for template in ("/matters/{id}.json", "/contacts/{id}.json"):
        for content in paths[template]["patch"]["requestBody"]["content"].values():
            values = content["schema"]["properties"]["data"]["properties"]["custom_field_values"]
            values["items"]["properties"]["id"]["type"] = ["integer", "string"]
    for content in paths["/notes.json"]["post"]["requestBody"]["content"].values():
        content["schema"]["properties"]["data"]["required"] = ["type"]


# -- the whole check -------------------------------------------------------------------------


def clio_request_problems(method: str, url: str, body: Any = None) -> list[str]:
    """What Clio's OpenAPI document does not allow in this request; empty when all is allowed.

    ``url`` is absolute or a path, with its query string; ``body`` the decoded JSON (or bytes
    or text of it), ``None`` for none.
    """
    method = method.upper()
    parts = urlsplit(url)
    if not parts.path.startswith(f"{API_PREFIX}/"):
        return [f"{method} {parts.path}: not under {API_PREFIX}/"]
    path = parts.path[len(API_PREFIX) :]
    label = f"{method} {path}"
    matched = operation_find(method, path)
    if isinstance(matched, str):
        return [f"{label}: {matched}"]
    template, operation = matched
    label = f"{method} {template}"
    if operation is None:
        return []
    problems = [
        f"{label}: {p}"
        for p in query_problems(operation, parse_qsl(parts.query, keep_blank_values=True))
    ]
    problems += [f"{label}: {p}" for p in body_problems(operation, _decoded(body))]
    return problems


def _decoded(body: Any) -> Any:
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if isinstance(body, str):
        return json.loads(body) if body.strip() else None
    return body


# -- paths -----------------------------------------------------------------------------------


def operation_find(method: str, path: str) -> tuple[str, dict | None] | str:
    """``(template, operation)`` for a path under /api/v4, or why there is none.

    The operation is ``None`` for the documented operations the spec does not list.
    """
    segments = path.removesuffix(".json").strip("/").split("/")
    candidates = []
    known = [(t, item) for t, item in clio_spec()["paths"].items()]
    known += [(t, None) for _, t in UNLISTED_OPERATIONS]
    for template, item in known:
        pattern = template.removesuffix(".json").strip("/").split("/")
        if len(pattern) != len(segments):
            continue
        if all(_segment_matches(p, s) for p, s in zip(pattern, segments, strict=True)):
            # A literal segment beats a parameter: /users/who_am_i is not /users/{id}.
            candidates.append((sum(p.startswith("{") for p in pattern), template, item))
    if not candidates:
        return "no such path in Clio's API"
    for _, template, item in sorted(candidates, key=lambda c: c[0]):
        if item is None and (method, template) in UNLISTED_OPERATIONS:
            return template, None
        if item is not None and method.lower() in item:
            return template, item[method.lower()]
    templates = sorted({t for _, t, _ in candidates})
    return f"{method} is not an operation of {', '.join(templates)}"


def _segment_matches(pattern: str, segment: str) -> bool:
    if pattern.startswith("{") and pattern.endswith("}"):
        # Every path parameter in Clio's API is an integer id.
        return segment.isdigit()
    return pattern == segment


# -- query parameters ------------------------------------------------------------------------


def _query_parameters(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}


def query_problems(operation: dict, pairs: list[tuple[str, str]]) -> list[str]:
    parameters = _query_parameters(operation)
    problems = []
    for name, value in pairs:
        # ``custom_field_values[61]=…`` is the spec's ``custom_field_values`` (clio-api.md §2).
        parameter = parameters.get(name) or parameters.get(re.sub(r"\[\d+\]$", "", name))
        if parameter is None:
            problems.append(f"query parameter {name!r} is not one Clio takes here")
            continue
        problems += [
            f"query parameter {name}={value!r}: {p}"
            for p in _value_problems(_resolve(parameter.get("schema") or {}), value)
        ]
        if name == "fields":
            schema = response_record_schema(operation)
            if schema is not None:
                problems += fields_problems(schema, value)
    given = {name for name, _ in pairs}
    for name, parameter in parameters.items():
        if parameter.get("required") and name not in given:
            problems.append(f"required query parameter {name!r} is missing")
    return problems


def _value_problems(schema: dict, value: str) -> list[str]:
    enum = schema.get("enum")
    if enum:
        if all(re.match(r"^[<>=]", str(e)) for e in enum):
            # Operator enums (``>=DATE``, ``<=``) describe a prefix, not whole values.
            operators = sorted({re.match(r"^[<>=]+", str(e)).group() for e in enum}, key=len)
            if not any(value.startswith(op) for op in reversed(operators)):
                return [f"must start with one of {', '.join(operators)}"]
            return []
        items = [value] if value in enum else [v.strip() for v in value.split(",")]
        wrong = [v for v in items if v not in enum]
        if wrong:
            return [f"{', '.join(map(repr, wrong))} is not one of {enum} (case matters)"]
        return []
    kind = schema.get("type")
    if kind == "integer" and not re.fullmatch(r"-?\d+", value):
        return ["must be an integer"]
    if kind == "boolean" and value not in ("true", "false"):
        return ["must be true or false"]
    if kind == "string" and not _format_ok(schema.get("format"), value):
        return [f"must be a {schema['format']}"]
    return []


def _format_ok(kind: str | None, value: str) -> bool:
    try:
        if kind == "date-time":
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif kind == "date":
            date.fromisoformat(value)
    except ValueError:
        return False
    return True


# -- fields ----------------------------------------------------------------------------------

Fields = list[tuple[str, "Fields | None"]]


def fields_parse(text: str) -> Fields:
    """``id,matter{id,client}`` → ``[("id", None), ("matter", [("id", None), ...])]``.

    Any depth is parsed, so that a second level can be reported rather than misread.
    """
    position = 0

    def names() -> Fields:
        nonlocal position
        out: Fields = []
        while True:
            start = position
            while position < len(text) and text[position] not in ",{}":
                position += 1
            name = text[start:position].strip()
            if not name:
                raise ValueError(f"{text!r} has an empty field name")
            sub = None
            if position < len(text) and text[position] == "{":
                position += 1
                sub = names()
                if position >= len(text) or text[position] != "}":
                    raise ValueError(f"{text!r} has an unclosed '{{'")
                position += 1
            out.append((name, sub))
            if position >= len(text) or text[position] == "}":
                return out
            if text[position] != ",":
                raise ValueError(f"{text!r} is not a fields list")
            position += 1

    parsed = names()
    if position != len(text):
        raise ValueError(f"{text!r} has an unmatched '}}'")
    return parsed


def fields_problems(schema: dict, text: str) -> list[str]:
    """Names in ``text`` that the record ``schema`` (resolved) does not have."""
    try:
        parsed = fields_parse(text)
    except ValueError as exc:
        return [f"fields: {exc}"]
    record = _schema_name(schema)
    properties = _properties(schema)
    problems = []
    for name, sub in parsed:
        if name not in properties:
            problems.append(f"fields names {name!r}, which a {record} does not have")
            continue
        nested = _nested(properties[name])
        if sub is None:
            continue
        if nested is None:
            problems.append(f"fields gives {name!r} braces, but it has no nested fields")
            continue
        nested_name = _schema_name(nested)
        nested_properties = _properties(nested)
        for child, grandchildren in sub:
            if grandchildren is not None:
                problems.append(
                    f"fields nests {name}{{{child}{{…}}}} two levels deep; Clio allows one"
                )
            elif child not in nested_properties:
                problems.append(
                    f"fields names {name}{{{child}}}, which a {nested_name} does not have"
                )
    return problems


def response_record_schema(operation: dict) -> dict | None:
    """The schema of one record in the operation's success response (``data`` or its items)."""
    for status in ("200", "201"):
        response = operation.get("responses", {}).get(status)
        if not response:
            continue
        for content in response.get("content", {}).values():
            data = _properties(_resolve(content["schema"])).get("data")
            if data is None:
                continue
            data = _resolve(data)
            return _resolve(data["items"]) if data.get("type") == "array" else data
    return None


def _schema_name(schema: dict) -> str:
    return schema.get("x-clio-name") or "record"


def _resolve(schema: dict) -> dict:
    """Follow a ``$ref`` into the spec, remembering the component's name for messages."""
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = clio_spec()
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return {**node, "x-clio-name": ref.rsplit("/", 1)[-1]}


def _properties(schema: dict) -> dict[str, dict]:
    schema = _resolve(schema)
    out: dict[str, dict] = {}
    for part in schema.get("allOf", []):
        out.update(_properties(part))
    out.update(schema.get("properties", {}))
    return out


def _nested(schema: dict) -> dict | None:
    """The schema of a nested resource or of a collection's items; ``None`` for a scalar."""
    schema = _resolve(schema)
    if schema.get("type") == "array":
        schema = _resolve(schema.get("items") or {})
    if "allOf" in schema or "properties" in schema:
        return schema
    return None


# -- bodies ----------------------------------------------------------------------------------

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or _format_ok("date-time", value)


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or _format_ok("date", value)


@cache
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource(contents=clio_spec(), specification=DRAFT4))


def body_problems(operation: dict, body: Any) -> list[str]:
    request_body = operation.get("requestBody")
    if request_body is None:
        return [] if body is None else ["Clio takes no body here"]
    if body is None:
        return ["a body is required"] if request_body.get("required") else []
    content = request_body.get("content", {}).get("application/json")
    if content is None:
        return ["Clio takes no JSON body here"]
    schema = content["schema"]
    validator = Draft4Validator(
        {"$ref": f"{SPEC_URI}#{quote(_pointer_to(schema), safe='/~')}"},
        registry=_registry(),
        format_checker=_FORMATS,
    )
    problems = [
        f"body {_where(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]
    problems += [
        f"body {where}: Clio's schema has no such property"
        for where in _unknown_keys(body, schema, "")
    ]
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, dict) and isinstance(data.get("fields"), str) and "model" in data:
        model_schema = WEBHOOK_MODEL_SCHEMAS.get(str(data["model"]))
        if model_schema is not None:
            resolved = _resolve({"$ref": f"#/components/schemas/{model_schema}"})
            problems += [
                f"body data.fields: {p}" for p in fields_problems(resolved, data["fields"])
            ]
    return problems


def _pointer_to(target: dict) -> str:
    """The JSON pointer of ``target`` (an object inside the spec) within the spec."""
    found = _pointers().get(id(target))
    if found is None:
        raise LookupError("schema is not part of Clio's spec")
    return found


@cache
def _pointers() -> dict[int, str]:
    out: dict[int, str] = {}

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            out[id(node)] = pointer
            for key, value in node.items():
                walk(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")

    walk(clio_spec()["paths"], "/paths")
    return out


def _unknown_keys(value: Any, schema: dict, where: str, *, full: bool = False) -> list[str]:
    """Where ``value`` has keys that ``schema`` does not name (``data.receivers[0].kind``).

    With ``full``, a nested ``X_base`` record may also have the keys of ``X`` (ERRATA).
    """
    schema = _resolve(schema)
    if isinstance(value, dict):
        properties = _properties(schema)
        name = schema.get("x-clio-name", "")
        if full and name.endswith("_base") and name.removesuffix("_base") in _schemas():
            whole = _properties({"$ref": f"#/components/schemas/{name.removesuffix('_base')}"})
            properties = {**whole, **properties}
        if not properties:
            return []
        unknown = []
        for key, item in value.items():
            at = f"{where}.{key}" if where else key
            if key not in properties:
                unknown.append(at)
            else:
                unknown += _unknown_keys(item, properties[key], at, full=full)
        return unknown
    if isinstance(value, list) and schema.get("items"):
        unknown = []
        for index, item in enumerate(value):
            unknown += _unknown_keys(item, schema["items"], f"{where}[{index}]", full=full)
        return unknown
    return []


def _schemas() -> dict[str, Any]:
    return clio_spec()["components"]["schemas"]


def _where(path: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "."


# -- responses -------------------------------------------------------------------------------


def _null_or(keyword: str) -> Any:
    original = Draft4Validator.VALIDATORS[keyword]

    def check(validator: Any, value: Any, instance: Any, schema: dict) -> Any:
        if instance is None:
            return
        yield from original(validator, value, instance, schema)

    return check


# Clio answers null for unset values although no property is nullable (ERRATA).
ResponseValidator = validators.extend(
    Draft4Validator, validators={"type": _null_or("type"), "enum": _null_or("enum")}
)
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


def clio_response_problems(method: str, url: str, status: int, body: Any = None) -> list[str]:
    """What Clio's OpenAPI document does not allow in this answer; empty when all is allowed.

    ``body`` is the decoded JSON (or bytes or text of it), ``None`` for an empty body.
    """
    method = method.upper()
    parts = urlsplit(url)
    path = parts.path[len(API_PREFIX) :] if parts.path.startswith(API_PREFIX) else parts.path
    matched = operation_find(method, path)
    if isinstance(matched, str):
        return [f"{method} {path}: {matched}"] if status < 400 else []
    template, operation = matched
    label = f"{method} {template} → {status}"
    if operation is None:
        return []
    body = _decoded(body)
    response = operation.get("responses", {}).get(str(status))
    if response is None:
        if status < 400:
            return [f"{label}: Clio's spec documents no {status} answer here"]
        schema: dict = ERROR_SCHEMA
    else:
        contents = list(response.get("content", {}).values())
        if not contents:
            return [] if body is None else [f"{label}: Clio answers {status} with no body"]
        schema = contents[0]["schema"]
    if body is None:
        return [f"{label}: the answer has no body"]
    if status == 401 and _oauth_error(body):
        return []
    if schema is ERROR_SCHEMA:
        reference = f"{SPEC_URI}#/components/schemas/Error"
    else:
        reference = f"{SPEC_URI}#{quote(_pointer_to(schema), safe='/~')}"
    validator = ResponseValidator(
        {"$ref": reference}, registry=_registry(), format_checker=_FORMATS
    )
    problems = [
        f"{label}: {_where(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]
    top = {k: v for k, v in body.items() if k != "meta"} if isinstance(body, dict) else body
    unknown = _unknown_keys(top, schema, "", full=True)
    problems += [f"{label}: {where}: Clio's schema has no such property" for where in unknown]
    return problems


def _oauth_error(body: Any) -> bool:
    return (
        isinstance(body, dict)
        and set(body) == {"error", "error_description"}
        and all(isinstance(v, str) for v in body.values())
    )
