"""Chapter 6, the inventory analysis: data collection and the inputs, data quality, allocation,
recycling and end of life, electricity."""
from __future__ import annotations

import string
from typing import Optional

from ...core import ir
from ...domain.recycling import PARAMETERS as CFF_PARAMETERS
from ...domain.vocabulary import ALLOCATION_METHODS, CUTOFF_BASES, FACTOR_KINDS, RECYCLING_APPROACHES
from . import formula as fm
from .blocks import IDENT, Bullets, Code, Formula, Math, Strong
from .builder import Builder, code, default_text, gas_formula, interval, joined, op_symbol
from .number import num, unit_text


def data_collection(b: Builder, c, name) -> None:
    loc = b.loc
    form = loc.tr("annex_ref", letter="A", kind=loc.tr("normative"))
    b.p(loc.tr("collection_intro"), b.link("A", form), loc.tr("collection_intro2"))


def input_clause(b: Builder, c, name) -> None:
    loc = b.loc
    i = b.inputs[name]
    rows = [
        (loc.tr("symbol"), (b.sym("input", i.name), " ", code(i.name))),
        (loc.tr("unit"), (unit_text(i.unit) or "—") if i.kind == "number" else "—"),
        (loc.tr("quantity_kind"), b.dimension(i)),
        (loc.tr("admissible"), b.bounds(i)),
        (loc.tr("data_type"), loc.tr("primary") if i.primary else loc.tr("secondary")),
        (loc.tr("requirement"), requirement(b, i)),
        (loc.tr("cut_off"), cut_off(b, i)),
    ]
    users = b.used_in.get(("input", name), [])
    if users:
        rows.append((loc.tr("used_in"), tuple(b.links(users))))
    b.kv(rows)
    if i.kind == "rows":
        b.p(loc.tr("columns"))
        b.table((loc.tr("column"), loc.tr("meaning"), loc.tr("unit"), loc.tr("admissible"), loc.tr("requirement"),
                 loc.tr("cut_off")),
                [((code(c.name),), (loc.t(c.text) or c.name) + (loc.tr("key_column") if c.key else ""),
                  c.unit if c.kind == "number" else "—", b.bounds(c), requirement(b, c), cut_off(b, c))
                 for c in i.columns])


def requirement(b: Builder, i: ir.Input) -> str:
    loc = b.loc
    if i.default is not None:
        text = loc.tr("default", value=default_text(i))
        if i.default_source:
            text += loc.tr("default_source", source=i.default_source)
        return text
    return loc.tr("optional") if i.optional else loc.tr("required")


def cut_off(b: Builder, i: ir.Input) -> str:
    """Whether the input may be cut off, as the calculator judges it: never-cut inputs are refused;
    an estimate is judged by every per-flow criterion whose basis the flow has (emissions always,
    mass or energy when the flow is one); with no such criterion the calculator refuses it."""
    loc, cutoff = b.loc, b.rs.cutoff
    if cutoff is None:
        return loc.tr("cut_none")
    if i.cut_off == "never":
        return loc.tr("cut_never")
    bases = {"emissions"} | ({i.cut_off} if i.cut_off in ("mass", "energy") else set())
    applicable = [t.basis for t in cutoff.per_flow if t.basis in bases]
    if cutoff.per_flow and not applicable:
        rule = loc.sep.join(loc.label(CUTOFF_BASES, t.basis) for t in cutoff.per_flow)
        return loc.tr("cut_no_criterion", bases=rule)
    judged = [x for x in ("mass", "energy", "emissions") if x in bases]
    return loc.tr("cut_judged", bases=loc.tr("and").join(loc.label(CUTOFF_BASES, x) for x in judged))


