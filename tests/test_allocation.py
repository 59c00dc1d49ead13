"""Allocation as it occurs in real product systems: several allocations over one product system,
more than two co-products, and chains (`then by`) where a co-product shares the burden of several
processes, as anode slime shares the concentrate, smelting and refining burdens of copper.

Every expected figure is calculated by hand in the comments beside it.
"""
from __future__ import annotations

import json
from fractions import Fraction

import jsonschema
import pytest

from pcrlang.backends import document
from pcrlang.backends.schema import result_schema
from pcrlang.interpret import CalculationError, calculate

from helpers import HEADER, compile_body, interpret, load_calculator

# A copper product system: concentrate (raw.concentrate), smelting to anode copper with sulfuric
# acid (make.smelting), electrolytic refining to cathode copper with anode slime (make.refining).
COPPER_HEADER = (HEADER.replace('process mining zh "开采" en "Mining"', 'process concentrate zh "铜精矿" en "Concentrate"')
                 .replace('process casting zh "铸造" en "Casting"', 'process refining zh "电解精炼" en "Refining"'))

COPPER = '''
input concentrate_co2: kgCO2 in [0, 1e9] zh "精矿排放" en "Concentrate emissions"
input smelting_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelting emissions"
input refining_co2: kgCO2 in [0, 1e9] zh "精炼排放" en "Refining emissions"
input anode: t in [0, 1e9] zh "阳极铜产量" en "Anode copper"
input acid: t in [0, 1e9] zh "硫酸产量" en "Sulfuric acid"
input slime: t in [0, 1e9] zh "阳极泥产量" en "Anode slime"
input copper_price: CNY/t in [0, 1e7] zh "阴极铜价格" en "Cathode copper price"
input slime_price: CNY/t in [0, 1e8] zh "阳极泥价格" en "Anode slime price"
emission concentrate in raw.concentrate, gas CO2, fossil zh "铜精矿" en "Concentrate" = concentrate_co2
emission smelting in make.smelting, gas CO2, fossil zh "冶炼" en "Smelting" = smelting_co2
emission refining in make.refining, gas CO2, fossil zh "精炼" en "Refining" = refining_co2
allocation smelter for raw.concentrate, make.smelting by mass {
  product anode_copper = anode
  coproduct sulfuric_acid = acid
  then by refinery
}
allocation refinery for raw.concentrate, make.smelting, make.refining by economic {
  product cathode = output * copper_price
  coproduct anode_slime = slime * slime_price
  justification zh "阳极泥含贵金属，与阴极铜无共同物理量" en "Anode slime carries precious metals: no physical relation to cathode copper"
}
'''

COPPER_INPUTS = {"output": 0.98, "anode": 1, "acid": 3, "slime": 0.01, "copper_price": 60000,
                 "slime_price": 1200000, "concentrate_co2": 4000, "smelting_co2": 1200, "refining_co2": 300}
# smelter by mass: anode 1 / (1 + 3) = 1/4; acid 3/4
# refinery by value: cathode 0.98 x 60 000 = 58 800 CNY, slime 0.01 x 1 200 000 = 12 000 CNY, sum 70 800:
#   cathode 58 800 / 70 800 = 147/177, slime 12 000 / 70 800 = 30/177
# the declared product's share of concentrate and smelting: 1/4 x 147/177 = 147/708
# charged: (4000 + 1200) x 147/708 = 764 400/708 kg; refining 300 x 147/177 = 176 400/708 kg
# total 940 800/708 kg for 0.98 t: 940 800 / (708 x 0.98) = 960 000/708 = 80 000/59 kg CO2e/t
ANODE, CATHODE = Fraction(1, 4), Fraction(147, 177)
DECLARED = Fraction(147, 708)
TOTAL = Fraction(80000, 59)


@pytest.fixture(scope="module")
def copper():
    return compile_body(COPPER, COPPER_HEADER)


