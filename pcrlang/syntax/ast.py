"""The abstract syntax tree: frozen attrs nodes, each with the span of the text it came from.

The builder (build.py) makes these from the parser's callbacks; every later pass reads them
and never sees Lark's parse tree. Numbers are exact `Fraction`s from the moment they are read.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional, Union

import attrs

from ..source import Span

frozen = attrs.frozen(slots=True)


@frozen
class Name:
    value: str
    span: Span


@frozen
class Text:
    """Text in the two languages of a standard; either may be missing (the checker says so)."""

    zh: Optional[str]
    en: Optional[str]
    span: Span


@frozen
class UnitFactor:
    name: str
    power: int
    span: Span


@frozen
class UnitExpr:
    """A unit as written, e.g. kgCO2e/kWh: factors with integer powers (division negates)."""

    factors: tuple[UnitFactor, ...]
    span: Span

    def text(self) -> str:
        out = ""
        for i, f in enumerate(self.factors):
            if i:
                out += "/" if f.power < 0 else "*"
            p = abs(f.power) if i else f.power
            out += f.name if p == 1 else f"{f.name}^{p}"
        return out or "1"


# ---- expressions --------------------------------------------------------------------


@frozen
class Number:
    value: Fraction
    text: str
    span: Span


@frozen
class KeyLiteral:
    value: str
    span: Span


@frozen
class NameRef:
    name: str
    span: Span


@frozen
class Call:
    function: Name
    args: tuple["Expr", ...]
    span: Span


@frozen
class Lookup:
    table: Name
    key: "Expr"
    span: Span


@frozen
class Binary:
    op: str  # + - * /
    left: "Expr"
    right: "Expr"
    span: Span


@frozen
class Negate:
    operand: "Expr"
    span: Span


@frozen
class Compare:
    op: str  # < <= > >= == !=
    left: "Expr"
    right: "Expr"
    span: Span


@frozen
class Logical:
    op: str  # and, or
    left: "Expr"
    right: "Expr"
    span: Span


@frozen
class Not:
    operand: "Expr"
    span: Span


@frozen
class Conditional:
    condition: "Expr"
    then: "Expr"
    otherwise: "Expr"
    span: Span


@frozen
class RowSum:
    """`sum(row in table: expr)`: the sum of expr over the rows of a table of rows."""
    var: Name
    table: Name
    body: "Expr"
    span: Span


@frozen
class RowAverage:
    """`average(row in table: expr weighted by weight)`: sum(expr x weight) / sum(weight)."""
    var: Name
    table: Name
    body: "Expr"
    weight: "Expr"
    span: Span


@frozen
class ColumnRef:
    """`row.column`: a column of the row a sum (or a per-row contribution) ranges over."""
    var: Name
    column: Name
    span: Span


Expr = Union[Number, KeyLiteral, NameRef, Call, Lookup, Binary, Negate, Compare, Logical, Not, Conditional, RowSum,
             RowAverage, ColumnRef]

# ---- declarations -------------------------------------------------------------------


@frozen
class DeclaredUnit:
    amount: Fraction
    unit: UnitExpr
    text: Optional[Text]
    span: Span


@frozen
class PeriodInputs:
    """`period START to END` with two date inputs: the company's reference period comes with the data."""
    start: Name
    end: Name


@frozen
class HeaderField:
    """One header line; kept as written so the checker can report duplicates and omissions."""

    key: str
    value: object
    span: Span


@frozen
class Header:
    identifier: str
    version: str
    fields: tuple[HeaderField, ...]
    span: Span
    identifier_span: Span
    version_span: Span


@frozen
class Process:
    name: Name
    text: Optional[Text]
    span: Span


@frozen
class Stage:
    name: Name
    phase: Name
    text: Optional[Text]
    processes: tuple[Process, ...]
    span: Span


@frozen
class Exclusion:
    name: Name
    text: Optional[Text]
    reason: Text
    span: Span


@frozen
class Boundary:
    kind: Name
    stages: tuple[Stage, ...]
    exclusions: tuple[Exclusion, ...]
    span: Span


@frozen
class Key:
    name: Name
    text: Optional[Text]


