"""Recycling (Circular Footprint Formula), electricity sources, grading, factors in force for a
period, derived functional units, data quality, GWP tables, offsets, packaging, biogenic carbon.

Expected values are worked out by hand in the comments beside them.
"""
import pytest

from pcrlang.compiler import compile_text
from pcrlang.interpret import CalculationError

from helpers import HEADER, compile_body, interpret

CFF = '''
input material: kg in [0, 1e9] zh "材料" en "Material"
input r1: fraction in [-1, 2] default 0.3 source "test" zh "再生含量" en "Recycled content"
factor ev: kgCO2e/kg = 2.0 source "test" zh "原生材料" en "Virgin material"
factor erec: kgCO2e/kg = 0.5 source "test" zh "再生" en "Recycling"
factor erec_eol: kgCO2e/kg = 0.5 source "test" zh "报废再生" en "Recycling at end of life"
factor ed: kgCO2e/kg = 0.05 source "test" zh "处置" en "Disposal"
recycling packaging_material in make.casting by APPROACH zh "包装材料" en "Packaging material" {
  material = material
  R1 = r1
  A_LINE
  Ev = ev
  Erec = erec
  ErecEoL = erec_eol
  R2 = 0.9
  R3 = 0
  ED = ed
}
'''


def cff(approach: str, a: str = "") -> str:
    return CFF.replace("APPROACH", approach).replace("A_LINE", a)


@pytest.mark.parametrize("approach, a_line, expected", [
    # the case: 0.7 x 2 + 0.3 x (0.2 x 0.5 + 0.8 x 2) + 0.8 x 0.9 x (0.5 - 2) = 0.83; disposal
    # (1 - 0.9 - 0) x 0.05 = 0.005; total 0.835 per kg of material
    ("cff", "A = 0.2", 0.835),
    # A = 1 (cut-off, 100:0): 1.4 + 0.3 x 0.5 = 1.55; + 0.005 = 1.555
    ("cut_off", "", 1.555),
    # A = 0 (avoided burden): 1.4 + 0.3 x 2 + 0.9 x (0.5 - 2) = 0.65; + 0.005 = 0.655
    ("avoided_burden", "", 0.655),
    # A = 0.5: 1.4 + 0.3 x (0.25 + 1) + 0.5 x 0.9 x (-1.5) = 1.1; + 0.005 = 1.105
    ("fifty_fifty", "", 1.105),
])
def test_circular_footprint_formula(approach, a_line, expected):
    c = compile_body(cff(approach, a_line))
    r = interpret(c, {"output": 1, "material": 1})
    assert r["total"] == pytest.approx(expected, rel=1e-12)
    report = r["recycling"]["packaging_material"]
    assert report["material"] + report["energy"] + report["disposal"] == pytest.approx(expected, rel=1e-12)
    assert report["disposal"] == pytest.approx(0.005, rel=1e-12)


def test_cff_energy_term():
    body = cff("cff", '''A = 0.2
  B = 0
  EER = eer
  LHV = lhv
  XER_heat = 0.2
  ESE_heat = ese_heat
  XER_elec = 0.1
  ESE_elec = ese_elec''').replace("R3 = 0", "R3 = 0.05") + '''
factor eer: kgCO2e/kg = 0.1 source "test" zh "能量回收" en "Energy recovery"
factor lhv: MJ/kg = 20 source "test" zh "热值" en "Heating value"
factor ese_heat: kgCO2e/MJ = 0.07 source "test" zh "替代热" en "Substituted heat"
factor ese_elec: kgCO2e/MJ = 0.15 source "test" zh "替代电" en "Substituted electricity"
'''
    c = compile_body(body)
    r = interpret(c, {"output": 1, "material": 10})
    # energy = 0.05 x (0.1 - 20 x 0.2 x 0.07 - 20 x 0.1 x 0.15) = 0.05 x -0.48 = -0.024 per kg
    # disposal = (1 - 0.9 - 0.05) x 0.05 = 0.0025; material 0.83; 10 kg -> 8.085
    report = r["recycling"]["packaging_material"]
    assert report["energy"] == pytest.approx(-0.24, rel=1e-12)
    assert report["disposal"] == pytest.approx(0.025, rel=1e-12)
    assert r["total"] == pytest.approx(8.085, rel=1e-12)


