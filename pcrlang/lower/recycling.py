"""Recycling and end of life by the Circular Footprint Formula (pcrlang/domain/recycling.py):
every parameter becomes a binding (the rule's formula or the default), shares computed at run
time are checked to lie in [0, 1], and each of the three terms becomes a contribution of
material x the term per kg."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from ..domain import recycling as cff
from ..domain.vocabulary import RECYCLING_A
from ..syntax.expression import parse_expression
from .context import Context, both, compare, const, formula, mul, text
from .formulas import contribute

_TEXTS = {t.name: (t.zh, t.en) for t in cff.TERMS}


def _range_check(ctx: Context, subject: str, value, clause: str, span) -> None:
    zero, one = cx.Const(Fraction(0), value.type), cx.Const(Fraction(1), value.type)
    ctx.check(both(compare(">=", value, zero), compare("<=", value, one)), "parameter_out_of_range", "range",
              subject=subject, clause=clause, shown=value, params=(("low", "0"), ("high", "1")), span=span)


def recyclings(ctx: Context, numbers: dict) -> list:
    """Parameter bindings and checks of every block; returns what contributions() needs."""
    out = []
    for r in ctx.model.recyclings:
        name, clause = r.name.value, numbers[f"recycling:{r.name.value}"]
        given = {p.name.value: p for p in r.parameters}
        refs, exprs, parameters = {}, {}, []
        for key, p in cff.PARAMETERS.items():
            if key in given:
                value, written = ctx.expr(given[key].expr), formula(given[key].expr)
            elif key == "A":
                value, written = const(RECYCLING_A[r.approach.value]), str(RECYCLING_A[r.approach.value])
            elif key in cff.DEFAULT_TO:
                other = next(x for x in parameters if x.name == cff.DEFAULT_TO[key])
                value, written = refs[other.name], other.formula
            else:
                value, written = const(p.default, p.dimension), str(p.default)
            binding = f"{name}[{key}]"  # (the terms' contributions are named {name}.{term})
            exprs[key] = value
            refs[key] = ctx.let(binding, value, "recycling", clause, written, span=r.span)
            parameters.append(ir.RecyclingParameter(key, binding, written))
        for key in cff.SHARES:
            if type(exprs[key]) is not cx.Const:
                _range_check(ctx, f"{name}.{key}", refs[key], clause, r.span)
        if any(type(exprs[key]) is not cx.Const for key in ("R2", "R3")):
            _range_check(ctx, f"{name}.R2+R3", cx.Binary("add", refs["R2"], refs["R3"], refs["R2"].type), clause, r.span)
        terms = tuple((t.name, ctx.expr(parse_expression(t.formula), names={k: v for k, v in refs.items()}))
                      for t in cff.TERMS)
        out.append((r, name, clause, refs, parameters, terms))
    return out


def contributions(ctx: Context, blocks: list, shares: dict, per_unit) -> tuple:
    """The three terms of every block as contributions (CO2e); returns the recycling records."""
    records = []
    for r, name, clause, refs, parameters, terms in blocks:
        stage, process = r.place.stage.value, r.place.process.value if r.place.process else None
        material = next(x for x in parameters if x.name == "material").formula
        for (term, per_kg), template in zip(terms, cff.TERMS):
            contribute(ctx, name=f"{name}.{term}", clause=clause, direction="emission", stage=stage, process=process,
                       gas="CO2e", gwp=1, carbon_kind="fossil", amount=mul(refs["material"], per_kg),
                       written=f"{material} * ({template.formula})", allocation=None, share=None,
                       per_unit=per_unit, text_=ir.Text(*_TEXTS[term]), span=r.span, recycling=name, term=term)
        records.append(ir.Recycling(name, r.approach.value, stage, process, tuple(parameters), terms, clause,
                                    text(r.text), r.span))
    return tuple(records)
