"""Purchased electricity and heat.

Without supplies, a block is the first source whose condition the data meet, as two bindings (the
chosen source's index, refused when none qualifies, and its factor) and one contribution.

With supplies (certificates, a direct line, on-site PV), each supply's energy is a binding (a
metered amount, or a share of the block's amount checked to lie in [0, 1]) and its own
contribution; the rest, amount - the supplies, is checked not to be negative and takes the first
admissible `rest` source, the block's own contribution. Everything is a Let, a Check or a
Contribution over existing expression nodes, so every backend computes it unchanged."""
from __future__ import annotations

from ..core import expr as cx
from ..core import ir
from ..domain import units
from ..domain.vocabulary import CARRIER_UNITS
from ..syntax import ast
from .context import Context, both, compare, const, formula, mul, text, total
from .formulas import allocation_of, contribute, is_secondary


def electricity(ctx: Context, numbers: dict, shares: dict, per_unit) -> tuple:
    m = ctx.model
    records = []
    for e, gas in m.electricity:
        name, clause = e.name.value, numbers[f"electricity:{e.name.value}"]
        stage, process = e.place.stage.value, e.place.process.value if e.place.process else None
        allocation = allocation_of(ctx, stage, process)
        common = dict(clause=clause, direction="emission", stage=stage, process=process, gas=gas, gwp=m.gwp_table[gas],
                      carbon_kind="fossil", allocation=allocation, share=shares.get(allocation), per_unit=per_unit)
        amount = ctx.expr(e.amount)
        supplies, remainder = [], amount
        written = f"{formula(e.amount)} * factor of the first admissible source"
        if e.supplies:
            supplies, remainder = _split(ctx, e, name, clause, amount)
            rest = ast.Binary("*", rest_formula(e), ast.NameRef("factor", e.span), e.span)
            written = f"{formula(rest)} of the first admissible source"
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
        for s, record in zip(e.supplies, supplies):  # each supply its own contribution, in the order written
            energy = cx.Ref(record.energy_binding, cx.Type.number(units.ENERGY))
            factor_of = cx.Ref(record.factor_binding, record.factor.type)
            contribute(ctx, name=record.contribution, amount=mul(energy, factor_of),
                       written=formula(ast.Binary("*", supply_formula(e, s), s.factor, s.span)), text_=text(s.text),
                       span=s.span,
                       **common)
        source_inputs = tuple(tuple(sorted(ctx.references(f)[1])) for f in factors)
        amount_inputs = tuple(sorted(ctx.references(remainder)[1]))
        contribute(ctx, name=name, amount=mul(remainder, factor_ref),
                   written=written, text_=text(e.text), span=e.span,
                   electricity=name, data_inputs=amount_inputs, choice_inputs=source_inputs,
                   choice_secondary=tuple(is_secondary(m, ctx.references(f)[0] | ctx.references(remainder)[0])
                                          for f in factors), **common)
        records.append(ir.Electricity(
            name, e.factor_kind.value, stage, process, gas, amount, formula(e.amount),
            tuple(ir.ElectricitySource(s.name.value, c, formula(s.condition) if s.condition is not None else None, f,
                                       formula(s.factor), text(s.text), inputs)
                  for s, c, f, inputs in zip(sources, conditions, factors, source_inputs)),
            f"{name}.source", f"{name}.factor", clause, text(e.text), tuple(sorted(ctx.references(amount)[1])),
            e.carrier, tuple(supplies), f"{name}[amount]" if e.supplies else None,
            f"{name}[rest]" if e.supplies else None, e.span))
    return tuple(records)


def _split(ctx: Context, e: ast.Electricity, name: str, clause: str, amount) -> tuple:
    """The supplies' energies and checks, and the rest: (supply records, the binding of the rest)."""
    unit, joules = CARRIER_UNITS[e.carrier]
    in_unit = lambda x: cx.Binary("div", x, const(joules, units.ENERGY), cx.DIMENSIONLESS)  # noqa: E731  (shown)
    whole = ctx.let(f"{name}[amount]", amount, "electricity", clause, formula(e.amount), span=e.span)
    records, energies = [], []
    for s in e.supplies:
        sub = f"{name}.{s.name.value}"
        given = ctx.expr(s.amount)
        if s.share:
            fraction = ctx.let(f"{sub}[share]", given, "electricity", clause, formula(s.amount), span=s.span)
            ctx.check(both(compare(">=", fraction, const(0)), compare("<=", fraction, const(1))), "invalid_supply_split",
                      "share", subject=sub, clause=clause, field=_input_of(ctx, s.amount), shown=fraction, span=s.span)
            energy = ctx.let(f"{sub}[energy]", mul(fraction, whole), "electricity", clause,
                             formula(supply_formula(e, s)), span=s.span)
        else:
            energy = ctx.let(f"{sub}[energy]", given, "electricity", clause, formula(s.amount), span=s.span)
            ctx.check(compare(">=", energy, const(0, units.ENERGY)), "invalid_supply_split", "negative", subject=sub,
                      clause=clause, field=_input_of(ctx, s.amount), shown=in_unit(energy), params=(("unit", unit),),
                      span=s.span)
        energies.append(energy)
        factor = ctx.expr(s.factor)
        factor_ref = ctx.let(f"{sub}[factor]", factor, "electricity", clause, formula(s.factor), span=s.span)
        records.append(ir.ElectricitySupply(
            s.name.value, s.share, given, formula(s.amount), factor, formula(s.factor), s.certificate, energy.name,
            factor_ref.name, sub, text(s.text), tuple(sorted(ctx.references(given)[1] | ctx.references(factor)[1]))))
    supplied = ctx.let(f"{name}[supplies]", total(energies, units.ENERGY), "electricity", clause, "", span=e.span)
    # supplies beyond the amount are refused, naming the block and the input of its amount (the
    # amount against the supplies, not the rest against 0: both sides of one scale)
    ctx.check(compare(">=", whole, supplied), "invalid_supply_split", "exceeds", subject=name,
              clause=clause, field=_input_of(ctx, e.amount),
              shown=in_unit(cx.Binary("sub", supplied, whole, cx.Type.number(units.ENERGY), e.span)),
              params=(("unit", unit),), span=e.span)
    rest = cx.Binary("sub", whole, supplied, cx.Type.number(units.ENERGY), e.span)
    rest_ref = ctx.let(f"{name}[rest]", rest, "electricity", clause, "", span=e.span)
    return records, rest_ref


# The formulas as written that the lowering composes (printed by the one formula printer, so that
# the document's layout of the same bindings reads the same).
def supply_formula(e: ast.Electricity, s: ast.ElectricitySupply):
    """A supply's energy as written: its amount, or its share times the block's amount."""
    return ast.Binary("*", s.amount, e.amount, s.span) if s.share else s.amount


def rest_formula(e: ast.Electricity):
    """What the supplies leave: the amount - each supply's energy, in the order written."""
    out = e.amount
    for s in e.supplies:
        out = ast.Binary("-", out, supply_formula(e, s), e.span)
    return out


def _input_of(ctx: Context, e) -> str | None:
    """The input a refusal names: the formula's input when it is one."""
    return e.name if isinstance(e, ast.NameRef) and e.name in ctx.model.inputs else None

