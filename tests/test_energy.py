"""Purchased electricity and heat as real rules treat them: a split of the amount between supplies
(metered or by share, certificates with the residual mix for the rest), heat blocks, and the rule's
energy-factor policy (`energy_factors life_cycle`, GB/T 24067) held wherever a factor feeds a
contribution. Expected figures are worked by hand in the comments."""
from __future__ import annotations

import json

import jsonschema
import pytest

from pcrlang.backends.schema import result_schema
from pcrlang.compiler import compile_file, compile_text
from pcrlang.interpret import CalculationError

from helpers import HEADER, compile_body, interpret, load_calculator

POLICY = HEADER.replace("  production output\n", "  production output\n  energy_factors life_cycle\n")

# The 2023 life-cycle factors of wind and photovoltaics (MEE, NBS and NEA, published 2025-01-17, as
# in the standard library's cn_grid.pcr); the residual mix and the steam factor are illustrative.
FACTORS = '''factor wind: kgCO2e/kWh = 0.0336 kind life_cycle source "MEE, NBS, NEA 2023 wind" zh "风电" en "Wind"
factor pv: kgCO2e/kWh = 0.0545 kind life_cycle source "MEE, NBS, NEA 2023 photovoltaics" zh "光伏" en "PV"
factor residual: kgCO2e/kWh = 0.65 kind life_cycle residual_mix source "Illustrative" zh "剩余组合" en "Residual mix"
factor grid: kgCO2e/kWh = 0.6205 kind life_cycle source "MEE, NBS, NEA 2023 national" zh "全国" en "National"
factor steam_lc: kgCO2e/GJ = 110 kind life_cycle source "Illustrative" zh "蒸汽" en "Steam"
'''
SPLIT = '''input power: kWh in [0, 1e9] zh "外购电量" en "Electricity used"
input green_power: kWh in [0, 1e7] zh "绿证电量" en "Power with certificates"
input pv_share: fraction in [0, 1] zh "厂内光伏比例" en "Share of on-site PV"
input steam: GJ in [0, 1e6] zh "外购蒸汽" en "Purchased steam"
''' + FACTORS + '''electricity purchased in make.smelting, life_cycle zh "外购电力" en "Purchased electricity" {
  amount = power
  supply wind_certificates = green_power factor wind certificate zh "绿证风电" en "Wind with certificates"
  supply rooftop share pv_share factor pv zh "屋顶光伏" en "Rooftop PV"
  rest grid factor residual zh "电网" en "Grid"
}
heat steam_supply in make.casting, life_cycle zh "外购蒸汽" en "Purchased steam" {
  amount = steam
  source park_boiler factor steam_lc zh "园区锅炉" en "Park boiler"
}
'''
INPUTS = {"output": 10, "power": 10000, "green_power": 4000, "pv_share": 0.1, "steam": 20}


@pytest.fixture(scope="module")
def split():
    return compile_body(SPLIT, POLICY)


def test_a_split_is_each_supply_times_its_factor_and_the_rest_times_the_residual_mix(split):
    # 4 000 kWh x 0.0336 = 134.4 kg; 10 % of 10 000 = 1 000 kWh x 0.0545 = 54.5 kg;
    # rest 10 000 - 4 000 - 1 000 = 5 000 kWh x 0.65 = 3 250 kg; steam 20 GJ x 110 = 2 200 kg;
    # 5 638.9 kg / 10 t = 563.89 kg CO2e/t
    calc = load_calculator(split)
    for r in (interpret(split, INPUTS), calc.calculate(INPUTS)):
        assert r["total"] == pytest.approx(563.89, rel=1e-12)
        e = r["electricity"]["purchased"]
        assert e["amount_kWh"] == pytest.approx(1000)  # per tonne
        assert e["co2e_kg"] == pytest.approx(343.89)  # (134.4 + 54.5 + 3 250) / 10
        assert e["source"] == "grid" and e["factor_kg_per_kWh"] == pytest.approx(0.65)
        assert e["supplies"]["wind_certificates"] == pytest.approx(
            {"amount_kWh": 400, "factor_kg_per_kWh": 0.0336, "co2e_kg": 13.44, "certificate": True})
        assert e["supplies"]["rooftop"] == pytest.approx(
            {"amount_kWh": 100, "factor_kg_per_kWh": 0.0545, "co2e_kg": 5.45, "certificate": False})
        assert e["supplies"]["rest"] == pytest.approx({"amount_kWh": 500, "factor_kg_per_kWh": 0.65, "co2e_kg": 325})
        heat = r["electricity"]["steam_supply"]
        assert (heat["carrier"], heat["source"]) == ("heat", "park_boiler")
        assert heat["factor_kg_per_GJ"] == pytest.approx(110)
        assert r["by_process"] == pytest.approx({"raw.mining": 0, "make.smelting": 343.89, "make.casting": 220})
        jsonschema.validate(json.loads(json.dumps(r)), result_schema(split.ruleset))


