"""Chapters 8 and 9: interpretation of results (with grading, 8.1) and reporting."""
from __future__ import annotations

from ...domain.vocabulary import ROUNDING_MODES
from .blocks import Bullets
from .builder import Builder, code, joined, op_symbol
from .number import num
from .text import TEXT


def interpretation(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    b.p(loc.tr("interpretation_intro"))
    stages = [loc.tr("r_stage")] + joined(([loc.t(s.text) or s.name, *b.aside_link(s.clause)] for s in rs.stages),
                                          loc.sep)
    items = [(loc.tr("r_total", unit=f"{num(rs.declared_amount)} {rs.declared_unit}"),), tuple(stages),
             (loc.tr("r_process"),), (loc.tr("r_gas"),), (loc.tr("r_kind"),), (loc.tr("r_separate"),)]
    if rs.allocations:
        items.append((loc.tr("r_allocation"),))
    if rs.cutoff is not None:
        items.append((loc.tr("r_cutoff"),))
    items += [(loc.tr("r_data"),), (loc.tr("r_trace"),)]
    b.add(Bullets(tuple(items)))
    b.p(loc.tr("numbers_text"))


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
