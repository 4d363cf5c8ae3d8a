"""Validate stage: check every record against the schema and against the other records."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema  # type: ignore[import-untyped]

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load import RawRecords, policy_id_of
from generator.project import ID_PATTERN, SCHEMA_DIR
from generator.yamlfile import YamlDoc

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "null": "nothing",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (policy, dimensions, site) shipped with the package."""
    with (SCHEMA_DIR / f"{name}.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@cache
def _fast_validator(name: str) -> Any:
    """A compiled validator: a quick yes/no, so that only bad files pay for the explanations."""
    schema = load_schema(name)
    inlined = _inline_refs(schema, schema.get("definitions", {}))
    # Without details in its exceptions, the generated code is a third as long: quicker to build.
    return fastjsonschema.compile(inlined, detailed_exceptions=False)


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    """`node` with every `{"$ref": "#/definitions/x"}` replaced by definition x, as JSON Schema
    draft 7 reads it (keys beside a `$ref` do not count).

    fastjsonschema compiles a `$ref` into a call that first formats the item's path for error
    messages (`data.quotes[3]`), even when nothing is wrong: inlined, checking a valid record
    takes a third of the time. The shipped schemas refer to no definition recursively.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            return _inline_refs(definitions[ref.removeprefix("#/definitions/")], definitions)
        return {key: _inline_refs(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value, definitions) for value in node]
    return node


def _describe(value: Any) -> str:
    """A value as a person would write it in YAML, shortened."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _type_of(value: Any) -> str:
    """The kind of a YAML value, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing"


def _expected(schema: dict[str, Any]) -> str:
    """What a schema node expects, in words: its description when it has one."""
    desc = str(schema.get("description", "")).split(". ")[0].rstrip(".")
    return desc[:1].lower() + desc[1:] if desc else "a valid value"


def _explain(doc: YamlDoc, error: ValidationError) -> Diagnostic:
    """Turn one JSON Schema error into a located message with a hint."""
    path = list(error.absolute_path)
    v = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    inst = error.instance
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = list(schema.get("properties", {}))
        unknown = sorted(str(k) for k in inst if k not in allowed)
        key = unknown[0] if unknown else ""
        hint = "allowed keys here: " + ", ".join(allowed) if allowed else ""
        return doc.diagnostic(
            [*path, key], f"unknown key '{key}'{did_you_mean(key, allowed)}", hint, key=True
        )
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        sub = schema.get("properties", {}).get(missing, {})
        return doc.diagnostic(
            path,
            f"missing required field '{missing}'",
            f"add '{missing}:' here — {_expected(sub)}" if sub else "",
            key=bool(path),
        )
    if v == "type":
        want = schema.get("type")
        wants = [want] if isinstance(want, str) else list(want or [])
        words = " or ".join(_TYPE_NAMES.get(w, w) for w in wants)
        hint = ""
        if "string" in wants and not isinstance(inst, str):
            hint = "put the value in quotes to keep it as text"
        return doc.diagnostic(
            path,
            f"expected {words}, got {_type_of(inst)} {_describe(inst)}".replace(
                " got nothing nothing", " got nothing"
            ),
            hint,
        )
    if v == "enum":
        options = [str(o) for o in schema.get("enum", [])]
        return doc.diagnostic(
            path,
            f"expected one of {', '.join(options)}; got {_describe(inst)}"
            + (did_you_mean(str(inst), options) if isinstance(inst, str) else ""),
        )
    if v == "pattern":
        return doc.diagnostic(path, f"expected {_expected(schema)}; got {_describe(inst)}")
    if v == "minLength":
        return doc.diagnostic(path, "must not be empty", "write a value or remove the key")
    if v == "maxLength":
        return doc.diagnostic(
            path, f"too long: {len(str(inst))} characters, at most {schema.get('maxLength')}"
        )
    if v in ("minimum", "maximum"):
        return doc.diagnostic(path, f"out of range: {error.message}")
    if v in ("maxItems", "minItems"):
        return doc.diagnostic(path, f"wrong number of entries: {error.message}")
    if v == "uniqueItems":
        return doc.diagnostic(path, "an entry appears twice in this list")
    return doc.diagnostic(path, error.message)


def _property_name_errors(doc: YamlDoc, error: ValidationError) -> Diagnostic:
    """propertyNames errors point at the key, which jsonschema does not put in the path."""
    path = list(error.absolute_path)
    bad = error.instance
    sub = error.schema if isinstance(error.schema, dict) else {}
    return doc.diagnostic(
        [*path, bad], f"expected {_expected(sub)} as key; got {_describe(bad)}", key=True
    )


def schema_diagnostics(doc: YamlDoc, schema_name: str) -> list[Diagnostic]:
    """Every schema error of one document, located, best match first per place."""
    if doc.data is None:
        return [
            Diagnostic(
                file=doc.name,
                line=1,
                message="the file is empty",
                hint="see the README for what a record holds",
            )
        ]
    try:
        _fast_validator(schema_name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    from jsonschema import Draft7Validator  # slow to import, and only needed for bad files

    validator = Draft7Validator(load_schema(schema_name))
    out: list[Diagnostic] = []
    for error in _leaf_errors(validator.iter_errors(doc.data)):
        if error.validator == "propertyNames" or (
            error.parent is not None and error.parent.validator == "propertyNames"
        ):
            out.append(_property_name_errors(doc, error))
        else:
            out.append(_explain(doc, error))
    if not out:
        out.append(doc.diagnostic([], "does not match the record format"))
    return out


def _leaf_errors(errors: Iterable[ValidationError]) -> list[ValidationError]:
    """Flatten errors; for `propertyNames` keep the key-level error with its instance."""
    out: list[ValidationError] = []
    for error in errors:
        if error.validator == "propertyNames":
            for sub in error.context or []:
                sub.parent = error
                sub.path = error.path
                out.append(sub)
            if not error.context:
                out.append(error)
        else:
            out.append(error)
    return out


def _cite_check(doc: YamlDoc, path: list[Any], source: Any, known: list[str]) -> Diagnostic | None:
    """An error if `source` is not one of the record's source ids."""
    if isinstance(source, str) and source not in known:
        listed = ", ".join(known) if known else "none yet"
        return doc.diagnostic(
            [*path, "source"],
            f"unknown source '{source}'{did_you_mean(source, known)}",
            f"sources listed in this record: {listed}",
        )
    return None


def _record_checks(doc: YamlDoc, dimension_ids: list[str]) -> list[Diagnostic]:
    """Checks the schema cannot express: known dimensions and cited sources."""
    data = doc.data
    out: list[Diagnostic] = []
    sources = data.get("sources") or []
    source_ids = [s.get("id") for s in sources if isinstance(s, dict)]
    seen: set[Any] = set()
    for i, sid in enumerate(source_ids):
        if sid in seen:
            out.append(
                doc.diagnostic(
                    ["sources", i, "id"],
                    f"source id '{sid}' is used twice",
                    "give each source of a record its own id",
                )
            )
        seen.add(sid)
    known = [s for s in source_ids if isinstance(s, str)]
    for dim_id, position in (data.get("positions") or {}).items():
        if dimension_ids and dim_id not in dimension_ids:
            out.append(
                doc.diagnostic(
                    ["positions", dim_id],
                    f"unknown dimension '{dim_id}'{did_you_mean(dim_id, dimension_ids)}",
                    "dimensions are listed in content/dimensions.yaml",
                    key=True,
                )
            )
        for j, ev in enumerate((position or {}).get("evidence") or []):
            d = _cite_check(doc, ["positions", dim_id, "evidence", j], ev.get("source"), known)
            if d:
                out.append(d)
    for kind in ("quotes", "figures"):
        for j, item in enumerate(data.get(kind) or []):
            d = _cite_check(doc, [kind, j], item.get("source"), known)
            if d:
                out.append(d)
    return out


def _dimension_checks(doc: YamlDoc) -> list[Diagnostic]:
    """Dimension ids must be unique."""
    out = []
    seen: set[Any] = set()
    for i, dim in enumerate(doc.data.get("dimensions") or []):
        if dim.get("id") in seen:
            out.append(
                doc.diagnostic(["dimensions", i, "id"], f"dimension id '{dim['id']}' is used twice")
            )
        seen.add(dim.get("id"))
    return out


def _source_conflicts(docs: list[YamlDoc]) -> list[Diagnostic]:
    """The same source id in several records must name the same article."""
    first: dict[str, tuple[YamlDoc, dict[str, Any]]] = {}
    out = []
    for doc in docs:
        for i, src in enumerate(doc.data.get("sources") or []):
            sid = src.get("id")
            if sid not in first:
                first[sid] = (doc, src)
                continue
            other_doc, other = first[sid]
            for key in ("title", "url", "date", "publisher"):
                if key in src and key in other and src[key] != other[key]:
                    out.append(
                        doc.diagnostic(
                            ["sources", i, key],
                            f"source '{sid}' has a different {key} in {other_doc.name}",
                            "the same source id must describe the same article in every record; "
                            "rename one of them if they are different articles",
                            severity="warning",
                        )
                    )
                    break
    return out


def policy_schema_check(doc: YamlDoc) -> list[Diagnostic]:
    """The schema errors of a policy record: `load_records` can run it where it reads."""
    return schema_diagnostics(doc, "policy")


def validate_records(raw: RawRecords) -> list[Diagnostic]:
    """Validate everything: each file against its schema, then the checks across records."""
    out: list[Diagnostic] = []
    dimension_ids: list[str] = []
    if raw.dimensions is not None:
        found = schema_diagnostics(raw.dimensions, "dimensions")
        out += found
        if not found:
            out += _dimension_checks(raw.dimensions)
            dimension_ids = [d["id"] for d in raw.dimensions.data["dimensions"]]
    if raw.settings is not None and raw.settings.data is not None:
        out += schema_diagnostics(raw.settings, "site")
    ids: dict[str, YamlDoc] = {}
    valid: list[YamlDoc] = []
    for i, doc in enumerate(raw.policies):
        pid = policy_id_of(doc)
        if not ID_PATTERN.match(pid):
            out.append(
                Diagnostic(
                    file=doc.name,
                    message=f"'{pid}' is not a valid policy id",
                    hint="rename the file: lower-case letters, digits and single hyphens, e.g. "
                    "us-ai-action-plan.yaml",
                )
            )
            continue
        if pid in ids:
            out.append(
                Diagnostic(
                    file=doc.name,
                    message=f"policy id '{pid}' is also used by {ids[pid].name}",
                    hint="every record needs its own id (file name); rename or remove one",
                )
            )
            continue
        ids[pid] = doc
        found = raw.checks[i] if raw.checks is not None else policy_schema_check(doc)
        out += found
        if found:
            continue
        found = _record_checks(doc, dimension_ids)
        out += found
        if not found:
            valid.append(doc)
    out += _source_conflicts(valid)
    return out


def group_by_file(diags: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Diagnostics grouped per file, in file then line order."""
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in sorted(diags):
        grouped[d.file].append(d)
    return dict(grouped)