def test_every_supply_is_its_own_contribution_in_the_trace(split):
    trace = {t["contribution"]: t["co2e_kg"] for t in interpret(split, INPUTS)["trace"]}
    assert trace == pytest.approx({"purchased.wind_certificates": 13.44, "purchased.rooftop": 5.45,
                                   "purchased": 325, "steam_supply": 220})


def test_supplies_may_take_the_whole_amount(split):
    # 10 000 kWh, all of it with certificates: 10 000 x 0.0336 = 336 kg / 10 t; no rest
    r = interpret(split, dict(INPUTS, green_power=10000, pv_share=0, steam=0))
    assert r["total"] == pytest.approx(33.6, rel=1e-12)
    assert r["electricity"]["purchased"]["supplies"]["rest"]["amount_kWh"] == 0


@pytest.mark.parametrize("change, variant, field, formula, message", [
    # 4 000 + 70 % of 5 000 = 7 500 kWh of supplies, 2 500 more than the 5 000 kWh used
    ({"power": 5000, "pv_share": 0.7}, "exceeds", "power", "purchased",
     "the supplies of `purchased` exceed its amount by 2500 kWh"),
    ({"power": 3000, "pv_share": 0}, "exceeds", "power", "purchased",
     "the supplies of `purchased` exceed its amount by 1000 kWh"),
])
def test_supplies_beyond_the_amount_are_refused(split, change, variant, field, formula, message):
    inputs = dict(INPUTS, **change)
    with pytest.raises(CalculationError) as e:
        interpret(split, inputs)
    assert (e.value.code, e.value.field, e.value.formula, e.value.clause) == ("invalid_supply_split", field, formula,
                                                                              "6.5.1")
    assert str(e.value) == message
    calc = load_calculator(split)
    with pytest.raises(calc.CalculationError) as same:
        calc.calculate(inputs)
    assert (same.value.code, same.value.field, same.value.formula, str(same.value)) == \
        (e.value.code, e.value.field, e.value.formula, message)


SHARES = '''input power: kWh in [0, 1e9] zh "外购电量" en "Electricity used"
input direct_share: 1 in [-1, 2] zh "直供电比例" en "Direct line share"
input exported: kWh in [0, 1e9] zh "上网电量" en "Exported"
input generated: kWh in [0, 1e9] zh "光伏发电量" en "Generated"
''' + FACTORS + '''electricity purchased in make.smelting, life_cycle zh "外购电力" en "Purchased electricity" {
  amount = power
  supply direct_line share direct_share factor wind
  supply rooftop = generated - exported factor pv
  rest grid factor grid
}
'''


@pytest.mark.parametrize("change, variant, field, formula, message", [
    ({"direct_share": 1.5}, "share", "direct_share", "purchased.direct_line",
     "the share of supply `purchased.direct_line` = 1.5 lies outside [0, 1]"),
    ({"direct_share": -0.25}, "share", "direct_share", "purchased.direct_line",
     "the share of supply `purchased.direct_line` = -0.25 lies outside [0, 1]"),
    # 100 kWh generated, 300 exported: the rooftop supply is -200 kWh
    ({"generated": 100, "exported": 300}, "negative", None, "purchased.rooftop",
     "supply `purchased.rooftop` is negative (-200 kWh)"),
])
def test_a_share_outside_0_1_or_a_negative_supply_is_refused(change, variant, field, formula, message):
    c = compile_body(SHARES)
    inputs = dict({"output": 1, "power": 1000, "direct_share": 0.5, "generated": 0, "exported": 0}, **change)
    with pytest.raises(CalculationError) as e:
        interpret(c, inputs)
    assert (e.value.code, e.value.field, e.value.formula, str(e.value)) == ("invalid_supply_split", field, formula,
                                                                            message)
    calc = load_calculator(c)
    with pytest.raises(calc.CalculationError) as same:
        calc.calculate(inputs)
    assert (same.value.code, same.value.field, same.value.formula) == (e.value.code, e.value.field, e.value.formula)


