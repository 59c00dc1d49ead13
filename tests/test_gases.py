"""Any gas through the GWP tables: a table may list gases beyond the built-in twelve (the standard
library's refrigerants.pcr); a contribution may name them; their mass is a plain mass."""
from __future__ import annotations

import pytest

from pcrlang.compiler import compile_text

from helpers import HEADER, compile_body, interpret, load_calculator

REFRIGERANT_HEADER = HEADER.replace("  gwp AR6\n", "  gwp AR6_REFRIGERANTS\n").replace(
    "boundary cradle_to_gate", 'import "refrigerants.pcr"\nboundary cradle_to_gate')
BODY = '''input charge: kg in [0, 1e6] zh "制冷剂充注量" en "Refrigerant charged"
input leak: fraction in [0, 1] zh "泄漏率" en "Share leaked in production"
emission leak_r410a in make.smelting, gas R410A, fossil zh "R410A 泄漏" en "R410A leaked" = charge * leak
emission leak_r32 in make.casting, gas R32, fossil zh "R32 泄漏" en "R32 leaked" = charge * leak * 0.1
'''


def test_a_refrigerant_blend_counts_with_its_gwp():
    # 10 units: 30 kg charged, 2 % leaked = 0.6 kg R410A x 2 255.5 = 1 353.3 kg CO2e;
    # R32 0.06 kg x 771 = 46.26; per unit (output 10) 135.33 + 4.626 = 139.956
    rule = compile_body(BODY, REFRIGERANT_HEADER)
    for result in (interpret(rule, {"output": 10, "charge": 30, "leak": 0.02}),
                   load_calculator(rule).calculate({"output": 10, "charge": 30, "leak": 0.02})):
        assert result["total"] == pytest.approx(139.956, rel=1e-12)
        assert result["by_gas"]["R410A"] == pytest.approx({"mass_kg": 0.06, "co2e_kg": 135.33}, rel=1e-12)
        assert result["by_gas"]["R32"] == pytest.approx({"mass_kg": 0.006, "co2e_kg": 4.626}, rel=1e-12)


def errors(text):
    c = compile_text(text, "test.pcr")
    return [(d.code, d.message, d.help) for d in c.diagnostics if d.is_error]


def test_a_gas_no_table_lists_is_unknown_with_where_to_find_it():
    hint = ("a gas outside the built-in ones needs a GWP table that lists it (`gwp_values`, e.g. the standard "
            "library's refrigerants.pcr) chosen by the header's `gwp`")
    assert errors(HEADER + BODY) == [("PCR501", "unknown gas `R410A`", hint), ("PCR501", "unknown gas `R32`", hint)]


def test_a_refrigerant_formula_gives_a_plain_mass():
    body = BODY.replace("= charge * leak\n", "= charge * leak * co2_per_kg\n") + \
        'factor co2_per_kg: kgCO2/kg = 1 source "x" zh "因子" en "Factor"\n'
    assert [x[:2] for x in errors(REFRIGERANT_HEADER + body)] == [
        ("PCR305", "emission `leak_r410a` is R410A but its formula gives mass of CO2")]


def test_a_table_cannot_list_a_formula_shared_by_two_built_in_gases():
    text = REFRIGERANT_HEADER.replace("gwp AR6_REFRIGERANTS", "gwp mine") + \
        'gwp_values mine source "x" { CO2 = 1 CH4 = 28 }\n'
    assert ("PCR501", "`CH4` is no gas of a GWP table: name the built-in gas", "`CH4_fossil` or `CH4_non_fossil`") \
        in errors(text)


def test_methane_is_named_by_its_origin_not_as_cf4():
    # CH4 is one character from CF4 (GWP 7 380): the suggestion names the two methane gases instead
    body = 'emission m in make.smelting, gas CH4, fossil zh "甲烷" en "Methane" = output * 0\n'
    assert errors(HEADER + body) == [("PCR501", "unknown gas `CH4`", "did you mean `CH4_fossil` or `CH4_non_fossil`?")]
