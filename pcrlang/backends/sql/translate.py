"""Core IR expressions -> SQL: a value, and whether evaluating it refuses the record.

`value(e)` is the expression's SQL (DOUBLE for numbers, text for keys, BOOLEAN for conditions);
`fails(e)` is a SQL condition that is true when the interpreter would refuse while evaluating e
(a zero divisor, a `refuse` node) on the path it takes (only the branch an `if` takes, the
right side of `and`/`or` only when it decides), or None when e cannot refuse. Every reference
(an input, a binding, a contribution) is a column the caller names; the translator records the
columns each expression uses, so the query can be laid out in layers.

A table of rows is a list column of structs (the caller validates and types it); a row sum is
the dialect's sum over that list with a lambda whose variable is the current row (a column of
the row its field), and a binding per row (`Let.rows`) is its expression, translated where a row
uses it (its refusals are the binding's own: the caller defines them once, over every row).
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

    def __init__(self, dialect: Dialect, columns: dict, factors: dict, tables: dict, rows: dict | None = None,
                 row_bindings: dict | None = None):
        self.d = dialect
        self.columns = columns
        self.factors = factors  # name -> exact base value
        self.tables = tables  # name -> ((key, exact base value), ...)
        self.rows = rows or {}  # table of rows -> (its list column, the lambda variable of its row)
        self.row_bindings = row_bindings or {}  # binding per row -> its expression
        self.used: set = set()

    def row_list(self, table: str) -> tuple[str, str]:
        """(the list column's SQL, the row variable) of a table of rows."""
        found = self.rows.get(table)
        if found is None:
            raise Unsupported(f"no column for the table of rows {table}")
        self.used.add(found[0])
        return self.d.ident(found[0]), found[1]

    def row_sum(self, table: str, body) -> str:
        rows, var = self.row_list(table)
        return self.d.row_sum(rows, var, self.value(body))

    def row_fails(self, table: str, body) -> str | None:
        """Whether evaluating body refuses for some row of the table (None if it cannot)."""
        failure = self.fails(body)
        if failure is None:
            return None
        rows, var = self.row_list(table)
        return self.d.row_any(rows, var, failure)

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
            if e.name in self.row_bindings:  # inside a row of its table: its expression for that row
                return self.value(self.row_bindings[e.name])
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
        if t is cx.RowSum:
            return self.row_sum(e.table, e.body)
        if t is cx.Column:
            if e.table not in self.rows:
                raise Unsupported(f"no column for the table of rows {e.table}")
            return self.d.field(self.rows[e.table][1], e.name)
        if t is cx.Criterion:
            raise Unsupported("data-quality criteria")
        raise Unsupported(f"core node {t.__name__}")

    # ---- refusals ----------------------------------------------------------------------------
    def fails(self, e) -> str | None:
        t = type(e)
        if t is cx.Refuse:
            return "TRUE"
        if t is cx.RowSum:
            return self.row_fails(e.table, e.body)
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
