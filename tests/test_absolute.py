"""Absolute figures beside those per declared unit (the period's production times the footprint),
and the name of the result: a partial carbon footprint (部分碳足迹, GB/T 24067—2024 3.1.1.2) for a
cradle-to-gate or gate-to-gate boundary."""
from __future__ import annotations

import pytest

from helpers import HEADER, compile_body, interpret, load_calculator

BODY = '''factor ef: kgCO2/t = 500 source "Illustrative" zh "因子" en "Factor"
input ore: t in [0, 1e9] zh "矿石" en "Ore"
factor ore_ef: kgCO2/t = 20 source "Illustrative" zh "矿石因子" en "Ore factor"
emission smelt in make.smelting, gas CO2, fossil zh "冶炼" en "Smelting" = output * ef
emission mine in raw.mining, gas CO2, fossil zh "开采" en "Mining" = ore * ore_ef
'''


def test_absolute_figures_are_the_footprint_times_the_production():
    # 200 t of output: smelting 200 x 500 = 100 000 kg, mining 300 t x 20 = 6 000 kg;
    # per tonne 530 kg CO2e (500 + 30); absolute 106 000 kg over 200 t
    rule = compile_body(BODY)
    for result in (interpret(rule, {"output": 200, "ore": 300}), load_calculator(rule).calculate({"output": 200, "ore": 300})):
        assert result["total"] == pytest.approx(530)
        absolute = result["absolute"]
        assert (absolute["production"], absolute["total"]) == pytest.approx((200, 106000))
        assert absolute["by_stage"] == pytest.approx({"raw": 6000, "make": 100000})
        assert result["footprint"] == {"kind": "partial", "boundary": "cradle_to_gate",
                                       "name_zh": "产品部分碳足迹", "name_en": "partial carbon footprint of the product"}


def test_a_declared_unit_of_several_tonnes_counts_the_production_in_declared_units():
    # declared unit 2 t, production 200 t: 100 declared units; per declared unit 1 060 kg
    rule = compile_body(BODY, HEADER.replace("declared_unit 1 t", "declared_unit 2 t"))
    result = interpret(rule, {"output": 200, "ore": 300})
    assert result["total"] == pytest.approx(1060)
    assert result["absolute"]["production"] == pytest.approx(200)  # in the declared unit's unit, t
    assert result["absolute"]["total"] == pytest.approx(106000)


def test_a_cradle_to_grave_result_is_a_carbon_footprint():
    grave = HEADER.replace("boundary cradle_to_gate {", "boundary cradle_to_grave {").replace(
        "\n}\ninput output", '''
  stage ship: distribution zh "分销" en "Distribution"
  stage use: use zh "使用" en "Use"
  stage eol: end_of_life zh "寿命末期" en "End of life"
}
input output''')
    assert grave.count("stage") == 5
    body = BODY + '''emission truck in ship, gas CO2, fossil zh "运输" en "Truck" = output * ore_ef
emission running in use, gas CO2, fossil zh "使用" en "Use" = output * ore_ef
emission landfill in eol, gas CO2, fossil zh "填埋" en "Landfill" = output * ore_ef
'''
    rule = compile_body(body, grave)
    result = interpret(rule, {"output": 1, "ore": 1})
    assert result["footprint"] == {"kind": "full", "boundary": "cradle_to_grave", "name_zh": "产品碳足迹",
                                   "name_en": "carbon footprint of the product"}
    # 500 + 20 + 3 x 20 = 580 kg for 1 t
    assert result["absolute"]["total"] == pytest.approx(580)
