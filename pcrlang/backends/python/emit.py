"""Core IR -> Python: the expression translator and the engine functions of a calculator.

Two modes from one translator: `float` (binary64, exact sums with math.fsum, constants folded
into literals) for the figures, and `exact` (fractions.Fraction, constants from the table _K)
for the verdicts. Names from the rule never become code: inputs are `i_` + a validated
identifier, bindings `b<k>`, tables `T_<k>`; text appears only through repr().
"""
from __future__ import annotations

from fractions import Fraction

from ...core import expr as cx
from .. import translate
from ..translate import Translator, float_literal, ident, note  # noqa: F401  (float_literal: used by fast.py)

_COMPARE = ("<", "<=", ">", ">=", "==", "!=")


def comment(text: str) -> str:
    """Ruleset text inside a comment: one line, no control or format characters."""
    return "".join(c if c.isprintable() and c not in "\u2028\u2029" else " " for c in text)


class Emitter(Translator):
    """Translates core expressions of one ruleset in one mode."""

    def product(self, e) -> str:
        """A chain of * and / with its constants folded into one exact factor (Translator.product_parts)."""
        constant, numerator, denominator = self.product_parts(e)
        text = " * ".join(numerator) if numerator else ""
        for d in denominator:
            text = f"{text or self.constant(Fraction(1))} / {d}"
        if constant != 1 or not text:
            text = f"{text} * {self.constant(constant)}" if text else self.constant(constant)
        return f"({text})"

    def expr(self, e) -> str:
        t = type(e)
        if t is cx.Const:
            return self.constant(e.value)
        if t is cx.Input:
            return ident("i_", e.name)
        if t is cx.Factor:
            return self.constant(self.factors[e.name])
        if t in (cx.ToBase, cx.Binary) and (t is cx.ToBase or e.fn in ("mul", "div")):
            return self.product(e)
        if t is cx.Binary:  # a sum: the left spine flat, so a long sum nests no parentheses (Python allows 200)
            first, terms = self.sum_terms(e)
            return "(" + self.expr(first) + "".join(f" {'+' if fn == 'add' else '-'} {self.expr(x)}" for fn, x in terms) + ")"
        if t is cx.Ref:
            return self.bindings[e.name]
        if t is cx.Key:
            return repr(e.value)
        if t is cx.Lookup:
            return f"{'T' if self.mode == 'float' else 'TX'}_{self.tables[e.table]}[{self.expr(e.key)}]"
        if t is cx.Neg:
            return f"(-{self.expr(e.operand)})"
        if t is cx.Extreme:
            return f"{e.fn}({', '.join(self.expr(a) for a in e.args)})"
        if t is cx.Sum:
            terms = ", ".join(self.expr(a) for a in e.args)
            if not e.args:
                return self.constant(Fraction(0))
            return f"_fsum(({terms},))" if self.mode == "float" else f"sum(({terms},), _ZERO)"
        if t is cx.If:
            return f"({self.expr(e.then)} if {self.expr(e.condition)} else {self.expr(e.otherwise)})"
        if t is cx.Compare:
            if e.fn not in _COMPARE:
                raise ValueError(e.fn)
            return f"({self.expr(e.left)} {e.fn} {self.expr(e.right)})"
        if t is cx.Logic:
            return f"({self.expr(e.left)} {'and' if e.fn == 'and' else 'or'} {self.expr(e.right)})"
        if t is cx.Not:
            return f"(not {self.expr(e.operand)})"
        if t is cx.Refuse:
            return f"_refuse_source({e.code!r}, {e.subject!r}, {e.clause!r})"
        if t is cx.Criterion:
            return f"scores[{e.name!r}]"
        if t is cx.RowSum:
            rows = f"[{self.expr(e.body)} for {self.row_var(e.table)} in {ident('i_', e.table)}]"
            return f"_fsum({rows})" if self.mode == "float" else f"sum({rows}, _ZERO)"
        if t is cx.Column:
            return f"{self.row_var(e.table)}[{e.name!r}]"
        if t is cx.ContributionValue:
            k = self.contributions[e.name]
            return f"g{k}" if e.measure == "gas_kg" else self.co2e[k]
        raise ValueError(f"unknown core node {t.__name__}")


def guarded(lines: list, target: str, code: str, formula: str, clause: str, note: str | None = None,
            indent: str = "    ") -> None:
    """An assignment; where it divides, a division by zero refuses with its formula and clause."""
    if note:
        lines.append(f"{indent}# {comment(note)}")
    if " / " not in code:
        lines.append(f"{indent}{target} = {code}")
        return
    lines.append(f"{indent}try:")
    lines.append(f"{indent}    {target} = {code}")
    lines.append(f"{indent}except ZeroDivisionError:")
    lines.append(f"{indent}    _division_by_zero({formula!r}, {clause!r})")


