"""Recycling and end of life: the approach and the Circular Footprint Formula's parameters (PCR52x)."""
from __future__ import annotations

from fractions import Fraction

from ..domain import recycling as cff
from ..diagnostics import msg, phrase  # noqa: F401
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, constant, describe, described, dimension, numeric
from .magnitude import show


def check_recyclings(ctx, decls, stages) -> tuple[list, set]:
    """(the recycling blocks, their places)."""
    recyclings = [d for d in decls if isinstance(d, ast.Recycling)]
    for r in recyclings:
        check_recycling(ctx, r, stages)
    return recyclings, {place_key(r.place) for r in recyclings}


def check_recycling(ctx, r: ast.Recycling, stages) -> None:
    check_place(ctx, r.place, stages)
    approach = r.approach.value
    if approach not in cff.RECYCLING_APPROACHES:
        ctx.error("PCR520", msg(approach=approach), r.approach.span,
                  ctx.suggest(approach, cff.RECYCLING_APPROACHES))
    given: dict[str, ast.Parameter] = {}
    for p in r.parameters:
        name = p.name.value
        if name not in cff.PARAMETERS:
            ctx.error("PCR521", msg(name=name), p.name.span,
                      ctx.suggest(name, cff.PARAMETERS))
            dimension(ctx, p.expr)
            continue
        if name in given:
            ctx.error("PCR804", msg(key=name), p.name.span)
            continue
        given[name] = p
        t = dimension(ctx, p.expr)
        wanted = cff.PARAMETERS[name].dimension
        if t is not None and t is not ANY and numeric(ctx, t, p.expr.span) and t != wanted:
            ctx.error("PCR302", msg("parameter", name=name, got=described(t), wanted=described(wanted)), p.expr.span)
        if name in cff.SHARES:
            value = constant(p.expr)
            if value is not None and not (0 <= value <= 1):
                ctx.error("PCR522", msg("share", name=name, value=show(value)), p.expr.span)
    for required in cff.REQUIRED:
        if required not in given:
            ctx.error("PCR523", msg("required", name=r.name.value, parameter=required), r.name.span)
    if approach == "cff" and "A" not in given:
        ctx.error("PCR523", msg("cff", name=r.name.value), r.name.span)
    if approach in cff.RECYCLING_APPROACHES and approach != "cff" and "A" in given:
        ctx.error("PCR524", msg(approach=approach), given["A"].name.span)
    r2, r3 = (constant(given[k].expr) if k in given else Fraction(0) for k in ("R2", "R3"))
    if r2 is not None and r3 is not None and r2 + r3 > 1:
        ctx.error("PCR522", msg("sum", value=show(r2 + r3)),
                  r.name.span)
    if r.text is not None:
        ctx.bilingual(r.text, r.name.span, phrase("recycling", name=r.name.value))
