"""The reference interpreter on small rules whose results are worked out by hand.

Every expected number below is derived in the comment beside it from the rule's text and the
GWP values of IPCC AR6 (CH4 fossil 29.8, CH4 non-fossil 27.0, N2O 273, CF4 7 380).
"""
import pytest

from pcrlang.interpret import CalculationError

from helpers import compile_body, interpret

GASES = '''
input ch4: kgCH4 in [0, 1e6] zh "甲烷逸散" en "Methane released"
input n2o: gN2O in [0, 1e9] zh "氧化亚氮" en "Nitrous oxide"
input fuel: GJ in [0, 1e9] zh "燃料" en "Fuel"
factor fuel_ef: kgCO2/GJ = 56.1 source "IPCC 2006 Vol. 2 Table 1.4, natural gas (56 100 kg/TJ)"
  zh "天然气排放因子" en "Natural gas factor"
emission leak in make.smelting, gas CH4_fossil, fossil zh "甲烷" en "Methane" = ch4
emission laughing in make.casting, gas N2O, fossil zh "氧化亚氮" en "N2O" = n2o
emission burn in raw.mining, gas CO2, fossil zh "燃烧" en "Combustion" = fuel * fuel_ef
'''


def test_gases_go_through_the_gwp_set_and_production():
    c = compile_body(GASES)
    r = interpret(c, {"output": 2, "ch4": 10, "n2o": 500, "fuel": 100})
    # per tonne: CH4 10 kg / 2 t = 5 kg -> 5 x 29.8 = 149
    #            N2O 500 g = 0.5 kg / 2 = 0.25 kg -> 0.25 x 273 = 68.25
    #            CO2 100 GJ x 56.1 = 5 610 kg / 2 = 2 805
    assert r["by_gas"]["CH4_fossil"] == {"mass_kg": 5.0, "co2e_kg": 149.0}
    assert r["by_gas"]["N2O"] == {"mass_kg": 0.25, "co2e_kg": 68.25}
    assert r["by_gas"]["CO2"] == {"mass_kg": 2805.0, "co2e_kg": 2805.0}
    assert r["total"] == pytest.approx(149 + 68.25 + 2805, rel=1e-15)
    assert r["by_stage"] == {"raw": 2805.0, "make": 217.25}
    assert r["by_process"] == {"raw.mining": 2805.0, "make.smelting": 149.0, "make.casting": 68.25}


def test_non_fossil_methane_uses_its_own_gwp():
    c = compile_body(GASES.replace("CH4_fossil", "CH4_non_fossil"))
    r = interpret(c, {"output": 1, "ch4": 1, "n2o": 0, "fuel": 0})
    assert r["total"] == 27.0  # AR6 non-fossil CH4


def test_ar4_set_changes_every_gas():
    from helpers import HEADER
    c = compile_body(GASES, HEADER.replace("gwp AR6", "gwp AR4"))
    r = interpret(c, {"output": 1, "ch4": 1, "n2o": 1000, "fuel": 0})
    assert r["total"] == 25 + 298  # AR4: CH4 25, N2O 298


BIOGENIC = '''
input wood: t in [0, 1e6] zh "木材" en "Wood"
input diesel_co2: kgCO2 in [0, 1e9] zh "柴油排放" en "Diesel CO2"
input flight: kgCO2e in [0, 1e9] zh "航空运输" en "Air freight"
factor carbon_in_wood: tC/t = 0.5 source "IPCC 2006 Vol. 4 Table 4.3 default carbon fraction 0.47-0.50"
  zh "木材含碳率" en "Carbon fraction of wood"
factor co2_per_c: kgCO2/kgC = 44/12 source "molar masses of CO2 and C"
  zh "碳转二氧化碳" en "Carbon to CO2"
removal uptake in raw.mining, gas CO2, biogenic zh "生物碳吸收" en "Biogenic uptake" =
  wood * carbon_in_wood * co2_per_c
emission burn in make.smelting, gas CO2, biogenic zh "生物质燃烧" en "Biomass burnt" =
  wood * carbon_in_wood * co2_per_c / 2
emission truck in make.casting, gas CO2, fossil zh "柴油" en "Diesel" = diesel_co2
emission air in make.casting, gas CO2e, aircraft zh "空运" en "Air" = flight
'''


def test_removals_and_separately_reported_items():
    c = compile_body(BIOGENIC)
    r = interpret(c, {"output": 1, "wood": 3, "diesel_co2": 100, "flight": 7})
    # uptake: 3 t x 0.5 tC/t = 1.5 tC = 1 500 kgC x 44/12 = 5 500 kg CO2, removed -> -5 500
    # burnt half of it: +2 750; fossil 100; aircraft 7
    sep = r["separately_reported"]
    assert sep["biogenic_removals"] == pytest.approx(-5500, rel=1e-15)
    assert sep["biogenic_emissions"] == pytest.approx(2750, rel=1e-15)
    assert sep["fossil"] == 100
    assert sep["aircraft"] == 7
    assert r["total"] == pytest.approx(-5500 + 2750 + 100 + 7, rel=1e-15)
    assert sep["total_excluding_biogenic"] == pytest.approx(107, rel=1e-15)
    assert r["by_carbon_kind"]["biogenic"] == pytest.approx(-2750, rel=1e-15)


