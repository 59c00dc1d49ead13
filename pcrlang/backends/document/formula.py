"""Formulas of the IR typeset as mathematics: LaTeX (for Markdown) and MathML (for HTML).

Both come from one layout tree built from the IR expression tuples (see pcrlang/ir.py), so the
two forms cannot disagree. A third form, `plain`, writes the formula back in pcrlang's own
syntax; the tests compare it with the `formula` text the lowering kept, which shows that the
layout follows the writer's formula.

Unit conversions. The lowering wraps an input whose unit is not a base unit as
("mul", ("input", name), ("const", to_base)). The wrapper is always the innermost node around
the input (an input with to_base != 1 never appears unwrapped, except as a table key, where its
to_base is 1), so it is removed without ambiguity: formulas are typeset as equations between
quantities, each symbol standing for the quantity in the unit its clause declares, and the
document says that the calculator applies the conversions exactly.

Everything that is not a validated identifier or a number is escaped for the target (LaTeX
specials; `<>&"'` in MathML).
"""
from __future__ import annotations

import html
from fractions import Fraction
from typing import Optional

# precedence, as in pcrlang.lower.format_expr
_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "sub": 5, "mul": 6, "div": 6, "neg": 7}
_ATOM = 9

_CMP = {"<": ("<", r"\lt"), "<=": ("\u2264", r"\le"), ">": (">", r"\gt"), ">=": ("\u2265", r"\ge"),
        "==": ("=", "="), "!=": ("\u2260", r"\ne")}

LINE = 90  # characters of formula text beyond which a sum or a conditional is set on several lines
WORDS = {"zh": {"if": "若", "otherwise": "其他情况"}, "en": {"if": "if", "otherwise": "otherwise"}}


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


class Layout:
    """Builds the layout tree of an IR expression, dropping unit-conversion wrappers."""

    def __init__(self, to_base: dict, lang: str = "en"):
        self.to_base = to_base  # input name -> Fraction
        self.lang = lang

    def is_conversion(self, e) -> bool:
        return (e[0] == "mul" and e[1][0] == "input" and e[2][0] == "const"
                and self.to_base.get(e[1][1], Fraction(1)) != 1 and e[2][1] == self.to_base[e[1][1]])

    def strip(self, e):
        """The expression with every conversion wrapper replaced by its input."""
        if self.is_conversion(e):
            return e[1]
        op = e[0]
        if op in ("add", "sub", "mul", "div", "and", "or"):
            return (op, self.strip(e[1]), self.strip(e[2]))
        if op in ("neg", "not"):
            return (op, self.strip(e[1]))
        if op in ("min", "max"):
            return (op, tuple(self.strip(a) for a in e[1]))
        if op == "if":
            return (op, self.strip(e[1]), self.strip(e[2]), self.strip(e[3]))
        if op == "cmp":
            return (op, e[1], self.strip(e[2]), self.strip(e[3]))
        if op == "lookup":
            return (op, e[1], self.strip(e[2]))
        if op == "choose":
            return (op, e[1], e[2], tuple((self.strip(c) if c is not None else None, self.strip(v)) for c, v in e[3]))
        return e

    def build(self, e):
        return self._box(self.strip(e))[0]

    def _wrap(self, item, needed: int):
        box, prec = item
        return ("paren", box) if prec < needed else box

    def _box(self, e):
        """(box, precedence of its top operation)."""
        op = e[0]
        if op == "const":
            text = decimal_text(e[1])
            if text is None:
                return ("frac", ("mn", str(e[1].numerator)), ("mn", str(e[1].denominator))), _ATOM
            return ("mn", text), _ATOM
        if op in ("input", "factor", "quantity", "criterion"):
            return ("mi", e[1]), _ATOM
        if op == "choose":  # the first source whose condition holds (electricity)
            words = WORDS.get(self.lang, WORDS["en"])
            rows = []
            for condition, value in e[3]:
                if condition is None:
                    rows.append((self._box(value)[0], ("text", words["otherwise"])))
                else:
                    rows.append((self._box(value)[0], ("row", [("text", words["if"]), ("space",), self._box(condition)[0]])))
            return ("cases", rows, len(plain(e)) > LINE), _ATOM
        if op == "key":
            return ("str", e[1]), _ATOM
        if op == "lookup":
            return ("row", [("mi", e[1]), ("bracket", self._box(e[2])[0])]), _ATOM
        if op in ("add", "sub"):
            p = _PREC[op]
            sign = ("mo", "+", "+") if op == "add" else ("mo", "\u2212", "-")
            return ("row", [self._wrap(self._box(e[1]), p), sign, self._wrap(self._box(e[2]), p + 1)]), p
        if op == "mul":
            p = _PREC[op]
            return ("row", [self._wrap(self._box(e[1]), p), ("mo", "\u00d7", r"\times"),
                            self._wrap(self._box(e[2]), p + 1)]), p
        if op == "div":
            return ("frac", self._box(e[1])[0], self._box(e[2])[0]), _ATOM - 1
        if op == "neg":
            p = _PREC[op]
            return ("row", [("mo", "\u2212", "-"), self._wrap(self._box(e[1]), p + 1)]), p
        if op in ("min", "max"):
            args: list = []
            for i, a in enumerate(e[1]):
                if i:
                    args.append(("mo", ",", ","))
                args.append(self._box(a)[0])
            return ("row", [("fn", op), ("paren", ("row", args))]), _ATOM
        if op == "if":
            words = WORDS.get(self.lang, WORDS["en"])
            rows = [(self._box(e[2])[0], ("row", [("text", words["if"]), ("space",), self._box(e[1])[0]])),
                    (self._box(e[3])[0], ("text", words["otherwise"]))]
            return ("cases", rows, len(plain(e)) > LINE), _ATOM
        if op == "cmp":
            p = _PREC["cmp"]
            mathml, latex = _CMP[e[1]]
            return ("row", [self._wrap(self._box(e[2]), p + 1), ("mo", mathml, latex),
                            self._wrap(self._box(e[3]), p + 1)]), p
        if op in ("and", "or"):
            p = _PREC[op]
            mathml, latex = ("\u2227", r"\land") if op == "and" else ("\u2228", r"\lor")
            return ("row", [self._wrap(self._box(e[1]), p), ("mo", mathml, latex),
                            self._wrap(self._box(e[2]), p + 1)]), p
        if op == "not":
            p = _PREC["not"]
            return ("row", [("mo", "\u00ac", r"\lnot"), self._wrap(self._box(e[1]), p)]), p
        raise ValueError(f"unknown IR operation {op}")


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
    if len(name) == 1 and name.isalpha() and name.isascii():
        return name
    return r"\mathrm{" + latex_escape(name) + "}"


