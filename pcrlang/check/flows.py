"""Flows: the inputs a cut-off may leave out. A rule declares them `flow`; in edition 1 an amount
left undeclared is still a flow (the rules published before `flow` cut such inputs), with a
deprecation warning (PCR-W10) and the fix `pcr migrate` applies. What is never a flow: a key, a
ratio (intensity, content, price, share), an input listed `never`, an input the production or an
allocation quantity uses."""
from __future__ import annotations

from ..diagnostics import Fix, hint, msg
from ..domain import units
from ..source import Span
from ..syntax import ast
from .expressions import names_in

DEPRECATION = "D001"  # docs/stability.md: implicit flows, deprecated in edition 1


def inputs_used(ctx, exprs, quantities: dict) -> set[str]:
    """The inputs these formulas use, through quantities too (without recursion)."""
    out, seen, stack = set(), set(), list(exprs)
    while stack:
        for name in names_in(stack.pop()):
            if name in ctx.inputs:
                out.add(name)
            elif name in quantities and name not in seen:
                seen.add(name)
                stack.append(quantities[name].expr)
    return out


def check_implicit_flows(ctx, cutoffs, production, allocations, quantities: dict) -> None:
    """Warn about every input a cut-off may leave out that the rule does not declare a flow (an
    input never used is warned about as such, PCR-W01)."""
    never = {n.value for c in cutoffs for r in c.rules if r.kind == "never" for n in r.names}
    exprs = [production] if production is not None else []
    exprs += [i.expr for a in allocations for i in a.items if i.expr is not None and i.role != "avoided"]
    excluded = never | inputs_used(ctx, exprs, quantities)
    for name, info in ctx.inputs.items():
        if info.columns or info.flow or info.keyset is not None or name in excluded or name not in ctx.used \
                or not units.is_amount(info.dimension) or not ctx.own(info.decl):
            continue
        unit = info.decl.unit.span
        ctx.error("PCR-W10", msg("flow", name=name), unit, hint("add_flow", code=DEPRECATION),
                  Fix(Span(unit.file, unit.line, unit.column, unit.end_line, unit.end_column),
                      info.decl.unit.text() + " flow"))