def test_shares_and_metered_supplies_without_a_policy():
    # 1 000 kWh: 50 % direct line 500 x 0.0336 = 16.8; rooftop 300 - 100 = 200 x 0.0545 = 10.9;
    # rest 300 x 0.6205 = 186.15; 213.85 kg CO2e / 1 t
    c = compile_body(SHARES)
    r = interpret(c, {"output": 1, "power": 1000, "direct_share": 0.5, "generated": 300, "exported": 100})
    assert r["total"] == pytest.approx(213.85, rel=1e-12)
    assert r["electricity"]["purchased"]["supplies"]["rest"]["amount_kWh"] == pytest.approx(300)


ALLOCATED = SHARES + '''input slag: t in [0, 1e9] zh "炉渣" en "Slag"
allocation smelter for make.smelting by mass {
  product metal = output
  coproduct slag = slag
}
'''


def test_the_supplies_of_an_allocated_place_are_allocated_too():
    # 80 t of product and 20 t of slag: share 0.8. 1 000 kWh: direct line 500 kWh x 0.0336 = 16.8 kg,
    # rooftop 0, rest 500 x 0.6205 = 310.25 kg; x 0.8 = 261.64 kg / 80 t = 3.2705 kg CO2e/t;
    # the direct line's 500 kWh x 0.8 / 80 t = 5 kWh per tonne
    c = compile_body(ALLOCATED)
    r = interpret(c, {"output": 80, "slag": 20, "power": 1000, "direct_share": 0.5, "generated": 0, "exported": 0})
    assert r["total"] == pytest.approx(3.2705, rel=1e-12)
    supplies = r["electricity"]["purchased"]["supplies"]
    assert supplies["direct_line"]["amount_kWh"] == pytest.approx(5)
    assert supplies["direct_line"]["co2e_kg"] == pytest.approx(0.168)  # 16.8 x 0.8 / 80


def test_the_document_states_the_policy_and_the_supplies(split):
    from pcrlang.backends.document import render
    en = render(split.ruleset, split.fingerprint, "en")["index.md"]
    zh = render(split.ruleset, split.fingerprint, "zh")["index.md"]
    assert "### 6.5 Electricity and heat" in en and "### 6.5 电力和热力" in zh
    assert "Every factor of purchased electricity and heat in this rule is a life cycle factor (GB/T 24067" in en
    assert "本规则中外购电力和热力的排放因子均应为全生命周期排放因子（GB/T 24067" in zh
    def ad(name):  # an input's symbol
        return "{\\mathrm{AD}}_{\\mathrm{" + name.replace("_", "\\_") + "}}"

    def ef(name):  # a factor's
        return "{\\mathrm{EF}}_{\\mathrm{" + name.replace("_", "\\_") + "}}"
    assert f"| `wind_certificates` Wind with certificates | ${ad('green_power')}$ | ${ef('wind')}$ | yes |" in en
    assert f"| `rooftop` 屋顶光伏 | ${ad('pv_share')} \\times {ad('power')}$ | ${ef('pv')}$ | 否 |" in zh
    # the rest reads as the amount less the supplies
    assert f"\\left({ad('power')} - \\left({ad('green_power')} + {ad('pv_share')} \\times {ad('power')}" \
           "\\right)\\right) \\times" in en
    assert "| Energy carrier | heat (steam, hot water) |" in en


# ---- the checker ------------------------------------------------------------------------------
def diagnostics(body, header=POLICY, codes=None):
    c = compile_text(header + body, "test.pcr")
    return [(d.code, d.message) for d in c.diagnostics if (d.is_error if codes is None else d.code in codes)]


COMBUSTION = '''input power: kWh in [0, 1e9] zh "外购电量" en "Electricity used"
factor grid_2022: kgCO2/kWh = 0.5366 kind combustion source "MEE and NBS 2022" zh "电网" en "Grid"
factor lc: kgCO2e/kWh = 0.6205 kind life_cycle source "MEE 2023" zh "全国" en "National"
'''


