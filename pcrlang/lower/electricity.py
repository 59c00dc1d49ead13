"""Electricity: the first source whose condition the data meet, as two bindings (the chosen
source's index, refused when none qualifies, and its factor) and one contribution."""
from __future__ import annotations

from ..core import expr as cx
from ..core import ir
from .context import Context, compare, const, formula, mul, text
from .formulas import allocation_of, contribute, is_secondary


def electricity(ctx: Context, numbers: dict, shares: dict, per_unit) -> tuple:
    m = ctx.model
    records = []
    for e, gas in m.electricity:
        name, clause = e.name.value, numbers[f"electricity:{e.name.value}"]
        sources = e.sources
        conditions = [ctx.expr(s.condition) if s.condition is not None else None for s in sources]
        index = cx.Refuse("no_admissible_source", name, clause, cx.DIMENSIONLESS, e.span)
        for k in range(len(sources) - 1, -1, -1):
            index = const(k) if conditions[k] is None else cx.If(conditions[k], const(k), index, cx.DIMENSIONLESS,
                                                                  sources[k].span)
        chosen = ctx.let(f"{name}.source", index, "electricity", clause, span=e.span)
        factors = [ctx.expr(s.factor) for s in sources]
        factor = factors[-1]
        for k in range(len(sources) - 2, -1, -1):
            factor = cx.If(compare("==", chosen, const(k)), factors[k], factor, factors[k].type, sources[k].span)
        factor_ref = ctx.let(f"{name}.factor", factor, "electricity", clause, span=e.span)
        amount = ctx.expr(e.amount)
        stage, process = e.place.stage.value, e.place.process.value if e.place.process else None
        allocation = allocation_of(ctx, stage, process)
        source_inputs = tuple(tuple(sorted(ctx.references(f)[1])) for f in factors)
        amount_inputs = tuple(sorted(ctx.references(amount)[1]))
        contribute(ctx, name=name, clause=clause, direction="emission", stage=stage, process=process, gas=gas,
                   gwp=m.gwp_table[gas], carbon_kind="fossil", amount=mul(amount, factor_ref),
                   written=f"{formula(e.amount)} * factor of the first admissible source", allocation=allocation,
                   share=shares.get(allocation), per_unit=per_unit, text_=text(e.text), span=e.span,
                   electricity=name, data_inputs=amount_inputs, choice_inputs=source_inputs,
                   choice_secondary=tuple(is_secondary(m, ctx.references(f)[0] | ctx.references(amount)[0])
                                          for f in factors))
        records.append(ir.Electricity(
            name, e.factor_kind.value, stage, process, gas, amount, formula(e.amount),
            tuple(ir.ElectricitySource(s.name.value, c, formula(s.condition) if s.condition is not None else None, f,
                                       formula(s.factor), text(s.text), inputs)
                  for s, c, f, inputs in zip(sources, conditions, factors, source_inputs)),
            f"{name}.source", f"{name}.factor", clause, text(e.text), amount_inputs, e.span))
    return tuple(records)