def test_cff_parameters_are_range_checked():
    bad = compile_text(HEADER + cff("cff", "A = 1.2"), "t.pcr")
    assert [d.code for d in bad.diagnostics if d.is_error] == ["PCR522"]
    fixed = compile_text(HEADER + cff("cut_off", "A = 0.5"), "t.pcr")
    assert [d.code for d in fixed.diagnostics if d.is_error] == ["PCR524"]
    c = compile_body(cff("cff", "A = 0.2"))
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "material": 1, "r1": 1.5})  # inside the input's bounds, outside [0, 1]
    assert (e.value.code, e.value.formula) == ("parameter_out_of_range", "packaging_material.R1")


ELECTRICITY = '''
keys contracts { yes zh "有" en "Yes", no zh "无" en "No" }
keys grid_regions { north zh "华北" en "North", south zh "南方" en "South" }
input has_contract: contracts zh "绿电合同" en "Contractual instrument"
input region: grid_regions zh "区域" en "Region"
input power: kWh in [0, 1e9] zh "用电量" en "Electricity used"
input supplier_ef: kgCO2/kWh in [0, 2] default 0 source "no contract" zh "供应商因子" en "Supplier factor"
factor national: kgCO2/kWh = 0.5366 kind combustion source "MEE and NBS 2022 national grid" zh "全国" en "National"
table regional: kgCO2/kWh by grid_regions kind combustion source "MEE 2022 regional grids" zh "区域" en "Regional" {
  north = 0.6776
  south = 0.3869
}
electricity purchased in make.smelting, combustion zh "外购电力" en "Purchased electricity" {
  amount = power
  source supplier_specific when has_contract == "yes" factor supplier_ef zh "供应商" en "Supplier"
  source regional_grid when region == "north" factor regional[region]
  source national_grid factor national
}
'''


@pytest.mark.parametrize("inputs, source, total", [
    ({"has_contract": "yes", "region": "north", "supplier_ef": 0.3}, "supplier_specific", 300.0),  # 1 000 x 0.3
    ({"has_contract": "no", "region": "north"}, "regional_grid", 677.6),                        # 1 000 x 0.6776
    ({"has_contract": "no", "region": "south"}, "national_grid", 536.6),                        # 1 000 x 0.5366
])
def test_electricity_takes_the_first_admissible_source(inputs, source, total):
    c = compile_body(ELECTRICITY)
    r = interpret(c, dict(inputs, output=1, power=1000))
    assert r["total"] == pytest.approx(total, rel=1e-12)
    assert r["electricity"]["purchased"]["source"] == source
    assert r["by_gas"]["CO2"]["mass_kg"] == pytest.approx(total, rel=1e-12)


def test_mixing_factor_kinds_is_a_compile_error():
    mixed = ELECTRICITY.replace("= 0.5366 kind combustion", "= 0.6205 kind life_cycle")
    c = compile_text(HEADER + mixed, "t.pcr")
    errors = [(d.code, d.message) for d in c.diagnostics if d.is_error]
    assert errors == [("PCR533", "`national` is a life_cycle factor, but electricity `purchased` takes combustion factors")]
    untyped = compile_text(HEADER + ELECTRICITY.replace(" kind combustion source \"MEE and NBS", " source \"MEE and NBS"), "t.pcr")
    assert [d.code for d in untyped.diagnostics if d.is_error] == ["PCR532"]


