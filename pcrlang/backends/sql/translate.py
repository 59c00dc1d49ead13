"""Core IR expressions -> SQL: a value, and whether evaluating it refuses the record.

`value(e)` is the expression's SQL (DOUBLE for numbers, text for keys, BOOLEAN for conditions);
`fails(e)` is a SQL condition that is true when the interpreter would refuse while evaluating e
(a zero divisor, a `refuse` node) on the path it takes (only the branch an `if` takes, the
right side of `and`/`or` only when it decides), or None when e cannot refuse. Every reference
(an input, a binding, a contribution) is a column the caller names; the translator records the
columns each expression uses, so the query can be laid out in layers.
"""
from __future__ import annotations

from fractions import Fraction

from ...core import expr as cx
from .dialect import Dialect


class Unsupported(ValueError):
    """A construct this translator does not turn into SQL (the batch computes such records
    with the runtime in Python)."""


_COMPARE = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}
_ARITHMETIC = {"add": "+", "sub": "-", "mul": "*"}


def _any(parts) -> str | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


class Translator:
    """Translates the expressions of one ruleset for one dialect. `columns` maps ("input", name),
    ("binding", name), ("gas", contribution) and ("co2e", contribution) to column names."""

    def __init__(self, dialect: Dialect, columns: dict, factors: dict, tables: dict):
        self.d = dialect
        self.columns = columns
        self.factors = factors  # name -> exact base value
        self.tables = tables  # name -> ((key, exact base value), ...)
        self.used: set = set()

    def column(self, kind: str, name: str) -> str:
        found = self.columns.get((kind, name))
        if found is None:
            raise Unsupported(f"no column for {kind} {name}")
        self.used.add(found)
        return self.d.ident(found)

    def constant(self, x: Fraction) -> str:
        return self.d.double(x)

    # ---- values ------------------------------------------------------------------------------
    def value(self, e) -> str:
        t = type(e)
        if t is cx.Const:
            return self.constant(e.value)
        if t is cx.Input:
            return self.column("input", e.name)
        if t is cx.ToBase:
            return f"({self.value(e.operand)} * {self.constant(e.factor)})"
        if t is cx.Factor:
            return self.constant(self.factors[e.name])
        if t is cx.Ref:
            return self.column("binding", e.name)
        if t is cx.Key:
            return self.d.string(e.value)
        if t is cx.Binary:
            if e.fn == "div":
                return self.d.divide(self.value(e.left), self.value(e.right))
            if e.fn == "mul":
                return f"({self.value(e.left)} * {self.value(e.right)})"
            # a chain of + and -: the left spine flat, so long sums nest no parentheses
            terms = []
            while type(e) is cx.Binary and e.fn in ("add", "sub"):
                terms.append((_ARITHMETIC[e.fn], e.right))
                e = e.left
            return "(" + self.value(e) + "".join(f" {op} {self.value(x)}" for op, x in reversed(terms)) + ")"
        if t is cx.Neg:
            return f"(-{self.value(e.operand)})"
        if t is cx.Extreme:
            fn = "least" if e.fn == "min" else "greatest"
            return f"{fn}({', '.join(self.value(a) for a in e.args)})"
        if t is cx.Sum:
            if not e.args:
                return self.constant(Fraction(0))
            return "(" + " + ".join(self.value(a) for a in e.args) + ")"
        if t is cx.If:
            return f"(CASE WHEN {self.value(e.condition)} THEN {self.value(e.then)} ELSE {self.value(e.otherwise)} END)"
        if t is cx.Compare:
            return f"({self.value(e.left)} {_COMPARE[e.fn]} {self.value(e.right)})"
        if t is cx.Logic:
            return f"({self.value(e.left)} {'AND' if e.fn == 'and' else 'OR'} {self.value(e.right)})"
        if t is cx.Not:
            return f"(NOT {self.value(e.operand)})"
        if t is cx.Lookup:
            rows = self.tables[e.table]
            whens = " ".join(f"WHEN {self.d.string(k)} THEN {self.constant(v)}" for k, v in rows)
            return f"(CASE {self.value(e.key)} {whens} END)"
        if t is cx.Refuse:
            return "CAST(NULL AS DOUBLE)"  # the record is refused (fails); no value
        if t is cx.ContributionValue:
            return self.column("gas" if e.measure == "gas_kg" else "co2e", e.name)
        if t in (cx.RowSum, cx.Column):
            raise Unsupported("tables of rows")
        if t is cx.Criterion:
            raise Unsupported("data-quality criteria")
        raise Unsupported(f"core node {t.__name__}")

    # ---- refusals ----------------------------------------------------------------------------
    def fails(self, e) -> str | None:
        t = type(e)
        if t is cx.Refuse:
            return "TRUE"
        if t is cx.Binary and e.fn == "div":
            return _any([self.fails(e.left), self.fails(e.right), f"({self.value(e.right)} = 0.0E0)"])
        if t is cx.If:
            condition = self.fails(e.condition)
            then, otherwise = self.fails(e.then), self.fails(e.otherwise)
            if then is None and otherwise is None:
                return condition
            branch = f"(CASE WHEN {self.value(e.condition)} THEN {then or 'FALSE'} ELSE {otherwise or 'FALSE'} END)"
            return _any([condition, branch])
        if t is cx.Logic:
            left, right = self.fails(e.left), self.fails(e.right)
            if right is None:
                return left
            decides = self.value(e.left) if e.fn == "and" else f"(NOT {self.value(e.left)})"
            return _any([left, f"({decides} AND {right})"])
        return _any([self.fails(c) for c in cx.children(e)])
