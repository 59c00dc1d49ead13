"""Chapter 5, the scope of the quantification: declared unit, system boundary and its stages,
exclusions, cut-off criteria, time and geographic scope."""
from __future__ import annotations

from ...domain.vocabulary import BOUNDARY_KINDS, CUTOFF_BASES, PHASES
from .blocks import Bullets, Figure
from .builder import Builder, clause_key, code, joined, op_symbol
from .number import num, unit_text
from .svg import boundary_svg


def declared_unit(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    text = loc.tr("declared_unit_text", amount=num(rs.declared_amount), unit=unit_text(rs.declared_unit))
    described = loc.t(rs.declared_text)
    if described:
        text += loc.aside(described)
    b.p(text + loc.stop)
    b.p(loc.tr("declared_result"))
    if rs.production is not None:
        spec = b.inputs[rs.production]
        b.p(loc.tr("production_text"), code(spec.name), *b.aside_link(spec.clause), loc.tr("production_text2"))
    elif rs.per_unit is not None:
        production = rs.binding("production").expr
        b.p(loc.tr("production_formula"))
        b.equation("P", production)
        b.symbol_table(production)
    else:
        b.p(loc.tr("no_production"))


def boundary(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    b.p(loc.tr("boundary_text", kind=loc.label(BOUNDARY_KINDS, rs.boundary_kind)))
    b.add(Bullets(tuple((b.link(s.clause), " ", loc.t(s.text) or s.name) for s in rs.stages)))
    b.add(Figure(boundary_svg(rs, loc.lang), "boundary.svg", loc.tr("figure_boundary")))
    if b.exclusions_clause:
        b.p(loc.tr("exclusions_ref"), b.link(b.exclusions_clause), loc.stop)


def stage(b: Builder, c, name) -> None:
    loc = b.loc
    s = b.stages[name]
    b.p(loc.tr("phase"), loc.label(PHASES, s.phase), loc.semicolon, code(s.name))
    if s.processes:
        b.p(loc.tr("stage_processes"))
        rows = []
        for p in s.processes:
            users = [x.clause for x in b.rs.contributions if x.stage == s.name and x.process == p.name]
            rows.append(((code(p.name),), (loc.t(p.text) or p.name,),
                         tuple(b.links(sorted(set(users), key=clause_key))) or (loc.tr("none"),)))
        b.table((loc.tr("process"), loc.tr("description"), loc.tr("contributions")), rows)
    else:
        b.p(loc.tr("stage_no_processes"))
    direct = sorted({x.clause for x in b.rs.contributions if x.stage == s.name and x.process is None},
                    key=clause_key)
    if direct:
        b.p(loc.tr("stage_contributions"), *b.links(direct))


def exclusions(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("exclusions_text"))
    b.table((loc.tr("process"), loc.tr("description"), loc.tr("reason")),
            [((code(x.name),), (loc.t(x.text) or x.name,), (loc.t(x.reason) or "",)) for x in b.rs.exclusions])


def cutoff(b: Builder, c, name) -> None:
    loc = b.loc
    cut = b.rs.cutoff
    if cut is None:
        b.p(loc.tr("no_cutoff"))
        return
    b.p(loc.tr("cutoff_rules"))
    items = []
    for key, rules in (("per_flow", cut.per_flow), ("total_rule", cut.total)):
        for t in rules:
            items.append((loc.tr(key, basis=loc.label(CUTOFF_BASES, t.basis), op=op_symbol(t.op),
                                 percent=num(t.percent)),))
    if cut.never:
        def never(n):
            spec = b.inputs.get(n)
            return [code(n)] + (b.aside_link(spec.clause) if spec is not None else [])
        items.append(tuple([loc.tr("never")] + joined((never(n) for n in cut.never), loc.sep)))
    b.add(Bullets(tuple(items)))
    b.p(loc.t(cut.text))
    b.p(loc.tr("cutoff_how"))


def time_and_geography(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    period = getattr(rs, "period", None)
    if rs.period_inputs:
        b.p(loc.tr("period_inputs", start=rs.period_inputs[0], end=rs.period_inputs[1]))
    elif period:
        b.p(loc.tr("period_given", start=str(period[0]), end=str(period[1])))
    else:
        b.p(loc.tr("period"))
    if rs.effective:
        b.p(loc.tr("effective_text", date=rs.effective))
    geographies: dict[str, list] = {}
    vintages: dict[str, list] = {}
    for f in list(rs.factors) + list(rs.tables):
        if f.geography:
            geographies.setdefault(f.geography, []).append(f.clause)
        if f.vintage:
            vintages.setdefault(f.vintage, []).append(f.clause)
    if not geographies:
        b.p(loc.tr("no_geography"))
    for label, groups in (("geography", geographies), ("vintage", vintages)):
        if groups:
            listed = joined(([g, loc.open, *b.links(sorted(clauses, key=clause_key)), loc.close]
                             for g, clauses in sorted(groups.items())), loc.semicolon)
            b.p(loc.tr(label), *listed, loc.stop)


CLAUSES = {"declared_unit": declared_unit, "boundary": boundary, "stage": stage, "exclusions": exclusions,
           "cutoff": cutoff, "time_and_geography": time_and_geography}
