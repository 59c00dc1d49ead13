"""The report fields of the result, as core expressions over the contributions and bindings:
the total, the breakdowns by stage, process, gas and carbon kind (each summing to the total),
the separately reported figures, allocation shares, recycling terms and electricity sources.
Every backend evaluates these; none decides what a breakdown contains."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from ..domain import units
from ..domain.gases import GASES
from ..domain.vocabulary import CARBON_KINDS, FOOTPRINT_NAMES, PARTIAL_BOUNDARIES
from .context import Context, const, mul, total

CO2E = units.dim(CO2e=1)


def _co2e(c):
    return cx.ContributionValue(c.name, "co2e_kg", cx.Type.number(CO2E))


def _sum(items) -> cx.Sum:
    return total([_co2e(c) for c in items], CO2E)


def fields(ctx: Context, stages: tuple, allocations: tuple, recyclings: tuple, electricity: tuple,
           biogenic: str | None, per_unit) -> tuple:
    cs = ctx.contributions
    out = []

    def value(path, e):
        out.append(ir.ReportField(tuple(path), e, "value"))

    def fixed(path, v):
        out.append(ir.ReportField(tuple(path), None, "fixed", v))

    value(["total"], _sum(cs))
    for s in stages:
        value(["by_stage", s.name], _sum(c for c in cs if c.stage == s.name))
    keys = [f"{s.name}.{p.name}" for s in stages for p in s.processes]
    for c in cs:  # a contribution in a stage without a process is that stage's own line
        key = f"{c.stage}.{c.process}" if c.process else c.stage
        if key not in keys:
            keys.append(key)
    for key in keys:
        value(["by_process", key], _sum(c for c in cs if (f"{c.stage}.{c.process}" if c.process else c.stage) == key))
    for gas in sorted({c.gas for c in cs}):
        mine = [c for c in cs if c.gas == gas]
        mass = cx.Type.number(units.gas_mass(gas))
        value(["by_gas", gas, "mass_kg"], cx.Sum(tuple(cx.ContributionValue(c.name, "gas_kg", mass) for c in mine), mass))
        value(["by_gas", gas, "co2e_kg"], _sum(mine))
    for kind in CARBON_KINDS:
        value(["by_carbon_kind", kind], _sum(c for c in cs if c.carbon_kind == kind))
    separately = ["separately_reported"]
    zero = const(0, CO2E)
    biogenic_terms = [c for c in cs if c.carbon_kind == "biogenic"]
    value(separately + ["fossil"], _sum(c for c in cs if c.carbon_kind == "fossil"))
    value(separately + ["biogenic_emissions"],
          total([cx.Extreme("max", (_co2e(c), zero), zero.type) for c in biogenic_terms], CO2E))
    value(separately + ["biogenic_removals"],
          total([cx.Extreme("min", (_co2e(c), zero), zero.type) for c in biogenic_terms], CO2E))
    value(separately + ["land_use_change"], _sum(c for c in cs if c.carbon_kind == "land_use_change"))
    value(separately + ["aircraft"], _sum(c for c in cs if c.carbon_kind == "aircraft"))
    value(separately + ["total_excluding_biogenic"], _sum(c for c in cs if c.carbon_kind != "biogenic"))
    value(separately + ["packaging"], _sum(c for c in cs if c.packaging))
    if biogenic is not None:
        content = cx.Ref(biogenic, cx.Type.number(units.dim(C=1)))
        value(separately + ["biogenic_carbon_content_kgC"], mul(content, per_unit) if per_unit is not None else content)
    m = ctx.model
    kind = "partial" if m.boundary.kind.value in PARTIAL_BOUNDARIES else "full"
    fixed(["footprint", "kind"], kind)
    fixed(["footprint", "boundary"], m.boundary.kind.value)
    fixed(["footprint", "name_zh"], FOOTPRINT_NAMES[kind][0])
    fixed(["footprint", "name_en"], FOOTPRINT_NAMES[kind][1])
    if per_unit is not None:  # the period's production: absolute figures beside those per declared unit
        def absolute(e):
            return cx.Binary("div", e, per_unit, e.type)
        declared = const(m.declared_unit.amount, ())
        value(["absolute", "production"], cx.Binary("div", declared, per_unit, declared.type))
        value(["absolute", "total"], absolute(_sum(cs)))
        for s in stages:
            value(["absolute", "by_stage", s.name], absolute(_sum(c for c in cs if c.stage == s.name)))
    for a in allocations:
        path = ["allocation", a.name]
        fixed(path + ["clause"], a.clause)
        fixed(path + ["method"], a.method)
        fixed(path + ["product"], a.product)
        fixed(path + ["processes"], tuple(f"{s}.{p}" if p else s for s, p in a.places))
        if a.method == "substitution":
            fixed(path + ["shares"], None)
        else:
            for p in a.products:
                value(path + ["shares", p.name], cx.Ref(f"{a.name}.{p.name}.share", cx.DIMENSIONLESS))
        if a.chain:  # in a chain: where the product goes on, and the declared product's share applied
            if a.then is not None:
                fixed(path + ["then"], a.then)
            fixed(path + ["chain"], a.chain)
            value(path + ["declared_product_share"], cx.Ref(a.declared_share, cx.DIMENSIONLESS))
    for r in recyclings:
        path = ["recycling", r.name]
        fixed(path + ["clause"], r.clause)
        fixed(path + ["approach"], r.approach)
        value(path + ["A"], cx.Ref(f"{r.name}[A]", cx.DIMENSIONLESS))
        terms = [c for c in cs if c.recycling == r.name]
        for c in terms:
            value(path + [c.term], _co2e(c))
        value(path + ["total"], _sum(terms))
    for e in electricity:
        path = ["electricity", e.name]
        fixed(path + ["clause"], e.clause)
        fixed(path + ["factor_kind"], e.factor_kind)
        out.append(ir.ReportField(tuple(path + ["source"]), cx.Ref(e.source_binding, cx.DIMENSIONLESS), "choice",
                                  choices=tuple(s.name for s in e.sources)))
        factor = cx.Ref(e.factor_binding, cx.Type.number(units.divide(units.dim(**{GASES[e.gas]: 1}), units.ENERGY)))
        # kg of gas per kWh: the factor is per joule in base units
        value(path + ["factor_kg_per_kWh"], mul(factor, const(Fraction(3600000), units.ENERGY)))
        fixed(path + ["gas"], e.gas)
    return tuple(out)
