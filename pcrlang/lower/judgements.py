"""What the runtime judges exactly: grading classes and the data-quality scheme."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from .context import Context, formula, text


def _g_text(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else format(float(x), "g")


def grading(ctx: Context, numbers: dict):
    m = ctx.model
    g = m.grading
    if g is None:
        return None
    classes = []
    for c in g.classes:
        limit = None
        if c.op is not None:
            limit = c.limit * m.unit_factors[id(c.unit)][0]
        classes.append(ir.GradeClass(c.name.value, c.op, limit,
                                     f"{c.op} {_g_text(c.limit)} {c.unit.text()}" if c.op else "otherwise", text(c.text)))
    return ir.Grading(g.decimals, g.rounding.value if g.rounding else None, tuple(classes), numbers["grading"],
                      text(g.text))


def data_quality(ctx: Context):
    q = ctx.model.data_quality
    if q is None:
        return None
    b = q.criteria_bounds
    minimums, result_minimum, primary = [], None, None
    for r in q.requirements:
        if r.level is None:
            primary = (r.op, r.percent)
            continue
        for subject in r.subjects:
            if subject.value == "result":
                result_minimum = r.level.value
            else:
                minimums.append((subject.value, r.level.value))
    # the criteria are names in the rating formula
    criteria = {c.value: (lambda span, name=c.value: cx.Criterion(name, cx.DIMENSIONLESS, span)) for c in q.criteria}
    rating = ctx.expr(q.rating, names=criteria)
    bounds = ir.Bounds(b.low, b.high, b.low_inclusive, b.high_inclusive) if b else \
        ir.Bounds(Fraction(1), Fraction(5), True, True)
    return ir.DataQuality(
        q.name.value, tuple(c.value for c in q.criteria), bounds, rating,
        tuple(ir.QualityLevel(level.name.value, level.op, level.limit) for level in q.levels),
        tuple(minimums), result_minimum, primary, "6.2", formula(q.rating), text(q.text))


def examples(ctx: Context, numbers: dict) -> tuple:
    m = ctx.model
    unit_of = lambda u: m.unit_factors[id(u)]  # noqa: E731
    out = []
    for e in m.examples:
        def given(g, info):
            value = g.value
            if g.kind not in ("key", "rows") and g.unit is not None:
                value = value * unit_of(g.unit)[0] / info.to_base
            return ir.Given(g.name.value, g.kind, value)

        givens = []
        for g in e.givens:
            info = m.inputs[g.name.value]
            if g.kind == "rows":
                columns = {c.decl.name.value: c for c in info.columns}
                rows = tuple(tuple(given(cell, columns[cell.name.value]) for cell in row) for row in g.value)
                givens.append(ir.Given(g.name.value, "rows", rows))
            else:
                givens.append(given(g, info))
        expectations = []
        for x in e.expectations:
            subject = tuple(n.value for n in x.subject)
            if x.target == "cutoff":
                expectations.append(ir.Expectation("cutoff", subject, Fraction(int(subject[0] == "pass")), "verdict",
                                                   "", Fraction(0), False, x.span))
                continue
            if x.target == "grade":
                expectations.append(ir.Expectation("grade", subject, Fraction(0), "grade", "", Fraction(0), False,
                                                   x.span))
                continue
            to_base, dimension = unit_of(x.unit)
            measure = "co2e" if dimension == (("CO2e", 1),) else "gas_mass"
            if x.tolerance_relative:
                tolerance = x.tolerance / 100
            else:
                tolerance = x.tolerance * unit_of(x.tolerance_unit)[0]
            expectations.append(ir.Expectation(x.target, subject, x.value * to_base, measure, x.unit.text(),
                                               tolerance, x.tolerance_relative, x.span))
        out.append(ir.Example(e.title, numbers[f"example:{e.title}"], text(e.text), tuple(givens), tuple(expectations),
                              e.span))
    return tuple(out)

