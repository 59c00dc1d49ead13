"""The checked model: what the checker hands to the lowering pass.

Names are resolved, units are turned into exact factors and dimensions, quantities are in
dependency order. Only produced for a ruleset with no errors.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from . import ast

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
