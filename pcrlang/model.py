"""The checked model: what the checker hands to the lowering pass.

Names are resolved, units are turned into exact factors and dimensions, quantities are in
dependency order. Only produced for a ruleset with no errors.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from .syntax import ast

frozen = attrs.frozen(slots=True)


@frozen
class InputInfo:
    decl: ast.Input
    unit_text: str
    to_base: Fraction
    dimension: tuple
    keyset: Optional[str]
    bounds: Optional[ast.Bounds]
    primary: bool
    optional: bool
    default: object  # Fraction, str (key) or None
    default_source: Optional[str]
    text: ast.Text
    flow: bool = False  # a material or energy flow: the only inputs (or columns) a cut-off may leave out
    is_text: bool = False  # a text column (names a row; not a value)
    is_date: bool = False  # a date (an ISO date in the inputs): the reference period's start or end
    key: bool = False  # the column that identifies the rows of its table
    columns: tuple = ()  # a table of rows: its columns (InputInfo each), in order
    min_rows: int = 0
    provenance: bool = False  # a key column saying whether a row's data are primary or secondary


@frozen
class FactorInfo:
    decl: object  # ast.Factor or ast.Table
    unit_text: str
    to_base: Fraction
    dimension: tuple
    source: Optional[str]
    geography: Optional[str]
    vintage: Optional[str]
    unverified: bool
    text: ast.Text
    kind: Optional[str] = None  # electricity factor kind: combustion or life_cycle
    value: Optional[Fraction] = None  # the value in force (for a factor with validity periods)
    value_text: Optional[str] = None
    validity: tuple = ()  # (start, end, value text, source, in force?) of each dated value
    provenance: Optional[str] = None  # primary (supplier-specific) or secondary (a database dataset)
    at_run_time: bool = False  # a dated factor whose value is chosen for the period the inputs give
    database: Optional[tuple] = None  # (name, version or None) of the database of a secondary dataset
    dataset: Optional[str] = None  # the dataset's identifier in its database


@frozen
class Model:
    module: ast.Module
    header: ast.Header
    fields: dict  # header field name -> value
    declared_unit: ast.DeclaredUnit
    declared_to_base: Fraction
    declared_dimension: tuple
    production: Optional[str]
    boundary: ast.Boundary
    keysets: dict  # name -> ast.KeySet
    inputs: dict  # name -> InputInfo, in declaration order
    factors: dict  # name -> FactorInfo (single factors)
    tables: dict  # name -> FactorInfo (decl is ast.Table)
    quantities: list  # ast.Quantity in dependency order
    contributions: list  # ast.Contribution with resolved attributes below
    contribution_gas: dict  # contribution name -> gas
    contribution_kind: dict  # contribution name -> carbon kind
    allocations: list  # ast.Allocation
    allocation_of: dict  # (stage, process) -> allocation name
    cutoff: Optional[ast.Cutoff]
    examples: list  # ast.Example
    unit_factors: dict  # id of UnitExpr -> (to_base, dimension), for examples
    production_expr: Optional[object] = None  # ast expression of the production (input or formula)
    gwp_name: str = "AR6"
    gwp_source: str = ""
    gwp_table: dict = attrs.Factory(dict)  # gas -> Fraction
    packaging: frozenset = frozenset()  # contributions flagged as packaging
    recyclings: list = attrs.Factory(list)  # ast.Recycling, checked
    electricity: list = attrs.Factory(list)  # (ast.Electricity, gas)
    transports: list = attrs.Factory(list)  # check.transport.TransportInfo
    checks: list = attrs.Factory(list)  # ast.Consistency: the rule's consistency checks of the data
    grading: Optional[object] = None  # ast.Grading
    data_quality: Optional[object] = None  # ast.DataQuality
    biogenic_content: Optional[object] = None  # ast.BiogenicContent
    period: Optional[tuple] = None  # (start, end) ISO dates of the reference period