def test_no_admissible_source_is_refused():
    c = compile_body(ELECTRICITY.replace("  source national_grid factor national\n", ""))
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "power": 1, "has_contract": "no", "region": "south"})
    assert (e.value.code, e.value.formula) == ("no_admissible_source", "purchased")


GRADED = '''
input fuel: GJ in [0, 1e9] zh "燃料" en "Fuel"
factor fuel_ef: kgCO2/GJ = 1 source "test" zh "因子" en "Factor"
emission burn in make.smelting, gas CO2, fossil zh "燃烧" en "Combustion" = fuel * fuel_ef
grading zh "分级" en "Grading" {
  round to 0 decimals half_up
  class A <= 2000 kgCO2e zh "一级" en "Class 1"
  class B <= 2805 kgCO2e
  class C otherwise
}
'''


@pytest.mark.parametrize("fuel, rounded, grade", [
    (2805.4, 2805, "B"),   # rounds down to 2 805, inside B
    (2805.5, 2806, "C"),   # half up to 2 806: above B's limit
    (1999.5, 2000, "A"),   # half up to 2 000: A is `<= 2000`
    (2.5, 3, "A"),
])
def test_grading_rounds_before_comparing(fuel, rounded, grade):
    r = interpret(compile_body(GRADED), {"output": 1, "fuel": fuel})
    assert (r["grade"]["rounded_total"], r["grade"]["class"]) == (rounded, grade)


def test_grading_classes_must_rise():
    bad = GRADED.replace("class B <= 2805 kgCO2e", "class B <= 1000 kgCO2e")
    assert [d.code for d in compile_text(HEADER + bad, "t.pcr").diagnostics if d.is_error] == ["PCR541"]


DATED = '''
input power: kWh in [0, 1e9] zh "用电" en "Power"
factor grid: kgCO2/kWh source "MEE and NBS national grid factors" zh "电网" en "Grid" {
  from "2021-01-01" to "2021-12-31" = 0.5568
  from "2022-01-01" to "2022-12-31" = 0.5366
}
emission power_use in make.smelting, gas CO2, fossil zh "电力" en "Electricity" = power * grid
'''


def with_period(start, end, extra=""):
    return HEADER.replace("  production output\n", f'  production output\n  period "{start}" to "{end}"\n{extra}')


def test_the_value_in_force_for_the_reference_period_is_used():
    c = compile_body(DATED, with_period("2022-01-01", "2022-12-31"))
    assert interpret(c, {"output": 1, "power": 1000})["total"] == pytest.approx(536.6, rel=1e-12)
    c = compile_body(DATED, with_period("2021-03-01", "2021-09-30"))
    assert interpret(c, {"output": 1, "power": 1000})["total"] == pytest.approx(556.8, rel=1e-12)


def test_no_value_in_force_is_an_error_unless_extrapolation_is_allowed():
    c = compile_text(with_period("2023-01-01", "2023-12-31") + DATED, "t.pcr")
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR812"]
    c = compile_text(with_period("2022-06-01", "2023-05-31") + DATED, "t.pcr")  # straddles two years
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR812"]
    c = compile_text(with_period("2023-01-01", "2023-12-31", "  extrapolate latest\n") + DATED, "t.pcr")
    assert [d.code for d in c.diagnostics if d.code in ("PCR-W09", "PCR812")] == ["PCR-W09"]
    assert interpret(c, {"output": 1, "power": 1000})["total"] == pytest.approx(536.6, rel=1e-12)


BATTERY_HEADER = HEADER.replace("declared_unit 1 t zh \"1 吨产品\" en \"one tonne of product\"",
                                "declared_unit 1 kWh zh \"1 千瓦时\" en \"one kWh delivered over the service life\"")
