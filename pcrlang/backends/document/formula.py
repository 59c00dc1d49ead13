"""Formulas of the IR typeset as mathematics: LaTeX (for Markdown) and MathML (for HTML).

Both come from one layout tree built from the IR's core expressions (pcrlang/core/expr.py), so
the two forms cannot disagree. A third form, `plain`, writes the formula back in pcrlang's own
syntax; the tests compare it with the `formula` text the lowering kept, which shows that the
layout follows the writer's formula.

Unit conversions are explicit `ToBase` nodes in the IR; the layout shows their operand: formulas
are typeset as equations between quantities, each symbol standing for the quantity in the unit
its clause declares, and the document says that the calculator applies the conversions exactly.
Bindings the lowering made for a construct are shown as the rule wrote them: an electricity
block's factor as the cases of its sources, a recycling parameter by its name.

Everything that is not a validated identifier or a number is escaped for the target (LaTeX
specials; `<>&"'` in MathML).
"""
from __future__ import annotations

import html
import re
from fractions import Fraction
from typing import Optional

from ...core import expr as cx
from ...core import ir
from ...domain.symbols import GREEK, SymbolError, parse_symbol  # noqa: F401 (re-exported)

# precedence, as in pcrlang.syntax.printer.format_expr
_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "sub": 5, "mul": 6, "div": 6, "neg": 7}
_ATOM = 9

_CMP = {"<": ("<", r"\lt"), "<=": ("\u2264", r"\le"), ">": (">", r"\gt"), ">=": ("\u2265", r"\ge"),
        "==": ("=", "="), "!=": ("\u2260", r"\ne")}

LINE = 90  # characters of formula text beyond which a sum or a conditional is set on several lines
WORDS = {"zh": {"if": "若", "otherwise": "其他情况"}, "en": {"if": "if", "otherwise": "otherwise"}}
_PARAMETER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\[([A-Za-z_][A-Za-z0-9_]*)\]$")  # a recycling block's parameter


# ---- numbers --------------------------------------------------------------------------------
def decimal_text(x: Fraction) -> Optional[str]:
    """The exact decimal spelling of x, or None if x has no finite decimal expansion."""
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    places = max(twos, fives)
    n = abs(x.numerator) * 10 ** places // x.denominator
    digits = str(n).rjust(places + 1, "0")
    text = digits if places == 0 else digits[:-places] + "." + digits[-places:]
    return ("-" if x < 0 else "") + text


# ---- the layout tree ------------------------------------------------------------------------
# ("mi", name) ("mn", text) ("mo", mathml, latex) ("row", [boxes]) ("frac", a, b)
# ("paren", box) ("bracket", box) ("cases", [(value, condition-or-None)]) ("text", words) ("str", key)


_ROW_SUM = re.compile(r"\b(?:sum|average)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([A-Za-z_][A-Za-z0-9_]*)\s*:")
_ROW_COLUMN = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z_]")


