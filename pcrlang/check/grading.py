"""Grading: classes as upper limits on the result, from the lowest up, and rounding (PCR54x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import ROUNDING_MODES
from ..syntax import ast
from .magnitude import check_value


def check_grading(ctx, g: ast.Grading) -> None:
    if g.rounding is not None and g.rounding.value not in ROUNDING_MODES:
        ctx.error("PCR540", f"unknown rounding mode `{g.rounding.value}`", g.rounding.span,
                  ctx.suggest(g.rounding.value, ROUNDING_MODES))
    if g.rounding is not None and g.decimals is None:
        ctx.error("PCR540", "round to a whole number of decimals", g.rounding.span)
    if not g.classes:
        ctx.error("PCR541", "the grading declares no class", g.span)
    last = None
    names = set()
    for k, c in enumerate(g.classes):
        if c.name.value in names:
            ctx.error("PCR202", f"class `{c.name.value}` is declared twice", c.name.span)
        names.add(c.name.value)
        if c.op is None:
            if k != len(g.classes) - 1:
                ctx.error("PCR541", f"class `{c.name.value}` takes every other result, so it must come last",
                          c.name.span)
            continue
        if c.op not in ("<", "<="):
            ctx.error("PCR541", f"a class is an upper limit on the result, not `{c.op}`", c.span)
        resolved = ctx.unit(c.unit)
        if resolved is not None and resolved[1] != units.dim(CO2e=1):
            ctx.error("PCR905", f"a class limit in {c.unit.text()} is not a mass of CO2e", c.unit.span)
        if resolved is not None:
            check_value(ctx, f"the limit of class `{c.name.value}`", c.limit, None, c.unit, resolved[0], c.span)
        limit = c.limit * resolved[0] if resolved is not None else c.limit
        if last is not None and limit <= last:
            ctx.error("PCR541", f"the limit of class `{c.name.value}` is not above the previous class's",
                      c.span, "list classes from the lowest footprint to the highest")
        last = limit
        if c.text is not None:
            ctx.bilingual(c.text, c.name.span, f"class `{c.name.value}`")
