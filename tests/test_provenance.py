"""Data provenance: factors say whether they are primary (supplier-specific) or secondary (a
database dataset, with its database and dataset), a table's provenance column says it per row,
and every result reports the primary data share. Expected values are hand calculations."""
from __future__ import annotations

import pytest

from pcrlang.compiler import compile_text

from helpers import HEADER, compile_body, interpret, load_calculator

RULE = '''keys data_kinds { primary zh "初级" en "Primary", secondary zh "次级" en "Secondary" }
input materials: rows zh "物料清单" en "Bill of materials" {
  column name: text key zh "物料" en "Material"
  column mass: t in [0, 1e9] flow zh "消耗量" en "Quantity"
  column footprint: kgCO2e/kg in [0, 1000] zh "碳足迹" en "Footprint"
  column data: data_kinds provenance default "secondary" source "Rule default" zh "数据类型" en "Data kind"
}
input fuel: t in [0, 1e6] flow zh "燃料" en "Fuel"
input electricity: kWh in [0, 1e9] zh "用电" en "Electricity"
factor fuel_ef: tCO2/t = 3 source "IPCC 2006 Vol. 2" zh "燃料因子" en "Fuel factor"
factor grid: kgCO2e/kWh = 0.6205 secondary database "MEE electricity footprint factors" version "2023"
  dataset "national average" source "MEE, NBS, NEA 2025" zh "电网因子" en "Grid factor"
emission upstream in raw.mining for m in materials, gas CO2e, fossil zh "物料上游" en "Upstream" =
  m.mass * m.footprint
emission burn in make.smelting, gas CO2, fossil zh "燃烧" en "Burning" = fuel * fuel_ef
emission power in make.casting, gas CO2e, fossil zh "用电" en "Power" = electricity * grid
'''
INPUTS = {"output": 1, "fuel": 1, "electricity": 10000,
          "materials": [{"name": "steel", "mass": 2, "footprint": 2, "data": "primary"},
                        {"name": "glass", "mass": 1, "footprint": 1}]}


def test_the_primary_data_share_counts_measured_data_and_no_secondary_dataset():
    c = compile_body(RULE)
    r = interpret(c, INPUTS)
    # steel 2 t x 2 kg/kg = 4 000 kg (primary row); glass 1 t x 1 kg/kg = 1 000 kg (its data kind takes
    # the default, secondary); fuel 1 t x 3 t/t = 3 000 kg (measured, emission factor: primary);
    # electricity 10 000 kWh x 0.6205 = 6 205 kg (a secondary dataset). Primary: 4 000 + 3 000 = 7 000
    # of 14 205 kg = 49.2784...%
    assert r["total"] == pytest.approx(14205)
    assert r["data"]["primary_data_share_percent"] == pytest.approx(7000 / 14205 * 100)
    assert load_calculator(c).calculate(INPUTS)["data"]["primary_data_share_percent"] == \
        pytest.approx(7000 / 14205 * 100, rel=1e-12)


def test_a_default_or_an_estimate_makes_data_secondary():
    c = compile_body(RULE + "cutoff {\n  per_flow < 50 % by emissions\n}\n")
    inputs = dict(INPUTS, fuel={"cut_off": 1})
    r = interpret(c, inputs)
    # the fuel is left out (an estimate): 4 000 primary of 4 000 + 1 000 + 6 205 = 11 205 kg
    assert r["data"]["primary_data_share_percent"] == pytest.approx(4000 / 11205 * 100)


def test_provenance_is_in_the_ir_and_the_document():
    from pcrlang.backends import document
    c = compile_body(RULE)
    (grid,) = [f for f in c.ruleset.factors if f.name == "grid"]
    assert (grid.provenance, grid.database, grid.database_version, grid.dataset) == \
        ("secondary", "MEE electricity footprint factors", "2023", "national average")
    md = document.render(c.ruleset, c.fingerprint, "en")["index.md"]
    assert "secondary data (a database dataset)" in md and "MEE electricity footprint factors 2023" in md


@pytest.mark.parametrize("body, code, message", [
    ('factor f: tCO2/t = 1 primary database "CLCD" source "x" zh "a" en "b"\n', "PCR818",
     "factor `f` names a database: a database dataset is secondary data"),
    ('factor f: tCO2/t = 1 secondary dataset "x" source "x" zh "a" en "b"\n', "PCR818",
     "factor `f` names a dataset but not its database"),
    ('input t1: rows zh "a" en "b" {\n  column a: t provenance zh "a" en "b"\n}\n', "PCR819",
     "column `a` of `t1` says which data are primary: it must be a column of keys `primary` and `secondary`"),
])
def test_provenance_mistakes_are_diagnostics(body, code, message):
    c = compile_text(HEADER + body, "test.pcr", run_examples=False)
    assert (code, message) in [(d.code, d.message) for d in c.diagnostics]
