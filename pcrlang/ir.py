"""The intermediate representation: what every backend reads.

Plain frozen data. Numbers are exact Fractions in base units (kg, J, m, s, ...); unit
conversions are already folded in. Clause numbers are assigned here, once, and shared by the
interpreter's trace, the Python calculator and the standard document.

Expressions are nested tuples, the first element naming the operation:
  ("const", Fraction)        a number
  ("input", name)            an input's value, in the unit the input is declared in
  ("factor", name)           a factor's value in base units
  ("lookup", table, key)     a table's value in base units; key is ("input", name) or ("key", k)
  ("quantity", name)         a named intermediate quantity
  ("key", k)                 a key of a key set, for comparisons
  ("add"|"sub"|"mul"|"div", a, b), ("neg", a)
  ("min"|"max", (a, b, ...))
  ("if", condition, then, otherwise)
  ("cmp", op, a, b), ("and", a, b), ("or", a, b), ("not", a)
  ("choose", name, clause, ((condition or None, value), ...))
                             the first value whose condition holds (electricity sources);
                             none holding is a refused calculation

The canonical JSON form (sorted keys, no spans, Fractions as "p/q" strings) is hashed with
sha256 to give the ruleset's fingerprint.
"""
from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from typing import Optional

import attrs

from .source import Span

IR_VERSION = 1
frozen = attrs.frozen(slots=True)


@frozen
class Text:
    zh: Optional[str]
    en: Optional[str]


@frozen
class Bounds:
    low: Fraction
    high: Fraction
    low_inclusive: bool
    high_inclusive: bool


@frozen
class Input:
    name: str
    clause: str
    unit: str
    dimension: str  # readable, e.g. "mass"
    to_base: Fraction
    kind: str  # "number" or "key"
    keyset: Optional[str]
    keys: tuple
    bounds: Optional[Bounds]
    primary: bool
    optional: bool  # may be left out; counts as zero, and the result says so
    default: object  # Fraction, key string or None (a default makes the input optional)
    default_source: Optional[str]
    cut_off: str  # "never", "mass", "energy" or "any": which per-flow basis can judge a cut-off
    text: Text
    span: Span
    product_property: bool = False  # used by the production formula: never cut, not an energy flow
    key_texts: tuple = ()  # (key, Text) for a key-set input: the keys' names in both languages


@frozen
class Factor:
    name: str
    clause: str
    unit: str
    dimension: str
    value: Fraction  # as written, in `unit`
    value_text: str
    base_value: Fraction
    source: Optional[str]
    geography: Optional[str]
    vintage: Optional[str]
    unverified: bool
    text: Text
    span: Span
    kind: Optional[str] = None  # electricity factor kind: combustion or life_cycle
    validity: tuple = ()  # (start, end, value text, source, in force) of each dated value


@frozen
class TableRow:
    key: str
    value: Fraction
    value_text: str
    base_value: Fraction


@frozen
class Table:
    name: str
    clause: str
    unit: str
    dimension: str
    keyset: str
    rows: tuple  # TableRow in key-set order
    source: Optional[str]
    geography: Optional[str]
    vintage: Optional[str]
    unverified: bool
    text: Text
    span: Span
    key_texts: tuple = ()  # (key, Text): the keys' names in both languages


@frozen
class Quantity:
    name: str
    clause: str
    unit: Optional[str]
    formula: str  # the formula as written in the ruleset
    expr: tuple
    text: Text
    span: Span


@frozen
class Contribution:
    name: str
    clause: str
    direction: str  # emission, removal, credit (a substitution's avoided product)
    stage: str
    process: Optional[str]
    gas: str
    gwp: Fraction
    carbon_kind: str
    formula: str
    expr: tuple  # mass of the gas in kg for the period (before allocation and normalisation)
    factors: tuple  # names of factors and tables the formula uses, directly or through quantities
    inputs: tuple  # names of inputs the formula uses
    allocation: Optional[str]
    text: Text
    span: Span
    packaging: bool = False
    recycling: Optional[str] = None  # the recycling block this term belongs to
    term: Optional[str] = None  # material, energy or disposal (Circular Footprint Formula)
    electricity: Optional[str] = None  # the electricity block this contribution is


@frozen
class CoProduct:
    name: str
    expr: Optional[tuple]
    formula: str


@frozen
class Allocation:
    name: str
    clause: str
    method: str
    places: tuple  # (stage, process or None)
    product: str
    products: tuple  # CoProduct: the declared product first, then the co-products
    justification: Optional[Text]
    span: Span


@frozen
class Threshold:
    op: str  # < or <=
    percent: Fraction
    basis: str  # mass, energy, emissions


