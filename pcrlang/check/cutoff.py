"""Cut-off rules: thresholds per flow and in total, on a basis, and flows never cut (PCR70x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import CUTOFF_BASES
from ..syntax import ast
from .expressions import describe
from .magnitude import show


def check_cutoff(ctx, c: ast.Cutoff, declared_unit) -> None:
    per_flow, total = {}, {}
    product_in_mass = declared_unit is not None and declared_unit[1] == units.MASS
    for r in c.rules:
        if r.kind in ("per_flow", "total"):
            if r.op not in ("<", "<="):
                ctx.error("PCR706", f"a cut-off threshold is an upper limit, not `{r.op}`", r.span)
            if not (0 < r.percent <= 100):
                ctx.error("PCR701", f"{show(r.percent)} % is not a percentage between 0 and 100", r.span)
            if r.basis.value not in CUTOFF_BASES:
                ctx.error("PCR703", f"unknown cut-off basis `{r.basis.value}`", r.basis.span,
                          ctx.suggest(r.basis.value, CUTOFF_BASES))
            if r.basis.value == "mass" and declared_unit is not None and not product_in_mass:
                ctx.error("PCR707", "the mass basis compares a flow with the product's mass, but the declared "
                          f"unit is {describe(declared_unit[1])}", r.basis.span)
            (per_flow if r.kind == "per_flow" else total)[r.basis.value] = r
        elif r.kind == "never":
            for n in r.names:
                if n.value not in ctx.inputs:
                    if isinstance(ctx.values.get(n.value), ast.Input) or ctx.unparsed(n.value):
                        continue  # an input with an earlier error
                    ctx.error("PCR704", f"`{n.value}` is not an input", n.span, ctx.suggest(n.value, ctx.inputs))
    for basis, rule in per_flow.items():
        cumulative = total.get(basis)
        if cumulative is not None and rule.percent > cumulative.percent:
            ctx.error("PCR702", f"per-flow {show(rule.percent)} % exceeds the cumulative "
                      f"{show(cumulative.percent)} % by {basis}", rule.span)
