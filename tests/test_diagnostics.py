"""Golden tests of the checker's diagnostics.

Every case starts from the clean cement ruleset (or a variant of it with a key set and table,
or with an allocation) and makes one small edit, so that it triggers the intended diagnostic
and nothing else. Expected lines and columns are found in the edited text itself (`at`), never
pasted from program output.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from pcrlang.check import check
from pcrlang.diagnostics import CATALOGUE, render, to_json
from pcrlang.syntax.parse import parse_text

CEMENT = (Path(__file__).resolve().parent / "data" / "cement_v1.pcr").read_text(encoding="utf-8")


def diagnose(text: str):
    module, parse_diagnostics = parse_text(text, "t.pcr")
    _, check_diagnostics = check(module)
    return parse_diagnostics + check_diagnostics


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Apply (old, new) replacements; each old text must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"not unique in the base text: {old!r}"
        text = text.replace(old, new)
    return text


def at(text: str, needle: str, context: str | None = None) -> tuple[int, int, int]:
    """(line, column, end column) of `needle`, found at its first place inside the unique `context`."""
    context = needle if context is None else context
    assert text.count(context) == 1, f"not unique: {context!r}"
    assert needle in context
    start = text.index(context) + context.index(needle)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column, column + len(needle)


# ---- variants of the cement ruleset -----------------------------------------------------

# A key set, a key-set input with a default and a table looked up with it.
KEYED = edit(
    CEMENT,
    ("# ---- activity data",
     'keys grid_region { north zh "北方" en "North", south zh "南方" en "South" }\n\n# ---- activity data'),
    ("input purchased_clinker:",
     'input region: grid_region default "north" source "Plant location" zh "电网区域" en "Grid region"\n'
     "input purchased_clinker:"),
    ("factor clinker_default:",
     'table grid_factor: kgCO2/kWh by grid_region source "Illustrative regional grid factors"\n  zh "区域电网因子" en "Regional grid factor" {\n'
     "  north = 0.6\n  south = 0.5\n}\nfactor clinker_default:"),
    ("  electricity * grid_2022\n", "  electricity * (grid_2022 + grid_factor[region]) / 2\n"),
)

# An allocation by mass of the kiln between cement and clinker sold.
ALLOC = edit(
    CEMENT,
    ("input purchased_clinker:",
     'input clinker_sold: t in [0, 1e9] optional zh "外售熟料量" en "Clinker sold to other plants"\n'
     "input purchased_clinker:"),
    ("\ncutoff {",
     "\nallocation kiln_split for production.kiln by mass {\n"
     "  product cement = cement_output\n  coproduct clinker = clinker_sold\n}\n\ncutoff {"),
)
MASS_ITEMS = "by mass {\n  product cement = cement_output\n  coproduct clinker = clinker_sold\n"

# The same allocation by economic value, with prices and a justification.
JUSTIFICATION = '  justification zh "熟料与水泥无共同物理量" en "Clinker and cement share no physical relation"\n'
ECON = edit(
    ALLOC,
    (MASS_ITEMS,
     "by economic {\n  product cement = cement_output * cement_price\n"
     "  coproduct clinker = clinker_sold * clinker_price\n" + JUSTIFICATION),
    ("factor clinker_default:",
     'factor cement_price: CNY/t = 400 source "Plant sales records 2024" zh "水泥价格" en "Cement price"\n'
     'factor clinker_price: CNY/t = 300 source "Plant sales records 2024" zh "熟料价格" en "Clinker price"\n'
     "factor clinker_default:"),
)

# A chain: the kiln's share of cement is split again with the grinding between cement and the
# ground slag sold (`then by`); the grinding allocation covers the kiln too.
CHAIN = edit(
    ALLOC,
    ("  coproduct clinker = clinker_sold\n}", "  coproduct clinker = clinker_sold\n  then by mill_split\n}\n"
     "allocation mill_split for production.kiln, production.grinding by mass {\n"
     "  product cement = cement_output\n  coproduct slag_powder = powder_sold\n}"),
    ("input purchased_clinker:",
     'input powder_sold: t in [0, 1e9] optional zh "外售矿渣粉量" en "Slag powder sold"\n'
     "input purchased_clinker:"),
)
ACID = ('\nfactor acid_ef: kgCO2e/t = 100 source "Database" zh "硫酸排放因子" en "Acid factor"\n'
        'allocation acid_credit for production.grinding by substitution {\n  product cement\n'
        '  avoided acid = clinker_sold * acid_ef\n}\n')

# the product of `mill_split` named again as a co-product, and the line of the first naming
TWICE = edit(CHAIN, ("  coproduct slag_powder = powder_sold\n",
                     "  coproduct slag_powder = powder_sold\n  coproduct cement = powder_sold\n"))
MILL_PRODUCT_LINE = at(TWICE, "product cement", "production.grinding by mass {\n  product cement")[0]

# Blocks a ruleset has one of, to append to the cement ruleset.
GRADING = '\ngrading {\n  class A <= 800 kgCO2e\n  class B otherwise\n}\n'
QUALITY = ('\ndata_quality pef {\n  criteria TeR, GR in [1, 5]\n  rating = (TeR + GR) / 2\n'
           '  level good <= 2\n  level poor otherwise\n}\n')
BIOGENIC_FACTOR = 'factor paper_carbon: tC/t = 0.001 source "Paper bags" zh "纸袋含碳" en "Carbon in the bags"\n'
BIOGENIC = "\nbiogenic_carbon_content = cement_output * paper_carbon\n"

HEADER = CEMENT[CEMENT.index('ruleset "PCRLANG'):CEMENT.index("boundary cradle_to_gate")]
BOUNDARY = CEMENT[CEMENT.index("boundary cradle_to_gate"):CEMENT.index("# ---- activity data")]
NO_EXAMPLES = CEMENT[:CEMENT.index("# ---- worked examples")]


@pytest.mark.parametrize("text", [CEMENT, KEYED, ALLOC, ECON, CHAIN], ids=["cement", "keyed", "alloc", "econ", "chain"])
def test_base_texts_are_clean(text):
    assert diagnose(text) == []


def test_clean_cement_has_no_diagnostics_and_a_model():
    module, parse_diagnostics = parse_text(CEMENT, "cement.pcr")
    model, check_diagnostics = check(module)
    assert parse_diagnostics == [] and check_diagnostics == []
    assert model is not None


# ---- one case per diagnostic --------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    text: str  # the edited ruleset
    code: str
    message: str
    needle: str  # the text the span starts at (and covers, when `end`)
    context: str | None = None  # a unique text around the needle
    help: str | None = None  # the per-occurrence help, e.g. a did-you-mean suggestion
    end: bool = True  # whether the span ends with the needle (False: the span runs on)
    also: tuple[str, ...] = ()  # other codes that the edit rightly causes


CASES = [
    # ---- syntax ------------------------------------------------------------------------
    Case("PCR001-missing-comma", edit(CEMENT, ("input coal: t in [0, 1e9]", "input coal: t in [0 1e9]")),
         "PCR001", "unexpected `1e9`; expected `,`", "1e9", "[0 1e9]"),
    Case("PCR001-expected-list", edit(CEMENT, ("emission power in production.grinding, gas CO2",
                                               "emission power in production.grinding gas CO2")),
         "PCR001", "unexpected `gas`; expected `,`, `=`, `en`, `for`, `zh`", "gas", "grinding gas CO2"),
    Case("PCR002", edit(CEMENT, ("  coal * coal_ncv * coal_ef", "  coal * coal_ncv $ coal_ef")),
         "PCR002", "unexpected character `$`", "$"),
    Case("PCR004-malformed", edit(CEMENT, ("default 25.8 source", "default 25.8.1 source")),
         "PCR004", "invalid number `25.8.1`", "25.8.1"),
    Case("PCR004-out-of-range", edit(CEMENT, ("per_flow < 1 % by mass", "per_flow < 1e999 % by mass")),
         "PCR004", "number `1e999` is out of range: at most 100 digits and an exponent between -300 and 300",
         "1e999"),
    Case("PCR005", edit(CEMENT, ('Table 1.2, other bituminous coal"\n', "Table 1.2, other bituminous coal\n")),
         "PCR005", "string is not closed on this line", '"', '"IPCC 2006 Vol. 2 Table 1.2, other bituminous coal\n'),
    # ---- header ------------------------------------------------------------------------
    Case("PCR101", edit(CEMENT, (HEADER, "")),
         "PCR101", "the file has no `ruleset` header", "#", "# Carbon footprint",
         also=("PCR-W01",)),  # cement_output was used only by the header's `production`
    Case("PCR102", CEMENT + '\nruleset "PCRLANG-CEMENT-002" version "1.0.0" {\n  status draft\n}\n',
         "PCR102", "a second `ruleset` header", 'ruleset "PCRLANG-CEMENT-002"', end=False),
    Case("PCR103", edit(CEMENT, ("  gwp AR6\n", "")),
         "PCR103", "the header has no `gwp`", '"PCRLANG-CEMENT-001"'),
    Case("PCR104", edit(CEMENT, ('version "1.0.0"', 'version "1.0"')),
         "PCR104", 'version "1.0" is not a semantic version', '"1.0"'),
    Case("PCR105", edit(CEMENT, ("status draft", "status drafty")),
         "PCR105", "unknown status `drafty`", "drafty", help="did you mean `draft`?"),
    Case("PCR106", edit(CEMENT, ("gwp AR6", "gwp AR7")),
         "PCR106", "unknown GWP set `AR7`", "AR7", help="did you mean `AR6`?"),
    Case("PCR107", edit(CEMENT, ("  gwp AR6\n", "  gwp AR6\n  gwp AR5\n")),
         "PCR107", "`gwp` is given twice", "AR5"),
    Case("PCR108", edit(CEMENT, ("declared_unit 1 t", "declared_unit 0 t")),
         "PCR108", "the declared unit's amount must be positive", '0 t zh "1 吨水泥" en "one tonne of cement"'),
    Case("PCR109", edit(CEMENT, ("declared_unit 1 t", "declared_unit 1 kWh"),
                        ("per_flow < 1 % by mass", "per_flow < 1 % by energy")),
         "PCR109", "production `cement_output` is mass, but the declared unit kWh is energy",
         "cement_output", "production cement_output"),
    Case("PCR110", edit(CEMENT, ('title zh "水泥产品碳足迹核算规则" en', "title en")),
         "PCR110", "the title has no Chinese (zh) text", 'en "Product carbon footprint rules for cement"'),
    Case("PCR111", edit(CEMENT, ('effective "2026-01-01"', 'effective "1 Jan 2026"')),
         "PCR111", '"1 Jan 2026" is not a date', '"1 Jan 2026"'),
    Case("PCR113", edit(CEMENT, ("  gwp AR6\n", "  language 2\n  gwp AR6\n")),
         "PCR113", "unknown language edition `2`", "2", "language 2"),
    # ---- names -------------------------------------------------------------------------
    Case("PCR201", edit(CEMENT, ("  clinker_output * (cao_content", "  clinker_outptu * (cao_content")),
         "PCR201", "unknown name `clinker_outptu`", "clinker_outptu", help="did you mean `clinker_output`?",
         also=("PCR-W01",)),  # clinker_output is indeed no longer used
    Case("PCR202", edit(CEMENT, ("input coal_ncv:",
                                 'input coal: kWh in [0, 1] primary zh "重复" en "Duplicate"\ninput coal_ncv:')),
         "PCR202", f"`coal` is already declared at line {at(CEMENT, 'coal', 'input coal: t')[0]}",
         "coal", "input coal: kWh"),
    Case("PCR203", edit(CEMENT, ("  clinker_output * (cao_content", "  calcination_check * (cao_content"))
         + "\nquantity calcination_check: tCO2 = calcination\n",
         "PCR203", "circular definition: calcination -> calcination_check -> calcination",
         "calcination", "quantity calcination:", also=("PCR-W01",)),
    Case("PCR204-table", edit(KEYED, ("grid_factor[region]) / 2", "grid_factor[region] + grid_factor) / 3")),
         "PCR204", "`grid_factor` is a table (look it up with `name[key]`), not a value",
         "grid_factor", "grid_factor) / 3"),
    Case("PCR204-keyset", edit(KEYED, ("grid_factor[region]) / 2", "grid_factor[region] + grid_region) / 3")),
         "PCR204", "`grid_region` is a key set, not a value", "grid_region", "grid_region) / 3"),
    Case("PCR205", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * mx(grid_2022, grid_2022)\n")),
         "PCR205", "unknown function `mx`", "mx", help="did you mean `max`?"),
    Case("PCR206", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * max(grid_2022)\n")),
         "PCR206", "`max` needs at least two arguments", "max(grid_2022)"),
    Case("PCR207", edit(CEMENT, ("  electricity * grid_2022\n", '  electricity * grid_2022["CN"]\n')),
         "PCR207", "`grid_2022` is not a table", "grid_2022", 'grid_2022["CN"]'),
    Case("PCR208-key", edit(KEYED, ("grid_factor[region]) / 2", "grid_factor[region] + grid_factor[coal]) / 3")),
         "PCR208", "table `grid_factor` is keyed by `grid_region`, not by mass", "coal", "grid_factor[coal]"),
    Case("PCR208-not-a-keyset", edit(KEYED, ("by grid_region source", "by coal source")),
         "PCR208", "`coal` is not a key set", "coal", "by coal source"),
    Case("PCR209-lookup", edit(KEYED, ("grid_factor[region]) / 2", 'grid_factor[region] + grid_factor["nort"]) / 3')),
         "PCR209", "`nort` is not a key of `grid_region`", '"nort"', help="did you mean `north`?"),
    Case("PCR209-row", edit(KEYED, ("  south = 0.5\n", "  south = 0.5\n  west = 0.4\n")),
         "PCR209", "`west` is not a key of `grid_region`", "west"),
    Case("PCR209-default", edit(KEYED, ('default "north"', 'default "nroth"')),
         "PCR209", "`nroth` is not a key of `grid_region`", '"nroth"', help="did you mean `north`?"),
    Case("PCR209-given", edit(KEYED, ("  given purchased_clinker = 50 t\n",
                                      '  given purchased_clinker = 50 t, region = "west"\n')),
         "PCR209", "`west` is not a key of `grid_region`", 'region = "west"'),
    Case("PCR210", edit(KEYED, ("  south = 0.5\n", "")),
         "PCR210", "table `grid_factor` has no value for `south`", "grid_factor", "table grid_factor"),
    Case("PCR211-row", edit(KEYED, ("  south = 0.5\n", "  south = 0.5\n  north = 0.4\n")),
         "PCR211", "key `north` is listed twice", "north", "north = 0.4"),
    Case("PCR211-keyset", edit(KEYED, ('en "South" }', 'en "South", north }')),
         "PCR211", "key `north` is listed twice", "north", ", north }"),
    Case("PCR212", edit(CEMENT, ("quantity calcination:", "quantity min:"), ("  calcination\n", "  min\n")),
         "PCR212", "`min` is a reserved word", "min", "quantity min:"),
    # ---- units -------------------------------------------------------------------------
    Case("PCR301", edit(CEMENT, ("factor diesel_ncv: GJ/t", "factor diesel_ncv: GJ/tonn")),
         "PCR301", "unknown unit `tonn`", "tonn", "GJ/tonn", help="did you mean `tonne`?"),
    Case("PCR302", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * grid_2022 + electricity\n")),
         "PCR302", "addition of mass of CO2 and energy", "electricity * grid_2022 + electricity"),
    Case("PCR303", edit(CEMENT, ("input cao_content: fraction", "input cao_content: degC")),
         "PCR303", "`degC` is a unit with an offset", "degC"),
    Case("PCR304", edit(CEMENT, ("quantity calcination: tCO2", "quantity calcination: tCO2e")),
         "PCR304", "`calcination` is declared in tCO2e (mass of CO2e) but its formula gives mass of CO2",
         "clinker_output * (cao_content * co2_per_cao + mgo_content * co2_per_mgo)"),
    Case("PCR305", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * grid_2022 / cement_output\n")),
         "PCR305", "emission `power` is CO2 but its formula gives mass of CO2 per mass",
         "electricity * grid_2022 / cement_output", help="the formula must give a mass of CO2 (e.g. kgCO2)"),
    Case("PCR306-formula", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * grid_2022 / 0\n")),
         "PCR306", "division by zero", "0", "/ 0"),
    Case("PCR306-factor", edit(CEMENT, ("tCO2/t = 44/56", "tCO2/t = 44/0")),
         "PCR306", "the value of `co2_per_cao` divides by zero", "co2_per_cao", "factor co2_per_cao"),
    Case("PCR307-condition", edit(CEMENT, ("  electricity * grid_2022\n",
                                           "  if electricity then electricity * grid_2022 else 0\n")),
         "PCR307", "the condition is energy, not a comparison", "electricity", "if electricity then"),
    Case("PCR307-as-number", edit(CEMENT, ("  electricity * grid_2022\n", "  electricity * grid_2022 * (coal > 0)\n")),
         "PCR307", "a condition is used as a number", "(coal > 0)"),
    Case("PCR308-number", edit(KEYED, ("(grid_2022 + grid_factor[region]) / 2",
                                       "(if region > 1 then grid_2022 else grid_factor[region])")),
         "PCR308", "a key of `grid_region` is compared with a number", "region > 1"),
    Case("PCR308-order", edit(KEYED, ("(grid_2022 + grid_factor[region]) / 2",
                                      '(if region < "north" then grid_2022 else grid_factor[region])')),
         "PCR308", "keys cannot be ordered with `<`", 'region < "north"', help="compare keys only with == or !="),
    Case("PCR309-fraction", edit(CEMENT, ("factor diesel_ncv: GJ/t", "factor diesel_ncv: GJ/t^1.5")),
         "PCR309", "the exponent of `t` is not a whole number", "t^1.5"),
    Case("PCR309-too-large", edit(CEMENT, ("factor diesel_ncv: GJ/t", "factor diesel_ncv: GJ/t^100000000")),
         "PCR309", "the exponent of `t` is too large", "t^100000000"),
    Case("PCR310", edit(KEYED, ("grid_factor[region]) / 2", "grid_factor[region]) / 2 * region")),
         "PCR310", "a key of `grid_region` is used as a number", "region", "* region"),
    Case("PCR311-large", edit(CEMENT, ("input coal: t in", "input coal: Mt^12*Mt^12*Mt^12 in")),
         "PCR311", "`Mt^12*Mt^12*Mt^12` is more than 1e300 times its base unit", "Mt^12*Mt^12*Mt^12"),
    Case("PCR311-small", edit(CEMENT, ("input coal: t in", "input coal: mg^12*mg^12*mg^12*mg^12*mg^12 in")),
         "PCR311", "`mg^12*mg^12*mg^12*mg^12*mg^12` is less than 1e-300 times its base unit",
         "mg^12*mg^12*mg^12*mg^12*mg^12"),
    Case("PCR312-factor", edit(CEMENT, ("factor diesel_ncv: GJ/t = 43.0", "factor diesel_ncv: GJ/t = 1e299")),
         "PCR312", "the value of `diesel_ncv`, 1e299 GJ/t, is more than 1e300 in base units", "diesel_ncv",
         "diesel_ncv: GJ/t"),
    Case("PCR312-bound", edit(CEMENT, ("input electricity: kWh in [0, 1e12]", "input electricity: kWh in [0, 1e300]")),
         "PCR312", "the upper bound of `electricity`, 1e300 kWh, is more than 1e300 in base units", "[0, 1e300]"),
    Case("PCR312-given", edit(CEMENT, ("given purchased_clinker = 50 t", "given purchased_clinker = 1e299 t")),
         "PCR312", "the value given for `purchased_clinker`, 1e299 t, is more than 1e300 in base units",
         "purchased_clinker = 1e299 t"),
    Case("PCR312-tolerance", edit(CEMENT, ("within 0.000001 kgCO2e", "within 1e-299 gCO2e")),
         "PCR312", "the tolerance, 1e-299 gCO2e, is less than 1e-300 in base units", "gCO2e", "1e-299 gCO2e"),
    # ---- boundary ----------------------------------------------------------------------
    Case("PCR401", edit(CEMENT, (BOUNDARY, "")),
         "PCR401", "the ruleset declares no system boundary", "#", "# Carbon footprint"),
    Case("PCR402", edit(CEMENT, ("boundary cradle_to_gate", "boundary cradle_to_gat")),
         "PCR402", "unknown boundary type `cradle_to_gat`", "cradle_to_gat", help="did you mean `cradle_to_gate`?"),
    Case("PCR403", edit(CEMENT, ("stage raw_materials: raw_material_acquisition", "stage raw_materials: production")),
         "PCR403", "a cradle_to_gate boundary needs a stage for `raw_material_acquisition`",
         "cradle_to_gate", "boundary cradle_to_gate"),
    Case("PCR404", edit(CEMENT, ("boundary cradle_to_gate", "boundary gate_to_gate")),
         "PCR404", "phase `raw_material_acquisition` is outside a gate_to_gate boundary",
         "raw_material_acquisition", "raw_materials: raw_material_acquisition"),
    Case("PCR405", edit(CEMENT, ("stage production: production", "stage production: productoin")),
         "PCR405", "unknown life-cycle phase `productoin`", "productoin", help="did you mean `production`?"),
    Case("PCR406", edit(CEMENT, ("  exclude capital_goods", "  exclude grinding")),
         "PCR406", "`grinding` is declared inside the boundary and excluded", "grinding", "exclude grinding"),
    Case("PCR407", edit(CEMENT, ("stage raw_materials: raw_material_acquisition", "stage raw_materials: production"),
                        ("stage production: production", "stage production: raw_material_acquisition")),
         "PCR407", "stage `production` (raw_material_acquisition) comes after a later life-cycle phase",
         "production", "stage production:"),
    Case("PCR408-process", edit(CEMENT, ("in production.grinding", "in production.grindng")),
         "PCR408", "stage `production` has no process `grindng`", "grindng", help="did you mean `grinding`?"),
    Case("PCR408-stage", edit(CEMENT, ("in production.grinding", "in producton.grinding")),
         "PCR408", "unknown stage `producton`", "producton", help="did you mean `production`?"),
    Case("PCR409", CEMENT + '\nboundary gate_to_gate {\n  stage plant: production zh "生产" en "Production"\n}\n',
         "PCR409", "a second `boundary`", "boundary gate_to_gate", end=False),
    # ---- contributions and gases -------------------------------------------------------
    Case("PCR501", edit(CEMENT, ("in production.grinding, gas CO2", "in production.grinding, gas C02")),
         "PCR501", "unknown gas `C02`", "C02", help="did you mean `CO2`?"),
    Case("PCR502-none", edit(CEMENT, ("in production.grinding, gas CO2, fossil", "in production.grinding, fossil")),
         "PCR502", "emission `power` names no gas", "power", "emission power"),
    Case("PCR502-bare-gas", edit(CEMENT, ("in production.grinding, gas CO2, fossil",
                                          "in production.grinding, CO2, fossil")),
         "PCR502", "write the gas as `gas CO2`", "CO2", "grinding, CO2"),
    Case("PCR503", edit(CEMENT, ("in production.grinding, gas CO2, fossil", "in production.grinding, gas CO2, fosil")),
         "PCR503", "unknown carbon kind `fosil`", "fosil", help="did you mean `fossil`?"),
    Case("PCR504", edit(CEMENT, ("in production.grinding, gas CO2, fossil", "in production.grinding, gas CO2")),
         "PCR504", "emission `power` names no carbon kind", "power", "emission power"),
    Case("PCR506-kind", edit(CEMENT, ("in production.grinding, gas CO2, fossil",
                                      "in production.grinding, gas CO2, fossil, biogenic")),
         "PCR506", "the carbon kind is given twice", "biogenic"),
    Case("PCR506-gas", edit(CEMENT, ("in production.grinding, gas CO2, fossil",
                                     "in production.grinding, gas CO2, gas CO2, fossil")),
         "PCR506", "the gas is given twice", "CO2", 'CO2, fossil\n  zh "外购电力"'),
    # ---- allocation --------------------------------------------------------------------
    Case("PCR601", edit(ALLOC, ("by mass {", "by volume {")),
         "PCR601", "unknown allocation method `volume`", "volume"),
    Case("PCR602", edit(ALLOC, (MASS_ITEMS, "by fixed {\n  product cement = 0.7\n  coproduct clinker = 0.2\n")),
         "PCR602", "the fixed shares of `kiln_split` sum to 0.9, not 1", "kiln_split", also=("PCR-W01",)),
    Case("PCR603", edit(ECON, (JUSTIFICATION, "")),
         "PCR603", "allocation `kiln_split` by economic value has no justification", "kiln_split"),
    Case("PCR604", edit(ECON, ("clinker_price: CNY/t", "clinker_price: USD/t")),
         "PCR604", "`clinker` is USD but `cement` is CNY", "clinker_sold * clinker_price"),
    Case("PCR605", edit(ALLOC, ("  coproduct clinker = clinker_sold\n", "")),
         "PCR605", "allocation `kiln_split` needs one `product` and at least one `coproduct`", "kiln_split",
         also=("PCR-W01",)),
    Case("PCR606", edit(ALLOC, ("\ncutoff {", "\nallocation kiln_again for production.kiln by mass {\n"
                                              "  product cement = cement_output\n  coproduct clinker = clinker_sold\n"
                                              "}\n\ncutoff {")),
         "PCR606", "`production.kiln` is already allocated by `kiln_split`", "production.kiln",
         "kiln_again for production.kiln",
         help="if `kiln_again` splits further what `kiln_split` gives its product, write `then by kiln_again` in "
              "`kiln_split` (or `then by kiln_split` in `kiln_again` for the other order)"),
    Case("PCR606-stage", edit(CHAIN, ("  then by mill_split\n", ""), ("for production.kiln, production.grinding by mass",
                                                                       "for production by mass")),
         "PCR606", "`production.kiln` (in `production`) is already allocated by `kiln_split`", "production",
         "mill_split for production by",
         help="if `mill_split` splits further what `kiln_split` gives its product, write `then by mill_split` in "
              "`kiln_split` (or `then by kiln_split` in `mill_split` for the other order)"),
    Case("PCR607-dimension", edit(ALLOC, ("coproduct clinker = clinker_sold", "coproduct clinker = electricity")),
         "PCR607", "allocation by mass needs mass, `clinker` is energy", "electricity",
         "coproduct clinker = electricity", also=("PCR-W01",)),
    Case("PCR607-fixed-share", edit(ALLOC, (MASS_ITEMS, "by fixed {\n  product cement = 0.7\n"
                                                         "  coproduct clinker = clinker_sold\n")),
         "PCR607", "fixed shares are numbers, such as 0.7", "clinker_sold", "coproduct clinker = clinker_sold"),
    Case("PCR608", edit(ALLOC, (MASS_ITEMS, "by substitution {\n  product cement\n")),
         "PCR608", "allocation `kiln_split` by substitution names no avoided product", "kiln_split",
         also=("PCR-W01",)),
    Case("PCR609", edit(ALLOC, ("  coproduct clinker = clinker_sold\n", "  coproduct clinker = clinker_sold\n"
                                "  avoided clinker_credit = clinker_sold * clinker_default\n")),
         "PCR609", "`avoided` belongs to substitution, not to allocation by mass",
         "clinker_credit = clinker_sold * clinker_default"),
    Case("PCR609-then", ALLOC + ACID.replace("  product cement\n", "  product cement\n  then by kiln_split\n"),
         "PCR609", "a substitution gives no share to pass on: `then by` belongs to partitioning methods", "kiln_split",
         "then by kiln_split"),
    # ---- chains of allocations ---------------------------------------------------------------
    Case("PCR610", edit(CHAIN, ("then by mill_split", "then by mill_splt")),
         "PCR610", "`mill_splt` is not an allocation of this ruleset", "mill_splt", help="did you mean `mill_split`?"),
    Case("PCR611", edit(CHAIN, ("then by mill_split", "then by kiln_split")),
         "PCR611", "the allocations `kiln_split` → `kiln_split` pass their products on in a circle", "kiln_split",
         "then by kiln_split",
         help="the last allocation of a chain is the one of the declared product: remove its `then by`",
         also=("PCR606",)),
    Case("PCR611-two", edit(CHAIN, ("  coproduct slag_powder = powder_sold\n",
                                    "  coproduct slag_powder = powder_sold\n  then by kiln_split\n")),
         "PCR611", "the allocations `kiln_split` → `mill_split` → `kiln_split` pass their products on in a circle",
         "mill_split", "then by mill_split",
         help="the last allocation of a chain is the one of the declared product: remove its `then by`",
         also=("PCR612",)),
    Case("PCR612-place", edit(CHAIN, ("mill_split for production.kiln, production.grinding", "mill_split for production.grinding")),
         "PCR612", "`kiln_split` passes `cement` on to `mill_split`, which does not cover `production.kiln`: the "
                   "allocation there would end at `cement`, not at the declared product", "mill_split",
         "then by mill_split", help="add `production.kiln` to the places of `mill_split`"),
    Case("PCR612-substitution", edit(ALLOC + ACID.replace("production.grinding", "production.kiln"),
                                     ("  coproduct clinker = clinker_sold\n}", "  coproduct clinker = clinker_sold\n"
                                                                                "  then by acid_credit\n}")),
         "PCR612", "`acid_credit` is a substitution: it credits avoided products and gives the declared product no "
                   "share of what `kiln_split` passes on", "acid_credit", "then by acid_credit",
         help="pass the product on to a partitioning allocation (mass, energy, economic or fixed)"),
    Case("PCR613-product", TWICE,
         "PCR613", f"`cement` is already a product of allocation `mill_split` (line {MILL_PRODUCT_LINE})", "cement",
         "coproduct cement = powder_sold"),
    Case("PCR613-then", edit(CHAIN, ("  then by mill_split\n", "  then by mill_split\n  then by mill_split\n")),
         "PCR613", "allocation `kiln_split` already passes its product on to `mill_split`", "mill_split",
         "mill_split\n}\nallocation mill_split",
         help="a product goes on to one allocation; chain them: `then by` in each"),
    # ---- cut-off -----------------------------------------------------------------------
    Case("PCR701", edit(CEMENT, ("total <= 5 % by emissions", "total <= 150 % by emissions")),
         "PCR701", "150 % is not a percentage between 0 and 100", "<= 150 % by emissions"),
    Case("PCR702", edit(CEMENT, ("total <= 5 % by emissions", "total <= 0.5 % by mass")),
         "PCR702", "per-flow 1 % exceeds the cumulative 0.5 % by mass", "< 1 % by mass"),
    Case("PCR703", edit(CEMENT, ("total <= 5 % by emissions", "total <= 5 % by emission")),
         "PCR703", "unknown cut-off basis `emission`", "emission", "by emission\n",
         help="did you mean `emissions`?"),
    Case("PCR704", edit(CEMENT, ("never clinker_output, cao_content, coal, electricity",
                                 "never clinker_output, cao_content, coal, electricity, coal_ef")),
         "PCR704", "`coal_ef` is not an input", "coal_ef", "electricity, coal_ef", help="did you mean `coal`?"),
    Case("PCR705", edit(CEMENT, ("\ncutoff {", "\ncutoff {\n  per_flow < 2 % by energy\n}\n\ncutoff {")),
         "PCR705", "a second `cutoff` block", "cutoff", "cutoff {\n  per_flow < 1 %", end=False),
    # a second grading, data_quality or biogenic_carbon_content block is PCR112, not PCR705 (cut-off)
    Case("PCR112-grading", CEMENT + GRADING + GRADING.replace("800", "900"),
         "PCR112", "a second `grading` block", "grading", "grading {\n  class A <= 900", end=False,
         help="a ruleset has one `grading` block"),
    Case("PCR112-data-quality", CEMENT + QUALITY + QUALITY.replace("pef", "pef2"),
         "PCR112", "a second `data_quality` block", "data_quality", "data_quality pef2", end=False,
         help="a ruleset has one `data_quality` block"),
    Case("PCR112-biogenic", edit(CEMENT, ("factor clinker_default:", BIOGENIC_FACTOR + "factor clinker_default:"))
         + BIOGENIC + BIOGENIC.replace("cement_output", "2 * cement_output"),
         "PCR112", "a second `biogenic_carbon_content` block", "biogenic_carbon_content",
         "biogenic_carbon_content = 2 *", end=False, help="a ruleset has one `biogenic_carbon_content` block"),
    Case("PCR706", edit(CEMENT, ("per_flow < 1 % by mass", "per_flow > 1 % by mass")),
         "PCR706", "a cut-off threshold is an upper limit, not `>`", "> 1 % by mass"),
    Case("PCR707", edit(CEMENT, ('declared_unit 1 t zh "1 吨水泥" en "one tonne of cement"',
                                 'declared_unit 1 piece zh "1 袋水泥" en "one bag of cement"'),
                        ("input cement_output: t", "input cement_output: pieces")).replace(
                            "cement_output = 1000 t", "cement_output = 1000 pieces"),
         "PCR707", "the mass basis compares a flow with the product's mass, but the declared unit is count",
         "mass", "1 % by mass"),
    Case("PCR708", edit(CEMENT, ("expect cutoff pass", "expect cutoff passes")),
         "PCR708", "`passes` is neither pass nor fail", "passes", "cutoff passes"),
    # ---- inputs ------------------------------------------------------------------------
    Case("PCR801-empty", edit(CEMENT, ("input coal_ncv: GJ/t in [10, 35]", "input coal_ncv: GJ/t in [35, 10]")),
         "PCR801", "the bounds of `coal_ncv` are empty", "[35, 10]"),
    Case("PCR801-keyset", edit(KEYED, ("input region: grid_region default", "input region: grid_region in [0, 1] default")),
         "PCR801", "input `region` takes keys of `grid_region` and cannot have bounds", "[0, 1]", "grid_region in [0, 1]",
         help="remove the bounds: a key-set input takes one of the keys"),
    Case("PCR802", edit(CEMENT, ("default 25.8 source", "default 38 source")),
         "PCR802", "default 38 lies outside the bounds of `coal_ncv`", "38", "default 38"),
    Case("PCR803-number", edit(CEMENT, ("default 25.8 source", 'default "high" source')),
         "PCR803", "the default of `coal_ncv` must be a number", '"high"'),
    Case("PCR803-key", edit(KEYED, ('default "north"', "default 1")),
         "PCR803", "the default of `region` must be a key of `grid_region`", "1", "default 1 source"),
    Case("PCR804", edit(CEMENT, ("input electricity: kWh in [0, 1e12] primary",
                                 "input electricity: kWh in [0, 1e12] primary primary")),
         "PCR804", "`primary` is given twice", "primary", 'primary zh "外购电力消耗量"'),
    Case("PCR805", edit(CEMENT, ("input electricity: kWh in [0, 1e12] primary",
                                 'input electricity: kWh in [0, 1e12] primary default 1000 source "Plant average"')),
         "PCR805", "input `electricity` is primary data and cannot have a default", "primary",
         "primary default 1000"),
    Case("PCR806", edit(CEMENT, (' default 25.8 source "IPCC 2006 Vol. 2 Table 1.2, other bituminous coal"',
                                 " default 25.8")),
         "PCR806", "the default of `coal_ncv` has no source", "25.8", "default 25.8\n"),
    # ---- examples ----------------------------------------------------------------------
    Case("PCR901", edit(CEMENT, ("given purchased_clinker = 50 t", "given purchased_clinkr = 50 t")),
         "PCR901", "`purchased_clinkr` is not an input", "purchased_clinkr",
         help="did you mean `purchased_clinker`?"),
    Case("PCR902", edit(CEMENT, ("given coal = 100 t, electricity = 90000 kWh, quarry_diesel = 2 t",
                                 "given coal = 100 t, quarry_diesel = 2 t")),
         "PCR902", 'example "typical plant" gives no value for required input `electricity`', '"typical plant"'),
    Case("PCR903-unit", edit(CEMENT, ("given purchased_clinker = 50 t", "given purchased_clinker = 50 kWh")),
         "PCR903", "`purchased_clinker` is measured in t (mass), not in kWh", "kWh", "purchased_clinker = 50 kWh"),
    Case("PCR903-no-unit", edit(CEMENT, ("given purchased_clinker = 50 t", "given purchased_clinker = 50")),
         "PCR903", "give the unit of `purchased_clinker`, e.g. `50 t`", "purchased_clinker = 50",
         "given purchased_clinker = 50\n"),
    Case("PCR903-key-for-number", edit(CEMENT, ("given purchased_clinker = 50 t", 'given purchased_clinker = "fifty"')),
         "PCR903", "`purchased_clinker` takes a number in t", 'purchased_clinker = "fifty"'),
    Case("PCR903-number-for-key", edit(KEYED, ("  given purchased_clinker = 50 t\n",
                                               "  given purchased_clinker = 50 t, region = 1\n")),
         "PCR903", "`region` takes a key of `grid_region` in quotes", "region = 1",
         help='write the key in quotes, e.g. `region = "north"`'),
    Case("PCR904-stage", edit(CEMENT, ("expect stage production = 718.5334286", "expect stage produce = 718.5334286")),
         "PCR904", "unknown stage `produce`", "produce", "stage produce", help="did you mean `production`?"),
    Case("PCR904-process", edit(CEMENT, ("expect process raw_materials.purchased_clinker",
                                         "expect process raw_materials.kiln")),
         "PCR904", "unknown process `raw_materials.kiln`", "raw_materials.kiln = 26 kgCO2e"),
    Case("PCR904-gas", edit(CEMENT, ("expect gas CO2 = 724.9060286 kgCO2", "expect gas CO3 = 724.9060286 kgCO2")),
         "PCR904", "unknown gas `CO3`", "CO3", "gas CO3", help="did you mean `CO2`?"),
    Case("PCR904-kind", edit(CEMENT, ("expect kind fossil", "expect kind fosil")),
         "PCR904", "unknown carbon kind `fosil`", "fosil", help="did you mean `fossil`?"),
    Case("PCR905-value", edit(CEMENT, ("expect total = 724.9060286 kgCO2e", "expect total = 724.9060286 kWh")),
         "PCR905", "expected value in kWh is energy, not a mass of CO2e", "kWh", "724.9060286 kWh"),
    Case("PCR905-tolerance", edit(CEMENT, ("within 0.000001 kgCO2e", "within 0.000001 kgCO2")),
         "PCR905", "the tolerance in kgCO2 does not match kgCO2e", "kgCO2", "0.000001 kgCO2"),
    Case("PCR906", edit(CEMENT, ("given purchased_clinker = 50 t", "given purchased_clinker = 50 t, coal = 100 t")),
         "PCR906", "`coal` is given twice", "coal", "coal = 100 t\n"),
    Case("PCR909", edit(CEMENT, ('example "diesel cut off"', 'example "typical plant"')),
         "PCR909", 'a second example titled "typical plant"', '"typical plant"', '"typical plant" zh "柴油舍去"'),
    # ---- warnings ----------------------------------------------------------------------
    Case("PCR-W01", edit(CEMENT, ("input purchased_clinker:",
                                  'input spare: t in [0, 1] optional zh "备用" en "Spare"\ninput purchased_clinker:')),
         "PCR-W01", "input `spare` is never used", "spare"),
    Case("PCR-W02", edit(CEMENT, (' source "MEE and NBS, national grid average CO2 emission factor 2022"', "")),
         "PCR-W02", "factor `grid_2022` has no source", "grid_2022", "factor grid_2022"),
    Case("PCR-W03", edit(CEMENT, ("factor clinker_default:", 'factor spare_ef: tCO2/t = 1 source "None"\n'
                                                              '  zh "备用" en "Spare"\nfactor clinker_default:')),
         "PCR-W03", "factor `spare_ef` is never used", "spare_ef"),
    Case("PCR-W04", edit(CEMENT, ("\nemission clinker_calcination",
                                  "\nquantity spare_q: tCO2 = calcination\n\nemission clinker_calcination")),
         "PCR-W04", "quantity `spare_q` is never used", "spare_q"),
    Case("PCR-W05", edit(CEMENT, ("  exclude capital_goods", '  stage extra: production zh "其他" en "Other"\n'
                                                               "  exclude capital_goods")),
         "PCR-W05", "stage `extra` has no contributions", "extra"),
    Case("PCR-W06", NO_EXAMPLES, "PCR-W06", "the ruleset has no examples", 'ruleset "PCRLANG-CEMENT-001"', end=False),
    Case("PCR-W07", edit(CEMENT, ('geography "CN" vintage 2022', 'geography "CN" vintage 2022 unverified')),
         "PCR-W07", "factor `grid_2022` is marked unverified", "grid_2022", "factor grid_2022"),
    Case("PCR-W08-one", edit(CEMENT, ('process grinding zh "水泥粉磨" en', "process grinding en")),
         "PCR-W08", "process `grinding` has no Chinese (zh) text", "grinding", "process grinding"),
    Case("PCR-W08-both", edit(CEMENT, (' zh "矿山柴油消耗量" en "Diesel used in the quarry"', "")),
         "PCR-W08", "input `quarry_diesel` has no Chinese (zh) and English (en) text", "quarry_diesel",
         "input quarry_diesel"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_diagnostic(case: Case):
    check_case(case, end=case.end)


def check_case(case: Case, end: bool) -> None:
    diagnostics = diagnose(case.text)
    assert sorted(d.code for d in diagnostics) == sorted([case.code, *case.also]), [str(d) for d in diagnostics]
    d = next(d for d in diagnostics if d.code == case.code)
    assert d.message == case.message
    line, column, end_column = at(case.text, case.needle, case.context)
    assert (d.span.file, d.span.line, d.span.column) == ("t.pcr", line, column)
    assert d.help == case.help
    if end:
        assert (d.span.end_line, d.span.end_column) == (line, end_column)


def test_at_least_thirty_codes_are_covered():
    codes = {c.code for c in CASES}
    assert codes <= set(CATALOGUE)
    assert len(codes) >= 30, sorted(codes)


# ---- several errors in one run ----------------------------------------------------------


def test_every_error_of_a_file_is_reported_in_one_run():
    text = edit(
        CEMENT,
        ("input coal: t in [0, 1e9]", "input coal: t in [0 1e9]"),  # syntax error in an input
        ("factor diesel_ncv: GJ/t = 43.0", "factor diesel_ncv: GJ/t = = 43.0"),  # syntax error in a factor
        ("emission power in production.grinding, gas CO2", "emission power in production.grinding gas CO2"),
        ("  clinker_output * (cao_content", "  clinker_outptu * (cao_content"),  # name error
        ("  purchased_clinker * clinker_default", "  purchased_clinker * clinker_defualt"),  # name error
    )
    diagnostics = diagnose(text)
    got = [(d.code, d.span.line, d.span.column, d.message) for d in diagnostics]
    assert got == [
        ("PCR001", *at(text, "1e9", "[0 1e9]")[:2], "unexpected `1e9`; expected `,`"),
        ("PCR001", *at(text, "=", "= 43.0")[:2], "unexpected `=`; expected `-`, a number"),
        ("PCR001", *at(text, "gas", "grinding gas CO2")[:2], "unexpected `gas`; expected `,`, `=`, `en`, `for`, `zh`"),
        ("PCR201", *at(text, "clinker_outptu")[:2], "unknown name `clinker_outptu`"),
        ("PCR201", *at(text, "clinker_defualt")[:2], "unknown name `clinker_defualt`"),
    ]
    # the names of the broken declarations are not reported as unknown where they are used:
    # `coal` in a formula, in the cut-off's `never` list and in the examples; `diesel_ncv` in
    # a formula. Nor are the inputs the broken emission uses reported as unused.
    assert not any("`coal`" in d.message or "diesel_ncv" in d.message for d in diagnostics)
    assert not any(d.code.startswith("PCR-W") for d in diagnostics)


def test_an_unclosed_brace_does_not_swallow_the_rest_of_the_file():
    grinding = '    process grinding zh "水泥粉磨" en "Cement grinding"\n'
    text = edit(CEMENT, (grinding + "  }\n", grinding), ("  purchased_clinker * clinker_default",
                                                        "  purchased_clinker * clinker_defualt"))
    got = [(d.code, d.span.line, d.span.column, d.message) for d in diagnose(text)]
    assert got == [
        ("PCR001", *at(text, "exclude")[:2], "unexpected `exclude`; expected `process`, `}`"),
        # the declarations after the broken boundary are still checked
        ("PCR201", *at(text, "clinker_defualt")[:2], "unknown name `clinker_defualt`"),
    ]


def test_a_missing_open_brace_in_an_example_is_one_error():
    title = 'example "cut-off at the threshold" zh "取舍阈值边界" en "Cut-off exactly at the threshold"'
    text = edit(CEMENT, (title + " {", title))
    line, column, _ = at(text, "given", "given cement_output = 1000 t, clinker_output = 800 t, cao_content = 0.65, "
                                         "mgo_content = 0.02\n  given coal = 100 t, coal_ncv")
    assert [(d.code, d.span.line, d.span.column, d.message) for d in diagnose(text)] == [
        ("PCR001", line, column, "unexpected `given`; expected `en`, `zh`, `{`"),
    ]


def test_an_unknown_allocation_method_still_checks_the_formulas():
    text = edit(ALLOC, ("by mass {", "by volume {"), ("coproduct clinker = clinker_sold", "coproduct clinker = clinker_sol"))
    got = [(d.code, d.message, d.help) for d in diagnose(text)]
    assert got == [
        ("PCR601", "unknown allocation method `volume`", None),
        ("PCR201", "unknown name `clinker_sol`", "did you mean `clinker_sold`?"),
        ("PCR-W01", "input `clinker_sold` is never used", None),
    ]


# ---- no crash on hostile input ------------------------------------------------------------


# (formulas nested thousands deep are test_robustness.py's: the compiler reports them as PCR006)
@pytest.mark.parametrize("formula, code", [
    ("1e99999999999", "PCR004"),  # would take forever as an exact fraction
    ("1" * 5000, "PCR004"),  # more digits than Python converts to an int
])
def test_hostile_formulas_give_diagnostics_not_exceptions(formula, code):
    text = CEMENT + f"\nquantity q: 1 = {formula}\n"
    diagnostics = diagnose(text)
    assert code in {d.code for d in diagnostics}
    assert all(d.span.line >= 1 for d in diagnostics)


def test_a_huge_share_does_not_overflow_the_message():
    shares = "by fixed {\n  product cement = 1e300 * 1e300\n  coproduct clinker = 0.5\n"
    d = next(d for d in diagnose(edit(ALLOC, (MASS_ITEMS, shares))) if d.code == "PCR602")
    assert d.message == "the fixed shares of `kiln_split` sum to more than 1e308, not 1"


# ---- warnings -----------------------------------------------------------------------------


def test_warnings_are_not_errors():
    # PCR-W07 (a value the rule itself marks unverified) is a note: it never fails a check. The
    # publication checks (PCR130-PCR149, docs/design/publication-fields.md) number their warnings
    # and note in their own series.
    publication = {"PCR133", "PCR138", "PCR140", "PCR141", "PCR143", "PCR144"}
    assert {c for c, (severity, _, _) in CATALOGUE.items() if severity in ("warning", "note")} == {
        c for c in CATALOGUE if c.startswith("PCR-W")} | publication
    assert CATALOGUE["PCR-W07"][0] == "note"
    for case in CASES:
        for d in diagnose(case.text):
            assert d.is_error == (not d.code.startswith("PCR-W")), d
            expected = "error" if not d.code.startswith("PCR-W") else ("note" if d.code == "PCR-W07" else "warning")
            assert d.severity == expected


def test_a_ruleset_with_only_warnings_still_gives_a_model():
    text = edit(CEMENT, ('geography "CN" vintage 2022', 'geography "CN" vintage 2022 unverified'))
    model, diagnostics = check(parse_text(text, "t.pcr")[0])
    assert [d.code for d in diagnostics] == ["PCR-W07"]
    assert not diagnostics[0].is_error
    assert model is not None


def test_an_error_gives_no_model():
    model, diagnostics = check(parse_text(edit(CEMENT, ("gwp AR6", "gwp AR7")), "t.pcr")[0])
    assert model is None and diagnostics[0].is_error


# ---- rendering ----------------------------------------------------------------------------


def test_render_unknown_name_with_suggestion():
    text = edit(CEMENT, ("  clinker_output * (cao_content", "  clinker_outptu * (cao_content"))
    d = next(d for d in diagnose(text) if d.code == "PCR201")
    line = at(text, "clinker_outptu")[0]
    assert line == 60
    assert render(d, text) == (
        "error[PCR201]: unknown name `clinker_outptu`\n"
        "  --> t.pcr:60:3\n"
        "   |\n"
        "60 |   clinker_outptu * (cao_content * co2_per_cao + mgo_content * co2_per_mgo)\n"
        "   |   ^^^^^^^^^^^^^^\n"
        "  = unknown name; help: did you mean `clinker_output`?"
    )


def test_render_syntax_error():
    text = edit(CEMENT, ("input coal: t in [0, 1e9]", "input coal: t in [0 1e9]"))
    [d] = diagnose(text)
    assert at(text, "1e9", "[0 1e9]") == (35, 21, 24)
    assert render(d, text) == (
        "error[PCR001]: unexpected `1e9`; expected `,`\n"
        "  --> t.pcr:35:21\n"
        "   |\n"
        '35 | input coal: t in [0 1e9] primary zh "窑用燃煤消耗量" en "Coal burnt in the kiln"\n'
        "   |                     ^^^\n"
        "  = syntax error; help: check the declaration against the language reference"
    )


def test_render_warning_with_a_three_digit_line():
    text = edit(CEMENT, ("expect stage production = 718.5334286", "expect stage produce = 718.5334286"))
    [d] = diagnose(text)
    assert at(text, "produce", "stage produce") == (104, 16, 23)
    assert render(d, text) == (
        "error[PCR904]: unknown stage `produce`\n"
        "  --> t.pcr:104:16\n"
        "    |\n"
        "104 |   expect stage produce = 718.5334286 kgCO2e within 0.0001 %\n"
        "    |                ^^^^^^^\n"
        "  = example expects an unknown target; help: did you mean `production`?"
    )
    warning = diagnose(edit(CEMENT, ('geography "CN" vintage 2022', 'geography "CN" vintage 2022 unverified')))[0]
    assert render(warning, None) == (
        "note[PCR-W07]: factor `grid_2022` is marked unverified\n"
        "  --> t.pcr:53:8\n"
        "  = unverified factor; help: check the value in a primary source and remove `unverified`"
    )


def test_render_carets_under_chinese_text_take_two_columns_per_character():
    text = edit(CEMENT, ("declared_unit 1 t", "declared_unit 0 t"))
    [d] = diagnose(text)
    # the span `0 t zh "1 吨水泥" en "one tonne of cement"` has 39 characters, 3 of them
    # (吨水泥) double-width in a terminal: 42 carets
    assert render(d, text).splitlines()[3:5] == [
        '12 |   declared_unit 0 t zh "1 吨水泥" en "one tonne of cement"',
        "   |                 " + "^" * 42,
    ]


# ---- machine-readable form ----------------------------------------------------------------


def test_as_dict_and_json():
    text = edit(CEMENT, ("status draft", "status drafty"))
    [d] = diagnose(text)
    expected = {
        "code": "PCR105",
        "severity": "error",
        "title": "unknown status",
        "message": "unknown status `drafty`",
        "span": {"file": "t.pcr", "line": 6, "column": 10, "end_line": 6, "end_column": 16},
        "help": "did you mean `draft`?",
    }
    assert at(text, "drafty") == (6, 10, 16)
    assert d.as_dict() == expected
    assert json.loads(to_json([d])) == [expected]
    # without a per-occurrence help, the catalogue's help is given
    [w] = diagnose(edit(CEMENT, ('geography "CN" vintage 2022', 'geography "CN" vintage 2022 unverified')))
    assert w.as_dict()["help"] == CATALOGUE["PCR-W07"][2]
    assert w.as_dict()["severity"] == "note"  # PCR-W07 is a note
    # Chinese text stays readable in the JSON
    [t] = diagnose(edit(CEMENT, ('example "typical plant"', 'example "典型水泥厂"'),
                        ('example "diesel cut off"', 'example "典型水泥厂"')))
    assert t.code == "PCR909" and 'a second example titled \\"典型水泥厂\\"' in to_json([t])
