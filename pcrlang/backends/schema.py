"""JSON Schema (draft 2020-12) of a calculator's input and result, from the IR."""
from __future__ import annotations

from .. import ir

NUMBER = {"type": "number"}


def _number_schema(i: ir.Input) -> dict:
    schema: dict = {"type": "number"}
    if i.bounds is not None:
        b = i.bounds
        schema["exclusiveMinimum" if not b.low_inclusive else "minimum"] = float(b.low)
        schema["exclusiveMaximum" if not b.high_inclusive else "maximum"] = float(b.high)
    return schema


def input_schema(rs: ir.Ruleset) -> dict:
    properties = {}
    for i in rs.inputs:
        if i.kind == "key":
            value: dict = {"type": "string", "enum": list(i.keys)}
        else:
            value = _number_schema(i)
        description = f"{i.text.en or i.name} ({i.unit}); clause {i.clause}"
        if i.default is not None:
            description += f"; default {float(i.default) if not isinstance(i.default, str) else i.default} ({i.default_source})"
        options = [value]
        if i.kind == "number" and rs.data_quality is not None:
            dq = rs.data_quality
            b = dq.criteria_bounds
            score = {"type": "number", ("minimum" if b.low_inclusive else "exclusiveMinimum"): float(b.low),
                     ("maximum" if b.high_inclusive else "exclusiveMaximum"): float(b.high)}
            options.append({"type": "object", "required": ["value"], "additionalProperties": False,
                            "description": "a measured value with its data-quality scores",
                            "properties": {"value": _number_schema(i), "quality": {
                                "type": "object", "additionalProperties": False, "required": list(dq.criteria),
                                "properties": {c: score for c in dq.criteria}}}})
        if i.cut_off != "never" and rs.cutoff is not None:
            options.append({"type": "object", "properties": {"cut_off": _number_schema(i)},
                            "required": ["cut_off"], "additionalProperties": False,
                            "description": "left out under the cut-off rule, with an estimate"})
        if len(options) > 1:
            value = {"oneOf": options}
        value["description"] = description
        value["x-pcrlang-clause"] = i.clause
        value["x-pcrlang-unit"] = i.unit
        properties[i.name] = value
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Inputs of {rs.identifier} {rs.version}",
        "type": "object",
        "properties": properties,
        "required": [i.name for i in rs.inputs if not i.optional],
        "additionalProperties": False,
    }


def _map(keys=None) -> dict:
    schema = {"type": "object", "additionalProperties": NUMBER}
    if keys is not None:
        schema["properties"] = {k: NUMBER for k in keys}
        schema["required"] = list(keys)
    return schema


def result_schema(rs: ir.Ruleset) -> dict:
    stages = [s.name for s in rs.stages]
    kinds = ["fossil", "biogenic", "land_use_change", "aircraft"]
    separately = ["fossil", "biogenic_emissions", "biogenic_removals", "land_use_change", "aircraft",
                  "total_excluding_biogenic"]
    nullable_string = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Result of {rs.identifier} {rs.version} (kg CO2e per declared unit)",
        "type": "object",
        "required": ["ruleset", "declared_unit", "unit", "gwp", "total", "by_stage", "by_process", "by_gas",
                     "by_carbon_kind", "separately_reported", "allocation", "cutoff", "data", "trace", "recycling",
                     "electricity", "grade", "data_quality"],
        "properties": {
            "ruleset": {"type": "object", "required": ["identifier", "version", "fingerprint", "compiler"],
                        "properties": {"identifier": {"const": rs.identifier}, "version": {"const": rs.version},
                                       "status": {"type": "string"}, "fingerprint": {"type": "string"},
                                       "compiler": {"type": "string"}}},
            "declared_unit": {"type": "object", "properties": {"amount": NUMBER, "unit": {"type": "string"}}},
            "unit": {"const": "kg CO2e per declared unit"},
            "gwp": {"const": rs.gwp_set},
            "total": NUMBER,
            "by_stage": _map(stages),
            "by_process": _map(),
            "by_gas": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["mass_kg", "co2e_kg"],
                "properties": {"mass_kg": NUMBER, "co2e_kg": NUMBER}}},
            "by_carbon_kind": _map(kinds),
            "separately_reported": _map(separately),
            "allocation": {"type": "object", "additionalProperties": {
                "type": "object", "properties": {"clause": {"type": "string"}, "method": {"type": "string"},
                                                 "product": {"type": "string"},
                                                 "processes": {"type": "array", "items": {"type": "string"}},
                                                 "shares": {"type": ["object", "null"], "additionalProperties": NUMBER}}}},
            "cutoff": {"type": "object", "required": ["flows", "exempted_emissions_percent", "pass"], "properties": {
                "clause": nullable_string,
                "flows": {"type": "array", "items": {"type": "object", "required": ["input", "estimate", "shares_percent", "pass"],
                                                     "properties": {"input": {"type": "string"}, "clause": {"type": "string"},
                                                                    "estimate": NUMBER, "unit": {"type": "string"},
                                                                    "shares_percent": _map(), "pass": {"type": "boolean"}}}},
                "shares_percent": _map(), "exempted_emissions_percent": NUMBER, "pass": {"type": "boolean"}}},
            "data": {"type": "object", "properties": {"defaults_used": {"type": "array"},
                                                      "optional_left_out": {"type": "array"}}},
            "trace": {"type": "array", "items": {"type": "object", "required": [
                "contribution", "clause", "stage", "gas", "carbon_kind", "formula", "gas_kg", "gwp", "co2e_kg", "factors"]}},
            "recycling": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["approach", "A", "material", "energy", "disposal", "total"]}},
            "electricity": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["source", "factor_kind", "factor_kg_per_kWh"]}},
            "grade": {"type": ["object", "null"], "properties": {"class": {"type": ["string", "null"]},
                                                                  "rounded_total": NUMBER}},
            "data_quality": {"type": ["object", "null"], "properties": {
                "primary_share_percent": {"type": ["number", "null"]}, "violations": {"type": "array"},
                "pass": {"type": "boolean"}}},
        },
    }


def error_schema() -> dict:
    nullable_string = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A refused calculation",
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "field": nullable_string,
            "formula": nullable_string, "clause": nullable_string}}},
    }


def schemas(rs: ir.Ruleset) -> dict:
    return {"input": input_schema(rs), "result": result_schema(rs), "error": error_schema()}