BATTERY_HEADER = BATTERY_HEADER.replace("production output", "production capacity * cycles_per_year * service_life")
BATTERY_HEADER = BATTERY_HEADER.replace('input output: t in (0, 1e9] zh "产品产量" en "Product output"', '''
input capacity: kWh in (0, 1000] zh "可用容量" en "Usable capacity"
input cycles_per_year: 1/a in (0, 1000] zh "年等效循环" en "Full equivalent cycles per year"
input service_life: a in (0, 30] zh "使用年限" en "Service life"
input battery_co2e: kgCO2e in [0, 1e7] zh "电池碳足迹" en "Battery emissions"
emission making in make.smelting, gas CO2e, fossil zh "生产" en "Manufacture" = battery_co2e''')


def test_derived_functional_unit():
    c = compile_body("", BATTERY_HEADER)
    r = interpret(c, {"capacity": 80, "cycles_per_year": 60, "service_life": 8, "battery_co2e": 5000})
    # 80 kWh x 60 /a x 8 a = 38 400 kWh delivered; 5 000 / 38 400 = 0.13020833... kg CO2e/kWh
    assert r["total"] == pytest.approx(5000 / 38400, rel=1e-12)


def test_derived_functional_unit_dimension_is_checked():
    bad = BATTERY_HEADER.replace("capacity * cycles_per_year * service_life", "capacity * cycles_per_year")
    c = compile_text(bad, "t.pcr")
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR109"]


def test_offsets_are_rejected():
    c = compile_text(HEADER + '''
input credits: kgCO2e in [0, 10] zh "抵消" en "Credits"
offset bought in make.smelting, gas CO2e, fossil zh "抵消" en "Offsets" = credits
''', "t.pcr")
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR507"]


def test_packaging_and_biogenic_carbon_content_are_reported_separately():
    c = compile_body('''
input box: kgCO2e in [0, 1e6] zh "包装" en "Packaging"
input fuel: kgCO2 in [0, 1e6] zh "燃料" en "Fuel"
input wood: t in [0, 1e6] zh "木材" en "Wood"
factor carbon_in_wood: kgC/kg = 0.5 source "IPCC default carbon fraction" zh "含碳率" en "Carbon fraction"
emission cartons in make.casting, gas CO2e, fossil, packaging zh "纸箱" en "Cartons" = box
emission burn in make.smelting, gas CO2, fossil zh "燃料" en "Fuel" = fuel
biogenic_carbon_content zh "生物碳含量" en "Biogenic carbon content" = wood * carbon_in_wood
''')
    r = interpret(c, {"output": 2, "box": 10, "fuel": 100, "wood": 0.2})
    sep = r["separately_reported"]
    assert sep["packaging"] == 5.0  # 10 / 2 t
    assert r["total"] == 55.0
    assert sep["biogenic_carbon_content_kgC"] == pytest.approx(50, rel=1e-12)  # 200 kg x 0.5 / 2 t


def test_a_declared_gwp_table():
    c = compile_body('''
gwp_values CN_ANNEX source "a standard's own GWP annex" { CH4_fossil = 30  N2O = 265 }
input ch4: kgCH4 in [0, 1e6] zh "甲烷" en "Methane"
emission leak in make.smelting, gas CH4_fossil, fossil zh "甲烷" en "Methane" = ch4
''', HEADER.replace("gwp AR6", "gwp CN_ANNEX"))
    assert interpret(c, {"output": 1, "ch4": 2})["total"] == 60.0
    missing = compile_text(HEADER.replace("gwp AR6", "gwp CN_ANNEX") + '''
gwp_values CN_ANNEX source "annex" { N2O = 265 }
input ch4: kgCH4 in [0, 1e6] zh "甲烷" en "Methane"
emission leak in make.smelting, gas CH4_fossil, fossil zh "甲烷" en "Methane" = ch4
''', "t.pcr")
    assert [d.code for d in missing.diagnostics if d.is_error] == ["PCR505"]