class Layout:
    """Builds the layout tree of a core expression for one ruleset and language."""

    def __init__(self, rs: ir.Ruleset, lang: str = "en"):
        self.lang = lang
        self.quantities = {s.name for s in rs.steps if type(s) is ir.Let and s.role == "quantity"}
        # a dated factor chosen at run time for the period: its binding stands for the factor
        self.factors = {s.name: s.name.rsplit("@", 1)[0] for s in rs.steps if type(s) is ir.Let and s.role == "factor"}
        self.declared = declared_symbols(rs)
        self.contributions = {c.name for c in rs.contributions}
        # an electricity block's factor binding: the first source whose condition holds
        self.choices = {e.factor_binding: tuple((x.condition, x.factor) for x in e.sources) for e in rs.electricity}
        # a split block's bindings (its amount, each supply's share, energy and factor, the rest):
        # shown as the formulas they bind, so that the rest reads amount - the supplies
        split = [b for e in rs.electricity if e.supplies
                 for b in (e.amount_binding, e.rest_binding, f"{e.name}[supplies]")]
        split += [b for e in rs.electricity for s in e.supplies
                  for b in (s.energy_binding, s.factor_binding, f"{s.contribution}[share]")]
        self.inline = {s.name: s.expr for s in rs.steps if type(s) is ir.Let and s.name in set(split)}
        # the name the writer gave the row (`for c in TABLE`, `sum(m in TABLE: ...)`), read from
        # the written formula: the core IR's columns do not keep it
        self.row_names: dict = {}
        for s in rs.steps:
            if type(s) is ir.Let and s.formula:
                self._name_rows(s.expr, s.formula, s.rows)

    def _name_rows(self, e, formula: str, table: Optional[str]) -> None:
        """Record the row name of each column node of a binding, from its written formula: the
        sums' names in the order they are written, and outside any sum the per-row binding's."""
        sums = _ROW_SUM.findall(formula)
        inner = {name for name, _ in sums}
        outer = next((m.group(1) for m in _ROW_COLUMN.finditer(formula) if m.group(1) not in inner), None)
        last: dict = {}  # an average is written once and lowers to two sums: the second takes its name
        stack = [(e, outer if table is not None else None)]
        while stack:
            x, name = stack.pop()
            if type(x) is cx.RowSum:
                found = sums.pop(0) if sums and sums[0][1] == x.table else None
                name = found[0] if found is not None else last.get(x.table)
                last[x.table] = name
            elif type(x) is cx.Column and name is not None:
                self.row_names[id(x)] = name
            stack.extend((c, name) for c in reversed(cx.children(x)))

    def row_name(self, e) -> str:
        """The row's name a column node is read through (`row` when the formula does not say)."""
        return self.row_names.get(id(e), "row")

    def view(self, e):
        """What the layout shows of a node: conversions by their operand, bindings as written."""
        while type(e) is cx.ToBase or (type(e) is cx.Ref and e.name in self.inline):
            e = e.operand if type(e) is cx.ToBase else self.inline[e.name]
        return e

    def name(self, e) -> Optional[tuple]:
        """(kind, name) of a symbol node, or None."""
        t = type(e)
        if t is cx.Input:
            return "input", e.name
        if t is cx.Factor:
            return "factor", e.name
        if t is cx.Criterion:
            return "criterion", e.name
        if t is cx.Ref and e.name in self.factors:
            return "factor", self.factors[e.name]
        if t is cx.Ref:
            found = _PARAMETER.match(e.name)
            if found:
                return "criterion", found.group(1)
            return "quantity", e.name
        if t is cx.ContributionValue:
            return "quantity", e.name
        return None

    def build(self, e):
        return self._box(e)[0]

    def symbol(self, kind: str, name: str):
        """The box of a symbol: the one the rule declares (`symbol "..."`), else the default."""
        kind = "factor" if kind == "table" else kind
        declared = self.declared.get((kind, name))
        if declared is not None:
            return declared
        if kind == "quantity" and name in self.contributions:
            kind = "contribution"
        return default_symbol(kind, name)

    def _wrap(self, item, needed: int):
        box, prec = item
        return ("paren", box) if prec < needed else box

    def _cases(self, options, e) -> tuple:
        words = WORDS.get(self.lang, WORDS["en"])
        rows = []
        for condition, value in options:
            if condition is None:
                rows.append((self._box(value)[0], ("text", words["otherwise"])))
            else:
                rows.append((self._box(value)[0], ("row", [("text", words["if"]), ("space",), self._box(condition)[0]])))
        return ("cases", rows, len(plain(e, self)) > LINE), _ATOM

    def _box(self, e):
        """(box, precedence of its top operation)."""
        e = self.view(e)
        t = type(e)
        if t is cx.Const:
            text = decimal_text(e.value)
            if text is None:
                return ("frac", ("mn", str(e.value.numerator)), ("mn", str(e.value.denominator))), _ATOM
            return ("mn", text), _ATOM
        if t is cx.Ref and e.name in self.choices:
            return self._cases(self.choices[e.name], e)
        symbol = self.name(e)
        if symbol is not None:
            return self.symbol(*symbol), _ATOM
        if t is cx.Key:
            return ("str", e.value), _ATOM
        if t is cx.Lookup:
            return ("row", [self.symbol("table", e.table), ("bracket", self._box(e.key)[0])]), _ATOM
        if t is cx.Binary and e.fn in ("add", "sub"):
            p = _PREC[e.fn]
            sign = ("mo", "+", "+") if e.fn == "add" else ("mo", "\u2212", "-")
            return ("row", [self._wrap(self._box(e.left), p), sign, self._wrap(self._box(e.right), p + 1)]), p
        if t is cx.Binary and e.fn == "mul":
            p = _PREC["mul"]
            return ("row", [self._wrap(self._box(e.left), p), ("mo", "\u00d7", r"\times"),
                            self._wrap(self._box(e.right), p + 1)]), p
        if t is cx.Binary:
            return ("frac", self._box(e.left)[0], self._box(e.right)[0]), _ATOM - 1
        if t is cx.Neg:
            p = _PREC["neg"]
            return ("row", [("mo", "\u2212", "-"), self._wrap(self._box(e.operand), p + 1)]), p
        if t is cx.Extreme:
            args: list = []
            for i, a in enumerate(e.args):
                if i:
                    args.append(("mo", ",", ","))
                args.append(self._box(a)[0])
            return ("row", [("fn", e.fn), ("paren", ("row", args))]), _ATOM
        if t is cx.If:
            return self._cases(((e.condition, e.then), (None, e.otherwise)), e)
        if t is cx.Compare:
            p = _PREC["cmp"]
            mathml_op, latex_op = _CMP[e.fn]
            return ("row", [self._wrap(self._box(e.left), p + 1), ("mo", mathml_op, latex_op),
                            self._wrap(self._box(e.right), p + 1)]), p
        if t is cx.Logic:
            p = _PREC[e.fn]
            mathml_op, latex_op = ("\u2227", r"\land") if e.fn == "and" else ("\u2228", r"\lor")
            return ("row", [self._wrap(self._box(e.left), p), ("mo", mathml_op, latex_op),
                            self._wrap(self._box(e.right), p + 1)]), p
        if t is cx.Not:
            p = _PREC["not"]
            return ("row", [("mo", "\u00ac", r"\lnot"), self._wrap(self._box(e.operand), p)]), p
        if t is cx.RowSum:  # the sum over the rows of a table: a big sigma under which the table is named
            return ("rowsum", e.table, self._wrap(self._box(e.body), _PREC["mul"])), _PREC["add"]
        if t is cx.Column:
            return ("mi", e.name), _ATOM
        if t is cx.Sum:
            p = _PREC["add"]
            terms: list = []
            for i, a in enumerate(e.args):
                if i:
                    terms.append(("mo", "+", "+"))
                terms.append(self._wrap(self._box(a), p + 1))
            return ("row", terms or [("mn", "0")]), p
        raise ValueError(f"no layout for {t.__name__}")