def data_quality(b: Builder, c, name) -> None:
    loc = b.loc
    dq = getattr(b.rs, "data_quality", None)
    if dq is None:
        b.p(loc.tr("data_quality_text"))
        return
    b.p(loc.t(dq.text))
    b.p(loc.tr("dq_intro", scheme=dq.name))
    b.add(Bullets(tuple((code(x),) for x in dq.criteria)))
    b.p(loc.tr("dq_bounds", bounds=interval(dq.criteria_bounds)))
    b.p(loc.tr("dq_rating"))
    b.equation("DQR", dq.rating)
    if dq.levels:
        b.table((loc.tr("dq_level"), loc.tr("condition")),
                [((code(lv.name),), f"DQR {op_symbol(lv.op)} {num(lv.limit)}" if lv.op else loc.tr("otherwise"))
                 for lv in dq.levels])
    if dq.input_minimums:
        rows = []
        for subject, level in dq.input_minimums:
            spec = b.inputs.get(subject)
            rows.append(((code(subject), " (", b.link(spec.clause), ")") if spec else (code(subject),),
                         (code(level),)))
        b.table((loc.tr("input"), loc.tr("dq_minimum")), rows)
    if dq.result_minimum:
        b.p(loc.tr("dq_result_minimum", level=dq.result_minimum))
    if dq.primary_share:
        op, percent = dq.primary_share
        b.p(loc.tr("dq_primary", op=op_symbol(op), percent=num(percent)))


def allocation(b: Builder, c, name) -> None:
    loc = b.loc
    if not name:
        b.p(loc.tr("allocation_intro") if b.rs.allocations else loc.tr("no_allocation"))
        return
    a = b.allocations[c.number]

    def place(s, p):
        return [b.process_title(s, p), loc.open,
                Code(f"{s}.{p}") if p and IDENT.match(s) and IDENT.match(p) else code(s),
                loc.comma, b.link(b.stages[s].clause) if s in b.stages else "", loc.close]
    b.kv([(loc.tr("method"), loc.label(ALLOCATION_METHODS, a.method)),
          (loc.tr("allocated_processes"), tuple(joined((place(s, p) for s, p in a.places), loc.sep)))])
    rows = []
    for k, prod in enumerate(a.products):
        if k == 0:
            role = loc.tr("intermediate_role" if a.then else "product_role")
        elif a.method == "substitution":
            role = loc.tr("avoided_role")
        else:
            role = loc.tr("coproduct_role")
        basis = (Math(fm.equation(b.layout.symbol("quantity", prod.name), b.rs.binding(prod.quantity).expr, b.layout)),) \
            if prod.quantity is not None else ("—",)
        rows.append(((code(prod.name),), (role,), basis))
    b.table((loc.tr("products"), loc.tr("role"), loc.tr("share_basis")), rows)
    if a.method == "substitution":
        b.p(loc.tr("substitution_text"))
    chain(b, a, place)
    if a.justification is not None and loc.t(a.justification):
        b.p(Strong(loc.tr("justification").rstrip("：: ")), loc.colon, loc.t(a.justification))
    elif a.method != "substitution":
        b.p(loc.tr("no_justification"))


def chain(b: Builder, a: ir.Allocation, place) -> None:
    """A chain of allocations (`then by`) explained: the allocations that pass a product on to this
    one, and where this one passes its own product on, with the declared product's share as the
    product of the shares along the chain."""
    loc = b.loc
    by_name = {x.name: x for x in b.rs.allocations}

    def named(x):
        return [code(x.name), loc.open, b.link(x.clause), loc.close]
    for x in (x for x in b.rs.allocations if x.then == a.name):
        b.p(*fill(loc.tr("chain_receives"), places=joined((place(s, p) for s, p in x.places), loc.sep),
                  allocation=named(x), product=[code(x.product)]),
            loc.tr("chain_rest") if set(a.places) - set(x.places) else loc.stop)
    if a.then is None or a.then not in by_name:
        return
    shares = joined((fill(loc.tr("chain_share"), product=[code(by_name[n].product)],
                          clause=[b.link(by_name[n].clause)]) for n in a.chain), loc.tr("chain_times"))
    b.p(*fill(loc.tr("chain_passes"), product=[code(a.product)], next=named(by_name[a.then]), shares=shares))