QUALITY = '''
input coal: t in [0, 1e6] zh "煤" en "Coal"
input power: kWh in [0, 1e9] zh "电" en "Power"
input ncv: GJ/t in [10, 35] default 25.8 source "IPCC 2006" zh "热值" en "Heating value"
factor coal_ef: kgCO2/GJ = 94.6 source "IPCC 2006" zh "煤因子" en "Coal factor"
factor grid: kgCO2/kWh = 0.5 source "test" zh "电网" en "Grid"
emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * ncv * coal_ef
emission electric in make.casting, gas CO2, fossil zh "电力" en "Power" = power * grid
data_quality pef zh "PEF 数据质量评级" en "PEF data quality rating" {
  criteria TeR, GR, TiR, P in [1, 5]
  rating = (TeR + GR + TiR + P) / 4
  level excellent <= 1.5
  level very_good <= 2.0
  level good <= 3.0
  level fair <= 4.0
  level poor otherwise
  require good for coal, power
  require very_good for result
  require primary_share >= 60 %
}
'''


def test_data_quality_ratings_levels_primary_share_and_violations():
    c = compile_body(QUALITY)
    q = lambda *s: dict(zip(("TeR", "GR", "TiR", "P"), s))
    r = interpret(c, {"output": 1, "coal": {"value": 1, "quality": q(1, 1, 2, 2)},
                      "power": {"value": 1000, "quality": q(3, 4, 3, 4)}})
    dq = r["data_quality"]
    # coal: (1 + 1 + 2 + 2) / 4 = 1.5 excellent; power: 14 / 4 = 3.5 fair
    assert dq["inputs"]["coal"] == {"rating": 1.5, "level": "excellent"}
    assert dq["inputs"]["power"] == {"rating": 3.5, "level": "fair"}
    # emissions: coal 1 t x 25.8 x 94.6 = 2 440.68 (its NCV is the default: secondary data);
    # power 500. Result rating (2 440.68 x 1.5 + 500 x 3.5) / 2 940.68 = 1.840 -> very_good
    assert dq["result"]["rating"] == pytest.approx((2440.68 * 1.5 + 500 * 3.5) / 2940.68, rel=1e-12)
    assert dq["result"]["level"] == "very_good"
    # primary share: only `electric` uses measured data alone: 500 / 2 940.68 = 17.0 %
    assert dq["primary_share_percent"] == pytest.approx(500 / 2940.68 * 100, rel=1e-12)
    assert [v["subject"] for v in dq["violations"]] == ["power", "primary_share"]
    assert dq["pass"] is False


def test_quality_scores_are_validated():
    c = compile_body(QUALITY)
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "coal": {"value": 1, "quality": {"TeR": 9, "GR": 1, "TiR": 1, "P": 1}}, "power": 1})
    assert (e.value.code, e.value.field) == ("invalid_quality", "coal")


def test_a_phase_excluded_on_purpose_counts_as_declared():
    grave = HEADER.replace("boundary cradle_to_gate", "boundary cradle_to_grave").replace('''    process casting zh "铸造" en "Casting"
  }
}''', '''    process casting zh "铸造" en "Casting"
  }
  stage delivery: distribution zh "分销" en "Distribution"
  stage disposal: end_of_life zh "报废" en "End of life"
  EXCLUDE
}''')
    body = '''
input fuel: kgCO2 in [0, 1e6] zh "燃料" en "Fuel"
emission burn in make.smelting, gas CO2, fossil zh "燃料" en "Fuel" = fuel
'''
    missing = compile_text(grave.replace("  EXCLUDE\n", "") + body, "t.pcr")
    assert [d.message for d in missing.diagnostics if d.code == "PCR403"] == [
        "a cradle_to_grave boundary needs a stage for `use`"]
    excluded = compile_text(grave.replace("EXCLUDE", 'exclude use zh "使用" en "Use" because zh "规则排除" en "The rule excludes it"')
                            + body, "t.pcr")
    assert not [d for d in excluded.diagnostics if d.code == "PCR403"]
