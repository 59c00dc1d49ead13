"""The checker follows long chains and cycles of quantities without recursion, and reports a
formula nested too deeply at its declaration (PCR006), never at the top of the file."""
from __future__ import annotations

import pytest

from helpers import HEADER
from pcrlang.check import check
from pcrlang.syntax.parse import parse_text

WARNINGS = ["PCR-W05", "PCR-W06"]  # HEADER's stage `raw` has no contribution; no examples
TAIL = ('factor ef: kgCO2/t = 0.5 source "Plant data" zh "因子" en "Factor"\n'
        'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = {last} * ef\n')


def diagnose(text: str):
    module, parse_diagnostics = parse_text(text, "t.pcr")
    assert parse_diagnostics == []
    return check(module)


def chain(n: int, reverse: bool) -> str:
    lines = ["quantity q0: t = output\n"] + [f"quantity q{i}: t = q{i - 1} + output\n" for i in range(1, n)]
    return HEADER + "".join(reversed(lines) if reverse else lines) + TAIL.format(last=f"q{n - 1}")


@pytest.mark.parametrize("n", [1000, 5000])
@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_a_long_chain_of_quantities_checks(n, reverse):
    model, diagnostics = diagnose(chain(n, reverse))
    assert [d.code for d in diagnostics] == WARNINGS
    assert [q.name.value for q in model.quantities] == [f"q{i}" for i in range(n)]  # dependency order


@pytest.mark.parametrize("n", [1, 2, 400, 2000])
def test_a_long_cycle_is_one_circular_definition_at_its_head(n):
    body = "".join(f"quantity q{i}: t = q{(i + 1) % n} + output\n" for i in range(n))
    text = HEADER + body + TAIL.format(last="q0")
    model, diagnostics = diagnose(text)
    assert model is None
    [cycle] = [d for d in diagnostics if d.is_error]
    assert cycle.code == "PCR203"
    assert cycle.message == "circular definition: " + " -> ".join(f"q{i}" for i in range(n)) + " -> q0"
    line = HEADER.count("\n") + 1  # q0 is where the cycle starts and ends
    assert (cycle.span.line, cycle.span.column, cycle.span.end_column) == (line, 10, 12)


def test_a_cycle_reached_from_an_electricity_source_ends():
    # the walk for the factors of a source follows quantities; a cycle used to make it loop forever
    text = HEADER + '''quantity qa: kgCO2/kWh = qb
quantity qb: kgCO2/kWh = qa
input power: kWh in [0, 1e9] zh "电力" en "Power"
electricity grid_power in make.smelting, combustion {
  amount = power
  source grid factor qa
}
'''
    _, diagnostics = diagnose(text)
    assert [(d.code, d.message) for d in diagnostics if d.is_error] == [
        ("PCR203", "circular definition: qa -> qb -> qa")]


def deep(n: int) -> str:
    # a flat sum: the parser counts it as one level (PCR006 of the parser stops nesting at 100), the
    # checker's inference recurses over its left spine, 400 levels at most
    return "output + " * n + "output"


@pytest.mark.parametrize("declaration, name", [
    ("quantity deep: t = {formula}\n" + TAIL.format(last="deep"), "deep"),
    ('emission deep in make.smelting, gas CO2, fossil = {formula} * ef\n'
     'factor ef: kgCO2/t = 0.5 source "Plant data" zh "因子" en "Factor"\n', "deep"),
])
def test_a_formula_nested_too_deeply_is_reported_at_its_declaration(declaration, name):
    text = HEADER + declaration.replace("{formula}", deep(3000))
    model, diagnostics = diagnose(text)
    line = HEADER.count("\n") + 1
    errors = [(d.code, d.message, d.span.line, d.span.column) for d in diagnostics if d.is_error]
    column = declaration.index(name) + 1
    assert errors == [("PCR006", "the formula is nested more than 400 levels deep", line, column)]
    assert not any(d.code == "PCR-W01" for d in diagnostics)  # `output` counts as used


def test_nesting_up_to_the_limit_checks():
    text = HEADER + f"quantity q: t = {deep(399)}\n" + TAIL.format(last="q")
    model, diagnostics = diagnose(text)
    assert [d.code for d in diagnostics] == WARNINGS
    assert model is not None


def test_a_deep_formula_checks_when_the_caller_is_deep_in_the_stack():
    # a RecursionError inside one formula is that formula's PCR006, whatever called the checker
    import sys
    text = HEADER + f"quantity q: t = {deep(399)}\n" + TAIL.format(last="q")
    module, _ = parse_text(text, "t.pcr")

    def nested(k):
        return nested(k - 1) if k else check(module)
    limit = sys.getrecursionlimit()
    _, diagnostics = nested(limit - 700)
    assert [d.code for d in diagnostics if d.is_error] == ["PCR006"]
