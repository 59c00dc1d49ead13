"""Consistency checks of the data to run-time checks: `LEFT within N % of RIGHT` holds when
|LEFT - RIGHT| <= N/100 x |RIGHT|; a condition holds when it is true. A failing check refuses the
calculation (inconsistent_data) naming the check and its clause; the refusal of a balance shows
the difference relative to RIGHT in percent (RIGHT zero and LEFT not is refused first, alone)."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from .context import Context, formula


def _abs(e):
    return cx.Extreme("max", (e, cx.Neg(e, e.type)), e.type)


def checks(ctx: Context, numbers: dict) -> None:
    for d in ctx.model.checks:
        name = d.name.value
        clause = numbers[f"check:{name}"]
        if d.tolerance is None:
            ctx.check(ctx.expr(d.left), "inconsistent_data", "condition", subject=name, clause=clause,
                      params=(("condition", formula(d.left)),), span=d.span)
            continue
        left, right = ctx.unify([ctx.expr(d.left), ctx.expr(d.right)])
        difference = cx.Binary("sub", left, right, left.type)
        size = _abs(right)
        allowed = cx.Binary("mul", cx.Const(d.tolerance / 100, cx.DIMENSIONLESS), size, right.type)
        zero = cx.Const(Fraction(0), right.type)
        sides = (("left", formula(d.left)), ("right", formula(d.right)))
        ctx.check(cx.Logic("or", cx.Compare(">", size, zero, cx.BOOL), cx.Compare("==", difference, zero, cx.BOOL),
                           cx.BOOL), "inconsistent_data", "within_zero", subject=name, clause=clause, params=sides,
                  span=d.span)
        relative = cx.Binary("mul", cx.Binary("div", difference, size, cx.DIMENSIONLESS),
                             cx.Const(Fraction(100), cx.DIMENSIONLESS), cx.DIMENSIONLESS)
        ctx.check(cx.Compare("<=", _abs(difference), allowed, cx.BOOL), "inconsistent_data", "within", subject=name,
                  clause=clause, shown=relative,
                  params=sides + (("tolerance", d.tolerance_text),),
                  span=d.span)