ALLOCATION = '''
input smelter_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelter CO2"
input casting_co2: kgCO2 in [0, 1e9] zh "铸造排放" en "Casting CO2"
input acid: t in [0, 1e9] zh "硫酸产量" en "Sulfuric acid"
input slime: t in [0, 1e9] zh "阳极泥产量" en "Anode slime"
emission smelting_fuel in make.smelting, gas CO2, fossil zh "冶炼燃料" en "Smelter fuel" = smelter_co2
emission casting_fuel in make.casting, gas CO2, fossil zh "铸造燃料" en "Casting fuel" = casting_co2
allocation smelter_split for make.smelting by mass {
  product metal = output
  coproduct sulfuric_acid = acid
  coproduct anode_slime = slime
  justification zh "按质量分配" en "Mass is the physical relation"
}
'''


def test_allocation_by_mass_charges_the_product_its_share():
    c = compile_body(ALLOCATION)
    r = interpret(c, {"output": 0.8, "smelter_co2": 100, "casting_co2": 10, "acid": 3, "slime": 0.2})
    # share of metal = 0.8 / (0.8 + 3 + 0.2) = 0.2; smelting 100 x 0.2 = 20 kg; casting 10 kg (not allocated)
    # per tonne: (20 + 10) / 0.8 = 37.5
    assert r["allocation"]["smelter_split"]["shares"] == pytest.approx(
        {"metal": 0.2, "sulfuric_acid": 0.75, "anode_slime": 0.05}, rel=1e-15)
    assert r["total"] == pytest.approx(37.5, rel=1e-15)
    assert r["by_process"]["make.smelting"] == pytest.approx(25, rel=1e-15)
    (smelt,) = [t for t in r["trace"] if t["contribution"] == "smelting_fuel"]
    assert smelt["allocation_share"] == pytest.approx(0.2, rel=1e-15)


def test_allocation_with_a_coproduct_at_zero_charges_everything_to_the_product():
    c = compile_body(ALLOCATION)
    r = interpret(c, {"output": 1, "smelter_co2": 100, "casting_co2": 0, "acid": 0, "slime": 0})
    assert r["total"] == 100.0


def test_economic_allocation_uses_prices():
    body = ALLOCATION.replace("by mass", "by economic").replace("product metal = output",
                                                               "product metal = output * metal_price")
    body = body.replace("coproduct sulfuric_acid = acid", "coproduct sulfuric_acid = acid * acid_price")
    body = body.replace("coproduct anode_slime = slime", "coproduct anode_slime = slime * slime_price")
    body += '''
input metal_price: CNY/t in [0, 1e7] zh "金属价格" en "Metal price"
input acid_price: CNY/t in [0, 1e7] zh "硫酸价格" en "Acid price"
input slime_price: CNY/t in [0, 1e7] zh "阳极泥价格" en "Slime price"
'''
    c = compile_body(body)
    r = interpret(c, {"output": 1, "smelter_co2": 1000, "casting_co2": 0, "acid": 3, "slime": 0.01,
                      "metal_price": 60000, "acid_price": 200, "slime_price": 540000})
    # revenues: metal 60 000, acid 600, slime 5 400; share 60 000 / 66 000 = 10/11
    assert r["total"] == pytest.approx(1000 * 10 / 11, rel=1e-15)


def test_fixed_shares():
    body = ALLOCATION.replace("by mass", "by fixed").replace("product metal = output", "product metal = 0.7")
    body = body.replace("coproduct sulfuric_acid = acid", "coproduct sulfuric_acid = 0.25")
    body = body.replace("coproduct anode_slime = slime", "coproduct anode_slime = 0.05")
    c = compile_body(body.replace('input acid: t in [0, 1e9] zh "硫酸产量" en "Sulfuric acid"\n', "")
                     .replace('input slime: t in [0, 1e9] zh "阳极泥产量" en "Anode slime"\n', ""))
    r = interpret(c, {"output": 1, "smelter_co2": 100, "casting_co2": 0})
    assert r["total"] == pytest.approx(70, rel=1e-15)