def test_anode_slime_shares_the_concentrate_smelting_and_refining_burdens(copper):
    r = interpret(copper, COPPER_INPUTS)
    assert r["allocation"]["smelter"]["shares"] == {"anode_copper": float(ANODE), "sulfuric_acid": 0.75}
    assert r["allocation"]["refinery"]["shares"] == pytest.approx(
        {"cathode": float(CATHODE), "anode_slime": 30 / 177}, rel=1e-15)
    assert r["allocation"]["smelter"]["declared_product_share"] == pytest.approx(float(DECLARED), rel=1e-15)
    assert r["allocation"]["smelter"]["then"] == "refinery"
    assert r["allocation"]["smelter"]["chain"] == ["smelter", "refinery"]
    assert r["allocation"]["refinery"]["chain"] == ["refinery"]
    assert "then" not in r["allocation"]["refinery"]
    assert r["total"] == pytest.approx(float(TOTAL), rel=1e-15)
    # per process, per tonne: concentrate 4000 x 147/708 / 0.98 = 600 000/708; smelting 180 000/708;
    # refining 300 x 147/177 / 0.98 = 45 000/177 = 180 000/708
    assert r["by_process"] == pytest.approx({"raw.concentrate": 600000 / 708, "make.smelting": 180000 / 708,
                                             "make.refining": 180000 / 708}, rel=1e-15)
    shares = {t["contribution"]: (t["allocation"], t["allocation_share"]) for t in r["trace"]}
    assert shares["concentrate"] == ("smelter", pytest.approx(float(DECLARED), rel=1e-15))
    assert shares["refining"] == ("refinery", pytest.approx(float(CATHODE), rel=1e-15))


def test_the_chain_conserves_the_burden(copper):
    """What the declared product is charged and what each co-product carries sum to the burden."""
    r = interpret(copper, COPPER_INPUTS)
    s, f = r["allocation"]["smelter"]["shares"], r["allocation"]["refinery"]["shares"]
    upstream, refining = 4000 + 1200, 300
    cathode = r["total"] * 0.98
    acid = upstream * s["sulfuric_acid"]  # 3 900 kg
    slime = (upstream * s["anode_copper"] + refining) * f["anode_slime"]  # (1300 + 300) x 30/177 = 48 000/177 kg
    assert acid == 3900 and slime == pytest.approx(48000 / 177, rel=1e-15)
    assert cathode + acid + slime == pytest.approx(upstream + refining, rel=1e-15)


def test_the_calculator_computes_the_chain_through_the_ir(copper):
    calc = load_calculator(copper)
    got = calc.calculate(COPPER_INPUTS)
    assert got["total"] == pytest.approx(float(TOTAL), rel=1e-15)
    assert got["allocation"] == interpret(copper, COPPER_INPUTS)["allocation"]
    jsonschema.validate(json.loads(json.dumps(got)), result_schema(copper.ruleset))


def test_the_interpreter_computes_the_chain_exactly(copper):
    assert calculate(copper.ruleset, COPPER_INPUTS, copper.fingerprint)["total"] == TOTAL


@pytest.mark.parametrize("zero, variant, message, message_zh", [
    ("anode", "intermediate",
     "the quantity of `anode_copper` in `smelter` is zero: nothing would pass on to `refinery`",
     "分配 `smelter` 中 `anode_copper` 的数量为零：没有负荷传给 `refinery`"),
    ("copper_price", "declared",
     "the quantity of `cathode` in `refinery` is zero: the declared product would carry none of the burden",
     "分配 `refinery` 中 `cathode` 的数量为零：声明产品将不承担任何负荷"),
])
def test_a_product_without_quantity_is_refused_with_the_clause(copper, zero, variant, message, message_zh):
    """Anode copper at 0 t would charge cathode copper none of the concentrate and smelting burden;
    a cathode price of 0 none of any burden: both refused, in every target, in both languages."""
    inputs = dict(COPPER_INPUTS, **{zero: 0})
    clause = next(a.clause for a in copper.ruleset.allocations if a.name == ("smelter" if zero == "anode" else "refinery"))
    formula = "smelter" if zero == "anode" else "refinery"
    with pytest.raises(CalculationError) as e:
        calculate(copper.ruleset, inputs, copper.fingerprint)
    assert (e.value.code, e.value.formula, e.value.clause, e.value.message) == (
        "zero_product_quantity", formula, clause, message)
    calc = load_calculator(copper)
    with pytest.raises(calc.CalculationError) as same:
        calc.calculate(inputs)
    assert (same.value.code, same.value.formula, same.value.clause, same.value.message) == (
        "zero_product_quantity", formula, clause, message)
    calc.LANGUAGE[0] = "zh"
    try:
        with pytest.raises(calc.CalculationError) as zh:
            calc.calculate(inputs)
        assert zh.value.message == message_zh
    finally:
        calc.LANGUAGE[0] = "en"


