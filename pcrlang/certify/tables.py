"""Generators for tables of rows (bills of materials, transport legs) and for the reference period
given as data (`period START to END`).

Cells of a table are inputs of their own in a probe ("materials[1].mass", see cases.Context), so
the generators of cases.py, edges.py and thresholds.py reach the first row's columns (bounds,
zeros) and every row's flows (cut-off thresholds) as they reach any input. Here: the number of
rows (the fewest the rule allows and one fewer, none, many), each key of each key column, a
column left out (its default, or optional), a row cut off, and every refusal a table has
(a table that is no list, a row that is no object, an unknown or missing column, a unit other
than the column's, a duplicate key, a cut-off of a column that may not be cut off, text where a
number is due); for the period, every dated value's twelve months exactly and a day either way,
a period not twelve months long, after the last value, and dates that are no dates.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from .cases import Context, Probe, shifted, twelve_months, typical, typical_row

MANY_ROWS = 6


def _rows_of(ctx: Context, table) -> list:
    """The base's rows of a table, nested (cells gathered)."""
    rows = ctx.nest(ctx.with_({})).get(table.name, [])
    return rows if type(rows) is list else []


def _many(ctx: Context, table, n: int) -> list:
    """n rows: the base's rows, then synthesized ones (distinct keys), numbers varied by row."""
    rows = [dict(r) for r in _rows_of(ctx, table)]
    k = len(rows)
    while len(rows) < n:
        row = typical_row(table, k)
        for c in table.columns:
            if c.kind == "number" and type(row.get(c.name)) is Fraction:
                varied = row[c.name] * (k + 1)
                row[c.name] = varied if _fits(c, varied) else row[c.name]
        rows.append(row)
        k += 1
    return rows[:n]


def _fits(i, x) -> bool:
    from .cases import _inside
    return _inside(i, x)


def rows(ctx: Context) -> Iterator[Probe]:
    for t in ctx.tables.values():
        base = _rows_of(ctx, t)
        counts = [("one", 1), ("many", MANY_ROWS)] + ([("fewest", t.min_rows)] if t.min_rows > 1 else [])
        if t.min_rows == 0:
            counts.append(("none", 0))
        for what, n in counts:
            yield Probe(f"rows/{t.name}/{what}", "boundary", "row_count", (("table", t.name), ("n", n)), t.clause,
                        ctx.with_({t.name: _many(ctx, t, n)}))
        if t.min_rows >= 1:
            yield Probe(f"refusal/rows/{t.name}/too_few", "refusal", "row_count", (("table", t.name), ("n", t.min_rows - 1)),
                        t.clause, ctx.with_({t.name: _many(ctx, t, t.min_rows - 1)}))
        if not base:
            continue
        first = f"{t.name}[0]"
        for c in t.columns:
            cell = f"{first}.{c.name}"
            if c.kind == "key" and not c.key:
                for key in c.keys:
                    yield Probe(f"key/{cell}/{key}", "boundary", "key", (("input", cell), ("key", key)), t.clause,
                                ctx.with_({cell: key}))
            if c.default is not None:
                yield Probe(f"default/{cell}/left_out", "boundary", "default_used", (("input", cell),), t.clause,
                            ctx.with_({}, drop=(cell,)))
                yield Probe(f"default/{cell}/given", "boundary", "default_given", (("input", cell), ("value", str(c.default))),
                            t.clause, ctx.with_({cell: c.default}))
            elif c.optional:
                yield Probe(f"optional/{cell}/left_out", "boundary", "left_out", (("input", cell),), t.clause,
                            ctx.with_({}, drop=(cell,)))
            elif cell in ctx.base:
                yield Probe(f"refusal/missing/{cell}", "refusal", "missing", (("input", cell),), t.clause,
                            ctx.with_({}, drop=(cell,)))
            if c.kind == "number" and type(ctx.base.get(cell)) is Fraction:
                value = ctx.base[cell]
                if ctx.rs.cutoff is not None and c.cut_off != "never":  # a never-cut cell: cases.refusals
                    last = f"{t.name}[{len(base) - 1}].{c.name}"
                    yield Probe(f"rows/{t.name}/cut_off/{c.name}", "boundary", "row_cut_off", (("input", last),),
                                ctx.rs.cutoff.clause, ctx.with_({last: {"cut_off": ctx.base.get(last, value)}}))
                if c.unit:
                    yield Probe(f"refusal/unit/{cell}", "refusal", "other_unit", (("input", cell),), t.clause,
                                ctx.with_({cell: {"value": value, "unit": "not_the_unit"}}))
            if c.kind == "text" or c.kind == "key":
                yield Probe(f"refusal/wrong_type/{cell}/number", "refusal", "wrong_type",
                            (("input", cell), ("given", "a number")), t.clause, ctx.with_({cell: Fraction(1)}))
        key = next((c for c in t.columns if c.key), None)
        if key is not None and len(base) >= 2 and key.name in base[0]:
            yield Probe(f"refusal/rows/{t.name}/duplicate_key", "refusal", "duplicate_row", (("table", t.name),), t.clause,
                        ctx.with_({f"{t.name}[1].{key.name}": base[0][key.name]}))
        yield Probe(f"refusal/rows/{t.name}/unknown_column", "refusal", "unknown_column", (("table", t.name),), t.clause,
                    ctx.with_({f"{first}.not_a_column_of_the_table": Fraction(1)}))
        yield Probe(f"refusal/rows/{t.name}/not_a_list", "refusal", "wrong_type", (("input", t.name), ("given", "a string")),
                    t.clause, ctx.with_({t.name: "rows"}))
        yield Probe(f"refusal/rows/{t.name}/row_not_an_object", "refusal", "row_not_object", (("table", t.name),),
                    t.clause, ctx.with_({t.name: [Fraction(1)] + base[1:]}))


