"""A ruleset's worked examples as tests: inputs from the IR, and the comparison of a result
(from the interpreter or a calculator) with the expected values."""
from __future__ import annotations

from fractions import Fraction

from . import ir


def example_inputs(example: ir.Example, number=Fraction) -> dict:
    """The example's inputs as a calculator takes them; `number` converts exact values."""
    out = {}
    for g in example.givens:
        if g.kind == "key":
            out[g.name] = g.value
        elif g.kind == "cut_off":
            out[g.name] = {"cut_off": number(g.value)}
        else:
            out[g.name] = number(g.value)
    return out


def actual_value(result: dict, x: ir.Expectation):
    if x.target == "cutoff":
        return 1 if result["cutoff"]["pass"] else 0
    if x.target == "grade":
        return result["grade"]["class"] if result.get("grade") else None
    if x.target == "total":
        return result["total"]
    if x.target == "stage":
        return result["by_stage"][x.subject[0]]
    if x.target == "process":
        return result["by_process"][".".join(x.subject)]
    if x.target == "kind":
        return result["by_carbon_kind"][x.subject[0]]
    gas = result["by_gas"].get(x.subject[0], {"mass_kg": 0, "co2e_kg": 0})
    return gas["co2e_kg" if x.measure == "co2e" else "mass_kg"]


def describe(x: ir.Expectation) -> str:
    if x.target == "cutoff":
        return "cut-off verdict"
    return f"{x.target} {'.'.join(x.subject)}" if x.subject else x.target


def failures(example: ir.Example, result: dict) -> list[str]:
    """Messages for every expectation the result misses (empty when the example passes)."""
    out = []
    for x in example.expectations:
        actual = actual_value(result, x)
        if x.target == "grade":
            if actual != x.subject[0]:
                out.append(f"expected grade {x.subject[0]}, got {actual}")
            continue
        if x.target == "cutoff":
            if actual != x.value:
                out.append(f"expected cut-off {'pass' if x.value else 'fail'}, got {'pass' if actual else 'fail'}")
            continue
        expected = x.value
        allowed = x.tolerance * abs(expected) if x.relative else x.tolerance
        if not abs(Fraction(actual) - expected) <= allowed:
            unit_note = "kg CO2e" if x.measure == "co2e" else f"kg {x.subject[0]}"
            out.append(f"{describe(x)}: expected {float(expected):.10g} {unit_note} "
                       f"(± {float(allowed):.3g}), got {float(actual):.10g}")
    return out