def fill(template: str, **parts) -> list:
    """The inlines of a fixed text whose fields are inlines (links, code), in the language's order."""
    out: list = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if field:
            out.extend(parts[field])
    return out


def recycling(b: Builder, c, name) -> None:
    loc = b.loc
    recyclings = getattr(b.rs, "recyclings", ())
    if not name:
        b.p(loc.tr("recycling_intro") if recyclings else loc.tr("recycling_none"))
        return
    r = next(r for r in recyclings if r.clause == c.number)
    b.body_text(r.text, c)
    b.kv([(loc.tr("approach"), loc.label(RECYCLING_APPROACHES, r.approach)),
          (loc.tr("process"), place(b, r.stage, r.process))])
    b.p(loc.tr("cff_text"))
    for term, expr in fm.cff_terms(b.rs):
        b.equation(term, expr)
    b.p(loc.tr("parameters"))
    meanings = {k: loc.pick((p.zh, p.en)) for k, p in CFF_PARAMETERS.items()}
    rows = [((Math(("mi", x.name) if len(x.name) == 1 else ("mr", x.name)),), (meanings.get(x.name, ""),),
             (Math(fm.equation_rhs(b.rs.binding(x.binding).expr, b.layout)),)) for x in r.parameters]
    b.table((loc.tr("parameter"), loc.tr("meaning"), loc.tr("value")), rows, "symbols")


def place(b: Builder, stage: str, process: Optional[str]) -> tuple:
    """A process by name, identifier and stage clause: `冶炼 make.smelting（5.2.2）`."""
    out = [b.process_title(stage, process), " ", code(f"{stage}.{process}" if process else stage)]
    if stage in b.stages:
        out += b.aside_link(b.stages[stage].clause)
    return tuple(out)


def electricity(b: Builder, c, name) -> None:
    loc = b.loc
    if not name:
        b.p(loc.tr("electricity_intro"))
        return
    e = next(e for e in getattr(b.rs, "electricity", ()) if e.clause == c.number)
    b.body_text(e.text, c)
    b.kv([(loc.tr("factor_kind"), loc.label(FACTOR_KINDS, e.factor_kind)),
          (loc.tr("process"), place(b, e.stage, e.process)),
          (loc.tr("gas"), b.gas(e.gas))])
    contribution = next((x for x in b.rs.contributions if getattr(x, "electricity", None) == e.name), None)
    if contribution is not None:
        b.formula(contribution.name, b.amount(contribution), contribution.formula, f"kg {gas_formula(e.gas)}",
                  loc.tr("result_unit", gas=gas_formula(e.gas)))
    rows = []
    for k, src in enumerate(e.sources, 1):
        condition = (Math(fm.equation_rhs(src.condition, b.layout)),) if src.condition is not None \
            else (loc.tr("always"),)
        rows.append((str(k), (code(src.name), " ", loc.t(src.text) or ""), condition,
                     (Math(fm.equation_rhs(src.factor, b.layout)),)))
    b.table((loc.tr("order"), loc.tr("name"), loc.tr("condition"), loc.tr("factor_col")), rows)


def consistency_check(b: Builder, c, name) -> None:
    """A consistency check of the data (6.2.k): what must hold, and that failing data are refused."""
    loc = b.loc
    steps = [s for s in b.rs.steps if isinstance(s, ir.Check) and s.code == "inconsistent_data" and s.clause == c.number
             and s.variant in ("within", "condition")]
    if not steps:
        return
    params = dict(steps[0].params)
    if steps[0].variant == "within":
        b.p(loc.tr("check_within", tolerance=params["tolerance"]))
        b.p(Formula(f"abs({params['left']} - ({params['right']})) <= {params['tolerance']} / 100 * abs({params['right']})"),
            style="written")
    else:
        b.p(loc.tr("check_condition"))
        b.p(Formula(params["condition"]), style="written")
    b.p(loc.tr("check_refused"))


CLAUSES = {"data_collection": data_collection, "input": input_clause, "data_quality": data_quality,
           "check": consistency_check,
           "allocation": allocation, "recycling": recycling, "electricity": electricity}