# ---- symbols ----------------------------------------------------------------------------------
# parsed in pcrlang/domain/symbols.py (the checker validates them too)
DEFAULT_BASE = {"input": "AD", "factor": "EF", "quantity": "Q", "contribution": "E"}


def default_symbol(kind: str, name: str):
    """The symbol of a name the rule gives none: GB/T 32150's AD (activity data) and EF (emission
    factor) with the name as subscript; quantities and contributions E or Q with the name; a
    one-letter name as itself."""
    if len(name) == 1 or kind == "criterion" or kind not in DEFAULT_BASE:
        return ("mi", name)
    return ("sub", ("mr", DEFAULT_BASE[kind]), ("mr", name))


def declared_symbols(rs: ir.Ruleset) -> dict:
    """(kind, name) -> box of every symbol the rule declares (a symbol outside the subset keeps the
    default; the checker reports it)."""
    out = {}
    items = [("input", i.name, getattr(i, "symbol", None)) for i in rs.inputs]
    items += [("factor", f.name, getattr(f, "symbol", None)) for f in rs.factors]
    items += [("factor", t.name, getattr(t, "symbol", None)) for t in rs.tables]
    items += [("quantity", s.name, getattr(s, "symbol", None)) for s in rs.steps if type(s) is ir.Let]
    items += [("quantity", c.name, getattr(c, "symbol", None)) for c in rs.contributions]
    for kind, name, text in items:
        if text:
            try:
                out[(kind, name)] = parse_symbol(text)
            except SymbolError:
                pass
    return out


def symbol_box(kind: str, name: str, layout: "Layout"):
    return layout.symbol(kind, name)


# ---- LaTeX ------------------------------------------------------------------------------------
_LATEX_SPECIAL = {"\\": r"\backslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "%": r"\%", "_": r"\_", "^": r"\hat{\ }", "~": r"\sim{}", "<": r"\lt{}", ">": r"\gt{}",
                  " ": r"\ ", "|": r"\vert{}", "\n": r"\ ", "\r": r"\ ", "\t": r"\ "}


