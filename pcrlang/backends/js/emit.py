"""Core IR -> JavaScript: the expression translator and the engine functions of a calculator.

The JavaScript twin of pcrlang/backends/python/emit.py. Two modes from one translator: `float`
(binary64, exact sums with the runtime's fsum, constants folded into literals) for the figures,
and `exact` (the runtime's rationals Q, constants from the table K) for the verdicts. Names from
the rule never become code: inputs are `i_` + a validated identifier, bindings `b<k>`, tables
`T_<k>`; text appears only as JSON string literals escaped for a script element (`literal`).
"""
from __future__ import annotations

import json
import re
from fractions import Fraction

from ...core import expr as cx
from ...core import ir
from .. import translate
from ..translate import Translator, ident, note

_COMPARE = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "===", "!=": "!=="}
_EXACT_COMPARE = {"<": "qlt", "<=": "qle", ">": "qgt", ">=": "qge", "==": "qeq", "!=": "qne"}
# what may not stand in a script element or a JavaScript string as it is
_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def literal(value) -> str:
    """JSON for plain data (dicts keep their order), safe inside a <script> element: `<`, `>` and
    `&` escaped, so `</script>` and `<!--` cannot occur, and U+2028/U+2029 and lone surrogates
    escaped. Fractions must have been turned into strings before (see spec_data)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def comment(text: str) -> str:
    """Ruleset text inside a // comment: one line, no control or format characters, and nothing a
    script element would read (`<` and `>` escaped)."""
    out = "".join(c if c.isprintable() and c not in "\u2028\u2029" else " " for c in text)
    return out.replace("<", "\\u003c").replace(">", "\\u003e")


class Emitter(Translator):
    """Translates core expressions of one ruleset in one mode."""

    CONSTANTS = "K"

    def row_index(self, table: str) -> str:
        return f"j{self.tables_of_rows[table]}"

    def over_rows(self, table: str, body: str) -> str:
        """The values of body for each row of a table, in order."""
        return f"{ident('i_', table)}.map(({self.row_var(table)}, {self.row_index(table)}) => {body})"

    def product(self, e) -> str:
        """A chain of * and / with its constants folded into one exact factor (Translator.product_parts)."""
        constant, numerator, denominator = self.product_parts(e)
        mul, div = ("qmul", "qdiv") if self.mode == "exact" else (None, "fdiv")
        text = ""
        for x in numerator:
            text = x if not text else (f"qmul({text}, {x})" if mul else f"{text} * {x}")
        for d in denominator:
            text = f"{div}({text or self.constant(Fraction(1))}, {d})"
        if constant != 1 or not text:
            c = self.constant(constant)
            text = (f"qmul({text}, {c})" if mul else f"{text} * {c}") if text else c
        return f"({text})"

    def expr(self, e) -> str:
        t = type(e)
        exact = self.mode == "exact"
        if t is cx.Const:
            return self.constant(e.value)
        if t is cx.Input:
            return ident("i_", e.name)
        if t is cx.Factor:
            return self.constant(self.factors[e.name])
        if t in (cx.ToBase, cx.Binary) and (t is cx.ToBase or e.fn in ("mul", "div")):
            return self.product(e)
        if t is cx.Binary:  # a sum: the left spine flat, so a long sum nests nothing
            first, terms = self.sum_terms(e)
            if exact:  # exactly, a - b is a + (-b)
                items = [self.expr(first)] + [self.expr(x) if fn == "add" else f"qneg({self.expr(x)})" for fn, x in terms]
                return f"qsum([{', '.join(items)}])"
            return "(" + self.expr(first) + "".join(f" {'+' if fn == 'add' else '-'} {self.expr(x)}" for fn, x in terms) + ")"
        if t is cx.Ref:
            if e.name in self.row_bindings:  # a binding per row: its value for the current row
                return f"{self.bindings[e.name]}[{self.row_index(self.row_bindings[e.name])}]"
            return self.bindings[e.name]
        if t is cx.Key:
            return literal(e.value)
        if t is cx.Lookup:
            return f"{'TX' if exact else 'T'}_{self.tables[e.table]}.get({self.expr(e.key)})"
        if t is cx.Neg:
            return f"qneg({self.expr(e.operand)})" if exact else f"(-{self.expr(e.operand)})"
        if t is cx.Extreme:
            return f"{'q' if exact else 'f'}{e.fn}({', '.join(self.expr(a) for a in e.args)})"
        if t is cx.Sum:
            if not e.args:
                return self.constant(Fraction(0))
            return f"{'qsum' if exact else 'fsum'}([{', '.join(self.expr(a) for a in e.args)}])"
        if t is cx.If:
            return f"({self.expr(e.condition)} ? {self.expr(e.then)} : {self.expr(e.otherwise)})"
        if t is cx.Compare:
            if e.fn not in _COMPARE:
                raise ValueError(e.fn)
            if exact and e.left.type.kind == "number":
                return f"{_EXACT_COMPARE[e.fn]}({self.expr(e.left)}, {self.expr(e.right)})"
            return f"({self.expr(e.left)} {_COMPARE[e.fn]} {self.expr(e.right)})"
        if t is cx.Logic:
            return f"({self.expr(e.left)} {'&&' if e.fn == 'and' else '||'} {self.expr(e.right)})"
        if t is cx.Not:
            return f"(!{self.expr(e.operand)})"
        if t is cx.Refuse:
            return f"refuseSource({literal(e.code)}, {literal(e.subject)}, {literal(e.clause)})"
        if t is cx.Criterion:
            return f"scores.get({literal(e.name)})"
        if t is cx.RowSum:
            return f"{'qsum' if exact else 'fsum'}({self.over_rows(e.table, self.expr(e.body))})"
        if t is cx.Column:
            return f"{self.row_var(e.table)}[{literal(e.name)}]"
        if t is cx.ContributionValue:
            k = self.contributions[e.name]
            return f"g{k}" if e.measure == "gas_kg" else self.co2e[k]
        raise ValueError(f"unknown core node {t.__name__}")


def guarded(lines: list, target: str, code: str, formula: str, clause: str, note: str | None = None,
            declare: bool = True, indent: str = "  ") -> None:
    """An assignment (a declaration with `declare`); where it divides, a division by zero refuses
    with its formula and clause."""
    if note:
        lines.append(f"{indent}// {comment(note)}")
    if "div(" not in code:
        lines.append(f"{indent}{'const ' if declare else ''}{target} = {code};")
        return
    if declare:
        lines.append(f"{indent}let {target};")
    lines.append(f"{indent}try {{")
    lines.append(f"{indent}  {target} = {code};")
    lines.append(f"{indent}}} catch (error) {{")
    lines.append(f"{indent}  divided(error, {literal(formula)}, {literal(clause)});")
    lines.append(f"{indent}}}")


def steps(em: Emitter, lines: list) -> None:
    """The program's steps: bindings and checks, in order (translate.steps)."""
    def let(step, code):
        if step.rows is not None:  # one value per row of the table
            code = em.over_rows(step.rows, code)
        guarded(lines, em.bindings[step.name], code, step.name, step.clause, note(step))

    def check(step, condition, shown, k, near):
        if near:  # within rounding of its boundary a check is decided exactly (see near)
            condition = f"(({condition}) && !({' || '.join(f'near({a}, {b})' for a, b in near)}))"
        guarded(lines, "ok", condition, step.subject or step.field or "", step.clause, declare=False)
        lines.append(f"  if (!ok) checkFailed(CHECKS, {k}, {shown or 'null'});")

    translate.steps(em, let, check)