def test_substitution_credits_the_avoided_product():
    body = '''
input smelter_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelter CO2"
input acid: t in [0, 1e9] zh "硫酸产量" en "Sulfuric acid"
factor acid_ef: kgCO2e/t = 40 source "illustrative factor for sulfuric acid" zh "硫酸因子" en "Acid factor"
emission smelting_fuel in make.smelting, gas CO2, fossil zh "冶炼燃料" en "Smelter fuel" = smelter_co2
allocation acid_credit for make.smelting by substitution {
  product metal
  avoided sulfuric_acid = acid * acid_ef
}
'''
    c = compile_body(body)
    r = interpret(c, {"output": 2, "smelter_co2": 1000, "acid": 5})
    # (1 000 - 5 x 40) / 2 t = 400 kg CO2e per t
    assert r["total"] == pytest.approx(400, rel=1e-15)
    credit = [t for t in r["trace"] if t["direction"] == "credit"]
    assert credit and credit[0]["co2e_kg"] == pytest.approx(-100, rel=1e-15)


TABLES = '''
keys grid_regions { north zh "华北" en "North", south zh "南方" en "South" }
input region: grid_regions zh "电网区域" en "Grid region"
input power: MWh in [0, 1e9] zh "用电量" en "Electricity"
input own_solar: MWh in [0, 1e9] default 0 source "no on-site generation unless measured"
  zh "自发光伏电量" en "On-site solar"
table grid_2022: kgCO2/kWh by grid_regions source "MEE 2022 regional grid factors" vintage 2022
  zh "区域电网因子" en "Regional grid factors" {
  north = 0.6776
  south = 0.3869
}
quantity bought: MWh zh "外购电量" en "Electricity bought" = max(power - own_solar, 0)
emission electricity in make.smelting, gas CO2, fossil zh "电力" en "Electricity" =
  if region == "north" then bought * grid_2022[region] else min(bought * grid_2022["south"], bought * grid_2022[region])
'''


def test_tables_keys_conditionals_min_max_and_defaults():
    c = compile_body(TABLES)
    r = interpret(c, {"output": 1, "region": "north", "power": 10})
    # 10 MWh = 10 000 kWh x 0.6776 = 6 776 kg
    assert r["total"] == pytest.approx(6776, rel=1e-15)
    assert r["data"]["defaults_used"][0]["input"] == "own_solar"
    r = interpret(c, {"output": 1, "region": "south", "power": 10, "own_solar": 12})
    assert r["total"] == 0.0  # max(10 - 12, 0) = 0
    r = interpret(c, {"output": 1, "region": "south", "power": 10, "own_solar": 2})
    assert r["total"] == pytest.approx(8000 * 0.3869, rel=1e-15)


CUTOFF = '''
input gas_fuel: GJ in [0, 1e9] zh "天然气" en "Natural gas"
input oil: GJ in [0, 1e9] zh "燃油" en "Fuel oil"
input additive: kg in [0, 1e9] zh "添加剂" en "Additive"
input additive_co2: kgCO2/kg in [0, 100] default 2 source "illustrative" zh "添加剂因子" en "Additive factor"
factor gas_ef: kgCO2/GJ = 50 source "illustrative" zh "气" en "Gas"
factor oil_ef: kgCO2/GJ = 70 source "illustrative" zh "油" en "Oil"
emission burn_gas in make.smelting, gas CO2, fossil zh "气" en "Gas" = gas_fuel * gas_ef
emission burn_oil in make.smelting, gas CO2, fossil zh "油" en "Oil" = oil * oil_ef
emission additives in raw.mining, gas CO2, fossil zh "添加剂" en "Additive" = additive * additive_co2
cutoff {
  per_flow < 1 % by mass
  per_flow <= 2 % by energy
  total <= 5 % by emissions
  never gas_fuel
}
'''


def test_cutoff_by_energy_and_mass():
    c = compile_body(CUTOFF)
    r = interpret(c, {"output": 1, "gas_fuel": 98, "oil": {"cut_off": 2}, "additive": {"cut_off": 5}})
    # oil: 2 GJ of 100 GJ energy = 2 % <= 2 % passes; additive: 5 kg of 1 000 kg product = 0.5 % < 1 %
    # emissions: gas 4 900, oil 140, additive 10; total with estimates 5 050
    # exempted (140 + 10) / 5 050 = 2.970297 % <= 5 %
    cut = r["cutoff"]
    assert cut["pass"] is True
    flows = {f["input"]: f for f in cut["flows"]}
    assert flows["oil"]["shares_percent"]["energy"] == pytest.approx(2.0, rel=1e-15)
    assert flows["additive"]["shares_percent"]["mass"] == pytest.approx(0.5, rel=1e-15)
    assert flows["oil"]["shares_percent"]["emissions"] == pytest.approx(140 / 5050 * 100, rel=1e-12)
    assert cut["exempted_emissions_percent"] == pytest.approx(150 / 5050 * 100, rel=1e-12)
    assert r["total"] == 4900.0


