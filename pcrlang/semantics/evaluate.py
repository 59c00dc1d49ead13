"""The reference evaluator of the core IR, in exact rational arithmetic: what a rule means.

Small on purpose: one function per kind of expression node, the steps in order, then the
contributions and the report fields (see the module docstring of pcrlang/core/ir.py). Every
backend must agree with it: figures within a relative 1e-9, verdicts and refusal codes exactly.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from ..core import expr as cx
from ..core import ir
from .runtime import check_range, refuse, show


class Evaluation:
    """One evaluation of a rule's program on validated inputs (exact numbers, or keys)."""

    def __init__(self, rs: ir.Ruleset, inputs: dict):
        self.rs = rs
        self.inputs = inputs
        self.factors = _factor_values(rs)
        self.tables = _table_values(rs)
        self.bindings: dict = {}
        self.contributions: dict = {}  # name -> (gas kg, co2e kg) per declared unit
        self.per_row: dict = {}  # contribution per row of a table -> its kg of gas of each row
        self.row: dict = {}  # table -> (index, the current row) while evaluating for one row
        self.row_bindings: dict = {}  # a binding per row -> its table
        self.criteria: dict = {}
        self.where = ("", "")  # the formula being evaluated and its clause, for refusals

    def value(self, e):
        return _EVAL[type(e)](self, e)

    def for_rows(self, table: str, e) -> list:
        """e evaluated for each row of a table of rows, in order."""
        out, outer = [], self.row.get(table)
        for k, row in enumerate(self.inputs[table]):
            self.row[table] = (k, row)
            out.append(self.value(e))
        if outer is None:
            self.row.pop(table, None)
        else:
            self.row[table] = outer
        return out

    def run(self) -> "Evaluation":
        for step in self.rs.steps:
            if type(step) is ir.Let and step.rows is not None:
                self.where = (step.name, step.clause)
                self.bindings[step.name] = self.for_rows(step.rows, step.expr)
                self.row_bindings[step.name] = step.rows
            elif type(step) is ir.Let:
                self.where = (step.name, step.clause)
                self.bindings[step.name] = self.value(step.expr)
            else:
                self.where = (step.subject or step.field or "", step.clause)
                if not self.value(step.condition):
                    params = dict(step.params)
                    if step.shown is not None:
                        params["value"] = show(self.value(step.shown))
                    refuse(step.code, step.variant, field=step.field, formula=step.subject, clause=step.clause, **params)
        for c in self.rs.contributions:
            self.where = (c.name, c.clause)
            if c.rows is not None:
                rows = self.for_rows(c.rows, c.value)
                self.per_row[c.name] = rows
                gas = sum(rows, Fraction(0))
            else:
                gas = self.value(c.value)
            self.contributions[c.name] = (gas, gas * c.gwp)
        return self

    def report(self) -> tuple:
        out = []
        for f in self.rs.report:
            self.where = (".".join(f.path), "")
            out.append(None if f.kind == "fixed" else int(self.value(f.expr)) if f.kind == "choice" else self.value(f.expr))
        return tuple(out)

    def rating(self, scores: dict) -> Fraction:
        dq = self.rs.data_quality
        self.criteria, self.where = scores, (dq.name, dq.clause)
        return self.value(dq.rating)


def _divide(ev: Evaluation, e):
    numerator, denominator = ev.value(e.left), ev.value(e.right)
    if denominator == 0:
        refuse("division_by_zero", "formula", formula=ev.where[0], clause=ev.where[1] or None)
    return numerator / denominator


_BINARY: dict[str, Callable] = {
    "add": lambda ev, e: ev.value(e.left) + ev.value(e.right),
    "sub": lambda ev, e: ev.value(e.left) - ev.value(e.right),
    "mul": lambda ev, e: ev.value(e.left) * ev.value(e.right),
    "div": _divide,
}
_COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


def _refuse(ev: Evaluation, e):
    refuse(e.code, "source", formula=e.subject, clause=e.clause)


