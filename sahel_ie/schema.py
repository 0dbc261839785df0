"""JSON Schema of the record contract, generated from the dataclasses in ``sahel_ie.records``.

The shipped ``models/record.schema.json`` is this generator's output (a test keeps the two equal), so
the schema outside tools validate against can never drift from the classes the library writes.
Regenerate with ``python -m sahel_ie.schema > models/record.schema.json``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from typing import Any

from sahel_ie import records

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Attack", "attack_type"): records.ATTACK_TYPES,
    ("DateValue", "precision"): records.DATE_PRECISIONS,
    ("Target", "category"): records.TARGET_CATEGORIES,
    ("Casualty", "outcome"): records.CASUALTY_OUTCOMES,
    ("Casualty", "group"): records.CASUALTY_GROUPS,
    ("Casualty", "qualifier"): records.QUALIFIERS,
    ("Claim", "status"): records.CLAIM_STATUSES,
    ("Attribution", "certainty"): records.ATTRIBUTION_CERTAINTIES,
}
NULLABLE_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Location", "relation"): records.LOCATION_RELATIONS,
    ("ActorRef", "certainty"): records.PERPETRATOR_CERTAINTIES,
}
SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _type_schema(annotation: Any) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _type_schema(options[0])
        if type(None) in args:
            if "$ref" in inner:
                return {"anyOf": [inner, {"type": "null"}]}
            inner = dict(inner)
            inner["type"] = [inner["type"], "null"]
        return inner
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0])}
    if dataclasses.is_dataclass(annotation):
        return {"$ref": f"#/$defs/{annotation.__name__}"}
    if annotation is float:
        return {"type": "number"}
    return {"type": SCALARS[annotation]}


def _class_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in dataclasses.fields(cls):
        schema = _type_schema(hints[field.name])
        key = (cls.__name__, field.name)
        if key in ENUMS:
            schema = {"type": "string", "enum": list(ENUMS[key])}
        elif key in NULLABLE_ENUMS:
            schema = {"enum": [*NULLABLE_ENUMS[key], None]}
        properties[field.name] = schema
        required.append(field.name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": True}


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``Extraction`` object."""
    classes = [
        records.Evidence, records.DateValue, records.Location, records.ActorRef, records.Target,
        records.Casualty, records.Attack, records.Claim, records.Attribution, records.ActorSummary,
        records.ErrorEntry, records.Source,
    ]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "sahel_ie/record.schema.json",
        "title": "sahel_ie Extraction (one article)",
        **_class_schema(records.Extraction),
        "$defs": {cls.__name__: _class_schema(cls) for cls in classes},
    }
    return schema


def load_schema() -> dict[str, Any]:
    """The shipped schema file."""
    from sahel_ie.resources import read_json

    return read_json("record.schema.json")


def validate_extraction(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``data`` does not follow the contract."""
    import jsonschema

    jsonschema.validate(data, load_schema())


if __name__ == "__main__":
    json.dump(build_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
