"""Consistency checks of the data (PCR570-PCR572): `check NAME: LEFT within N % of RIGHT`, both
sides of one dimension and a tolerance below 100 %, or `check NAME: CONDITION`, a comparison.
A calculation whose data fail a check is refused (inconsistent_data) with the check's clause."""
from __future__ import annotations

from ..diagnostics import hint, msg, phrase  # noqa: F401
from ..syntax import ast
from .expressions import ANY, BOOL, condition, describe, described, dimension


def check_consistency(ctx, decls) -> list:
    """The checks of the rule, in declaration order (each checked; the erroneous left out)."""
    out = []
    for d in decls:
        if not isinstance(d, ast.Consistency):
            continue
        before = sum(x.is_error for x in ctx.diagnostics)
        ctx.bilingual(d.text, d.name.span, phrase("check", name=d.name.value))
        if d.tolerance is None:
            condition(ctx, d.left)
        else:
            if d.tolerance >= 100:
                ctx.error("PCR571", msg(name=d.name.value, tolerance=d.tolerance_text), d.name.span, hint("tolerance_100"))
            left, right = dimension(ctx, d.left), dimension(ctx, d.right)
            if left is BOOL or right is BOOL:
                ctx.error("PCR570", msg("condition", name=d.name.value),
                          (d.left if left is BOOL else d.right).span)
            elif left is not None and right is not None and ANY not in (left, right) and left != right:
                ctx.error("PCR570", msg("sides", name=d.name.value, left=described(left), right=described(right)),
                          d.right.span, hint("same_kind"))
        if sum(x.is_error for x in ctx.diagnostics) == before:
            out.append(d)
    return out