_EVAL: dict[type, Callable] = {
    cx.Const: lambda ev, e: e.value,
    cx.Input: lambda ev, e: ev.inputs[e.name],
    cx.ToBase: lambda ev, e: ev.value(e.operand) * e.factor,
    cx.Factor: lambda ev, e: ev.factors[e.name],
    cx.Lookup: lambda ev, e: ev.tables[e.table][ev.value(e.key)],
    cx.Ref: lambda ev, e: ev.bindings[e.name] if e.name not in ev.row_bindings
    else ev.bindings[e.name][ev.row[ev.row_bindings[e.name]][0]],
    cx.Key: lambda ev, e: e.value,
    cx.Binary: lambda ev, e: _BINARY[e.fn](ev, e),
    cx.Neg: lambda ev, e: -ev.value(e.operand),
    cx.Extreme: lambda ev, e: (min if e.fn == "min" else max)(ev.value(a) for a in e.args),
    cx.Sum: lambda ev, e: sum((ev.value(a) for a in e.args), Fraction(0)),
    cx.If: lambda ev, e: ev.value(e.then) if ev.value(e.condition) else ev.value(e.otherwise),
    cx.Compare: lambda ev, e: _COMPARE[e.fn](ev.value(e.left), ev.value(e.right)),
    cx.Logic: lambda ev, e: (ev.value(e.left) and ev.value(e.right)) if e.fn == "and"
    else (ev.value(e.left) or ev.value(e.right)),
    cx.Not: lambda ev, e: not ev.value(e.operand),
    cx.Refuse: _refuse,
    cx.Criterion: lambda ev, e: ev.criteria[e.name],
    cx.ContributionValue: lambda ev, e: ev.contributions[e.name][0 if e.measure == "gas_kg" else 1],
    cx.RowSum: lambda ev, e: sum(ev.for_rows(e.table, e.body), Fraction(0)),
    cx.Column: lambda ev, e: ev.row[e.table][1][e.name],
}

_CACHE: dict = {}


def _cached(rs: ir.Ruleset, key: str, make):
    hit = _CACHE.get((id(rs), key))
    if hit is None or hit[0] is not rs:
        if len(_CACHE) > 256:
            _CACHE.clear()
        hit = (rs, make())
        _CACHE[(id(rs), key)] = hit
    return hit[1]


def _factor_values(rs: ir.Ruleset) -> dict:
    return _cached(rs, "factors", lambda: {f.name: f.base_value for f in rs.factors if f.base_value is not None})


def _table_values(rs: ir.Ruleset) -> dict:
    return _cached(rs, "tables", lambda: {t.name: {r.key: r.base_value for r in t.rows} for t in rs.tables})


class Engine:
    """The runtime's engine interface (see pcrlang/semantics/runtime.py), exact."""

    def __init__(self, rs: ir.Ruleset, spec: dict):
        self.rs, self.spec = rs, spec
        self.order = tuple(i.name for i in rs.inputs)
        self.total = None
        self.arguments = None
        # one bound method for both: the runtime computes the figures exactly when
        # `engine.run is engine.exact` (a method looked up on the class is a new object each time)
        self.run = self.exact = self._run

    def evaluate(self, args) -> Evaluation:
        return Evaluation(self.rs, dict(zip(self.order, args))).run()

    def _run(self, args):
        ev = self.evaluate(args)
        gas = tuple(ev.contributions[c.name][0] for c in self.rs.contributions)
        co2e = tuple(ev.contributions[c.name][1] for c in self.rs.contributions)
        report = ev.report()
        check_range(self.spec, co2e, report)
        rows = tuple(tuple(ev.per_row[c.name]) if c.rows is not None else None for c in self.rs.contributions)
        return gas, co2e, report, ev.bindings.get("production"), rows

    def rating(self, scores: dict) -> Fraction:
        return Evaluation(self.rs, {}).rating(scores)