def latex_escape(text: str) -> str:
    """Any text as characters of a LaTeX math-mode argument (\\mathrm, \\mathtt)."""
    out = []
    for ch in text:
        if ch in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[ch])
        elif ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 or ch in "\u2028\u2029":
            out.append(r"\ ")
        else:
            out.append(ch)
    return "".join(out)


def latex_name(name: str) -> str:
    if len(name) == 1 and name.isalpha() and (name.isascii() or name in GREEK.values()):
        return name
    return r"\mathrm{" + latex_escape(name) + "}"


def _latex_group(box) -> str:
    return "{" + latex(box).strip() + "}"


def latex(box) -> str:
    kind = box[0]
    if kind == "mi":
        return latex_name(box[1])
    if kind == "mr":
        if not box[1].isascii():
            return r"\text{" + latex_escape(box[1]).replace(r"\ ", " ") + "}"
        return r"\mathrm{" + latex_escape(box[1]) + "}"
    if kind == "sub":
        return _latex_group(box[1]) + "_" + _latex_group(box[2])
    if kind == "sup":
        return _latex_group(box[1]) + "^" + _latex_group(box[2])
    if kind == "subsup":
        return _latex_group(box[1]) + "_" + _latex_group(box[2]) + "^" + _latex_group(box[3])
    if kind == "nary":  # (operator, under, body)
        return r"\sum_" + _latex_group(box[2]) + " " + latex(box[3]).strip()
    if kind == "thin":
        return r"\,"
    if kind == "mn":
        return box[1]
    if kind == "mo":
        return " " + box[2] + " "
    if kind == "row":
        return "".join(latex(b) for b in box[1]).replace("  ", " ")
    if kind == "frac":
        return r"\frac{" + latex(box[1]).strip() + "}{" + latex(box[2]).strip() + "}"
    if kind == "paren":
        return r"\left(" + latex(box[1]).strip() + r"\right)"
    if kind == "bracket":
        return r"\left[" + latex(box[1]).strip() + r"\right]"
    if kind == "fn":
        return "\\" + box[1]
    if kind == "text":
        return r"\text{" + latex_escape(box[1]).replace(r"\ ", " ") + "}"
    if kind == "space":
        return r"\;"
    if kind == "rowsum":
        return r"\sum_{" + latex_name(box[1]) + "} " + latex(box[2]).strip()
    if kind == "str":
        return r"\mathtt{``" + latex_escape(box[1]) + "''}"
    if kind == "lines":
        lhs, terms = box[1], box[2]
        rows = [latex(lhs).strip() + " &= " + latex(terms[0][1]).strip()]
        rows += [r"&\quad " + latex(op).strip() + " " + latex(term).strip() for op, term in terms[1:]]
        return r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"
    if kind == "cases":
        if box[2]:  # long: each condition on the line under its value
            rows = [latex(v).strip() + r" \\ \qquad " + latex(c).strip() for v, c in box[1]]
        else:
            rows = [latex(v).strip() + " & " + latex(c).strip() for v, c in box[1]]
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
    raise ValueError(kind)


# ---- MathML -------------------------------------------------------------------------------------
def _x(text: str) -> str:
    return html.escape(text, quote=True)


_MATHML_LEAF = {"mi": "mi", "mn": "mn", "mo": "mo", "fn": "mi", "text": "mtext"}  # kind -> element of its text
_MATHML_BOXES = {"sub": "msub", "sup": "msup", "subsup": "msubsup", "frac": "mfrac"}  # kind -> element of its boxes
_MATHML_FIXED = {"thin": '<mspace width="0.2em"/>', "space": '<mspace width="0.4em"/>'}