def test_the_policy_holds_a_plain_emission():
    body = COMBUSTION + 'emission power_use in make.smelting, gas CO2, fossil zh "电" en "Power" = power * grid_2022\n'
    assert diagnostics(body) == [("PCR534", "`grid_2022` is a combustion factor and reaches emission `power_use`; "
                                            "the rule takes life_cycle energy factors (`energy_factors life_cycle`)")]
    # the same rule without the policy checks cleanly (it is the policy that forbids it)
    assert diagnostics(body, HEADER) == []
    # under a combustion policy (enterprise accounting) the life-cycle factor is the wrong one
    wrong = body.replace("power * grid_2022", "power * lc").replace("gas CO2,", "gas CO2e,")
    assert diagnostics(wrong, POLICY.replace("life_cycle", "combustion")) == [
        ("PCR534", "`lc` is a life_cycle factor and reaches emission `power_use`; the rule takes combustion energy "
                   "factors (`energy_factors combustion`)")]


def test_the_policy_follows_quantities_and_names_the_way():
    body = COMBUSTION + '''quantity kwh: kWh = power * 1
quantity co2: kgCO2 = kwh * grid_2022
emission power_use in make.smelting, gas CO2, fossil zh "电" en "Power" = co2 / 2
'''
    (found,) = [d for d in compile_text(POLICY + body, "t.pcr").diagnostics if d.is_error]
    assert (found.code, found.message) == ("PCR534", "`grid_2022` is a combustion factor and reaches emission "
                                           "`power_use` through quantity `co2`; the rule takes life_cycle energy "
                                           "factors (`energy_factors life_cycle`)")
    assert found.help == "use a life_cycle factor instead, such as `lc`; it gives kgCO2e, so the contribution's gas " \
                         "becomes CO2e"


def test_the_policy_holds_blocks_and_a_table_lookup():
    body = COMBUSTION + '''keys regions { north zh "华北" en "North" }
table regional: kgCO2/kWh by regions kind combustion source "MEE 2022" zh "区域" en "Regional" { north = 0.6776 }
electricity purchased in make.smelting, combustion zh "外购电力" en "Purchased electricity" {
  amount = power
  source north factor regional["north"]
}
emission more in make.casting, gas CO2, fossil zh "电" en "Power" = power * regional["north"]
'''
    assert diagnostics(body) == [
        ("PCR534", "electricity `purchased` takes combustion factors, but the rule takes life_cycle energy factors "
                   "(`energy_factors life_cycle`)"),
        ("PCR534", "`regional` is a combustion factor and reaches emission `more`; the rule takes life_cycle energy "
                   "factors (`energy_factors life_cycle`)")]


def test_a_grid_like_factor_without_a_kind_draws_a_warning_under_the_policy():
    body = '''input power: kWh in [0, 1e9] zh "外购电量" en "Electricity used"
input coal: GJ in [0, 1e9] zh "煤" en "Coal"
factor grid: kgCO2/kWh = 0.5366 source "MEE 2022" zh "电网" en "Grid"
factor coal_ef: kgCO2/GJ = 94.6 source "IPCC 2006" zh "煤" en "Coal"
emission power_use in make.smelting, gas CO2, fossil zh "电" en "Power" = power * grid
emission burn in make.smelting, gas CO2, fossil zh "煤" en "Coal" = coal * coal_ef
'''
    # per kWh: it looks like a grid factor; per GJ: a fuel's own factor, not warned about
    assert diagnostics(body, codes={"PCR-W11", "PCR534"}) == [
        ("PCR-W11", "`grid` gives kgCO2/kWh like a grid factor but declares no kind; it reaches emission `power_use`")]
    assert diagnostics(body, HEADER, codes={"PCR-W11"}) == []


def test_an_unknown_policy():
    assert diagnostics("", POLICY.replace("energy_factors life_cycle", "energy_factors lifecycle")) == [
        ("PCR530", "unknown energy factor policy `lifecycle`")]


