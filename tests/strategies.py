"""Hypothesis strategies drawn from a calculator's JSON Schema (the subset pcrlang emits)."""
from __future__ import annotations

from hypothesis import strategies as st

# The agreement promised between calculator and interpreter holds for numbers that are zero or
# of magnitude between 1e-100 and 1e100: binary64 represents their products and quotients with
# full precision. Beyond that (subnormal underflow, overflow) no float calculator can match exact
# arithmetic to 1e-9, and no activity datum lies there.
TINY, HUGE = 1e-100, 1e100


def _number(schema: dict) -> st.SearchStrategy:
    low = schema.get("minimum", schema.get("exclusiveMinimum", -HUGE))
    high = schema.get("maximum", schema.get("exclusiveMaximum", HUGE))
    open_low, open_high = "exclusiveMinimum" in schema, "exclusiveMaximum" in schema
    parts = []
    for lo, hi in ((max(low, TINY), min(high, HUGE)), (max(low, -HUGE), min(high, -TINY))):
        if lo <= hi:
            parts.append(st.floats(min_value=lo, max_value=hi, exclude_min=open_low and lo == low,
                                   exclude_max=open_high and hi == high, allow_nan=False, allow_infinity=False))
    if (low < 0 or (low == 0 and not open_low)) and (high > 0 or (high == 0 and not open_high)):
        parts.append(st.just(0.0))
    return st.one_of(parts)


def from_schema(schema: dict) -> st.SearchStrategy:
    if "oneOf" in schema:
        return st.one_of([from_schema(s) for s in schema["oneOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":  # a reference period's start or end
        return st.sampled_from(["2022-01-01", "2022-12-31", "2023-01-01", "2023-12-31", "2024-02-29", "2023-06-15"])
    if kind == "string":  # a text column: a few short names
        return st.sampled_from(["a", "b", "c", "steel", "铝"])
    if kind == "array":  # a table of rows
        return st.lists(from_schema(schema["items"]), min_size=schema.get("minItems", 0), max_size=4)
    if kind == "number":
        return _number(schema)
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: from_schema(v) for k, v in properties.items() if k in required},
            optional={k: from_schema(v) for k, v in properties.items() if k not in required},
        )
    raise NotImplementedError(f"schema construct not generated: {schema}")
