"""A ruleset's worked examples as tests: inputs from the IR, and the comparison of a result
(from the interpreter or a calculator) with the expected values. The comparison itself is the
runtime's (pcrlang/semantics/runtime.py), so calculators' self-tests judge the same way."""
from __future__ import annotations

from fractions import Fraction

from .core import ir
from .semantics import runtime


def expectations(example: ir.Example) -> tuple:
    return tuple((x.target, tuple(x.subject), x.value, x.measure, x.tolerance, x.relative)
                 for x in example.expectations)


def givens(items) -> tuple:
    """(name, kind, value) of each given, a table's rows as tuples of their givens."""
    return tuple((g.name, g.kind, tuple(givens(row) for row in g.value) if g.kind == "rows" else g.value)
                 for g in items)


def example_inputs(example: ir.Example, number=Fraction) -> dict:
    """The example's inputs as a calculator takes them; `number` converts exact values."""
    return runtime.example_inputs(givens(example.givens), number)


def actual_value(result: dict, x: ir.Expectation):
    return runtime.actual_value(result, x.target, x.subject, x.measure)


def failures(example: ir.Example, result: dict) -> list[str]:
    """Messages for every expectation the result misses (empty when the example passes)."""
    return runtime.example_failures(expectations(example), result)