def mathml(box) -> str:
    kind = box[0]
    if kind in _MATHML_LEAF:
        return f"<{_MATHML_LEAF[kind]}>{_x(box[1])}</{_MATHML_LEAF[kind]}>"
    if kind in _MATHML_BOXES:
        return f"<{_MATHML_BOXES[kind]}>{''.join(mathml(b) for b in box[1:])}</{_MATHML_BOXES[kind]}>"
    if kind in _MATHML_FIXED:
        return _MATHML_FIXED[kind]
    if kind == "mr":
        return f'<mi mathvariant="normal">{_x(box[1])}</mi>' if len(box[1]) == 1 else f"<mi>{_x(box[1])}</mi>"
    if kind == "nary":
        return f"<munder><mo>{_x(box[1])}</mo>{mathml(box[2])}</munder>{mathml(box[3])}"
    if kind == "row":
        return "<mrow>" + "".join(mathml(b) for b in box[1]) + "</mrow>"
    if kind in ("paren", "bracket"):
        left, right = ("(", ")") if kind == "paren" else ("[", "]")
        return f"<mrow><mo>{left}</mo>{mathml(box[1])}<mo>{right}</mo></mrow>"
    if kind == "rowsum":  # the sum over the rows of a table: a big sigma under which the table is named
        return f"<mrow><munder><mo>∑</mo>{mathml(('mi', box[1]))}</munder>{mathml(box[2])}</mrow>"
    if kind == "lines":  # (lhs, [(operator or None, term)]): a long sum on several aligned lines
        lhs, terms = box[1], box[2]
        rows = []
        for k, (op, term) in enumerate(terms):
            first = mathml(lhs) if k == 0 else ""
            lead = "<mo>=</mo>" if k == 0 else f"<mspace width=\"1em\"/>{mathml(op)}"
            rows.append(f"<mtr><mtd>{first}</mtd><mtd>{lead}{mathml(term)}</mtd></mtr>")
        return f'<mtable class="lines">{"".join(rows)}</mtable>'

    if kind == "str":
        return f"<ms>{_x(box[1])}</ms>"
    if kind == "cases":
        if box[2]:  # long: each condition on the line under its value
            rows = "".join(f'<mtr><mtd>{mathml(v)}</mtd></mtr><mtr><mtd><mspace width="2em"/>{mathml(c)}</mtd></mtr>'
                           for v, c in box[1])
        else:
            rows = "".join(f'<mtr><mtd>{mathml(v)}</mtd><mtd>{mathml(c)}</mtd></mtr>' for v, c in box[1])
        return f'<mrow><mo>{{</mo><mtable class="cases">{rows}</mtable></mrow>'
    raise ValueError(kind)


# ---- plain pcrlang syntax (for the tests and for search) ---------------------------------------------
def plain(e, layout: Layout, parent: int = 0) -> str:
    """A core expression (conversions shown by their operand) in pcrlang syntax, spaced and
    parenthesised as pcrlang.syntax.printer.format_expr writes the formula texts."""
    e = layout.view(e)
    t = type(e)
    if t is cx.Const:
        return decimal_text(e.value) or f"{e.value.numerator}/{e.value.denominator}"
    if t is cx.Ref and e.name in layout.choices:
        return "choose(" + "; ".join(f"{plain(v, layout)} if {plain(c, layout)}" if c is not None
                                     else plain(v, layout) for c, v in layout.choices[e.name]) + ")"
    symbol = layout.name(e)
    if symbol is not None:
        return symbol[1]
    if t is cx.Key:
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if t is cx.Lookup:
        return f"{e.table}[{plain(e.key, layout)}]"
    if t is cx.RowSum:
        names = {layout.row_name(c) for c in cx.walk(e.body) if type(c) is cx.Column and c.table == e.table}
        return f"sum({names.pop() if len(names) == 1 else 'row'} in {e.table}: {plain(e.body, layout)})"
    if t is cx.Column:
        return f"{layout.row_name(e)}.{e.name}"
    if t is cx.Extreme:
        return f"{e.fn}({', '.join(plain(a, layout) for a in e.args)})"
    symbols_of = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
    if t is cx.Binary:
        p = _PREC[e.fn]
        text = f"{plain(e.left, layout, p)} {symbols_of[e.fn]} {plain(e.right, layout, p + 1)}"
    elif t is cx.Logic:
        p = _PREC[e.fn]
        text = f"{plain(e.left, layout, p)} {e.fn} {plain(e.right, layout, p + 1)}"
    elif t is cx.Sum:
        p = _PREC["add"]
        text = " + ".join(plain(a, layout, p + 1) for a in e.args) or "0"
    elif t is cx.Neg:
        p = _PREC["neg"]
        text = f"-{plain(e.operand, layout, p)}"
    elif t is cx.Compare:
        p = _PREC["cmp"]
        text = f"{plain(e.left, layout, p + 1)} {e.fn} {plain(e.right, layout, p + 1)}"
    elif t is cx.Not:
        p = _PREC["not"]
        text = f"not {plain(e.operand, layout, p)}"
    elif t is cx.If:
        p = 0
        text = f"if {plain(e.condition, layout)} then {plain(e.then, layout)} else {plain(e.otherwise, layout)}"
    else:
        raise ValueError(f"no plain form for {t.__name__}")
    return f"({text})" if p < parent else text