@frozen
class KeySet:
    name: Name
    keys: tuple[Key, ...]
    span: Span


@frozen
class Bounds:
    low: Fraction
    high: Fraction
    low_inclusive: bool
    high_inclusive: bool
    span: Span


@frozen
class Attribute:
    """An attribute of an input or factor as written (`primary`, `source "..."`, `zh "..."`)."""

    key: str
    value: object
    span: Span


@frozen
class Input:
    name: Name
    unit: UnitExpr  # a unit, or the name of a key set (one factor, power 1)
    attributes: tuple[Attribute, ...]
    span: Span


@frozen
class Factor:
    name: Name
    unit: UnitExpr
    value: Fraction
    value_text: str
    attributes: tuple[Attribute, ...]
    span: Span


@frozen
class TableRow:
    key: Name
    value: Fraction
    value_text: str


@frozen
class Table:
    name: Name
    unit: UnitExpr
    keyset: Name
    attributes: tuple[Attribute, ...]
    rows: tuple[TableRow, ...]
    span: Span


@frozen
class Quantity:
    name: Name
    unit: Optional[UnitExpr]
    text: Optional[Text]
    expr: Expr
    span: Span
    symbol: Optional[str] = None  # `symbol "..."`: how formulas show it (publication only)


@frozen
class Reference:
    """An entry of `normative { ... }` or `bibliography { ... }`: the code as written
    ("GB/T 24067—2024") and the title."""
    code: str
    title: Optional[Text]
    span: Span


@frozen
class Place:
    stage: Name
    process: Optional[Name]
    span: Span


@frozen
class Contribution:
    direction: str  # emission or removal
    name: Name
    place: Place
    attributes: tuple[Attribute, ...]  # gas NAME, carbon kind NAME
    text: Optional[Text]
    expr: Expr
    span: Span
    row: Optional["RowScope"] = None  # `for row in table`: one contribution per row
    symbol: Optional[str] = None  # `symbol "..."` (publication only)


@frozen
class RowScope:
    var: Name
    table: Name
    span: Span


@frozen
class Column:
    """A column of a table of rows: its unit (or key set, or `text`) and attributes."""
    name: Name
    unit: UnitExpr
    attributes: tuple[Attribute, ...]
    span: Span


@frozen
class RowsInput:
    """An input that is a table of rows (a bill of materials, a data-collection table)."""
    name: Name
    attributes: tuple[Attribute, ...]  # text, optional
    columns: tuple[Column, ...]
    min_rows: int
    span: Span


@frozen
class AllocationItem:
    role: str  # product, coproduct, avoided, justification, then (name: the allocation that splits the product further)
    name: Optional[Name]
    expr: Optional[Expr]
    text: Optional[Text]
    span: Span


@frozen
class Allocation:
    name: Name
    places: tuple[Place, ...]
    method: Name
    items: tuple[AllocationItem, ...]
    span: Span


@frozen
class CutoffRule:
    kind: str  # per_flow, total, never, text
    op: Optional[str]
    percent: Optional[Fraction]
    basis: Optional[Name]
    names: tuple[Name, ...]
    text: Optional[Text]
    span: Span


@frozen
class Cutoff:
    rules: tuple[CutoffRule, ...]
    span: Span


@frozen
class Given:
    name: Name
    kind: str  # number, key, cut_off, rows
    value: object  # Fraction or str; for rows a tuple of rows, each a tuple of Given (one per column)
    unit: Optional[UnitExpr]
    span: Span


@frozen
class Expectation:
    target: str  # total, stage, process, gas, kind, cutoff (subject: pass or fail)
    subject: tuple[Name, ...]
    value: Fraction
    unit: Optional[UnitExpr]
    tolerance: Fraction
    tolerance_relative: bool
    tolerance_unit: Optional[UnitExpr]
    span: Span


@frozen
class Example:
    title: str
    text: Optional[Text]
    givens: tuple[Given, ...]
    expectations: tuple[Expectation, ...]
    span: Span
    title_span: Span


Declaration = Union[Header, Boundary, KeySet, Input, Factor, Table, Quantity, Contribution, Allocation, Cutoff, Example]