def test_a_coproduct_without_quantity_is_no_error(copper):
    # no acid: the anode carries all the smelting burden, 1 x 147/177 of it to the cathode
    # (5200 + 300) x 147/177 / 0.98 = 5500 x 150/177 = 825 000/177 kg CO2e/t
    r = interpret(copper, dict(COPPER_INPUTS, acid=0))
    assert r["total"] == pytest.approx(825000 / 177, rel=1e-15)


# ---- several allocations over one product system, more than two co-products -------------------
SEVERAL = '''
input mining_co2: kgCO2 in [0, 1e9] zh "开采排放" en "Mining emissions"
input smelting_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelting emissions"
input casting_co2: kgCO2 in [0, 1e9] zh "铸造排放" en "Casting emissions"
input copper_conc: t in [0, 1e9] zh "铜精矿" en "Copper concentrate"
input zinc_conc: t in [0, 1e9] zh "锌精矿" en "Zinc concentrate"
input lead_conc: t in [0, 1e9] zh "铅精矿" en "Lead concentrate"
input pyrite: t in [0, 1e9] zh "硫精矿" en "Pyrite concentrate"
emission mine in raw.mining, gas CO2, fossil zh "开采" en "Mining" = mining_co2
emission smelt in make.smelting, gas CO2, fossil zh "冶炼" en "Smelting" = smelting_co2
emission cast in make.casting, gas CO2, fossil zh "铸造" en "Casting" = casting_co2
allocation concentrator for raw.mining by mass {
  product copper = copper_conc
  coproduct zinc = zinc_conc
  coproduct lead = lead_conc
  coproduct sulfur = pyrite
}
allocation smelter for make.smelting by fixed {
  product metal = 0.6
  coproduct acid = 0.3
  coproduct slag = 0.1
}
'''


def test_several_allocations_with_more_than_two_coproducts():
    c = compile_body(SEVERAL)
    r = interpret(c, {"output": 2, "mining_co2": 800, "smelting_co2": 100, "casting_co2": 10, "copper_conc": 2,
                      "zinc_conc": 1, "lead_conc": 0.5, "pyrite": 0.5})
    # concentrator: 2 / (2 + 1 + 0.5 + 0.5) = 1/2 copper, 1/4 zinc, 1/8 lead, 1/8 sulfur -> 800 x 1/2 = 400 kg
    # smelter by fixed shares: 100 x 0.6 = 60 kg; casting not allocated: 10 kg
    # (400 + 60 + 10) / 2 t = 235 kg CO2e/t
    assert r["allocation"]["concentrator"]["shares"] == {"copper": 0.5, "zinc": 0.25, "lead": 0.125, "sulfur": 0.125}
    assert r["allocation"]["smelter"]["shares"] == pytest.approx({"metal": 0.6, "acid": 0.3, "slag": 0.1}, rel=1e-15)
    assert r["total"] == pytest.approx(235, rel=1e-15)
    assert "chain" not in r["allocation"]["concentrator"]


# ---- longer chains and a chain that joins ------------------------------------------------------
THREE = '''
input mining_co2: kgCO2 in [0, 1e9] zh "开采排放" en "Mining emissions"
input smelting_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelting emissions"
input casting_co2: kgCO2 in [0, 1e9] zh "铸造排放" en "Casting emissions"
input ore: t in [0, 1e9] zh "矿石" en "Ore"
input waste: t in [0, 1e9] zh "副产" en "By-product"
input matte: t in [0, 1e9] zh "冰铜" en "Matte"
input slag: t in [0, 1e9] zh "炉渣" en "Slag"
input dross: t in [0, 1e9] zh "浮渣" en "Dross"
emission mine in raw.mining, gas CO2, fossil zh "开采" en "Mining" = mining_co2
emission smelt in make.smelting, gas CO2, fossil zh "冶炼" en "Smelting" = smelting_co2
emission cast in make.casting, gas CO2, fossil zh "铸造" en "Casting" = casting_co2
allocation a_mine for raw.mining by mass {
  product ore_out = ore
  coproduct rock = waste
  then by b_smelt
}
allocation b_smelt for raw.mining, make.smelting by mass {
  product matte_out = matte
  coproduct slag_out = slag
  then by c_cast
}
allocation c_cast for raw, make by mass {
  product ingot = output
  coproduct dross_out = dross
}
'''