def symbols(e, layout: Layout, seen: Optional[list] = None) -> list:
    """(kind, name) of every input, factor, table, quantity and criterion in the expression, in
    order of first appearance (as typeset: a choice's conditions and values in turn)."""
    seen = [] if seen is None else seen
    stack = [e]
    while stack:
        x = layout.view(stack.pop())
        t = type(x)
        if t is cx.Ref and x.name in layout.choices:
            parts = []
            for condition, value in layout.choices[x.name]:
                if condition is not None:
                    parts.append(condition)
                parts.append(value)
            stack.extend(reversed(parts))
            continue
        symbol = layout.name(x)
        if symbol is not None:
            if symbol not in seen:
                seen.append(symbol)
            continue
        if t is cx.Lookup and ("table", x.table) not in seen:
            seen.append(("table", x.table))
        if t is cx.Column and ("column", f"{x.table}.{x.name}") not in seen:
            seen.append(("column", f"{x.table}.{x.name}"))
        stack.extend(reversed(cx.children(x)))
    return seen


def equation(lhs, e, layout: Layout):
    """The box of `lhs = expression` (lhs a box); a long sum goes on aligned lines, one per term."""
    x = layout.view(e)
    if type(x) is cx.Binary and x.fn in ("add", "sub") and len(plain(x, layout)) > LINE:
        terms = []
        while type(x) is cx.Binary and x.fn in ("add", "sub"):
            sign = ("mo", "+", "+") if x.fn == "add" else ("mo", "\u2212", "-")
            terms.append((sign, layout._wrap(layout._box(x.right), _PREC["add"] + 1)))
            x = layout.view(x.left)
        terms.append((None, layout._wrap(layout._box(x), _PREC["add"])))
        terms.reverse()
        # each line carries the operator that joins it to the previous one
        return ("lines", lhs, [(None, terms[0][1])] + [(terms[k][0], terms[k][1]) for k in range(1, len(terms))])
    return ("row", [lhs, ("mo", "=", "="), layout.build(e)])


def equation_rhs(e, layout: Layout):
    """The box of an expression alone."""
    return layout.build(e)


def used_symbols(e, layout: Layout) -> list:
    """(kind, name) of every symbol of the formula as typeset, in order of first appearance."""
    return symbols(e, layout)


def is_long(e, layout: Layout) -> bool:
    """Whether the formula is set on several lines (and smaller in HTML)."""
    return len(plain(e, layout)) > LINE


def cff_terms(rs: ir.Ruleset) -> list:
    """The three terms of the Circular Footprint Formula per kg of material, over its parameters
    (as the lowering built them from pcrlang/domain/recycling.py)."""
    return [(f"{term}_term", per_kg) for term, per_kg in rs.recyclings[0].terms]


# formula (1) of clause 7.2: the footprint per declared unit as the sum over the contributions
def _sub(base: str, sub, upright: bool = False):
    return ("sub", ("mr" if upright else "mi", base), sub if isinstance(sub, tuple) else ("mi", sub))


AGGREGATE_SYMBOLS = {
    "E": ("mi", "E"), "D": ("mi", "D"), "P": ("mi", "P"), "s": _sub("s", "c"), "a": _sub("a", "c"),
    "gwp": _sub("GWP", ("row", [("mi", "g"), ("paren", ("mi", "c"))]), upright=True), "m": _sub("m", "c"),
}
AGGREGATE = ("row", [("mi", "E"), ("mo", "=", "="), ("frac", ("mi", "D"), ("mi", "P")),
                     ("nary", "\u2211", ("mi", "c"),
                      ("row", [AGGREGATE_SYMBOLS["s"], ("thin",), AGGREGATE_SYMBOLS["a"], ("thin",),
                               AGGREGATE_SYMBOLS["gwp"], ("thin",), AGGREGATE_SYMBOLS["m"]]))])