@frozen
class Module:
    """One parsed file."""

    path: str
    declarations: tuple[Declaration, ...]
    # names declared by declarations that failed to parse: the checker does not report
    # them as unknown, so one syntax error does not cascade into many.
    unparsed_names: frozenset[str] = frozenset()


# ---- the rest of the rule semantics (recycling, electricity, grading, data quality, modules) --


@frozen
class DatedValue:
    """A factor value in force from one date to another (ISO dates, inclusive)."""

    start: str
    end: str
    value: Fraction
    value_text: str
    source: Optional[str]
    span: Span


@frozen
class DatedFactor:
    name: Name
    unit: UnitExpr
    attributes: tuple[Attribute, ...]
    values: tuple[DatedValue, ...]
    span: Span


@frozen
class Parameter:
    name: Name
    expr: Expr


@frozen
class Recycling:
    """End of life and recycled content by the Circular Footprint Formula or a special case."""

    name: Name
    place: Place
    approach: Name
    text: Optional[Text]
    parameters: tuple[Parameter, ...]
    span: Span


@frozen
class ElectricitySource:
    name: Name
    condition: Optional[Expr]
    factor: Expr
    text: Optional[Text]
    span: Span


@frozen
class Electricity:
    name: Name
    place: Place
    factor_kind: Name  # combustion or life_cycle
    text: Optional[Text]
    amount: Optional[Expr]
    sources: tuple[ElectricitySource, ...]
    span: Span


@frozen
class TransportItem:
    key: str  # legs, factor or empty_return
    value: object  # a Name (legs, factor) or an Expr (empty_return)
    span: Span


@frozen
class Transport:
    """Freight of the legs of a table of rows: mass x distance x the factor of the leg's mode,
    raised by an empty-return share where the rule gives one."""
    name: Name
    place: Place
    attributes: tuple[Attribute, ...]  # carbon kind NAME, gas NAME (the gas is the factor's otherwise)
    text: Optional[Text]
    items: tuple[TransportItem, ...]
    span: Span

    def item(self, key: str):
        return next((i.value for i in self.items if i.key == key), None)


@frozen
class GradeClass:
    name: Name
    op: Optional[str]  # None: otherwise
    limit: Optional[Fraction]
    unit: Optional[UnitExpr]
    text: Optional[Text]
    span: Span


@frozen
class Consistency:
    """`check NAME: LEFT within N % of RIGHT` (tolerance set), or `check NAME: CONDITION`."""
    name: Name
    text: Optional[Text]
    left: "Expr"  # the condition, when there is no tolerance
    tolerance: Optional[Fraction]  # percent
    tolerance_text: Optional[str]
    right: Optional["Expr"]
    span: Span


@frozen
class Grading:
    text: Optional[Text]
    decimals: Optional[int]
    rounding: Optional[Name]
    classes: tuple[GradeClass, ...]
    span: Span


@frozen
class QualityLevel:
    name: Name
    op: Optional[str]
    limit: Optional[Fraction]
    span: Span


@frozen
class QualityRequirement:
    level: Optional[Name]  # None for the primary share
    subjects: tuple[Name, ...]  # inputs or `result`
    op: Optional[str]
    percent: Optional[Fraction]
    span: Span


@frozen
class DataQuality:
    name: Name
    text: Optional[Text]
    criteria: tuple[Name, ...]
    criteria_bounds: Optional[Bounds]
    rating: Optional[Expr]
    levels: tuple[QualityLevel, ...]
    requirements: tuple[QualityRequirement, ...]
    span: Span


@frozen
class BiogenicContent:
    text: Optional[Text]
    expr: Expr
    span: Span


@frozen
class Import:
    path: str
    span: Span


@frozen
class Library:
    identifier: str
    version: str
    fields: tuple[HeaderField, ...]
    span: Span


@frozen
class GwpValues:
    name: Name
    source: str
    values: tuple[tuple[Name, Fraction], ...]
    span: Span


@frozen
class Override:
    """`override DECLARATION`: replaces the declaration of that name in the extended rule."""

    declaration: object
    span: Span