def test_a_three_step_chain_multiplies_the_shares():
    c = compile_body(THREE)
    r = interpret(c, {"output": 3, "mining_co2": 1000, "smelting_co2": 100, "casting_co2": 10,
                      "ore": 1, "waste": 1, "matte": 2, "slag": 3, "dross": 1})
    # a_mine: 1/2; b_smelt: 2/5; c_cast: 3/4
    # mining 1000 x 1/2 x 2/5 x 3/4 = 150; smelting 100 x 2/5 x 3/4 = 30; casting 10 x 3/4 = 7.5
    # (150 + 30 + 7.5) / 3 t = 62.5 kg CO2e/t
    assert r["allocation"]["a_mine"]["declared_product_share"] == pytest.approx(0.15, rel=1e-15)
    assert r["allocation"]["b_smelt"]["declared_product_share"] == pytest.approx(0.3, rel=1e-15)
    assert r["allocation"]["a_mine"]["chain"] == ["a_mine", "b_smelt", "c_cast"]
    assert r["total"] == 62.5
    assert load_calculator(c).calculate(dict(output=3, mining_co2=1000, smelting_co2=100, casting_co2=10, ore=1,
                                             waste=1, matte=2, slag=3, dross=1))["total"] == pytest.approx(62.5, rel=1e-15)


JOIN = '''
input mining_co2: kgCO2 in [0, 1e9] zh "开采排放" en "Mining emissions"
input smelting_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelting emissions"
input rock: t in [0, 1e9] zh "废石" en "Rock"
input gas_out: t in [0, 1e9] zh "烟气" en "Off-gas"
input dross: t in [0, 1e9] zh "浮渣" en "Dross"
emission mine in raw.mining, gas CO2, fossil zh "开采" en "Mining" = mining_co2
emission smelt in make.smelting, gas CO2, fossil zh "冶炼" en "Smelting" = smelting_co2
allocation mine_split for raw.mining by mass {
  product ore = output
  coproduct rock_out = rock
  then by final
}
allocation smelt_split for make.smelting by mass {
  product melt = output
  coproduct offgas = gas_out
  then by final
}
allocation final for raw.mining, make.smelting, make.casting by mass {
  product ingot = output
  coproduct dross_out = dross
}
'''


def test_two_allocations_pass_on_to_one():
    c = compile_body(JOIN)
    r = interpret(c, {"output": 1, "mining_co2": 100, "smelting_co2": 100, "rock": 3, "gas_out": 1, "dross": 1})
    # mine_split 1/4, smelt_split 1/2, final 1/2: mining 100 x 1/8 = 12.5, smelting 100 x 1/4 = 25
    assert r["total"] == 37.5
    text = document.render(c.ruleset, c.fingerprint, "en")["index.md"]
    # the clause of `final` names both allocations that pass their products on
    assert text.count("this clause splits only the burden that") == 2


# ---- the document explains the chain ----------------------------------------------------------
def clause_of(rs, name):
    return next(a.clause for a in rs.allocations if a.name == name)


