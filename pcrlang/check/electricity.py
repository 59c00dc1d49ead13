"""Electricity blocks: the amount, the admissible sources in order, the factor kind (PCR53x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import FACTOR_KINDS
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, children, condition, describe, dimension, numeric


def check_electricity_blocks(ctx, decls, stages) -> tuple[list, set]:
    """((ast.Electricity, gas its factors give), places of the blocks)."""
    out, places = [], set()
    for e in (d for d in decls if isinstance(d, ast.Electricity)):
        out.append((e, check_electricity(ctx, e, stages)))
        places.add(place_key(e.place))
    return out, places


def check_electricity(ctx, e: ast.Electricity, stages) -> str | None:
    """Checks the block; returns the gas its factors give (CO2 or CO2e)."""
    check_place(ctx, e.place, stages)
    kind = e.factor_kind.value
    if kind not in FACTOR_KINDS:
        ctx.error("PCR530", f"unknown electricity factor kind `{kind}`", e.factor_kind.span,
                  ctx.suggest(kind, FACTOR_KINDS))
    if e.amount is None:
        ctx.error("PCR531", f"electricity `{e.name.value}` gives no `amount`", e.name.span)
    else:
        t = dimension(ctx, e.amount)
        if t is not None and t is not ANY and numeric(ctx, t, e.amount.span) and t != units.ENERGY:
            ctx.error("PCR302", f"the amount of electricity is {describe(t)}, not energy", e.amount.span)
    if not e.sources:
        ctx.error("PCR531", f"electricity `{e.name.value}` lists no source", e.name.span)
    gas, first = None, None
    seen = set()
    for src in e.sources:
        if src.name.value in seen:
            ctx.error("PCR202", f"source `{src.name.value}` is listed twice", src.name.span)
        seen.add(src.name.value)
        if src.condition is not None:
            condition(ctx, src.condition)
        t = dimension(ctx, src.factor)
        if t is not None and t is not ANY and numeric(ctx, t, src.factor.span):
            g = units.is_gas_mass(units.multiply(t, units.ENERGY))
            if g is None:
                ctx.error("PCR302", f"the factor of source `{src.name.value}` is {describe(t)}, "
                          "not a mass of gas per energy", src.factor.span)
            elif first is not None and t != first:
                ctx.error("PCR302", f"source `{src.name.value}` gives {describe(t)}, an earlier source "
                          f"{describe(first)}", src.factor.span)
            else:
                first, gas = t, g
        for name in sorted(factor_names(ctx, src.factor)):
            info = ctx.factors.get(name) or ctx.tables.get(name)
            if info is None:
                continue
            if info.kind is None:
                ctx.error("PCR532", f"factor `{name}` is used for electricity but declares no kind",
                          src.factor.span, "add `kind combustion` or `kind life_cycle` to the factor")
            elif kind in FACTOR_KINDS and info.kind != kind:
                ctx.error("PCR533", f"`{name}` is a {info.kind} factor, but electricity `{e.name.value}` "
                          f"takes {kind} factors", src.factor.span,
                          "a combustion-only grid factor and a life-cycle factor cannot be mixed")
    if e.text is not None:
        ctx.bilingual(e.text, e.name.span, f"electricity `{e.name.value}`")
    return gas


def factor_names(ctx, e) -> set[str]:
    """The factors and tables a formula uses, through the quantities it uses (each followed once,
    so that a circular definition, reported elsewhere, ends the walk)."""
    out, stack, followed = set(), [e], set()
    while stack:
        x = stack.pop()
        if isinstance(x, ast.NameRef):
            decl = ctx.values.get(x.name)
            if isinstance(decl, (ast.Factor, ast.DatedFactor)):
                out.add(x.name)
            elif isinstance(decl, ast.Quantity) and x.name not in followed:
                followed.add(x.name)
                stack.append(decl.expr)
        elif isinstance(x, ast.Lookup):
            out.add(x.table.value)
        stack.extend(children(x))
    return out
