"""Cut-off rules: thresholds per flow and in total, on a basis, and flows never cut (PCR70x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import CUTOFF_BASES
from ..syntax import ast
from ..diagnostics import msg
from .expressions import describe, described
from .magnitude import show


def check_cutoff(ctx, c: ast.Cutoff, declared_unit) -> None:
    per_flow, total = {}, {}
    product_in_mass = declared_unit is not None and declared_unit[1] == units.MASS
    for r in c.rules:
        if r.kind in ("per_flow", "total"):
            if r.op not in ("<", "<="):
                ctx.error("PCR706", msg(op=r.op), r.span)
            if not (0 < r.percent <= 100):
                ctx.error("PCR701", msg(percent=show(r.percent)), r.span)
            if r.basis.value not in CUTOFF_BASES:
                ctx.error("PCR703", msg(basis=r.basis.value), r.basis.span,
                          ctx.suggest(r.basis.value, CUTOFF_BASES))
            if r.basis.value == "mass" and declared_unit is not None and not product_in_mass:
                ctx.error("PCR707", msg(got=described(declared_unit[1])), r.basis.span)
            (per_flow if r.kind == "per_flow" else total)[r.basis.value] = r
        elif r.kind == "never":
            for n in r.names:
                if n.value not in ctx.inputs:
                    if isinstance(ctx.values.get(n.value), ast.Input) or ctx.unparsed(n.value):
                        continue  # an input with an earlier error
                    ctx.error("PCR704", msg(name=n.value), n.span, ctx.suggest(n.value, ctx.inputs))
    for basis, rule in per_flow.items():
        cumulative = total.get(basis)
        if cumulative is not None and rule.percent > cumulative.percent:
            ctx.error("PCR702", msg(per_flow=show(rule.percent), total=show(cumulative.percent), basis=basis), rule.span)
