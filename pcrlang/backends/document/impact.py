"""Chapter 7, the impact assessment: GWP values, formula (1), each quantity and each emission or
removal with its formula, the biogenic carbon content."""
from __future__ import annotations

from ...domain.vocabulary import CARBON_KINDS, DIRECTIONS
from . import formula as fm
from .blocks import Formula, Math, MathBlock
from .builder import Builder, code, gas_formula
from .number import num, unit_text


def gwp(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    b.p(loc.tr("gwp_text", set=rs.gwp_set, source=rs.gwp_source))
    b.table((loc.tr("gas"), loc.tr("gwp_col")), [(b.gas(g), num(v)) for g, v in rs.gwp_values])


def calculation(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    partial = rs.boundary_kind in ("cradle_to_gate", "gate_to_gate")
    b.p(loc.tr("calc_intro_partial" if partial else "calc_intro", number=b.next_tag()))
    b.add(MathBlock(fm.AGGREGATE))
    b.p(loc.tr("where"))
    production = []
    if rs.production is not None:
        spec = b.inputs[rs.production]
        production = [loc.tr("calc_P"), b.link(spec.clause), f" ({unit_text(spec.unit)})"]
    declared = f"{num(rs.declared_amount)} {unit_text(rs.declared_unit)}"
    rows = [
        ((Math(fm.AGGREGATE_SYMBOLS["E"]),), (loc.tr("calc_E_partial" if partial else "calc_E"),), ("kg CO₂e",)),
        ((Math(fm.AGGREGATE_SYMBOLS["D"]),), (loc.tr("calc_D"),), (declared,)),
        ((Math(fm.AGGREGATE_SYMBOLS["P"]),), tuple(production) if production else (loc.tr("calc_P_none"),),
         (unit_text(b.inputs[rs.production].unit) if rs.production else "—",)),
        ((Math(fm.AGGREGATE_SYMBOLS["s"]),), (loc.tr("calc_s"),), ("—",)),
        ((Math(fm.AGGREGATE_SYMBOLS["a"]),), (loc.tr("calc_a"),), ("—",)),
        ((Math(fm.AGGREGATE_SYMBOLS["gwp"]),),
         (loc.tr("calc_gwp"),), ("kg CO₂e/kg",)),
        ((Math(fm.AGGREGATE_SYMBOLS["m"]),), (loc.tr("calc_m"),), ("kg",)),
    ]
    b.table((loc.tr("symbol"), loc.tr("meaning"), loc.tr("unit")), rows, "symbols")
    b.p(loc.tr("calc_units"))


def quantity(b: Builder, c, name) -> None:
    loc = b.loc
    q = b.quantities[name]
    b.formula(q.name, q.expr, q.formula, unit_text(q.unit) or "—", f"{loc.tr('quantity_unit')}{loc.colon}{loc.t(q.text) or q.name}")
    users = b.used_in.get(("quantity", name), [])
    if users:
        b.p(loc.tr("used_in"), loc.colon, *b.links(users))


def contribution(b: Builder, c, name) -> None:
    loc = b.loc
    x = b.contributions[name]
    gas = gas_formula(x.gas)
    transport = {f.path[2] for f in b.rs.report if f.path[:2] == ("transport", name)}
    if transport:
        b.p(loc.tr("transport_text"))
    b.formula(x.name, b.amount(x), x.formula, f"kg {gas}", loc.tr("result_unit", gas=gas))
    if x.rows is not None:
        b.p(loc.tr("per_row", table=x.rows), b.link(b.inputs[x.rows].clause), loc.tr("per_row_end"))
    if transport:
        if "empty_return" in transport:
            b.p(loc.tr("transport_empty"))
        b.p(loc.tr("transport_result"))
    stage = b.stages.get(x.stage)
    rows = [
        (loc.tr("direction"), loc.label(DIRECTIONS, x.direction)),
        (loc.tr("stage"), (loc.t(stage.text) if stage else x.stage, loc.open,
                           b.link(stage.clause) if stage else x.stage, loc.close)),
        (loc.tr("process"), (b.process_title(x.stage, x.process), " ", code(x.process))
         if x.process else loc.tr("none")),
        (loc.tr("gas"), b.gas(x.gas)),
        ("GWP100", num(x.gwp)),
        (loc.tr("carbon_kind"), loc.label(CARBON_KINDS, x.carbon_kind)),
    ]
    if getattr(x, "packaging", False):
        rows.append((loc.tr("packaging"), loc.tr("yes")))
    if x.allocation:
        a = next((a for a in b.rs.allocations if a.name == x.allocation), None)
        rows.append((loc.tr("allocation"), (b.link(a.clause),) if a else x.allocation))
    else:
        rows.append((loc.tr("allocation"), loc.tr("none")))
    b.kv(rows)


def biogenic_carbon_content(b: Builder, c, name) -> None:
    if b.rs.biogenic_content is None:
        return
    binding = b.rs.binding(b.rs.biogenic_content)
    b.p(b.loc.tr("biogenic_text"))
    b.equation(("sub", ("mi", "C"), ("mr", "bio")), binding.expr)
    b.symbol_table(binding.expr)
    written = binding.formula
    if written:
        b.p(b.loc.tr("as_written"), Formula(written), style="written")


CLAUSES = {"gwp": gwp, "calculation": calculation, "quantity": quantity, "contribution": contribution,
           "biogenic_carbon_content": biogenic_carbon_content}
