"""The outline of the document: the cover and the foreword, then every clause of the IR in the
IR's order, each with its heading and the chapter function of its subject."""
from __future__ import annotations

from ...core import ir
from . import annexes, front, impact, interpretation, inventory, scope, worked_examples
import attrs

from .blocks import Heading, Table, anchor
from .builder import Builder

# subject kind -> the function that writes the clause's body; a subject without one (a chapter
# heading such as "6 Inventory analysis") has only its heading
CLAUSES = {**front.CLAUSES, **scope.CLAUSES, **inventory.CLAUSES, **impact.CLAUSES, **interpretation.CLAUSES,
           **annexes.CLAUSES, **worked_examples.CLAUSES}


def build(rs: ir.Ruleset, fingerprint: str, lang: str) -> list:
    b = Builder(rs, fingerprint, lang)
    front.cover(b)
    front.foreword(b)
    for c in rs.clauses:
        heading(b, c)
        kind, _, name = c.subject.partition(":")
        if c.subject.startswith("annex:"):
            kind, name = c.subject, ""
        handler = CLAUSES.get(kind)
        if handler is not None:
            handler(b, c, name)
    front.bibliography(b)
    front.colophon(b)
    return number_objects(b.blocks)


def number_objects(blocks: list) -> list:
    """Tables numbered as GB/T 1.1 numbers them: 表 1 ... through the body, 表 A.1 ... in each annex;
    a table without a caption takes its clause's title. (Formulas are numbered as they are added,
    Builder.add, so that a text can cite the number.)"""
    out = []
    annex = None
    title = ""
    tables = 0
    for blk in blocks:
        if isinstance(blk, Heading) and blk.level >= 2:
            if blk.label and blk.number and blk.number != annex:
                annex, tables = blk.number, 0
            title = blk.title
        elif isinstance(blk, Table) and blk.style != "symbols":  # a formula's "where" list is no table of its own
            tables += 1
            blk = attrs.evolve(blk, caption=blk.caption or title,
                               number=f"{annex}.{tables}" if annex else str(tables))
        out.append(blk)
    return out


def heading(b: Builder, c: ir.Clause) -> None:
    level = 2 + c.number.count(".")
    label = None
    if "." not in c.number and c.number.isalpha():
        kind = "informative" if c.subject == "annex:examples" else "normative"
        label = b.loc.tr("annex", letter=c.number, kind=b.loc.tr(kind))
    b.add(Heading(min(level, 6), c.number, label, b.clause_title(c), anchor(c.number)))