def test_an_extending_rule_keeps_the_general_rules_policy(tmp_path):
    (tmp_path / "general.pcr").write_text(POLICY, encoding="utf-8")
    product = '''ruleset "T-PRODUCT 1" version "1.0.0" {
  extends "general.pcr"
  title zh "产品规则" en "Product rule"
  energy_factors POLICY
}
'''
    path = tmp_path / "product.pcr"
    path.write_text(product.replace("POLICY", "combustion"), encoding="utf-8")
    c = compile_file(str(path))
    assert [(d.code, d.message) for d in c.diagnostics if d.is_error] == [
        ("PCR537", "the rule takes combustion energy factors, but the general rule `general.pcr` it extends takes "
                   f"life_cycle ones ({tmp_path / 'general.pcr'}:7)")]
    path.write_text(product.replace("POLICY", "life_cycle"), encoding="utf-8")  # repeating it is fine
    assert not [d for d in compile_file(str(path)).diagnostics if d.is_error]
    path.write_text(product.replace("  energy_factors POLICY\n", ""), encoding="utf-8")  # inherited
    inherited = compile_file(str(path))
    assert inherited.ruleset.energy_factors == "life_cycle"


BLOCK = FACTORS + '''input power: kWh in [0, 1e9] zh "外购电量" en "Electricity used"
input green_power: kWh in [0, 1e9] zh "绿证电量" en "Power with certificates"
electricity purchased in make.smelting, life_cycle zh "外购电力" en "Purchased electricity" {
  amount = power
SUPPLIES}
'''


@pytest.mark.parametrize("supplies, expected", [
    ("  supply direct = green_power factor wind\n  source grid factor grid\n",
     [("PCR535", "electricity `purchased` splits its amount between supplies, so the factor of what they leave is "
                 "given by `rest`, not `source`")]),
    ("  supply direct = green_power factor wind\n",
     [("PCR535", "electricity `purchased` says no factor for what its supplies leave")]),
    ("  rest grid factor grid\n", [("PCR535", "electricity `purchased` has a `rest` but no `supply`")]),
    ("  supply rest = green_power factor wind\n  rest grid factor grid\n",
     [("PCR535", "a supply of electricity `purchased` cannot be named `rest`")]),
    ("  supply direct = green_power factor wind\n  supply direct = green_power factor pv\n  rest grid factor grid\n",
     [("PCR202", "supply `direct` is listed twice")]),
    ("  supply direct = green_power factor wind certificate\n  rest grid factor grid\n",
     [("PCR536", "supply `direct` of electricity `purchased` claims certificates, so the rest `grid` takes a "
                 "residual-mix factor, not the grid average")]),
    ("  supply a share 0.7 factor wind\n  supply b share 0.4 factor pv\n  rest grid factor grid\n",
     [("PCR538", "the shares of the supplies of electricity `purchased` add up to 0.7 + 0.4 = 1.1, more than the "
                 "whole amount")]),
    ("  supply a share 1.25 factor wind\n  rest grid factor grid\n",
     [("PCR538", "the share of supply `a` of electricity `purchased` is 1.25, outside [0, 1]")]),
    ("  supply a share green_power factor wind\n  rest grid factor grid\n",
     [("PCR302", "the share of supply `a` is energy, not a fraction of the amount")]),
    ("  supply a = 0.3 factor wind\n  rest grid factor grid\n",
     [("PCR302", "the amount of supply `a` is dimensionless, not energy")]),
])
def test_malformed_splits(supplies, expected):
    assert diagnostics(BLOCK.replace("SUPPLIES", supplies), HEADER) == expected


def test_a_split_with_certificates_takes_the_shipped_residual_mix_hint():
    """The help names a factor declared `residual_mix` when the rule has one."""
    body = BLOCK.replace("SUPPLIES", "  supply direct = green_power factor wind certificate\n  rest grid factor grid\n")
    (found,) = [d for d in compile_text(HEADER + body, "t.pcr").diagnostics if d.code == "PCR536"]
    assert found.help.startswith("use the residual-mix factor `residual`")


