"""Transport: one contribution per leg (a row of the legs table), mass x distance x the factor of
the leg's mode x (1 + the empty-return share); and the report of the block by mode: the freight
(t·km) and the kg CO2e per declared unit of the legs of each mode."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from ..domain import units
from .context import Context, add, compare, const, formula, mul, text
from .formulas import allocation_of, contribute, per_declared_unit, place

TKM = units.dim(mass=1, length=1)
KG_PER_T_KM = Fraction(1, 1000 * 1000)  # one kg·m in t·km


def written(t) -> str:
    """The formula of one leg as the document and the trace show it."""
    factor = f"{t.factor}[leg.mode]"
    base = f"leg.mass * leg.distance * {factor}"
    e = t.decl.item("empty_return")
    return base if e is None else f"{base} * (1 + {formula(e)})"


def transports(ctx: Context, numbers: dict, shares: dict, per_unit) -> list:
    """The contributions of the transport blocks; returns the report fields of each block."""
    m = ctx.model
    fields = []
    for t in m.transports:
        name, legs = t.decl.name.value, t.legs
        clause = numbers[f"contribution:{name}"]
        info = m.inputs[legs]
        column = {c.decl.name.value: c for c in info.columns}

        def col(n):
            c = column[n]
            node = cx.Column(legs, n, cx.Type.number(c.dimension))
            return node if c.to_base == 1 else cx.ToBase(node, c.to_base, node.type)

        mode = cx.Column(legs, "mode", cx.Type("key", (), t.mode_keyset))
        freight = mul(col("mass"), col("distance"))  # kg·m
        table = m.tables[t.factor]
        factor = cx.Lookup(t.factor, mode, cx.Type.number(table.dimension))
        amount = mul(freight, factor)
        e = t.decl.item("empty_return")
        share = ctx.expr(e) if e is not None else None
        if share is not None:
            amount = mul(amount, add(const(1), share))
        stage, process = place(t.decl.place)
        allocation = allocation_of(ctx, stage, process)
        contribute(ctx, name=name, clause=clause, direction="emission", stage=stage, process=process, gas=t.gas,
                   gwp=m.gwp_table[t.gas], carbon_kind=t.carbon_kind, amount=amount, written=written(t),
                   allocation=allocation, share=shares.get(allocation), per_unit=per_unit,
                   text_=text(t.decl.text), span=t.decl.span, packaging=name in m.packaging, rows=legs)
        leg = per_declared_unit(amount, "emission", shares.get(allocation), per_unit)
        fields.append((t, clause, mode, freight, leg, share, ctx.contributions[-1]))
    return fields


def report_fields(m, fields, per_unit) -> list:
    """transport.NAME: clause, legs, the empty-return share if any, the t·km and kg CO2e per declared unit of each mode, and in all."""
    out = []
    co2e = units.dim(CO2e=1)
    for t, clause, mode, freight, leg, share, c in fields:
        path = ("transport", t.decl.name.value)
        out.append(ir.ReportField(path + ("clause",), None, "fixed", clause))
        out.append(ir.ReportField(path + ("legs",), None, "fixed", t.legs))
        if share is not None:
            out.append(ir.ReportField(path + ("empty_return",), share, "value"))
        keys = [k.name.value for k in m.keysets[t.mode_keyset].keys]
        # `leg` is one leg's value per declared unit, as the contribution has it (allocated, normalised)
        for k in keys:
            of_mode = compare("==", mode, cx.Key(k, cx.Type("key", (), t.mode_keyset)))
            tkm = cx.RowSum(t.legs, cx.If(of_mode, freight, const(0, freight.type.dimension), freight.type),
                            freight.type)
            tkm = mul(tkm, const(KG_PER_T_KM))
            if per_unit is not None:
                tkm = mul(tkm, per_unit)
            out.append(ir.ReportField(path + ("by_mode", k, "tkm"), tkm, "value"))
            leg_co2e = cx.Binary("mul", leg, const(c.gwp), cx.Type.number(co2e))
            kg = cx.RowSum(t.legs, cx.If(of_mode, leg_co2e, const(0, co2e), leg_co2e.type), leg_co2e.type)
            out.append(ir.ReportField(path + ("by_mode", k, "co2e_kg"), kg, "value"))
        out.append(ir.ReportField(path + ("co2e_kg",), cx.ContributionValue(c.name, "co2e_kg", cx.Type.number(co2e)),
                                  "value"))
    return out
