"""Units and values out of the range calculators compute in are diagnostics (PCR311, PCR312),
never a number of thousands of digits that overflows a later pass."""
from __future__ import annotations

import pytest

from helpers import HEADER
from pcrlang.compiler import compile_text

EMISSION = 'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = output * ef{more}\n'
FACTOR = 'factor ef: kgCO2/t = 0.5 source "Plant data" zh "因子" en "Factor"\n'
EXAMPLE = 'example "one" zh "一" en "One" {{\n  given output = 1 t{given}\n  expect total = {expect} within 1 %\n}}\n'


def errors(body: str, more: str = "", given: str = "", expect: str = "0.5 kgCO2e", header: str = HEADER):
    text = header + FACTOR + body + EMISSION.format(more=more) + EXAMPLE.format(given=given, expect=expect)
    c = compile_text(text, "m.pcr")  # never raises
    return [(d.code, d.message) for d in c.diagnostics if d.is_error]


FORTY = "*".join(["Mt^12"] * 40)


def test_a_unit_of_forty_factors_is_out_of_range():
    assert errors(f'input x: {FORTY} zh "x" en "x"\n', " + x * ef / x * output") == [
        ("PCR311", f"`{FORTY}` is more than 1e300 times its base unit")]


def test_a_unit_of_thousands_of_factors_is_refused_without_computing_it():
    unit = "*".join(["Mt^12"] * 5000)
    assert [code for code, _ in errors(f'input x: {unit} zh "x" en "x"\n', " + x * ef / x * output")] == ["PCR311"]


def test_factors_that_cancel_are_in_range():
    unit = "*".join(["kt^12"] * 20 + ["t^-12"] * 40)  # 1e(6*240) / 1e(3*480) = 1: kg^-240
    assert errors(f'input x: {unit} zh "x" en "x"\n', " + x * ef / x * output", f", x = 1 {unit}", "1 kgCO2e") == []


@pytest.mark.parametrize("body, more, given, expect, message", [
    ('input b: Mt default 1e300 source "s" zh "b" en "b"\n', " + b * ef", "", "0.5 kgCO2e",
     "the default of `b`, 1e300 Mt, is more than 1e300 in base units"),
    ('input b: Mt in [-1e300, 0] zh "b" en "b"\n', " + b * ef", ", b = 0 t", "0.5 kgCO2e",
     "the lower bound of `b`, -1e300 Mt, is more than 1e300 in base units"),
    ('keys k { r zh "r" en "r" }\ninput kk: k zh "k" en "k"\n'
     'table tb: kgCO2/t by k source "s" { r = 1e-299 }\n', " + output * tb[kk]", ', kk = "r"', "0.5 kgCO2e",
     "the value of `tb` for `r`, 1e-299 kgCO2/t, is less than 1e-300 in base units"),
    ('grading zh "分级" en "Grading" {\n  class A <= 1e300 MtCO2e\n  class B otherwise\n}\n', "", "", "0.5 kgCO2e",
     "the limit of class `A`, 1e300 MtCO2e, is more than 1e300 in base units"),
    ("", "", "", "1e300 tCO2e", "the expected value, 1e300 tCO2e, is more than 1e300 in base units"),
], ids=["default", "lower-bound", "table-row", "grading", "expected"])
def test_values_out_of_range(body, more, given, expect, message):
    assert errors(body, more, given, expect) == [("PCR312", message)]


def test_dated_factor_value_and_declared_unit_out_of_range():
    header = HEADER.replace("  production output\n", '  production output\n  period "2022-01-01" to "2022-12-31"\n')
    body = 'factor g: kgCO2*Mt source "s" zh "g" en "g" {\n  from "2020-01-01" to "2030-12-31" = 1e299\n}\n'
    assert errors(body, header=header) == [
        ("PCR312", "the value of `g` from 2020-01-01, 1e299 kgCO2*Mt, is more than 1e300 in base units")]
    header = HEADER.replace("declared_unit 1 t", "declared_unit 1e299 kt")
    assert errors("", header=header) == [("PCR312", "the declared unit, 1e299 kt, is more than 1e300 in base units")]