# ---- OMML (Office Math, for the Word writer) ------------------------------------------------------
def _run(text: str, style: Optional[str] = None, normal: bool = False) -> str:
    props = ""
    if normal:
        props = "<m:rPr><m:nor/></m:rPr>"
    elif style:
        props = f'<m:rPr><m:sty m:val="{style}"/></m:rPr>'
    return f'<m:r>{props}<m:t xml:space="preserve">{_x(text)}</m:t></m:r>'


def _delim(inner: str, begin: str = "(", end: str = ")") -> str:
    # the delimiters always written out: LibreOffice reads an m:d without them as bars
    props = f'<m:dPr><m:begChr m:val="{_x(begin)}"/><m:endChr m:val="{_x(end)}"/></m:dPr>'
    return f"<m:d>{props}<m:e>{inner}</m:e></m:d>"


def omml(box) -> str:
    """Office Math markup of a layout box (inside <m:oMath>), from the same tree as LaTeX and MathML.
    An upright name (more than one letter, or marked upright) is a normal-text run: LibreOffice
    reads an `_` in a math run as a subscript and ignores the math style on import."""
    kind = box[0]
    if kind in ("mi", "mr") and (not box[1].isalnum() or len(box[1]) > 1 or kind == "mr"):
        # upright names as normal text: LibreOffice ignores m:sty on import and sets them italic
        return _run(box[1], normal=True)
    if kind == "mi":
        return _run(box[1])
    if kind == "mn":
        return _run(box[1], "p")
    if kind == "mo":
        return _run(box[1], "p")
    if kind == "row":
        return "".join(omml(b) for b in box[1])
    if kind == "frac":
        return f"<m:f><m:num>{omml(box[1])}</m:num><m:den>{omml(box[2])}</m:den></m:f>"
    if kind == "paren":
        return _delim(omml(box[1]))
    if kind == "bracket":
        return _delim(omml(box[1]), "[", "]")
    if kind == "fn":
        return _run(box[1], "p")
    if kind == "text":
        return _run(box[1], normal=True)
    if kind == "space":
        return _run("\u2002", "p")
    if kind == "thin":
        return _run("\u2009", "p")
    if kind == "str":
        return _run("\u201c" + box[1] + "\u201d", normal=True)
    if kind == "sub":
        return f"<m:sSub><m:e>{omml(box[1])}</m:e><m:sub>{omml(box[2])}</m:sub></m:sSub>"
    if kind == "sup":
        return f"<m:sSup><m:e>{omml(box[1])}</m:e><m:sup>{omml(box[2])}</m:sup></m:sSup>"
    if kind == "subsup":
        return (f"<m:sSubSup><m:e>{omml(box[1])}</m:e><m:sub>{omml(box[2])}</m:sub>"
                f"<m:sup>{omml(box[3])}</m:sup></m:sSubSup>")
    if kind == "rowsum":  # the sum over the rows of a table, the table named under the sigma
        return omml(("nary", "\u2211", ("mi", box[1]), box[2]))
    if kind == "nary":
        return (f'<m:nary><m:naryPr><m:chr m:val="{_x(box[1])}"/><m:limLoc m:val="undOvr"/>'
                f'<m:supHide m:val="1"/></m:naryPr><m:sub>{omml(box[2])}</m:sub><m:sup/>'
                f"<m:e>{omml(box[3])}</m:e></m:nary>")
    if kind == "lines":
        lhs, terms = box[1], box[2]
        rows = []
        for k, (op, term) in enumerate(terms):
            if k == 0:
                rows.append(omml(lhs) + _run("=", "p") + omml(term))
            else:
                rows.append(_run("\u2003\u2003", "p") + omml(op) + omml(term))
        return "<m:eqArr>" + "".join(f"<m:e>{r}</m:e>" for r in rows) + "</m:eqArr>"
    if kind == "cases":
        if box[2]:
            rows = []
            for v, c in box[1]:
                rows.append(omml(v))
                rows.append(_run("\u2003\u2003", "p") + omml(c))
        else:
            rows = [omml(v) + _run("\u2003", "p") + omml(c) for v, c in box[1]]
        inner = "<m:eqArr>" + "".join(f"<m:e>{r}</m:e>" for r in rows) + "</m:eqArr>"
        return _delim(inner, "{", "")
    raise ValueError(kind)
