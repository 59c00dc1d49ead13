"""The reference period from the inputs (`period START to END`, two date inputs): a check that it
spans twelve months, and for every dated factor a binding of the value in force for the whole
period (refused when none is, unless the header allows `extrapolate latest`).

Dates are day numbers in the program (the proleptic Gregorian ordinal, day 1 = 0001-01-01), so the
choice is plain comparisons the backends already translate."""
from __future__ import annotations

import datetime

from ..core import expr as cx
from ..syntax import ast
from .context import Context, both, compare, const


def day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


def bindings(ctx: Context, numbers: dict) -> tuple | None:
    """The period's date inputs (start, end), after adding the check and the factor choices."""
    m = ctx.model
    period = m.fields.get("period")
    if not isinstance(period, ast.PeriodInputs):
        return None
    start_name, end_name = period.start.value, period.end.value
    start = cx.Input(start_name, cx.DIMENSIONLESS, period.start.span)
    end = cx.Input(end_name, cx.DIMENSIONLESS, period.end.span)
    clause = numbers["time_and_geography"]
    days = cx.Binary("add", cx.Binary("sub", end, start, cx.DIMENSIONLESS), const(1), cx.DIMENSIONLESS)
    # twelve months from any day: 365 days, or 366 across a 29 February
    ctx.check(both(compare(">=", days, const(365)), compare("<=", days, const(366))), "invalid_period", "months",
              subject=None, field=end_name, clause=clause, params=(("start", start_name), ("end", end_name)))
    extrapolate = m.fields.get("extrapolate")
    latest = extrapolate is not None and extrapolate.value == "latest"
    for d in m.module.declarations:
        info = m.factors.get(d.name.value) if isinstance(d, ast.DatedFactor) else None
        if info is None or not info.at_run_time:
            continue
        name, t = d.name.value, cx.Type.number(info.dimension)
        values = sorted(d.values, key=lambda v: v.start)
        factor_clause = numbers[f"factor:{name}"]
        chosen = cx.Refuse("no_factor_in_force", name, factor_clause, t, d.span)
        if latest and values:  # after the last value's end: the latest value
            chosen = cx.If(compare(">", start, const(day(values[-1].end))),
                           cx.Const(values[-1].value * info.to_base, t), chosen, t, d.span)
        for v in reversed(values):
            inside = both(compare(">=", start, const(day(v.start))), compare("<=", end, const(day(v.end))))
            chosen = cx.If(inside, cx.Const(v.value * info.to_base, t), chosen, t, v.span)
        ctx.dated[name] = f"{name}@period"
        ctx.let(f"{name}@period", chosen, "factor", factor_clause, span=d.span)
    return start_name, end_name

