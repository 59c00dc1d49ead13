"""Emissions and removals: their place, gas, carbon kind and formula (PCR50x, PCR305)."""
from __future__ import annotations

import attrs

from ..domain import units
from ..domain.gases import GASES
from ..domain.vocabulary import CARBON_KINDS
from ..diagnostics import hint, msg, phrase, suggestion  # noqa: F401
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, describe, described, dimension, in_rows, numeric, rows_table


@attrs.frozen
class Contributions:
    declared: list  # ast.Contribution, in declaration order
    gas: dict  # contribution name -> gas
    kind: dict  # contribution name -> carbon kind
    packaging: frozenset  # contributions flagged as packaging
    places: set  # (stage, process) with a contribution


def check_contributions(ctx, decls, stages, gwp_values) -> Contributions:
    declared = [d for d in decls if isinstance(d, ast.Contribution)]
    gases, kinds, packaging, places = {}, {}, set(), set()
    for c in declared:
        gas, kind = check_contribution(ctx, c, stages, gwp_values, packaging)
        if gas:
            gases[c.name.value] = gas
        if kind:
            kinds[c.name.value] = kind
        places.add(place_key(c.place))
    return Contributions(declared, gases, kinds, frozenset(packaging), places)


def check_contribution(ctx, c: ast.Contribution, stages, gwp_values, packaging: set):
    """(gas, carbon kind) of one contribution, each None when missing or wrong."""
    check_place(ctx, c.place, stages)
    if c.direction == "offset":
        ctx.error("PCR507", msg(name=c.name.value), c.name.span)
    gas, kind = gas_and_kind(ctx, c.attributes, packaging, c.name.value)
    if gas is None:
        ctx.error("PCR502", msg("none", what=phrase(c.direction, name=c.name.value)), c.name.span)
    if kind is None:
        ctx.error("PCR504", msg(what=phrase(c.direction, name=c.name.value)), c.name.span)
    if gas and gwp_values is not None and gas not in gwp_values:
        ctx.error("PCR505", msg(gas=gas), c.name.span)
    if c.text is not None:
        ctx.bilingual(c.text, c.name.span, phrase(c.direction, name=c.name.value))
    if c.row is not None:  # one contribution per row of a table: the row variable spans the formula
        t = in_rows(ctx, c.row.var, rows_table(ctx, c.row.var, c.row.table),
                    lambda: dimension(ctx, c.expr, at=c.name.span))
    else:
        t = dimension(ctx, c.expr, at=c.name.span)
    if gas and t is not None and t is not ANY and numeric(ctx, t, c.expr.span) \
            and t != units.gas_mass(gas):
        ctx.error("PCR305", msg(what=phrase(c.direction, name=c.name.value), gas=gas, got=described(t)),
                  c.expr.span, hint("gas_mass", gas=GASES[gas]) if gas in GASES else hint("declared_gas_mass", gas=gas))
    return gas or None, kind or None


def gas_and_kind(ctx, attributes, packaging: set, name: str):
    """(gas, carbon kind) from a contribution's attributes: None when not given, "" when wrong
    (reported); `packaging` flags the contribution as packaging."""
    gas = kind = None
    for a in attributes:
        if a.key == "symbol":  # shared grammar: a transport's `symbol` (check_transport reports it)
            continue
        value = a.value.value
        if a.key == "carbon_kind" and value == "packaging":
            packaging.add(name)
            continue
        if a.key == "gas":
            if gas is not None:
                ctx.error("PCR506", msg("gas"), a.span)
            elif value not in GASES and value not in ctx.declared_gases:
                # CH4 is two gases (GWP100 of fossil and non-fossil methane differ): name both, not CF4
                shared = [g for g, formula in GASES.items() if formula == value]
                ctx.error("PCR501", msg("unknown", gas=value), a.span,
                          (suggestion(shared) if shared else None) or
                          ctx.suggest(value, [*GASES, *sorted(ctx.declared_gases)]) or hint("declared_gases"))
                gas = ""
            else:
                gas = value
        else:
            if value in GASES and gas is None:
                ctx.error("PCR502", msg("keyword", gas=value), a.span)
                gas = ""
            elif kind is not None:
                ctx.error("PCR506", msg("kind"), a.span)
            elif value not in CARBON_KINDS:
                ctx.error("PCR503", msg(kind=value), a.span, ctx.suggest(value, CARBON_KINDS))
                kind = ""
            else:
                kind = value
    return gas, kind


def check_biogenic_content(ctx, content: ast.BiogenicContent) -> None:
    """The biogenic carbon content of the product, reported apart from the footprint, is a mass of C."""
    t = dimension(ctx, content.expr)
    if t is not None and t is not ANY and numeric(ctx, t, content.expr.span) and t != units.dim(C=1):
        ctx.error("PCR304", msg("biogenic", got=described(t)),
                  content.expr.span, hint("carbon_mass"))