def contributions(em: Emitter, lines: list) -> list:
    """Each contribution's kg of gas (g<k>) and of CO2e (e<k>, or g<k> itself for a GWP of 1) per
    declared unit; returns the names holding the CO2e."""
    co2e = []
    for k, c in enumerate(em.rs.contributions):
        if c.rows is not None:  # per row: the value for each row, then their exact sum
            guarded(lines, f"p{k}", em.over_rows(c.rows, em.expr(c.value)), c.name, c.clause)
            lines.append(f"  const g{k} = {'qsum' if em.mode == 'exact' else 'fsum'}(p{k});")
        else:
            guarded(lines, f"g{k}", em.expr(c.value), c.name, c.clause)
        if c.gwp == 1:
            co2e.append(f"g{k}")
        else:
            gwp = em.constant(c.gwp)
            lines.append(f"  const e{k} = {f'qmul(g{k}, {gwp})' if em.mode == 'exact' else f'g{k} * {gwp}'};")
            co2e.append(f"e{k}")
    em.co2e = co2e
    return co2e


def report(em: Emitter) -> str:
    index = "qint({})" if em.mode == "exact" else "Math.trunc({})"
    return "[" + ", ".join(em.report_values("null", index.format)) + "]"


def run_function(em: Emitter, name: str, args: str) -> list:
    """The engine's run: [gas kg, CO2e kg, report values, production, per-row gas kg]."""
    lines = [f"function {name}({args}) {{",
             f"  // the rule's program in {'binary64 floats' if em.mode == 'float' else 'exact rationals'}",
             ] + (["  let ok;"] if any(type(s) is ir.Check for s in em.rs.steps) else [])
    steps(em, lines)
    co2e = contributions(em, lines)
    produced = em.bindings.get("production", "null")
    lines.append(f"  const g = [{', '.join(f'g{k}' for k in range(len(co2e)))}], e = [{', '.join(co2e)}], "
                 f"r = {report(em)};")
    if em.mode == "float":  # every figure within +-1e300 (NaN fails too); checkRange says which is not
        test = " && ".join(f"-1e300 <= {x} && {x} <= 1e300" for x in em.figures(co2e)) or "true"
        lines.append(f"  if (!({test})) checkRange(SPEC, e, r);")
    else:
        lines.append("  checkRange(SPEC, e, r);")
    per_row = ", ".join(f"p{k}" if c.rows is not None else "null" for k, c in enumerate(em.rs.contributions))
    lines.append(f"  return [g, e, r, {produced}, [{per_row}]];")
    lines.append("}\n")
    return lines


def rating_function(em: Emitter) -> list:
    dq = em.rs.data_quality
    lines = ["function ratingExact(scores) {", f"  // {comment(dq.clause + ' rating = ' + dq.rating_formula)}",
             ]
    guarded(lines, "rating", em.expr(dq.rating), dq.name, dq.clause)
    lines.append("  return rating;")
    lines.append("}\n")
    return lines