def latex(box) -> str:
    kind = box[0]
    if kind == "mi":
        return latex_name(box[1])
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


def mathml(box) -> str:
    kind = box[0]
    if kind == "mi":
        return f"<mi>{_x(box[1])}</mi>"
    if kind == "mn":
        return f"<mn>{_x(box[1])}</mn>"
    if kind == "mo":
        return f"<mo>{_x(box[1])}</mo>"
    if kind == "row":
        return "<mrow>" + "".join(mathml(b) for b in box[1]) + "</mrow>"
    if kind == "frac":
        return f"<mfrac>{mathml(box[1])}{mathml(box[2])}</mfrac>"
    if kind == "paren":
        return f"<mrow><mo>(</mo>{mathml(box[1])}<mo>)</mo></mrow>"
    if kind == "bracket":
        return f"<mrow><mo>[</mo>{mathml(box[1])}<mo>]</mo></mrow>"
    if kind == "fn":
        return f"<mi>{_x(box[1])}</mi>"
    if kind == "text":
        return f"<mtext>{_x(box[1])}</mtext>"
    if kind == "space":
        return '<mspace width="0.4em"/>'
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
def plain(e, parent: int = 0) -> str:
    """An IR expression (conversion wrappers already stripped) in pcrlang syntax, spaced and
    parenthesised as pcrlang.lower.format_expr writes the formula texts."""
    op = e[0]
    if op == "const":
        return decimal_text(e[1]) or f"{e[1].numerator}/{e[1].denominator}"
    if op in ("input", "factor", "quantity", "criterion"):
        return e[1]
    if op == "choose":
        return "choose(" + "; ".join(f"{plain(v)} if {plain(c)}" if c is not None else plain(v) for c, v in e[3]) + ")"
    if op == "key":
        return '"' + e[1].replace("\\", "\\\\").replace('"', '\\"') + '"'
    if op == "lookup":
        return f"{e[1]}[{plain(e[2])}]"
    if op in ("min", "max"):
        return f"{op}({', '.join(plain(a) for a in e[1])})"
    symbol = {"add": "+", "sub": "-", "mul": "*", "div": "/", "and": "and", "or": "or"}
    if op in symbol:
        p = _PREC[op]
        text = f"{plain(e[1], p)} {symbol[op]} {plain(e[2], p + 1)}"
    elif op == "neg":
        p = _PREC[op]
        text = f"-{plain(e[1], p)}"
    elif op == "cmp":
        p = _PREC[op]
        text = f"{plain(e[2], p + 1)} {e[1]} {plain(e[3], p + 1)}"
    elif op == "not":
        p = _PREC[op]
        text = f"not {plain(e[1], p)}"
    elif op == "if":
        p = 0
        text = f"if {plain(e[1])} then {plain(e[2])} else {plain(e[3])}"
    else:
        raise ValueError(f"unknown IR operation {op}")
    return f"({text})" if p < parent else text


