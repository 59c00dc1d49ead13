"""The outline of the document: the cover and the foreword, then every clause of the IR in the
IR's order, each with its heading and the chapter function of its subject."""
from __future__ import annotations

from ...core import ir
from . import annexes, front, impact, interpretation, inventory, scope, worked_examples
from .blocks import Heading, anchor
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
    return b.blocks


def heading(b: Builder, c: ir.Clause) -> None:
    level = 2 + c.number.count(".")
    label = None
    if "." not in c.number and c.number.isalpha():
        kind = "informative" if c.subject == "annex:examples" else "normative"
        label = b.loc.tr("annex", letter=c.number, kind=b.loc.tr(kind))
    b.add(Heading(min(level, 6), c.number, label, b.clause_title(c), anchor(c.number)))
