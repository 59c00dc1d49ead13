"""The reference period as data: two date inputs give the company's twelve months, checked, and
every dated factor takes its value in force for the whole period (exact values from the rule)."""
from __future__ import annotations

import pytest

from pcrlang.compiler import compile_text
from pcrlang.interpret import CalculationError

from helpers import HEADER, compile_body, interpret, load_calculator

PERIOD_HEADER = HEADER.replace("  production output\n", "  production output\n  period period_start to period_end\n")
BODY = '''input period_start: date zh "核算期起" en "Start of the period"
input period_end: date zh "核算期止" en "End of the period"
input electricity: kWh in [0, 1e9] zh "用电" en "Electricity"
factor grid: kgCO2/kWh source "MEE and NBS" zh "电网" en "Grid" {
  from "2022-01-01" to "2022-12-31" = 0.5366
  from "2023-01-01" to "2023-12-31" = 0.5306
}
emission power in make.smelting, gas CO2, fossil zh "用电" en "Power" = electricity * grid
example "2022" zh "2022" en "2022" {
  given output = 1 t, electricity = 1000 kWh, period_start = "2022-01-01", period_end = "2022-12-31"
  expect total = 536.6 kgCO2e within 0.0001 %
}
'''


@pytest.fixture(scope="module")
def rule():
    return compile_body(BODY, PERIOD_HEADER)


def inputs(start, end):
    return {"output": 1, "electricity": 1000, "period_start": start, "period_end": end}


@pytest.mark.parametrize("start, end, total", [
    ("2022-01-01", "2022-12-31", 536.6),  # 1 000 kWh x 0.5366
    ("2023-01-01", "2023-12-31", 530.6),  # 1 000 kWh x 0.5306
])
def test_the_factor_in_force_for_the_period_the_inputs_give(rule, start, end, total):
    r = interpret(rule, inputs(start, end))
    assert r["total"] == pytest.approx(total) and r["reference_period"] == {"start": start, "end": end}
    assert load_calculator(rule).calculate(inputs(start, end))["total"] == pytest.approx(total, rel=1e-12)


@pytest.mark.parametrize("start, end, code, field", [
    ("2022-07-01", "2023-06-30", "no_factor_in_force", None),  # twelve months, but two values in it
    ("2022-01-01", "2022-06-30", "invalid_period", "period_end"),
    ("2022-02-30", "2022-12-31", "wrong_type", "period_start"),
    (20220101, "2022-12-31", "wrong_type", "period_start"),
])
def test_a_bad_period_is_refused(rule, start, end, code, field):
    with pytest.raises(CalculationError) as e:
        interpret(rule, inputs(start, end))
    assert (e.value.code, e.value.field) == (code, field)
    calc = load_calculator(rule)
    with pytest.raises(calc.CalculationError) as same:
        calc.calculate(inputs(start, end))
    assert (same.value.code, same.value.field) == (code, field)


def test_the_latest_value_when_the_rule_allows_extrapolation():
    c = compile_body(BODY, PERIOD_HEADER.replace("  period period_start", "  extrapolate latest\n  period period_start"))
    # 2024 has no value: the latest, 2023's 0.5306, for 1 000 kWh
    assert interpret(c, inputs("2024-01-01", "2024-12-31"))["total"] == pytest.approx(530.6)


def test_the_period_must_name_date_inputs():
    text = PERIOD_HEADER.replace("period_start to", "electricity to") + BODY
    c = compile_text(text, "test.pcr", run_examples=False)
    assert ("PCR114", "`electricity` is not a date input") in [(d.code, d.message) for d in c.diagnostics]


# ---- a dated factor the rule does not use does not constrain the period ------------------------
LIBRARY_BODY = '''import "cn_grid.pcr"
input period_start: date zh "核算期起" en "Start of the period"
input period_end: date zh "核算期止" en "End of the period"
input electricity: kWh in [0, 1e9] zh "用电" en "Electricity"
factor own_grid: kgCO2/kWh = 0.5 source "test value" zh "电网" en "Grid"
emission power in make.smelting, gas CO2, fossil zh "用电" en "Power" = electricity * FACTOR
'''


@pytest.mark.parametrize("start, end", [("2024-01-01", "2024-12-31"), ("2019-07-01", "2020-06-30")])
def test_unused_dated_library_factors_do_not_refuse_the_period(start, end, tmp_path):
    """cn_grid.pcr's dated combustion factors have no value for 2024 (nor 2019-20); a rule that
    imports the library but uses its own factor computes any twelve months, in the interpreter,
    the Python calculator and the batch."""
    c = compile_body(LIBRARY_BODY.replace("FACTOR", "own_grid"), PERIOD_HEADER)
    assert not [s.name for s in c.ruleset.steps if getattr(s, "name", "").endswith("@period")]
    given = inputs(start, end)
    assert interpret(c, given)["total"] == pytest.approx(500.0)  # 1 000 kWh x 0.5 kgCO2/kWh / 1 t
    assert load_calculator(c).calculate(given)["total"] == pytest.approx(500.0, rel=1e-12)
    import batch_helpers as bh
    from pcrlang.batch import run_batch
    bh.write([given], c.ruleset, str(tmp_path / "in.csv"), "csv")
    run_batch(c, str(tmp_path / "in.csv"), str(tmp_path / "out.csv"))
    row = bh.read(str(tmp_path / "out.csv"), "csv")[0]
    assert row["error_code"] is None and float(row["total"]) == pytest.approx(500.0, rel=1e-12)


def test_a_used_dated_library_factor_still_chooses_and_refuses():
    c = compile_body(LIBRARY_BODY.replace("FACTOR", "cn_grid_national"), PERIOD_HEADER)
    assert [s.name for s in c.ruleset.steps if getattr(s, "name", "").endswith("@period")] == ["cn_grid_national@period"]
    # 2022: cn_grid.pcr's national factor 0.5366 kgCO2/kWh x 1 000 kWh
    assert interpret(c, inputs("2022-01-01", "2022-12-31"))["total"] == pytest.approx(536.6)
    for run in (lambda x: interpret(c, x), load_calculator(c).calculate):
        with pytest.raises(Exception) as e:
            run(inputs("2024-01-01", "2024-12-31"))  # the library has no 2024 value
        assert (e.value.code, e.value.field) == ("no_factor_in_force", None)