def symbols(e, seen: Optional[list] = None) -> list:
    """(kind, name) of every input, factor, table and quantity in the expression, in order of
    first appearance."""
    seen = [] if seen is None else seen
    op = e[0]
    if op in ("input", "factor", "quantity"):
        if (op, e[1]) not in seen:
            seen.append((op, e[1]))
    elif op == "lookup":
        if ("table", e[1]) not in seen:
            seen.append(("table", e[1]))
        symbols(e[2], seen)
    elif op in ("min", "max"):
        for a in e[1]:
            symbols(a, seen)
    elif op == "cmp":
        symbols(e[2], seen)
        symbols(e[3], seen)
    elif op == "choose":
        for condition, value in e[3]:
            if condition is not None:
                symbols(condition, seen)
            symbols(value, seen)
    elif op == "criterion":
        if (op, e[1]) not in seen:
            seen.append((op, e[1]))
    elif op not in ("const", "key"):
        for a in e[1:]:
            symbols(a, seen)
    return seen


def equation(lhs: str, e, layout: Layout) -> tuple[str, str]:
    """(LaTeX, MathML inner) of `lhs = expression`; a long sum goes on aligned lines, one per term."""
    stripped = layout.strip(e)
    if stripped[0] in ("add", "sub") and len(plain(stripped)) > LINE:
        terms = []
        x = stripped
        while x[0] in ("add", "sub"):
            sign = ("mo", "+", "+") if x[0] == "add" else ("mo", "\u2212", "-")
            terms.append((sign, layout._wrap(layout._box(x[2]), _PREC["add"] + 1)))
            x = x[1]
        terms.append((None, layout._wrap(layout._box(x), _PREC["add"])))
        terms.reverse()
        # each line carries the operator that joins it to the previous one
        box = ("lines", ("mi", lhs), [(None, terms[0][1])] + [(terms[k][0], terms[k][1]) for k in range(1, len(terms))])
        return latex(box).strip(), mathml(box)
    box = ("row", [("mi", lhs), ("mo", "=", "="), layout.build(e)])
    return latex(box).strip(), mathml(box)


def equation_rhs(e, layout: Layout) -> tuple[str, str]:
    """(LaTeX, MathML inner) of an expression alone."""
    box = layout.build(e)
    return latex(box).strip(), mathml(box)


def symbol(name: str) -> tuple[str, str]:
    """(LaTeX, MathML inner) of one symbol."""
    return latex(("mi", name)), mathml(("mi", name))


def used_symbols(e, layout: Layout) -> list:
    """(kind, name) of every symbol of the formula as typeset, in order of first appearance."""
    return symbols(layout.strip(e))


def is_long(e, layout: Layout) -> bool:
    """Whether the formula is set on several lines (and smaller in HTML)."""
    return len(plain(layout.strip(e))) > LINE


def cff_terms() -> list:
    """The three terms of the Circular Footprint Formula per kg of material, over its parameters."""
    def v(name):
        return ("criterion", name)
    one = ("const", Fraction(1))

    def mul(*xs):
        return xs[0] if len(xs) == 1 else ("mul", mul(*xs[:-1]), xs[-1])

    def add(a, b):
        return ("add", a, b)

    def sub(a, b):
        return ("sub", a, b)
    material = add(add(mul(sub(one, v("R1")), v("Ev")),
                       mul(v("R1"), add(mul(v("A"), v("Erec")), mul(sub(one, v("A")), v("Ev"), v("Qsin_Qp"))))),
                   mul(sub(one, v("A")), v("R2"), sub(v("ErecEoL"), mul(v("Ev_star"), v("Qsout_Qp")))))
    energy = mul(sub(one, v("B")), v("R3"), sub(sub(v("EER"), mul(v("LHV"), v("XER_heat"), v("ESE_heat"))),
                                                 mul(v("LHV"), v("XER_elec"), v("ESE_elec"))))
    disposal = mul(sub(sub(one, v("R2")), v("R3")), v("ED"))
    return [("material_term", material), ("energy_term", energy), ("disposal_term", disposal)]


# formula (1) of clause 7.2: the footprint per declared unit as the sum over the contributions
AGGREGATE_LATEX = r"E = \frac{D}{P} \sum_{c} s_c \, a_c \, \mathrm{GWP}_{g(c)} \, m_c"
AGGREGATE_MATHML = ("<mrow><mi>E</mi><mo>=</mo><mfrac><mi>D</mi><mi>P</mi></mfrac>"
                    "<munder><mo>∑</mo><mi>c</mi></munder><msub><mi>s</mi><mi>c</mi></msub><mspace width=\"0.2em\"/>"
                    "<msub><mi>a</mi><mi>c</mi></msub><mspace width=\"0.2em\"/>"
                    "<msub><mi>GWP</mi><mrow><mi>g</mi><mo>(</mo><mi>c</mi><mo>)</mo></mrow></msub><mspace width=\"0.2em\"/>"
                    "<msub><mi>m</mi><mi>c</mi></msub></mrow>")
