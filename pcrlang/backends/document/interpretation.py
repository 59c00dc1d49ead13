"""Chapters 8 and 9: interpretation of results (with grading, 8.1) and reporting."""
from __future__ import annotations

from fractions import Fraction

from ...domain.vocabulary import BOUNDARY_KINDS, PARTIAL_BOUNDARIES, ROUNDING_MODES
from ...examples import example_inputs
from ...interpret import CalculationError, calculate
from .blocks import Bullets
from .builder import Builder, code, joined, op_symbol
from .number import num, unit_text
from .text import TEXT


PARTIAL = PARTIAL_BOUNDARIES
SIGNIFICANT = Fraction(5)  # percent of the total from which a process is named a significant source


def interpretation(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    b.p(loc.tr("interpret_what"))
    contribution_analysis(b)
    sensitivity_analysis(b)
    if rs.boundary_kind in PARTIAL:
        b.p(loc.tr("interpret_partial", boundary=loc.label(BOUNDARY_KINDS, rs.boundary_kind)))
    else:
        b.p(loc.tr("interpret_full"))
    if rs.cutoff is not None:
        b.p(loc.tr("interpret_cutoff"))
    if any(i.default is not None for i in rs.inputs):
        b.p(loc.tr("interpret_defaults"))
    b.p(loc.tr("interpretation_intro"))
    stages = [loc.tr("r_stage")] + joined(([loc.t(s.text) or s.name, *b.aside_link(s.clause)] for s in rs.stages),
                                          loc.sep)
    items = [(loc.tr("r_total", unit=f"{num(rs.declared_amount)} {unit_text(rs.declared_unit)}"),), tuple(stages),
             (loc.tr("r_process"),), (loc.tr("r_gas"),), (loc.tr("r_kind"),), (loc.tr("r_separate"),)]
    if rs.per_unit is not None:
        items.insert(1, (loc.tr("r_absolute"),))
    if rs.allocations:
        items.append((loc.tr("r_allocation"),))
    if rs.cutoff is not None:
        items.append((loc.tr("r_cutoff"),))
    items += [(loc.tr("r_data"),), (loc.tr("r_trace"),)]
    b.add(Bullets(tuple(items)))
    b.p(loc.tr("numbers_text"))


def first_example(b: Builder, run):
    """(the first worked example, `run` of the rule on its inputs), or None when the rule has no
    example or the example is refused (the checker reports that)."""
    if not b.rs.examples:
        return None
    e = b.rs.examples[0]
    try:
        return e, run(b.rs, example_inputs(e, Fraction), b.fingerprint)
    except CalculationError:
        return None


def contribution_analysis(b: Builder) -> None:
    """The processes of the first worked example by their share of its total, as the reference
    interpreter computes them: which sources are significant."""
    loc = b.loc
    found = first_example(b, calculate)
    if found is None:
        return
    e, result = found
    total = result["total"]
    if not total:
        return
    rows = sorted(result["by_process"].items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    b.p(loc.tr("interpret_contribution", example=e.clause))
    table = []
    for place, value in rows:
        stage, _, process = place.partition(".")
        share = value / total * 100
        table.append((b.process_title(stage, process or None), num(value, 6), num(share, 3)))
    b.table((loc.tr("process"), loc.tr("co2e"), loc.tr("share_of_total")), table, "results",
            caption=loc.tr("contribution_caption", example=e.clause))
    significant = [b.process_title(*(p.partition(".")[::2])) for p, v in rows if abs(v / total * 100) >= SIGNIFICANT]
    if significant:
        b.p(loc.tr("interpret_significant", percent=num(SIGNIFICANT), processes=loc.sep.join(significant)))


SENSITIVITY_SHOWN = 5  # parameters listed in the document's sensitivity table


def sensitivity_analysis(b: Builder) -> None:
    """The parameters of the first worked example ranked by their effect on its total
    (pcrlang/sensitivity.py, exact): which data matter most."""
    from ...sensitivity import DEFAULT_PERCENT, analyse
    rs, loc = b.rs, b.loc
    found = first_example(b, analyse)
    if found is None:
        return
    e, s = found
    shown = [p for p in s["parameters"] if p["effect"]][:SENSITIVITY_SHOWN]
    if not shown:
        return
    titles = {**{i.name: loc.t(i.text) for i in rs.inputs}, **{f.name: loc.t(f.text) for f in rs.factors},
              **{t.name: loc.t(t.text) for t in rs.tables}}
    for i in rs.inputs:
        for c in i.columns:
            titles[f"{i.name}.{c.name}"] = (loc.t(i.text) or i.name) + loc.sep + (loc.t(c.text) or c.name)

    def change(side):
        if "refused" in side:
            return loc.tr("refused_variation", code=side["refused"]["code"])
        return num(side["change"], 6)

    table = []
    for p in shown:
        unit = "" if p["kind"] in ("column", "table") else " " + unit_text(p["unit"])
        values = f"{num(p['low']['value'], 6)}–{num(p['high']['value'], 6)}{unit}" if p["kind"] not in ("column", "table") \
            else f"×{num(p['low']['value'], 6)}–×{num(p['high']['value'], 6)}"
        table.append((titles.get(p["parameter"]) or p["parameter"], values, f"{change(p['low'])}; {change(p['high'])}"))
    b.p(loc.tr("interpret_sensitivity", example=e.clause, percent=num(DEFAULT_PERCENT), count=len(shown)))
    b.table((loc.tr("parameter"), loc.tr("varied_from_to"), loc.tr("change_low_high")), table, "results",
            caption=loc.tr("sensitivity_caption", example=e.clause))
    b.p(loc.tr("interpret_sensitivity_use"))


def grading(b: Builder, c, name) -> None:
    loc = b.loc
    g = getattr(b.rs, "grading", None)
    if g is None:
        return
    b.body_text(g.text, c)
    b.p(loc.tr("grading_text"))
    if g.decimals is not None:
        b.p(loc.tr("rounding_text", decimals=str(g.decimals), mode=loc.label(ROUNDING_MODES, g.rounding or "half_up")))
    b.table((loc.tr("grade_class"), loc.tr("condition"), loc.tr("description")),
            [((code(k.name),), f"E {op_symbol(k.op)} {num(k.limit)} kg CO₂e" if k.op and k.limit is not None
              else loc.tr("otherwise"), loc.t(k.text) or "") for k in g.classes])


def reporting(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("reporting_intro"))
    letters = "abcdefghijklmnopqrstuvwxyz"
    b.add(Bullets(tuple((f"{letters[k]}) {text}",) for k, text in enumerate(loc.pick(TEXT["rep"])))))
    b.p(loc.tr("reporting_rounding"))


CLAUSES = {"interpretation": interpretation, "grading": grading, "reporting": reporting}