def period(ctx: Context) -> Iterator[Probe]:
    """The reference period: each dated value's twelve months, shifted a day either way (the
    value no longer in force for the whole period), twelve months less or more a day, after
    the last dated value (refused, or its latest value with `extrapolate latest`)."""
    names = ctx.rs.period_inputs
    if not names:
        return
    start_name, end_name = names
    clause = ctx.inputs[start_name].clause
    windows = sorted({(v[0], v[1]) for f in ctx.rs.factors if f.base_value is None for v in f.validity})
    starts = [w[0] for w in windows] or [typical(ctx.inputs[start_name])]
    for start in starts:
        end = twelve_months(start)
        for side, shift in (("at", 0), ("day_later", 1), ("day_earlier", -1)):
            s, e = shifted(start, shift), shifted(end, shift)
            yield Probe(f"period/{start}/{side}", "boundary", "period", (("start", s), ("end", e)), clause,
                        ctx.with_({start_name: s, end_name: e}))
    start = starts[0]
    for what, end in (("short", shifted(twelve_months(start), -1)), ("long", shifted(twelve_months(start), 1))):
        yield Probe(f"refusal/period/{what}", "refusal", "period", (("start", start), ("end", end)), clause,
                    ctx.with_({start_name: start, end_name: end}))
    if windows:
        after = shifted(max(w[1] for w in windows), 1)
        yield Probe("period/after_the_last_value", "boundary", "period", (("start", after), ("end", twelve_months(after))),
                    clause, ctx.with_({start_name: after, end_name: twelve_months(after)}))
    leap = "2024-01-01"
    yield Probe("period/leap_year", "boundary", "period", (("start", leap), ("end", twelve_months(leap))), clause,
                ctx.with_({start_name: leap, end_name: twelve_months(leap)}))
    for given, value in (("a date that does not exist", "2023-02-30"), ("a number", Fraction(20230101)),
                         ("a date in another format", "01/01/2023")):
        yield Probe(f"refusal/wrong_type/{start_name}/{given.split()[-1]}", "refusal", "wrong_type",
                    (("input", start_name), ("given", given)), clause, ctx.with_({start_name: value}))


GENERATORS = (rows, period)