def steps(em: Emitter, lines: list) -> None:
    """The program's steps: bindings and checks, in order (translate.steps)."""
    def let(step, code):
        if step.rows is not None:  # one value per row of the table
            code = f"[{code} for {em.row_var(step.rows)} in {ident('i_', step.rows)}]"
        guarded(lines, em.bindings[step.name], code, step.name, step.clause, note(step))

    def check(step, condition, shown, k, near):
        if near:  # within rounding of its boundary a check is decided exactly (see _near)
            condition = f"({condition} and not ({' or '.join(f'_near({a}, {b})' for a, b in near)}))"
        guarded(lines, "ok", condition, step.subject or step.field or "", step.clause)
        lines.append("    if not ok:")
        lines.append(f"        _check_failed({k}, {shown or 'None'})")

    translate.steps(em, let, check)


def contributions(em: Emitter, lines: list) -> list:
    """Each contribution's kg of gas (g<k>) and of CO2e (e<k>, or g<k> itself for a GWP of 1) per
    declared unit; returns the names holding the CO2e."""
    co2e = []
    for k, c in enumerate(em.rs.contributions):
        if c.rows is not None:  # per row: the value for each row, then their exact sum
            per_row = sorted({x.name for x in cx.walk(c.value) if type(x) is cx.Ref and x.name in em.row_bindings})
            saved = {n: em.bindings[n] for n in per_row}
            em.bindings.update({n: f"w{j}" for j, n in enumerate(per_row)})
            value = em.expr(c.value)
            em.bindings.update(saved)
            loop = ", ".join([em.row_var(c.rows)] + [f"w{j}" for j in range(len(per_row))])
            source = f"zip({', '.join([ident('i_', c.rows)] + [saved[n] for n in per_row])})" if per_row \
                else ident("i_", c.rows)
            guarded(lines, f"p{k}", f"[{value} for {loop} in {source}]", c.name, c.clause)
            lines.append(f"    g{k} = _fsum(p{k})" if em.mode == "float" else f"    g{k} = sum(p{k}, _ZERO)")
        else:
            guarded(lines, f"g{k}", em.expr(c.value), c.name, c.clause)
        if c.gwp == 1:
            co2e.append(f"g{k}")
        else:
            lines.append(f"    e{k} = g{k} * {em.constant(c.gwp)}")
            co2e.append(f"e{k}")
    em.co2e = co2e
    return co2e


def report(em: Emitter) -> str:
    return "(" + "".join(f"{x}, " for x in em.report_values("None", lambda index: f"int({index})")) + ")"


def run_function(em: Emitter, name: str, args: str) -> list:
    """The engine's run: (gas kg, CO2e kg, report values, production)."""
    lines = [f"def {name}({args}):",
             f'    """The rule\'s program in {"binary64 floats" if em.mode == "float" else "exact fractions"}."""']
    steps(em, lines)
    co2e = contributions(em, lines)
    tuple_of = lambda names: "(" + "".join(f"{x}, " for x in names) + ")"  # noqa: E731
    produced = em.bindings.get("production", "None")
    lines.append(f"    g, e, r = {tuple_of(f'g{k}' for k in range(len(co2e)))}, {tuple_of(co2e)}, {report(em)}")
    if em.mode == "float":  # every figure within +-1e300 (NaN fails too); check_range says which is not
        figures = em.figures(co2e)
        lines.append("    if not (" + " and ".join(f"-1e300 <= {x} <= 1e300" for x in figures) + "):"
                     if figures else "    if False:")
        lines.append("        check_range(SPEC, e, r)")
    else:
        lines.append("    check_range(SPEC, e, r)")
    per_row = "(" + "".join(f"p{k}, " if c.rows is not None else "None, " for k, c in enumerate(em.rs.contributions)) + ")"
    lines.append(f"    return g, e, r, {produced}, {per_row}\n")
    return lines


def total_function(em: Emitter, args: str) -> list:
    """The total alone (the fast path of calculate_total); None when a figure is out of range."""
    lines = [f"def _total({args}):", '    """The footprint from the program, or None to take the full path."""']
    steps(em, lines)
    co2e = contributions(em, lines)
    checks = " and ".join(f"-1e300 <= {x} <= 1e300" for x in co2e) or "True"
    lines.append(f"    if not ({checks}):")
    lines.append("        return None")
    lines.append(f"    t = _fsum(({', '.join(co2e)},))" if co2e else "    t = 0.0")
    lines.append("    return t if -1e300 <= t <= 1e300 else None\n")
    return lines


def rating_function(em: Emitter) -> list:
    dq = em.rs.data_quality
    lines = ["def _rating_exact(scores):", f'    """{dq.clause} rating = {comment(dq.rating_formula)}"""']
    guarded(lines, "rating", em.expr(dq.rating), dq.name, dq.clause)
    lines.append("    return rating\n")
    return lines


def literal_key(value) -> str:
    """A key or a tuple of keys as a Python literal (repr escapes every character)."""
    return repr(value)
