"""The JSON Schema of the IR (`pcr ir --schema`), generated from the attrs classes themselves,
so it cannot drift from what `pcr ir` prints. A third party can write a backend from the IR
and this schema alone (docs/ir.md says what the program means)."""
from __future__ import annotations

import sys
import typing
from fractions import Fraction

import attrs

from . import expr as cx
from . import ir, serialize

_NUMBER = {"type": "string", "pattern": r"^-?[0-9]+(/[0-9]+)?$",
           "description": "an exact rational number: an integer or numerator/denominator in lowest terms"}
_DIMENSION = {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}],
                                         "minItems": 2, "maxItems": 2},
              "description": "a dimension: (base dimension, exponent) pairs sorted by base"}


def _resolved(cls):
    module = vars(sys.modules[cls.__module__])
    attrs.resolve_types(cls, globalns={**module, "Fraction": Fraction, "Optional": typing.Optional,
                                       "Union": typing.Union})
    return cls


def _type_schema(t, defs: dict) -> dict:
    if t is str:
        return {"type": "string"}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        return {"type": "integer"}
    if t is Fraction:
        return {"$ref": "#/$defs/number"}
    if t is object or t is typing.Any:
        return {}
    if t is tuple:
        return {"type": "array"}
    if t is cx.Expr:
        return {"$ref": "#/$defs/expr"}
    origin = typing.get_origin(t)
    if origin is typing.Union:
        args = typing.get_args(t)
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        if set(args) == set(typing.get_args(cx.Expr)):
            return {"$ref": "#/$defs/expr"}
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin is tuple:
        args = typing.get_args(t)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {"type": "array"}
    if attrs.has(t):
        _define(t, defs)
        return {"$ref": f"#/$defs/{_name(t)}"}
    return {}


_OVERRIDES = {"dimension": _DIMENSION, "declared_dimension": _DIMENSION}


def _name(cls) -> str:
    """Expression nodes are `expr.Input` (the IR has its own Input and Factor records)."""
    return f"expr.{cls.__name__}" if cls in cx.NODES else cls.__name__


def _define(cls, defs: dict) -> None:
    if _name(cls) in defs:
        return
    defs[_name(cls)] = {}  # against recursion
    _resolved(cls)
    properties, required = {}, []
    op = getattr(cls, "OP", None)
    if op is not None:
        properties["node"] = {"const": op}
        required.append("node")
    for f in attrs.fields(cls):
        if f.name == "span" or f.metadata.get("span"):
            continue
        schema = _OVERRIDES.get(f.name) or _type_schema(f.type, defs)
        if f.metadata.get("publication"):
            schema = dict(schema, **{"x-pcrlang-publication": True})
        default = serialize._default(f)
        if default is serialize._NO_DEFAULT:
            required.append(f.name)
        else:  # left out of the JSON when at its default
            schema = dict(schema, default=serialize.to_data(default))
        properties[f.name] = schema
    defs[_name(cls)] = {"type": "object", "properties": properties, "required": required,
                          "additionalProperties": False, "description": (cls.__doc__ or cls.__name__).strip()}


def ir_schema() -> dict:
    defs: dict = {"number": _NUMBER}
    for node in cx.NODES:
        _define(node, defs)
    defs["expr"] = {"oneOf": [{"$ref": f"#/$defs/{_name(n)}"} for n in cx.NODES],
                    "description": "a core expression, by its `node`"}
    _define(ir.Let, defs)
    _define(ir.Check, defs)
    _define(ir.Ruleset, defs)
    defs["Ruleset"]["properties"]["steps"] = {
        "type": "array", "items": {"oneOf": [{"$ref": "#/$defs/Let"}, {"$ref": "#/$defs/Check"}]},
        "description": "the program: bindings and checks, in evaluation order"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://pcrlang.org/schema/ir-{ir.IR_VERSION}.json",
        "title": f"pcrlang IR, version {ir.IR_VERSION}",
        "description": "What `pcr ir` prints: the checked rule as data. Fields marked x-pcrlang-publication are "
                       "texts and clause numbers (outside the semantic fingerprint).",
        "type": "object",
        "properties": {"pcrlang_ir": {"const": ir.IR_VERSION}, "ruleset": {"$ref": "#/$defs/Ruleset"},
                       "fingerprint": {"type": "string"}, "publication_fingerprint": {"type": "string"},
                       "compiler": {"type": "string"}},
        "required": ["pcrlang_ir", "ruleset"],
        "$defs": defs,
    }
