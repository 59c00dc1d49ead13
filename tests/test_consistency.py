"""Consistency checks of the data (`check NAME: A within N % of B`, `check NAME: CONDITION`): a
failing check refuses the calculation in the interpreter and the calculator alike, naming the
check and its clause; the checker's diagnostics; the clause in the standard."""
from __future__ import annotations

from fractions import Fraction

import pytest

from pcrlang.backends import document
from pcrlang.compiler import compile_text
from pcrlang.interpret import CalculationError, calculate

from helpers import HEADER, compile_body, load_calculator

BODY = '''input raw: t in [0, 1e9] zh "生料" en "Raw meal"
input kiln_dust: t in [0, 1e9] zh "窑灰" en "Kiln dust"
factor ef: kgCO2/t = 500 source "Illustrative" zh "因子" en "Factor"
emission e in make.smelting, gas CO2, fossil zh "排放" en "Emissions" = output * ef
check mass_balance zh "物料平衡" en "Mass balance": output + kiln_dust within 2 % of raw * 0.65
check dust_share zh "窑灰比例" en "Kiln dust share": kiln_dust <= 0.1 * output
'''


@pytest.fixture(scope="module")
def rule():
    return compile_body(BODY)


def refusal(rule, inputs):
    """The refusal of the interpreter, which the calculator must give identically."""
    with pytest.raises(CalculationError) as interpreted:
        calculate(rule.ruleset, inputs, rule.fingerprint)
    calculator = load_calculator(rule)
    with pytest.raises(calculator.CalculationError) as compiled:
        calculator.calculate({k: float(v) for k, v in inputs.items()})
    assert compiled.value.as_dict() == interpreted.value.as_dict()
    return interpreted.value.as_dict()["error"]


def test_data_within_the_tolerance_pass_also_exactly_at_it(rule):
    # raw 100 t x 0.65 = 65 t; 2 % of 65 = 1.3 t: output + dust from 63.7 to 66.3 t passes
    for output, dust in ((65, 0), (Fraction(663, 10), 0), (60, Fraction(37, 10))):
        result = calculate(rule.ruleset, {"output": output, "raw": 100, "kiln_dust": dust}, rule.fingerprint)
        assert result["total"] == 500  # output x 500 kg / output


def test_a_balance_outside_the_tolerance_is_refused_with_the_relative_difference(rule):
    # 66.31 - 65 = 1.31 t = 2.01538... % of 65 t
    error = refusal(rule, {"output": Fraction(6631, 100), "raw": 100, "kiln_dust": 0})
    assert error == {"code": "inconsistent_data", "field": None, "formula": "mass_balance", "clause": "6.2.1",
                     "message": "the data fail the check `mass_balance`: output + kiln_dust differs from raw * 0.65 "
                                "by 2.01538 %, more than 2 %"}
    # below: 63 t is 2 t short, -3.07692 % of 65 t
    error = refusal(rule, {"output": 63, "raw": 100, "kiln_dust": 0})
    assert "by -3.07692 %" in error["message"]


def test_a_zero_right_side_is_refused_alone(rule):
    error = refusal(rule, {"output": 65, "raw": 0, "kiln_dust": 0})
    assert error["message"] == "the data fail the check `mass_balance`: raw * 0.65 is zero and output + kiln_dust is not"


def test_a_condition_that_fails_is_refused_with_its_clause(rule):
    # 60 + 5 = 65 balances; dust 5 t > 0.1 x 60 = 6? no: 5 <= 6 passes; 58 + 7: 7 > 5.8 fails
    calculate(rule.ruleset, {"output": 60, "raw": 100, "kiln_dust": 5}, rule.fingerprint)
    error = refusal(rule, {"output": 58, "raw": 100, "kiln_dust": 7})
    assert error == {"code": "inconsistent_data", "field": None, "formula": "dust_share", "clause": "6.2.2",
                     "message": "the data fail the check `dust_share`: kiln_dust <= 0.1 * output does not hold"}


def test_the_standard_states_each_check_in_its_clause(rule):
    md = document.render(rule.ruleset, rule.fingerprint, "en")["index.md"]
    assert "6.2.1" in md and "Mass balance" in md
    assert "the two sides differ by at most 2 % of the right-hand side" in md
    assert "`abs(output + kiln_dust - (raw * 0.65)) <= 2 / 100 * abs(raw * 0.65)`" in md
    assert "`kiln_dust <= 0.1 * output`" in md and "inconsistent&#95;data" in md  # escaped outside code
    zh = document.render(rule.ruleset, rule.fingerprint, "zh")["index.md"]
    assert "物料平衡" in zh and "两侧之差不超过右侧的 2 %" in zh


def errors(body):
    c = compile_text(HEADER + body, "test.pcr")
    return [(d.code, d.message, d.span.line, d.span.column) for d in c.diagnostics if d.is_error]


def test_checks_of_different_things_a_tolerance_of_100_and_non_conditions_are_errors():
    line = HEADER.count("\n") + 2
    base = 'input raw: t in [0, 1e9] zh "生料" en "Raw meal"\n'
    energy = 'factor k: kWh/t = 1 source "x" zh "因子" en "Factor"\n'
    text = 'check b zh "平衡" en "Balance": output within 2 % of raw * k\n'
    assert errors(base + energy + text) == [("PCR570", "the two sides of check `b` differ: mass against energy", line + 1,
                                    text.index("raw") + 1)]
    text = 'check b zh "平衡" en "Balance": output within 100 % of raw\n'
    assert errors(base + text) == [("PCR571", "the tolerance of check `b` is 100 %: it must be below 100 %", line,
                                    text.index("b ") + 1)]
    text = 'check b zh "平衡" en "Balance": output + raw\n'
    assert [e[0] for e in errors(base + text)] == ["PCR307"]
    text = 'check raw zh "平衡" en "Balance": output > raw\n'
    assert [e[0] for e in errors(base + text)] == ["PCR202"]
