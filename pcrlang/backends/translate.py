"""What the calculator backends' expression translators share (pcrlang/backends/python/emit.py,
pcrlang/backends/js/emit.py): the names a rule's program gives its values in generated code, the
exact constants table, and the two rewrites every float target applies alike, so that their
figures round alike: a chain of * and / with its constants folded into one exact factor, and a
sum's left spine laid flat (a long sum nests nothing). Each backend writes the text.
"""
from __future__ import annotations

import re
from fractions import Fraction

from ..core import expr as cx
from ..core import ir

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def ident(prefix: str, name: str) -> str:
    if not _IDENTIFIER.match(name):  # the grammar guarantees this; refuse rather than emit
        raise ValueError(f"not an identifier: {name!r}")
    return prefix + name


def float_literal(x: Fraction) -> str:
    """The binary64 number nearest to x, as Python and JavaScript both read it back."""
    text = repr(float(x))
    return f"({text})" if text.startswith("-") else text


class Translator:
    """Translates core expressions of one ruleset in one mode (`float` or `exact`)."""

    CONSTANTS = "_K"  # the name of the exact constants table in the generated code

    def __init__(self, rs: ir.Ruleset, mode: str, constants: list):
        self.rs = rs
        self.mode = mode
        self.constants = constants  # the exact constants table, shared by every exact function
        # a factor whose value is chosen at run time for the reference period has none here
        self.factors = {f.name: f.base_value for f in rs.factors if f.base_value is not None}
        self.tables = {t.name: k for k, t in enumerate(rs.tables)}
        self.bindings = {s.name: f"b{k}" for k, s in enumerate(rs.steps) if type(s) is ir.Let}
        self.row_bindings = {s.name: s.rows for s in rs.steps if type(s) is ir.Let and s.rows is not None}
        self.tables_of_rows = {i.name: k for k, i in enumerate(rs.inputs) if i.kind == "rows"}
        self.contributions = {c.name: k for k, c in enumerate(rs.contributions)}
        self.co2e: list = []  # the names holding each contribution's CO2e (set by contributions())

    def expr(self, e) -> str:
        raise NotImplementedError

    def row_var(self, table: str) -> str:
        return f"r{self.tables_of_rows[table]}"

    def constant(self, x: Fraction) -> str:
        if self.mode == "float":
            return float_literal(x)
        if x not in self.constants:
            self.constants.append(x)
        return f"{self.CONSTANTS}[{self.constants.index(x)}]"

    def value_of(self, x) -> Fraction:
        return x.value if type(x) is cx.Const else self.factors[x.name]

    def product_parts(self, e) -> tuple:
        """A chain of * and / as (its constants folded into one exact factor, the texts of the
        other factors, the texts of the divisors), so that unit conversions such as t -> kg and
        GJ -> TJ cost one multiplication, rounded once. A zero divisor stays a divisor, so that
        it refuses at run time as the interpreter does."""
        constant = Fraction(1)
        numerator: list[str] = []
        denominator: list[str] = []

        def walk(x, inverted: bool) -> None:
            nonlocal constant
            t = type(x)
            if t is cx.Binary and x.fn == "mul":
                walk(x.left, inverted)
                walk(x.right, inverted)
            elif t is cx.Binary and x.fn == "div":
                walk(x.left, inverted)
                walk(x.right, not inverted)
            elif t is cx.ToBase:
                constant = constant / x.factor if inverted else constant * x.factor
                walk(x.operand, inverted)
            elif t in (cx.Const, cx.Factor) and not (inverted and self.value_of(x) == 0):
                value = self.value_of(x)
                constant = constant / value if inverted else constant * value
            else:
                (denominator if inverted else numerator).append(self.expr(x))

        walk(e, False)
        return constant, numerator, denominator

    def report_values(self, fixed: str, choice) -> list:
        """The text of each report field's value: `fixed` for a fixed one, choice(text) for the
        index of a choice, the expression for a value."""
        return [fixed if f.kind == "fixed" else choice(self.expr(f.expr)) if f.kind == "choice" else self.expr(f.expr)
                for f in self.rs.report]

    def figures(self, co2e: list) -> list:
        """The figures a run checks against +-1e300: each contribution's CO2e and each report
        value (r[k] in the generated code)."""
        return list(co2e) + [f"r[{k}]" for k, f in enumerate(self.rs.report) if f.kind == "value"]

    @staticmethod
    def sum_terms(e) -> tuple:
        """A chain of + and - as (its first term, [(add or sub, term), ...] in order)."""
        terms = []
        while type(e) is cx.Binary and e.fn in ("add", "sub"):
            terms.append((e.fn, e.right))
            e = e.left
        terms.reverse()
        return e, terms


def engines(emitter, rs: ir.Ruleset) -> tuple:
    """A backend's two translators of a rule (float and exact, sharing one constants table), the
    engine functions' parameters (one per input, in order) and the constants table."""
    constants: list = []
    return (emitter(rs, "float", constants), emitter(rs, "exact", constants),
            ", ".join(ident("i_", i.name) for i in rs.inputs), constants)


def describe(rs: ir.Ruleset, fingerprint: str, publication: str) -> str:
    """The first lines of a generated calculator's description: the rule, the compiler, both
    fingerprints, the unit of the result."""
    from .. import __version__
    title = rs.title.en or rs.title.zh or rs.identifier
    return (f"Carbon footprint calculator for {rs.identifier} {rs.version} ({rs.status}): {title}.\n\n"
            f"Generated by pcrlang {__version__} from the ruleset; do not edit, recompile instead.\n"
            f"Semantic fingerprint: {fingerprint}\n"
            f"Publication fingerprint: {publication}\n"
            f"Result: kg CO2e per declared unit ({rs.declared_amount} {rs.declared_unit}), GWP {rs.gwp_set}.\n")


def note(step: ir.Let):
    """The comment before a binding: its clause and formula as the rule writes them."""
    return f"{step.clause} {step.name} = {step.formula}" if step.formula else None


def steps(em: Translator, let, check) -> None:
    """The program's steps in order, for a backend to write: let(step, code) for each binding that
    is not an alias (an alias, a contribution that is a quantity, takes the name it stands for),
    check(step, condition, shown or None, k, near) for the k-th run-time check; `near` are the
    (left, right) codes of its comparisons in the float program, which a backend treats as failed
    within rounding of each other, so that the exact program decides them."""
    k = 0
    for step in em.rs.steps:
        if type(step) is ir.Let:
            if type(step.expr) is cx.Ref and step.rows is None:
                em.bindings[step.name] = em.bindings[step.expr.name]
                continue
            let(step, em.expr(step.expr))
        else:
            shown = em.expr(step.shown) if step.shown is not None else None
            near = [(em.expr(c.left), em.expr(c.right)) for c in comparisons(step.condition)] \
                if em.mode == "float" else []
            check(step, em.expr(step.condition), shown, k, near)
            k += 1


def comparisons(e) -> list:
    """The comparisons of numbers a check's condition is made of (through and, or, not)."""
    t = type(e)
    if t is cx.Logic:
        return comparisons(e.left) + comparisons(e.right)
    if t is cx.Not:
        return comparisons(e.operand)
    if t is cx.Compare and e.left.type.kind == "number" and e.right.type.kind == "number" and \
            not (type(e.left) is cx.Const and type(e.right) is cx.Const):
        return [e]
    return []
