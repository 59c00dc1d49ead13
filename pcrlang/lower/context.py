"""What the lowering passes share: the checked model, the clauses numbered so far, the program
being built (steps, contributions, report fields), and the lowering of formulas to core
expressions with their types."""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from ..core import expr as cx
from ..core import ir
from ..domain import units
from ..model import Model
from ..syntax import ast
from ..syntax.printer import format_expr

BINARY = {"+": "add", "-": "sub", "*": "mul", "/": "div"}


def text(t) -> ir.Text:
    return ir.Text(t.zh, t.en) if t is not None else ir.NO_TEXT


@attrs.define
class Context:
    model: Model
    clauses: list = attrs.Factory(list)
    steps: list = attrs.Factory(list)
    contributions: list = attrs.Factory(list)
    report: list = attrs.Factory(list)
    values: dict = attrs.Factory(dict)  # name -> declaration of inputs, factors, tables, quantities
    quantity_types: dict = attrs.Factory(dict)  # quantity -> Type
    uses: dict = attrs.Factory(dict)  # binding -> (factors, inputs) it uses, through quantities
    rows_scope: dict = attrs.Factory(dict)  # row variable -> table of rows, while lowering a row formula
    dated: dict = attrs.Factory(dict)  # dated factor chosen at run time -> the binding of its value

    def __attrs_post_init__(self):
        for d in self.model.module.declarations:
            if isinstance(d, (ast.Input, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.KeySet)):
                self.values[d.name.value] = d

    # ---- clauses ------------------------------------------------------------------------
    def clause(self, number: str, subject: str, zh: Optional[str], en: Optional[str]) -> str:
        self.clauses.append(ir.Clause(number, subject, ir.Text(zh, en)))
        return number

    # ---- the program ------------------------------------------------------------------------
    def let(self, name: str, value, role: str, clause: str, formula: str = "", unit=None, text=ir.NO_TEXT,
            span=None, rows=None) -> cx.Ref:
        """A binding; returns a reference to it. Its uses (factors, inputs) are recorded."""
        self.steps.append(ir.Let(name, value, role, clause, formula, unit, text, rows, span))
        self.uses[name] = self.references(value)
        return cx.Ref(name, value.type, span)

    def check(self, condition, code: str, variant: str, subject: str, clause: str, field=None, shown=None,
              params=(), span=None) -> None:
        self.steps.append(ir.Check(condition, code, variant, subject, field, shown, tuple(params), clause, span))

    def references(self, e) -> tuple[frozenset, frozenset]:
        """Factors/tables and inputs a core expression uses, through bindings too."""
        factors, inputs = set(), set()
        for x in cx.walk(e):
            t = type(x)
            if t is cx.Input:
                inputs.add(x.name)
            elif t is cx.Factor:
                factors.add(x.name)
            elif t is cx.Lookup:
                factors.add(x.table)
            elif t is cx.Column:
                inputs.add(x.table)
            elif t is cx.Ref and x.name in self.uses:
                f, i = self.uses[x.name]
                factors |= f
                inputs |= i
        return frozenset(factors), frozenset(inputs)

    # ---- formulas -----------------------------------------------------------------------------
    def expr(self, e, names: Optional[dict] = None):
        """The core expression of an AST formula. `names` resolves names first (template
        parameters, data-quality criteria)."""
        span = e.span
        if isinstance(e, ast.Number):
            return cx.Const(e.value, cx.DIMENSIONLESS, span)
        if isinstance(e, ast.KeyLiteral):
            return cx.Key(e.value, cx.Type("key"), span)
        if isinstance(e, ast.NameRef):
            if names is not None and e.name in names:
                found = names[e.name]
                return found(span) if callable(found) else found
            return self.name(e.name, span)
        if isinstance(e, ast.Call):
            args = self.unify([self.expr(a, names) for a in e.args])
            return cx.Extreme(e.function.value, tuple(args), args[0].type, span)
        if isinstance(e, ast.Lookup):
            key = cx.Key(e.key.value, cx.Type("key"), e.key.span) if isinstance(e.key, ast.KeyLiteral) \
                else self.name(e.key.name, e.key.span)
            info = self.model.tables[e.table.value]
            return cx.Lookup(e.table.value, key, cx.Type.number(info.dimension), span)
        if isinstance(e, ast.Binary):
            left, right = self.expr(e.left, names), self.expr(e.right, names)
            fn = BINARY[e.op]
            if fn in ("add", "sub"):
                left, right = self.unify([left, right])
                t = left.type
            elif fn == "mul":
                t = cx.Type.number(units.multiply(left.type.dimension, right.type.dimension))
            else:
                t = cx.Type.number(units.divide(left.type.dimension, right.type.dimension))
            return cx.Binary(fn, left, right, t, span)
        if isinstance(e, ast.Negate):
            operand = self.expr(e.operand, names)
            return cx.Neg(operand, operand.type, span)
        if isinstance(e, ast.Compare):
            left, right = self.unify([self.expr(e.left, names), self.expr(e.right, names)])
            return cx.Compare(e.op, left, right, cx.BOOL, span)
        if isinstance(e, ast.Logical):
            return cx.Logic(e.op, self.expr(e.left, names), self.expr(e.right, names), cx.BOOL, span)
        if isinstance(e, ast.Not):
            return cx.Not(self.expr(e.operand, names), cx.BOOL, span)
        if isinstance(e, ast.Conditional):
            then, otherwise = self.unify([self.expr(e.then, names), self.expr(e.otherwise, names)])
            return cx.If(self.expr(e.condition, names), then, otherwise, then.type, span)
        if isinstance(e, ast.RowSum):
            body = self.in_rows(e.var.value, e.table.value, lambda: self.expr(e.body, names))
            return cx.RowSum(e.table.value, body, body.type, span)
        if isinstance(e, ast.RowAverage):  # sum(x * w) / sum(w): weights summing to zero refuse
            body, weight = self.in_rows(e.var.value, e.table.value,
                                        lambda: (self.expr(e.body, names), self.expr(e.weight, names)))
            weighted = cx.RowSum(e.table.value, mul(body, weight), mul(body, weight).type, span)
            return cx.Binary("div", weighted, cx.RowSum(e.table.value, weight, weight.type, span), body.type, span)
        if isinstance(e, ast.ColumnRef):
            table = self.rows_scope[e.var.value]
            info = next(c for c in self.model.inputs[table].columns if c.decl.name.value == e.column.value)
            if info.keyset is not None:
                return cx.Column(table, e.column.value, cx.Type("key", (), info.keyset), span)
            t = cx.Type.number(info.dimension)
            node = cx.Column(table, e.column.value, t, span)
            return node if info.to_base == 1 else cx.ToBase(node, info.to_base, t, span)
        raise TypeError(e)

    def in_rows(self, var: str, table: str, lower):
        """lower() with the row variable bound to the table of rows."""
        outer = self.rows_scope.get(var)
        self.rows_scope[var] = table
        try:
            return lower()
        finally:
            if outer is None:
                del self.rows_scope[var]
            else:
                self.rows_scope[var] = outer

    def name(self, name: str, span):
        decl = self.values[name]
        m = self.model
        if isinstance(decl, ast.Input):
            info = m.inputs[name]
            if info.keyset is not None:
                return cx.Input(name, cx.Type("key", (), info.keyset), span)
            t = cx.Type.number(info.dimension)
            node = cx.Input(name, t, span)
            return node if info.to_base == 1 else cx.ToBase(node, info.to_base, t, span)
        if isinstance(decl, (ast.Factor, ast.DatedFactor)):
            if name in self.dated:
                return cx.Ref(self.dated[name], cx.Type.number(m.factors[name].dimension), span)
            return cx.Factor(name, cx.Type.number(m.factors[name].dimension), span)
        return cx.Ref(name, self.quantity_types[name], span)

    @staticmethod
    def unify(args: list) -> list:
        """A literal zero takes the dimension of what it meets (`x + 0`, `max(0, x)`)."""
        typed = next((a.type for a in args if not (type(a) is cx.Const and a.value == 0) and a.type.kind == "number"
                      and a.type.dimension), None)
        if typed is None:
            return args
        return [cx.Const(a.value, typed, a.span) if type(a) is cx.Const and a.value == 0 else a for a in args]


def formula(e) -> str:
    return format_expr(e)


def const(value, dimension=(), span=None) -> cx.Const:
    return cx.Const(Fraction(value), cx.Type.number(dimension), span)


def mul(a, b, span=None):
    return cx.Binary("mul", a, b, cx.Type.number(units.multiply(a.type.dimension, b.type.dimension)), span)


def add(a, b, span=None):
    return cx.Binary("add", a, b, a.type, span)


def compare(fn, a, b, span=None):
    return cx.Compare(fn, a, b, cx.BOOL, span)


def both(a, b, span=None):
    return cx.Logic("and", a, b, cx.BOOL, span)


def total(terms, dimension, span=None):
    return cx.Sum(tuple(terms), cx.Type.number(dimension), span)