def test_cutoff_over_the_threshold_fails_and_never_cut_is_refused():
    c = compile_body(CUTOFF)
    r = interpret(c, {"output": 1, "gas_fuel": 97, "oil": {"cut_off": 3}, "additive": 0})
    assert r["cutoff"]["pass"] is False  # 3 GJ of 100 GJ = 3 % > 2 %
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "gas_fuel": {"cut_off": 1}, "oil": 0, "additive": 0})
    assert (e.value.code, e.value.field, e.value.clause) == ("cut_off_not_allowed", "gas_fuel", "5.3")


def test_cutoff_of_a_flow_no_criterion_applies_to_is_refused():
    c = compile_body(CUTOFF)
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "gas_fuel": 1, "oil": 0, "additive": 0, "additive_co2": {"cut_off": 1}})
    assert e.value.code == "cut_off_not_allowed" and e.value.field == "additive_co2"


@pytest.mark.parametrize("inputs, code, field", [
    ({"output": 1, "gas_fuel": 1, "oil": 1}, "missing_input", "additive"),
    ({"output": 1, "gas_fuel": 1, "oil": 1, "additive": 1, "oil_": 2}, "unknown_input", "oil_"),
    ({"output": 1, "gas_fuel": float("nan"), "oil": 1, "additive": 1}, "not_finite", "gas_fuel"),
    ({"output": 1, "gas_fuel": float("inf"), "oil": 1, "additive": 1}, "not_finite", "gas_fuel"),
    ({"output": 1, "gas_fuel": -1, "oil": 1, "additive": 1}, "out_of_bounds", "gas_fuel"),
    ({"output": 1, "gas_fuel": "1", "oil": 1, "additive": 1}, "wrong_type", "gas_fuel"),
    ({"output": 1, "gas_fuel": True, "oil": 1, "additive": 1}, "wrong_type", "gas_fuel"),
    ({"output": 1, "gas_fuel": None, "oil": 1, "additive": 1}, "wrong_type", "gas_fuel"),
    ({"output": 0, "gas_fuel": 1, "oil": 1, "additive": 1}, "out_of_bounds", "output"),
    ({"output": 1, "gas_fuel": 1, "oil": {"estimate": 1}, "additive": 1}, "wrong_type", "oil"),
])
def test_bad_inputs_are_refused_naming_field_and_clause(inputs, code, field):
    c = compile_body(CUTOFF)
    with pytest.raises(CalculationError) as e:
        interpret(c, inputs)
    assert (e.value.code, e.value.field) == (code, field)
    clauses = {i.name: i.clause for i in c.ruleset.inputs}
    if field in clauses:
        assert e.value.clause == clauses[field]


def test_division_by_zero_at_run_time_names_the_formula_and_clause():
    c = compile_body('''
input a: kgCO2 in [0, 10] zh "甲" en "A"
input b: fraction in [0, 1] zh "乙" en "B"
quantity ratio: kgCO2 zh "比" en "Ratio" = a / b
emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = ratio
''')
    with pytest.raises(CalculationError) as e:
        interpret(c, {"output": 1, "a": 1, "b": 0})
    clause = c.ruleset.binding("ratio").clause
    assert (e.value.code, e.value.formula, e.value.clause) == ("division_by_zero", "ratio", clause)


def test_declared_unit_in_kg_with_production_in_tonnes():
    from helpers import HEADER
    c = compile_body(GASES, HEADER.replace("declared_unit 1 t", "declared_unit 1 kg"))
    r = interpret(c, {"output": 2, "ch4": 0, "n2o": 0, "fuel": 100})
    assert r["total"] == pytest.approx(2.805, rel=1e-15)  # 5 610 kg over 2 000 kg


def test_no_production_means_formulas_are_per_declared_unit():
    from helpers import HEADER
    header = HEADER.replace("  production output\n", "")
    c = compile_body(GASES.replace("input ch4", "input ch4") + "", header)
    r = interpret(c, {"output": 5, "ch4": 0, "n2o": 0, "fuel": 1})
    assert r["total"] == pytest.approx(56.1, rel=1e-15)


def test_figures_are_exact_fractions():
    """The reference interpreter computes every figure exactly, from the decimals the inputs spell
    (0.1 t is 1/10 t), not only its verdicts."""
    from fractions import Fraction

    from pcrlang.interpret import calculate
    c = compile_body(GASES)
    r = calculate(c.ruleset, {"output": 3, "ch4": 0.1, "n2o": 0, "fuel": 0.7}, c.fingerprint)
    # CH4 0.1 kg / 3 t x 29.8 = 2.98/3; CO2 0.7 GJ x 56.1 / 3 = 39.27/3; total 42.25/3 = 169/12
    assert type(r["total"]) is Fraction and r["total"] == Fraction(169, 12)
    assert r["by_gas"]["CH4_fossil"]["co2e_kg"] == Fraction(298, 300)
