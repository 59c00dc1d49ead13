"""Building the document from the IR: what the chapters share.

A `Builder` holds the ruleset with its lookups (inputs, factors, tables, ... by name, and where
each name is used), the locale, the formula layout and the blocks built so far. Its methods add
blocks and make the inlines every chapter needs: links to clauses, symbol tables, the names of
processes, gases and dimensions. The chapters themselves are plain functions over a Builder
(front.py, scope.py, inventory.py, impact.py, interpretation.py, annexes.py, worked_examples.py);
outline.py runs them in the IR's clause order.

Expressions of the IR are only handed to formula.py; the IR's `dimension` strings are only read
by `Builder.dimension`.
"""
from __future__ import annotations

from typing import Iterable, Optional

import attrs

from ...core import ir
from ...domain import units
from ...domain.gases import FORMULA as GAS_FORMULA, NOTE as GAS_NOTE
from . import formula as fm
from .blocks import IDENT, Code, Formula, Heading, Link, Math, MathBlock, Para, Table, anchor
from .locale import locale
from .number import num, unit_text


class Builder:
    def __init__(self, rs: ir.Ruleset, fingerprint: str, lang: str):
        self.loc = locale(lang)
        self.rs, self.fingerprint = rs, fingerprint
        self.blocks: list = []
        self.annex: Optional[str] = None  # the annex being written, for the numbers of its formulas
        self.formulas = 0
        self.layout = fm.Layout(rs, lang)
        self.inputs = {i.name: i for i in rs.inputs}
        self.factors = {f.name: f for f in rs.factors}
        self.tables = {t.name: t for t in rs.tables}
        self.quantities = {s.name: s for s in rs.steps if type(s) is ir.Let and s.role == "quantity"}
        self.contributions = {c.name: c for c in rs.contributions}
        self.stages = {s.name: s for s in rs.stages}
        self.allocations = {a.clause: a for a in rs.allocations}
        self.examples = {e.clause: e for e in rs.examples}
        self.exclusions_clause = next((c.number for c in rs.clauses if c.subject == "exclusions"), None)
        # where each name is used: formula clauses in clause order
        self.used_in: dict[tuple, list] = {}
        formulas = [(q.clause, q.expr) for q in self.quantities.values()]
        formulas += [(c.clause, self.amount(c)) for c in rs.contributions]
        formulas += [(a.clause, rs.binding(p.quantity).expr) for a in rs.allocations for p in a.products
                     if p.quantity is not None]
        for clause, expr in formulas:
            for kind, name in fm.used_symbols(expr, self.layout):
                kind = "factor" if kind in ("factor", "table") else kind
                users = self.used_in.setdefault((kind, name), [])
                if clause not in users:
                    users.append(clause)
        for users in self.used_in.values():
            users.sort(key=clause_key)

    # ---- blocks --------------------------------------------------------------------------------
    def add(self, block) -> None:
        """Add a block; a formula takes the next number (1), (2) ... in the body, (A.1) ... in an annex."""
        if isinstance(block, Heading) and block.label and block.number != self.annex:
            self.annex, self.formulas = block.number, 0
        elif isinstance(block, MathBlock) and block.tag is None:
            self.formulas += 1
            block = attrs.evolve(block, tag=self.next_tag(0))
        self.blocks.append(block)

    def next_tag(self, ahead: int = 1) -> str:
        """The number of the formula `ahead` places on (1: the next one), for a text that cites it."""
        n = self.formulas + ahead
        return f"{self.annex}.{n}" if self.annex else str(n)

    def p(self, *inlines, style: str = "") -> None:
        inlines = tuple(i for i in inlines if i is not None and i != "")
        if inlines:
            self.add(Para(inlines, style))

    def table(self, head, rows, style: str = "", caption: str = "") -> None:
        def cell(c):
            return c if isinstance(c, tuple) else (c,)
        self.add(Table(tuple(cell(c) for c in head), tuple(tuple(cell(c) for c in r) for r in rows), style, caption))

    def kv(self, rows) -> None:
        """A two-column table of properties."""
        self.table((self.loc.tr("item"), self.loc.tr("value")), rows, "properties")

    def body_text(self, text: Optional[ir.Text], c: ir.Clause) -> None:
        """The ruleset's own text of a clause, unless it only repeats the heading."""
        value = self.loc.t(text)
        if value and value != self.clause_title(c):
            self.p(value)

    def sym(self, kind: str, name: str) -> Math:
        """The symbol of an input, factor, table or quantity as typeset (declared or default)."""
        return Math(self.layout.symbol(kind, name))

    def equation(self, lhs, expr) -> None:
        """`lhs` (a name of a quantity, or a box) = the expression, as a numbered formula."""
        box = self.layout.symbol("quantity", lhs) if isinstance(lhs, str) else lhs
        self.add(MathBlock(fm.equation(box, expr, self.layout), long=fm.is_long(expr, self.layout)))

    def formula(self, lhs: str, expr, written: str, result_unit: str, result_meaning: str) -> None:
        """A formula clause: the equation, its symbol table, and the formula as written."""
        self.equation(lhs, expr)
        self.symbol_table(expr, [((self.sym("quantity", lhs),), (result_meaning,), (result_unit,), ("",))])
        self.p(self.loc.tr("as_written"), Formula(written), style="written")

    def symbol_table(self, expr, rows: Optional[list] = None) -> None:
        """"where": each symbol of the formula with its meaning, unit and clause."""
        loc = self.loc
        rows = list(rows or [])
        self.p(loc.tr("where"))
        for kind, name in fm.used_symbols(expr, self.layout):
            if kind == "input":
                spec = self.inputs[name]
                meaning = f"{loc.tr('input_sym')}{loc.colon}{self.input_title(spec)}"
                rows.append(((self.sym(kind, name),), (meaning,), ((unit_text(spec.unit) or "—") if spec.kind == "number" else "—",),
                             (self.link(spec.clause),)))
            elif kind == "factor":
                f = self.factors[name]
                meaning = f"{loc.tr('factor_sym')}{loc.colon}{loc.t(f.text) or f.name}"
                rows.append(((self.sym(kind, name),), (meaning,), (unit_text(f.unit) or "—",), (self.link(f.clause),)))
            elif kind == "table":
                t = self.tables[name]
                meaning = f"{loc.tr('table_sym', keyset=t.keyset)}{loc.colon}{loc.t(t.text) or t.name}"
                rows.append(((self.sym(kind, name),), (meaning,), (unit_text(t.unit) or "—",), (self.link(t.clause),)))
            elif kind == "quantity":
                q = self.quantities[name]
                meaning = f"{loc.tr('quantity_unit')}{loc.colon}{loc.t(q.text) or q.name}"
                rows.append(((self.sym(kind, name),), (meaning,), (unit_text(q.unit) or "—",), (self.link(q.clause),)))
            elif kind == "criterion":
                rows.append(((self.sym(kind, name),), (code(name),), ("—",), ("",)))
            elif kind == "column":
                table, column = name.split(".", 1)
                c = next(c for c in self.inputs[table].columns if c.name == column)
                meaning = f"{loc.tr('column_sym', table=table)}{loc.colon}{loc.t(c.text) or column}"
                rows.append(((self.sym("column", column),), (meaning,), ((unit_text(c.unit) or "—") if c.kind == "number" else "—",),
                             (self.link(self.inputs[table].clause),)))
        self.table((loc.tr("symbol"), loc.tr("meaning"), loc.tr("unit"), loc.tr("clause")), rows, "symbols")

    # ---- inlines -------------------------------------------------------------------------------
    def link(self, number: str, text: Optional[str] = None) -> Link:
        return Link(text or number, anchor(number))

    def links(self, numbers) -> list:
        return joined(([self.link(n)] for n in numbers), self.loc.sep)

    def aside_link(self, number: str) -> list:
        """A link to a clause in brackets after what precedes it: （5.2.1） or ` (5.2.1)`."""
        return [self.loc.open, self.link(number), self.loc.close]

    def gas(self, gas: str) -> str:
        label = gas_formula(gas)
        note = GAS_NOTE.get(gas)
        if note:
            label += self.loc.aside(self.loc.pick(note))
        return label

    def amount(self, c: ir.Contribution):
        """A contribution's formula for the reference period (before allocation and normalisation)."""
        return self.rs.binding(c.amount).expr

    def dimension(self, x) -> str:
        """The dimension of an input, factor or table in the document's language."""
        if getattr(x, "kind", None) == "key":
            return self.loc.tr("key_kind")
        return units.describe(x.dimension, self.loc.lang)

    def input_title(self, i: ir.Input) -> str:
        return self.loc.t(i.text) or i.name

    def process_title(self, stage: str, process: Optional[str]) -> str:
        s = self.stages.get(stage)
        if s is None:
            return stage if process is None else f"{stage}.{process}"
        if process is None:
            return self.loc.t(s.text) or s.name
        p = next((p for p in s.processes if p.name == process), None)
        return (self.loc.t(p.text) if p else None) or process

    def key_note(self, key_texts: tuple, key: str) -> str:
        """The name of a key in the document's language, as a note after the key: ` (华北电网)`."""
        text = next((t for k, t in key_texts if k == key), None)
        label = self.loc.t(text) if text is not None else None
        return f" ({label})" if label else ""

    def bounds(self, i: ir.Input) -> str:
        if i.kind == "rows":
            return self.loc.tr("rows_table") + (self.loc.sep + self.loc.tr("at_least_rows", count=i.min_rows)
                                                if i.min_rows else "")
        if i.kind == "text":
            return self.loc.tr("text_value")
        if i.kind == "key":
            return (self.loc.tr("keys_of", keyset=i.keyset or "")
                    + ", ".join(k + self.key_note(i.key_texts, k) for k in i.keys))
        b = i.bounds
        if b is None:
            return self.loc.tr("number")
        return f"{interval(b)} {unit_text(i.unit)}".strip()

    def clause_title(self, c: ir.Clause) -> str:
        text = self.loc.t(c.title)
        if text:
            return text
        kind, _, name = c.subject.partition(":")
        if kind == "allocation" and c.number in self.allocations:
            a = self.allocations[c.number]
            places = self.loc.sep.join(self.process_title(s, p) for s, p in a.places)
            return self.loc.tr("allocation_title", places=places)
        return name or c.subject


# ---- small helpers -------------------------------------------------------------------------------
def code(name: str):
    """A code span for a validated identifier; anything else stays plain (escaped) text."""
    return Code(name) if IDENT.match(name) else name


def joined(groups: Iterable, sep: str) -> list:
    """The inlines of each group, with `sep` between the groups."""
    out: list = []
    for k, group in enumerate(groups):
        if k:
            out.append(sep)
        out.extend(group)
    return out


def gas_formula(gas: str) -> str:
    """A gas as a chemical formula: CO₂, CH₄, HFC-134a."""
    return GAS_FORMULA.get(gas, gas)


def default_text(i: ir.Input) -> str:
    if i.default is None:
        return ""
    if isinstance(i.default, str):
        return i.default
    return f"{num(i.default)} {unit_text(i.unit)}".strip()


def interval(b) -> str:
    return f"{'[' if b.low_inclusive else '('}{num(b.low)}, {num(b.high)}{']' if b.high_inclusive else ')'}"


def op_symbol(op: str) -> str:
    return {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠"}.get(op, op)


def clause_key(number: str) -> tuple:
    """A clause number as a sort key: 5.2.10 after 5.2.9, annexes after the chapters."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))
