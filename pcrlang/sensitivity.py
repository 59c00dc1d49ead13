"""Sensitivity analysis (ISO 14067 6.6, GB/T 24067 6.6): one parameter at a time, exactly.

Each numeric input the calculation was given (or took by default), each numeric column of a
table of rows (all its rows together), each factor and each factor table (all its rows together)
is set low and high, and the total is recomputed by the reference interpreter in exact
arithmetic. Low and high are the parameter's declared `sensitivity LO to HI` range when the rule
gives one, else its value minus and plus a percentage (default 10 %), clamped to the input's
bounds. Parameters are ranked by the larger absolute change of the total.

A variation the calculation refuses (a cut-off that no longer passes, a run-time check) is
reported with its refusal code: a flipped verdict is a finding, not an error of the analysis.
Dated factors (chosen for the reference period at run time) and GWP values are not varied; the
result lists them under `not_varied`."""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from .core import ir
from .interpret import CalculationError, calculate_total

DEFAULT_PERCENT = Fraction(10)


def _value(x):
    """The number a given input holds (plain, or measured {"value": ..., "quality": ...})."""
    if type(x) is dict:
        x = x.get("value")
    if isinstance(x, bool) or not isinstance(x, (int, float, Fraction)):
        return None
    return Fraction(x)


def _with_value(x, v):
    return dict(x, value=v) if type(x) is dict else v


def _clamp(v: Fraction, bounds: Optional[ir.Bounds]) -> tuple[Fraction, bool]:
    if bounds is None:
        return v, False
    if bounds.low is not None and v < bounds.low:
        return Fraction(bounds.low), True
    if bounds.high is not None and v > bounds.high:
        return Fraction(bounds.high), True
    return v, False


def _levels(base: Fraction, declared, percent: Fraction, bounds=None) -> tuple[tuple, tuple, str]:
    """(low value, clamped), (high value, clamped), and how they were chosen."""
    if declared is not None:
        return (Fraction(declared[0]), False), (Fraction(declared[1]), False), "declared"
    step = abs(base) * percent / 100
    return _clamp(base - step, bounds), _clamp(base + step, bounds), "percent"


def _total(rs, raw, fingerprint):
    try:
        return calculate_total(rs, raw, fingerprint), None
    except CalculationError as error:
        return None, error.as_dict()["error"]


def _side(value, clamped, total, refusal, base_total) -> dict:
    side = {"value": value}
    if clamped:
        side["clamped"] = True
    if refusal is not None:
        side["refused"] = refusal
        return side
    side["total"] = total
    side["change"] = total - base_total
    side["change_percent"] = (total - base_total) / abs(base_total) * 100 if base_total else None
    return side


def _entry(name, kind, clause, unit, base, low, high, how) -> dict:
    changes = [abs(s["change"]) for s in (low, high) if "change" in s]
    return {"parameter": name, "kind": kind, "clause": clause, "unit": unit, "value": base, "range": how,
            "low": low, "high": high, "effect": max(changes) if changes else None}


def analyse(rs: ir.Ruleset, raw: dict, fingerprint: str, percent: Fraction = DEFAULT_PERCENT) -> dict:
    """The sensitivity of the total to every parameter; the base calculation's refusal is raised."""
    base_total = calculate_total(rs, raw, fingerprint)
    entries, not_varied = [], []

    def vary(name, kind, clause, unit, base, declared, bounds, run):
        (lo, lo_clamped), (hi, hi_clamped), how = _levels(base, declared, percent, bounds)
        sides = []
        for v, clamped in ((lo, lo_clamped), (hi, hi_clamped)):
            total, refusal = run(v)
            sides.append(_side(v, clamped, total, refusal, base_total))
        entries.append(_entry(name, kind, clause, unit, base, sides[0], sides[1], how))

    for i in rs.inputs:
        if i.kind == "number":
            given = raw.get(i.name, i.default)
            base = _value(given)
            if base is None:
                continue
            vary(i.name, "input", i.clause, i.unit, base, i.sensitivity, i.bounds,
                 lambda v, i=i, given=given: _total(rs, dict(raw, **{i.name: _with_value(given, v)}), fingerprint))
        elif i.kind == "rows" and isinstance(raw.get(i.name), list):
            rows = raw[i.name]
            for c in i.columns:
                if c.kind != "number" or not any(type(r) is dict and _value(r.get(c.name)) is not None for r in rows):
                    continue

                def scaled(v, c=c, rows=rows, i=i):
                    # the column as one parameter: every row's cell scaled by the same ratio v
                    new = [dict(r, **{c.name: _with_value(r[c.name], _value(r[c.name]) * v)})
                           if type(r) is dict and _value(r.get(c.name)) is not None else r for r in rows]
                    return _total(rs, dict(raw, **{i.name: new}), fingerprint)
                vary(f"{i.name}.{c.name}", "column", c.clause or i.clause, "1", Fraction(1), None, None, scaled)
    for f in rs.factors:
        if f.base_value is None:
            not_varied.append({"parameter": f.name, "kind": "factor", "reason": "dated"})
            continue
        ratio = (lambda v, f=f: v / f.value) if f.value else None
        if ratio is None:
            continue

        def with_factor(v, f=f):
            r = v / f.value
            new = tuple(attrs.evolve(x, base_value=x.base_value * r, value=x.value * r) if x is f else x
                        for x in rs.factors)
            return _total(attrs.evolve(rs, factors=new), raw, fingerprint)
        vary(f.name, "factor", f.clause, f.unit, f.value, f.sensitivity, None, with_factor)
    for t in rs.tables:
        def with_table(v, t=t):
            rows = tuple(attrs.evolve(r, base_value=r.base_value * v, value=r.value * v) for r in t.rows)
            new = tuple(attrs.evolve(x, rows=rows) if x is t else x for x in rs.tables)
            return _total(attrs.evolve(rs, tables=new), raw, fingerprint)
        vary(t.name, "table", t.clause, "1", Fraction(1), None, None, with_table)
    entries.sort(key=lambda e: (e["effect"] is None, -(e["effect"] or 0), e["parameter"]))
    for rank, e in enumerate(entries, 1):
        e["rank"] = rank
    not_varied.append({"parameter": "gwp_values", "kind": "gwp", "reason": "the GWP set is fixed by the rule"})
    return {"ruleset": rs.identifier, "version": rs.version, "total": base_total, "percent": percent,
            "parameters": entries, "not_varied": not_varied}
