"""Formulas: quantities, contributions, the production and the biogenic carbon content.

A contribution lowers to a binding of its amount for the reference period (a mass of its gas)
and a value per declared unit: amount x the declared product's allocation share x declared
units per unit produced, negated for removals and credits."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from ..domain.vocabulary import SIGN
from .context import Context, const, formula, mul, text


def quantities(ctx: Context, numbers: dict) -> None:
    for q in ctx.model.quantities:
        value = ctx.expr(q.expr)
        ctx.quantity_types[q.name.value] = value.type
        ctx.let(q.name.value, value, "quantity", numbers[f"quantity:{q.name.value}"], formula(q.expr),
                q.unit.text() if q.unit else None, text(q.text), q.span)


def production(ctx: Context, numbers: dict):
    """Bindings for the production (in base units), its check, and declared units per unit
    produced; returns (per-unit reference or None, the inputs the production uses)."""
    m = ctx.model
    if m.production_expr is None:
        return None, frozenset()
    value = ctx.expr(m.production_expr)
    clause = numbers[f"input:{m.production}"] if m.production else "5.1"
    shown = formula(m.production_expr)
    ref = ctx.let("production", value, "production", clause, shown, span=m.production_expr.span)
    ctx.check(cx.Compare(">", ref, cx.Const(Fraction(0), ref.type), cx.BOOL), "division_by_zero", "production",
              subject=None if m.production else "production", clause=clause, field=m.production,
              params=(("production", shown),), span=m.production_expr.span)
    declared = m.declared_unit.amount * m.declared_to_base
    per_unit = cx.Binary("div", const(declared, m.declared_dimension), ref, cx.DIMENSIONLESS)
    return ctx.let("per_declared_unit", per_unit, "production", clause, ""), ctx.references(value)[1]


def biogenic_content(ctx: Context, numbers: dict):
    m = ctx.model
    if m.biogenic_content is None:
        return None, None
    e = m.biogenic_content.expr
    ctx.let("biogenic_content", ctx.expr(e), "biogenic_content", numbers["biogenic_carbon_content"], formula(e),
            span=m.biogenic_content.span)
    return "biogenic_content", formula(e)


def contribute(ctx: Context, *, name: str, clause: str, direction: str, stage: str, process, gas: str, gwp,
               carbon_kind: str, amount, written: str, allocation, share, per_unit, text_=ir.NO_TEXT, span=None,
               packaging=False, recycling=None, term=None, electricity=None, data_inputs=None,
               choice_inputs=(), choice_secondary=(), rows=None) -> None:
    """A contribution: its amount as a binding, its value per declared unit as an expression (for
    a contribution per row of a table, both per row)."""
    ref = ctx.let(name, amount, "contribution", clause, written, span=span, rows=rows)
    value = per_declared_unit(ref, direction, share, per_unit)
    factors, inputs = ctx.uses[name]
    m = ctx.model
    secondary = is_secondary(m, factors) if electricity is None else False  # electricity: by the source chosen
    if data_inputs is None:
        data_inputs = tuple(sorted(inputs))
    ctx.contributions.append(ir.Contribution(
        name=name, direction=direction, stage=stage, process=process, gas=gas, gwp=Fraction(gwp),
        carbon_kind=carbon_kind, value=value, amount=name, allocation=allocation, share=share, packaging=packaging,
        recycling=recycling, term=term, electricity=electricity, data_inputs=data_inputs,
        choice_inputs=choice_inputs, rows=rows, secondary_data=secondary, choice_secondary=choice_secondary,
        clause=clause, formula=written, factors=tuple(sorted(factors)),
        inputs=tuple(sorted(inputs)), text=text_, span=span))


def per_declared_unit(amount, direction: str, share, per_unit):
    """A contribution's value per declared unit from its amount for the period: times the declared
    product's allocation share and declared units per unit produced, negated for removals and credits."""
    value = amount
    if share is not None:
        value = mul(value, cx.Ref(share, cx.DIMENSIONLESS))
    if per_unit is not None:
        value = mul(value, per_unit)
    return cx.Neg(value, value.type) if SIGN[direction] < 0 else value


def is_secondary(m, factors) -> bool:
    """Whether any of these factors or tables is a secondary dataset."""
    return any((m.factors.get(f) or m.tables.get(f)).provenance == "secondary" for f in factors)


def place(p) -> tuple:
    return p.stage.value, p.process.value if p.process else None


def allocation_of(ctx: Context, stage, process):
    m = ctx.model
    return m.allocation_of.get((stage, process)) or m.allocation_of.get((stage, None))


def contributions(ctx: Context, numbers: dict, shares: dict, per_unit) -> None:
    """The rule's own emissions and removals, in declaration order."""
    m = ctx.model
    for c in m.contributions:
        name = c.name.value
        gas = m.contribution_gas[name]
        stage, process = place(c.place)
        allocation = allocation_of(ctx, stage, process)
        rows = c.row.table.value if c.row is not None else None
        amount = ctx.in_rows(c.row.var.value, rows, lambda: ctx.expr(c.expr)) if rows else ctx.expr(c.expr)
        contribute(ctx, name=name, clause=numbers[f"contribution:{name}"], direction=c.direction, stage=stage,
                   process=process, gas=gas, gwp=m.gwp_table[gas], carbon_kind=m.contribution_kind[name],
                   amount=amount, written=formula(c.expr), allocation=allocation,
                   share=shares.get(allocation), per_unit=per_unit, text_=text(c.text), span=c.span,
                   packaging=name in m.packaging, rows=rows)