@pytest.mark.parametrize("lang, passes, receives, role", [
    ("en", "The share of `anode_copper` is allocated again by `refinery` ([{r}](#clause-{ra})). In the processes of "
           "this clause the declared product's share is therefore the product of the shares along the chain: the "
           "share of `anode_copper` ([{s}](#clause-{sa})) × the share of `cathode` ([{r}](#clause-{ra})).",
     "this clause splits only the burden that `smelter` ([{s}](#clause-{sa})) gives `anode_copper`, not the whole "
     "burden; in its other processes it splits the whole burden.", "intermediate product (allocated again)"),
    ("zh", "`anode_copper` 所得的份额再由 `refinery`（[{r}](#clause-{ra})）继续分配。因此，在本条所列过程中，声明产品的份额为"
           "沿分配链各份额之积：`anode_copper` 的份额（[{s}](#clause-{sa})）×`cathode` 的份额（[{r}](#clause-{ra})）。",
     "中，本条只分配 `smelter`（[{s}](#clause-{sa})）给予 `anode_copper` 的负荷，而非全部负荷；在其余过程中分配全部负荷。",
     "中间产品（继续分配）"),
])
def test_the_document_explains_the_chain(copper, lang, passes, receives, role):
    s, r = clause_of(copper.ruleset, "smelter"), clause_of(copper.ruleset, "refinery")
    names = dict(s=s, r=r, sa=s.replace(".", "-"), ra=r.replace(".", "-"))
    text = document.render(copper.ruleset, copper.fingerprint, lang)["index.md"]
    smelter = text[text.index(f"#### {s} "):text.index(f"#### {r} ")]
    refinery = text[text.index(f"#### {r} "):]
    assert passes.format(**names) in smelter
    assert receives.format(**names) in refinery
    assert f"| `anode_copper` | {role} |" in smelter


def test_an_allocation_in_no_chain_leaves_the_chain_fields_at_their_defaults():
    """(So that the canonical IR of a ruleset without `then by` leaves them out.)"""
    c = compile_body(SEVERAL)
    assert all(a.then is None and a.chain == () and a.declared_share is None for a in c.ruleset.allocations)


EXAMPLE = '''
example "copper" zh "铜" en "Copper" {
  given output = 0.98 t, anode = 1 t, acid = 3 t, slime = 0.01 t, copper_price = 60000 CNY/t,
    slime_price = 1200000 CNY/t, concentrate_co2 = 4000 kgCO2, smelting_co2 = 1200 kgCO2, refining_co2 = 300 kgCO2
  expect total = 1355.9322 kgCO2e within 0.0001 %
}
'''


@pytest.mark.parametrize("lang, label", [("en", "declared product's share (along the chain)"),
                                         ("zh", "声明产品的份额（沿分配链）")])
def test_the_worked_example_shows_the_declared_share_along_the_chain(lang, label):
    c = compile_body(COPPER + EXAMPLE, COPPER_HEADER)  # the example checks 80 000/59 = 1 355.9322 kg/t
    s = clause_of(c.ruleset, "smelter")
    text = document.render(c.ruleset, c.fingerprint, lang)["index.md"]
    # 147/708 = 0.20762711864..., shown to ten significant digits
    assert f"| [{s}](#clause-{s.replace('.', '-')}) | {label} | 0.2076271186 |" in text


def test_the_chain_ir_validates_against_the_ir_schema(copper):
    from pcrlang.core import serialize
    from pcrlang.core.schema import ir_schema
    data = json.loads(serialize.canonical_json(copper.ruleset))
    smelter = next(a for a in data["ruleset"]["allocations"] if a["name"] == "smelter")
    assert (smelter["then"], smelter["chain"]) == ("refinery", ["smelter", "refinery"])
    jsonschema.validate(data, ir_schema())


def test_the_batch_computes_the_chain_and_refuses_alike(copper, tmp_path):
    """The SQL backend (DuckDB) gets the chain from the IR too: 80 000/59 kg CO2e/t, and the same
    refusal, formula and clause for anode copper at 0 t."""
    import batch_helpers as bh
    from pcrlang.batch import run_batch
    records = [dict(COPPER_INPUTS, record_id="r0"), dict(COPPER_INPUTS, anode=0, record_id="r1")]
    bh.write(records, copper.ruleset, str(tmp_path / "in.csv"), "csv")
    result = run_batch(copper, str(tmp_path / "in.csv"), str(tmp_path / "out.csv"), engine="duckdb")
    rows = bh.read(str(tmp_path / "out.csv"), "csv")
    assert (result["records"], result["refused"]) == (2, 1)
    assert float(rows[0]["total"]) == pytest.approx(float(TOTAL), rel=1e-15)
    assert (rows[1]["error_code"], rows[1]["error_formula"], rows[1]["error_clause"]) == (
        "zero_product_quantity", "smelter", clause_of(copper.ruleset, "smelter"))