def test_a_heat_block_reports_per_gj_and_checks_its_kinds():
    body = '''input steam: GJ in [0, 1e6] zh "蒸汽" en "Steam"
factor boiler: kgCO2/GJ = 110 kind combustion source "NDRC default purchased heat" zh "热力" en "Heat"
heat purchased_steam in make.casting, life_cycle zh "外购蒸汽" en "Purchased steam" {
  amount = steam
  source boiler factor boiler
}
'''
    assert diagnostics(body, HEADER) == [
        ("PCR533", "`boiler` is a combustion factor, but heat `purchased_steam` takes life_cycle factors")]
    ok = compile_body(body.replace("life_cycle", "combustion"))
    # 30 GJ x 110 kg/GJ = 3 300 kg CO2 / 2 t = 1 650 kg CO2e/t
    r = interpret(ok, {"output": 2, "steam": 30})
    assert r["total"] == pytest.approx(1650, rel=1e-12)
    assert r["electricity"]["purchased_steam"]["factor_kg_per_GJ"] == pytest.approx(110)
    assert load_calculator(ok).calculate({"output": 2, "steam": 30})["total"] == pytest.approx(1650, rel=1e-12)


def test_at_the_boundary_the_calculator_decides_exactly_as_the_interpreter(split):
    """Supplies equal to the amount in decimals (2.7 kWh + 10 % of 3 kWh = 3 kWh) pass, though in
    floats 2.7 + 0.1 x 3 = 3.0000000000000004; supplies above it by 1e-200 kWh, lost in floats
    (1e-100 + 1e-100 x 1e-100 = 1e-100), are refused."""
    calc = load_calculator(split)
    exact = dict(INPUTS, power=3, green_power=2.7, pv_share=0.1, steam=0, output=1)
    # 2.7 x 0.0336 + 0.3 x 0.0545 = 0.09072 + 0.01635 = 0.10707 kg; no rest
    for r in (interpret(split, exact), calc.calculate(exact)):
        assert r["total"] == pytest.approx(0.10707, rel=1e-12)
        assert r["electricity"]["purchased"]["supplies"]["rest"]["amount_kWh"] == 0
    over = dict(INPUTS, power=1e-100, green_power=1e-100, pv_share=1e-100, steam=0, output=1)
    with pytest.raises(CalculationError) as e:
        interpret(split, over)
    with pytest.raises(calc.CalculationError) as same:
        calc.calculate(over)
    assert str(e.value) == str(same.value) == "the supplies of `purchased` exceed its amount by 1e-200 kWh"


def test_a_worked_example_shows_each_supply_per_declared_unit():
    from pcrlang.backends.document import render
    body = SPLIT + '''example "split" zh "拆分" en "Split" {
  given output = 10 t, power = 10000 kWh, green_power = 4000 kWh, pv_share = 0.1, steam = 20 GJ
  expect total = 563.89 kgCO2e within 0.0001 %
}
'''
    c = compile_body(body, POLICY)
    zh = render(c.ruleset, c.fingerprint, "zh")["index.md"]
    # per tonne: 4 000 kWh / 10 t = 400 kWh x 0.0336 = 13.44 kg; the rest 5 000 kWh / 10 t = 500 kWh x 0.65 = 325 kg
    assert "| purchased.wind&#95;certificates | 400 kWh | 0.0336 kg/kWh | 13.44 |" in zh  # _ escaped in Markdown
    assert "| purchased.rest | 500 kWh | 0.65 kg/kWh | 325 |" in zh


def test_the_batch_agrees_record_by_record_also_at_the_boundary(split, tmp_path):
    """`pcr batch` (the SQL query on DuckDB, flagged records by the runtime) gives each record the
    interpreter's figures or refusal: the hand-worked case, supplies beyond the amount, and the two
    boundary cases above."""
    from test_batch_differential import check_batch
    records = [dict(INPUTS), dict(INPUTS, power=5000, pv_share=0.7),
               dict(INPUTS, power=3, green_power=2.7, pv_share=0.1, steam=0, output=1),
               dict(INPUTS, power=1e-100, green_power=1e-100, pv_share=1e-100, steam=0, output=1)]
    for fmt in ("csv", "json"):
        (tmp_path / fmt).mkdir()
        check_batch(split, records, fmt, tmp_path / fmt)


def test_the_batch_agrees_on_random_records(tmp_path_factory):
    import batch_helpers as bh
    from hypothesis import HealthCheck, given, settings
    from pcrlang.backends.schema import input_schema
    from test_batch_differential import check_batch
    c = compile_body(ALLOCATED)

    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.records(input_schema(c.ruleset), c.ruleset))
    def agree(records):
        check_batch(c, records, "json", tmp_path_factory.mktemp("batch"))

    agree()
