"""The compiled calculator agrees with the reference interpreter on random valid inputs.

Inputs are drawn from the calculator's own input JSON Schema. Agreement means: both refuse with
the same error code and field, or both compute, every number within a relative 1e-9 (relative to
the magnitude of the terms summed, since removals and credits may cancel), and the same cut-off
verdicts unless a share lies within 1e-9 of its threshold.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.backends.schema import input_schema
from pcrlang.compiler import compile_file
from pcrlang.interpret import CalculationError, calculate, to_json_numbers

import test_allocation
import test_semantics
import test_semantics_more
import test_consistency
import test_transport
from helpers import RULESETS, compile_body, load_calculator
from strategies import from_schema

REL = 1e-9


def _compilations():
    cases = [(p.stem, lambda p=p: compile_file(str(p))) for p in RULESETS]
    for name in ("GASES", "BIOGENIC", "ALLOCATION", "TABLES", "CUTOFF"):
        cases.append((f"semantics:{name}", lambda name=name: compile_body(getattr(test_semantics, name))))
    more = test_semantics_more
    cases += [
        ("cff", lambda: compile_body(more.cff("cff", "A = 0.2"))),
        ("electricity", lambda: compile_body(more.ELECTRICITY)),
        ("grading", lambda: compile_body(more.GRADED)),
        ("dated", lambda: compile_body(more.DATED, more.with_period("2022-01-01", "2022-12-31"))),
        ("battery", lambda: compile_body("", more.BATTERY_HEADER)),
        ("quality", lambda: compile_body(more.QUALITY)),
        ("allocation_chain", lambda: compile_body(test_allocation.COPPER, test_allocation.COPPER_HEADER)),
        ("allocation_three", lambda: compile_body(test_allocation.THREE)),
        ("transport", lambda: compile_body(test_transport.BODY)),
        ("consistency", lambda: compile_body(test_consistency.BODY)),
    ]
    return cases


def compare_top(a: list, b: list, scale: float, path: str) -> None:
    """The top contributors: the same entries in the same order, except that entries negligible
    against the footprint (within the tolerance of zero: 1e-299 exactly is 0.0 in binary64) may
    tie with each other in either order, or fall either side of the list's end."""
    assert len(a) == len(b), path
    tiny = REL * scale + 1e-300

    def ident(x):
        return (x["contribution"], x["row"], x["key"])
    big_a = [x for x in a if abs(x["co2e_kg"]) > tiny]
    big_b = [x for x in b if abs(x["co2e_kg"]) > tiny]
    assert [ident(x) for x in big_a] == [ident(x) for x in big_b], path
    for x, y in zip(big_a, big_b):
        compare(x, y, scale, path)
    assert all(abs(x["co2e_kg"]) <= 2 * tiny for x in a + b if x not in big_a and x not in big_b), path


def compare(a, b, scale: float, path: str = "result") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            if k in ("pass",):
                continue  # verdicts are compared separately, with the threshold margin
            if k == "top_contributors":
                compare_top(a[k], b[k], scale, f"{path}.{k}")
                continue
            compare(a[k], b[k], 100.0 if k == "shares_percent" or k == "exempted_emissions_percent" else scale,
                    f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, scale, f"{path}[{i}]")
    elif isinstance(a, float) and not isinstance(a, bool):
        assert isinstance(b, (int, float)), path
        assert abs(a - b) <= REL * max(abs(a), abs(b), scale) + 1e-300, f"{path}: interpreter {a!r}, calculator {b!r}"
    else:
        assert a == b, f"{path}: interpreter {a!r}, calculator {b!r}"


@pytest.mark.parametrize("name, make", _compilations(), ids=[n for n, _ in _compilations()])
def test_calculator_agrees_with_interpreter(name, make):
    compilation = make()
    assert compilation.ok
    rs, fingerprint = compilation.ruleset, compilation.fingerprint
    calculator = load_calculator(compilation)
    schema = input_schema(rs)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(from_schema(schema))
    def agree(inputs):
        try:
            expected = to_json_numbers(calculate(rs, inputs, fingerprint))
        except CalculationError as error:
            with pytest.raises(calculator.CalculationError) as refused:
                calculator.calculate(inputs)
            assert (refused.value.code, refused.value.field, refused.value.formula) == (error.code, error.field, error.formula)
            return
        actual = calculator.calculate(inputs)
        scale = math.fsum(abs(t["co2e_kg"]) for t in expected["trace"])
        compare(expected, actual, scale)
        # verdicts are decided exactly in every target: no margin at thresholds
        assert expected["cutoff"]["pass"] == actual["cutoff"]["pass"]
        assert [f["pass"] for f in expected["cutoff"]["flows"]] == [f["pass"] for f in actual["cutoff"]["flows"]]
        if actual["data_quality"] is not None:
            assert expected["data_quality"]["pass"] == actual["data_quality"]["pass"]
        if actual["cutoff"]["pass"]:
            assert calculator.calculate_total(inputs) == actual["total"]
        else:  # a total whose flows left out fail the cut-off is no footprint of the rule
            with pytest.raises(calculator.CalculationError) as refused:
                calculator.calculate_total(inputs)
            assert refused.value.code == "cut_off_exceeded"

    agree()


@pytest.mark.parametrize("name, make", _compilations()[:3], ids=[n for n, _ in _compilations()[:3]])
def test_both_refuse_invalid_inputs_alike(name, make):
    """Random junk values: both refuse with the same code and field (or both accept)."""
    compilation = make()
    rs, fingerprint = compilation.ruleset, compilation.fingerprint
    calculator = load_calculator(compilation)
    names = [i.name for i in rs.inputs]
    junk = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.integers(-10**400, 10**400),
                     st.floats(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=8), st.floats(), max_size=2))
    valid = from_schema(input_schema(rs))

    @settings(max_examples=200, deadline=None)
    @given(valid, st.sampled_from(names + ["not_an_input"]), junk)
    def refuse(inputs, name, value):
        inputs = dict(inputs, **{name: value})
        try:
            calculate(rs, inputs, fingerprint)
            interpreter_error = None
        except CalculationError as error:
            interpreter_error = (error.code, error.field)
        try:
            calculator.calculate(inputs)
            calculator_error = None
        except calculator.CalculationError as error:
            calculator_error = (error.code, error.field)
        assert interpreter_error == calculator_error

    refuse()