@frozen
class Cutoff:
    clause: str
    per_flow: tuple
    total: tuple
    never: tuple
    text: Text
    span: Span


@frozen
class Given:
    name: str
    kind: str  # number, key, cut_off
    value: object  # Fraction in the input's own unit, or a key


@frozen
class Expectation:
    target: str  # total, stage, process, gas, kind, cutoff
    subject: tuple
    value: Fraction  # in base units (kg CO2e or kg of gas); for cutoff: 1 pass, 0 fail
    measure: str  # co2e, gas_mass or verdict
    unit: str
    tolerance: Fraction  # relative (fraction) or absolute in base units
    relative: bool
    span: Span


@frozen
class Example:
    title: str
    clause: str
    text: Text
    givens: tuple
    expectations: tuple
    span: Span


@frozen
class Process:
    name: str
    text: Text


@frozen
class Stage:
    name: str
    phase: str
    clause: str
    text: Text
    processes: tuple


@frozen
class Exclusion:
    name: str
    text: Text
    reason: Text


@frozen
class Recycling:
    name: str
    clause: str
    approach: str
    stage: str
    process: Optional[str]
    parameters: tuple  # (name, formula text, expr), every parameter with its default filled in
    text: Text
    span: Span


@frozen
class ElectricitySource:
    name: str
    condition: Optional[tuple]
    condition_formula: Optional[str]
    factor: tuple
    factor_formula: str
    text: Text
    inputs: tuple = ()  # inputs its factor uses (data quality: the chosen source's data count)


@frozen
class Electricity:
    name: str
    clause: str
    factor_kind: str
    stage: str
    process: Optional[str]
    gas: str
    amount: tuple
    amount_formula: str
    sources: tuple
    text: Text
    span: Span
    amount_inputs: tuple = ()


@frozen
class GradeClass:
    name: str
    op: Optional[str]
    limit: Optional[Fraction]  # kg CO2e per declared unit
    limit_text: str
    text: Text


@frozen
class Grading:
    clause: str
    decimals: Optional[int]
    rounding: Optional[str]
    classes: tuple
    text: Text


@frozen
class QualityLevel:
    name: str
    op: Optional[str]
    limit: Optional[Fraction]


@frozen
class DataQuality:
    name: str
    clause: str
    criteria: tuple
    criteria_bounds: Bounds
    rating: tuple
    rating_formula: str
    levels: tuple
    input_minimums: tuple  # (input, level)
    result_minimum: Optional[str]
    primary_share: Optional[tuple]  # (op, percent)
    text: Text


@frozen
class RangeCheck:
    """A parameter computed at run time that must lie in a range (a recycling share, say)."""

    name: str
    clause: str
    expr: tuple
    low: Fraction
    high: Fraction


@frozen
class Clause:
    number: str
    subject: str  # what the clause states: "declared_unit", "input:coal", ...
    title: Text


@frozen
class Ruleset:
    identifier: str
    version: str
    status: str
    title: Text
    issuer: Optional[Text]
    scope: Optional[Text]
    references: tuple
    effective: Optional[str]
    gwp_set: str
    gwp_source: str
    gwp_values: tuple  # (gas, Fraction), gases the ruleset uses
    declared_amount: Fraction
    declared_unit: str
    declared_dimension: str
    declared_base: Fraction  # the declared unit in base units (1 t -> 1000 kg)
    declared_text: Optional[Text]
    production: Optional[str]
    boundary_kind: str
    stages: tuple
    exclusions: tuple
    inputs: tuple
    factors: tuple
    tables: tuple
    quantities: tuple  # in dependency order
    contributions: tuple
    allocations: tuple
    cutoff: Optional[Cutoff]
    examples: tuple
    clauses: tuple
    source_file: str
    span: Span
    production_expr: Optional[tuple] = None  # the production in base units (an input or a formula)
    production_formula: Optional[str] = None
    period: Optional[tuple] = None
    recyclings: tuple = ()
    electricity: tuple = ()
    grading: Optional[Grading] = None
    data_quality: Optional[DataQuality] = None
    biogenic_content: Optional[tuple] = None  # expr giving kg C for the period
    biogenic_content_formula: Optional[str] = None
    range_checks: tuple = ()

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)


def to_data(value):
    """Plain JSON-able data: attrs classes to dicts (spans dropped), Fractions to strings."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return {f.name: to_data(getattr(value, f.name)) for f in attrs.fields(type(value))
                if f.name not in ("span", "source_file")}
    raise TypeError(f"not IR data: {value!r}")


def canonical_json(ruleset: Ruleset) -> str:
    data = {"pcrlang_ir": IR_VERSION, "ruleset": to_data(ruleset)}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(ruleset: Ruleset) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(ruleset).encode("utf-8")).hexdigest()
