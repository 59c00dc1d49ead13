"""The ruleset library: every rule and library checks with no errors and no warnings (notes for
values the rule itself marks unverified are allowed), and every rule has worked examples,
including an edge case, that pass through the reference interpreter (`pcr check` runs them).
The calculators' agreement with the interpreter is tested in test_differential.py."""
from pathlib import Path

import pytest

from pcrlang.compiler import compile_file

from helpers import ROOT, RULESETS

LIBRARIES = sorted((ROOT / "pcrlang" / "stdlib").glob("*.pcr"))  # the standard library
FIRST_LIST = ["steel_bof", "steel_eaf", "ferroalloy", "ethylene", "copper", "lead_ingot", "zinc_ingot",
              "industrial_silicon", "cement", "lime", "flat_glass", "building_ceramics", "sanitary_ceramics",
              "lithium_ion_battery", "mobile_phone"]
PILOTS = ["pv_module", "aluminium", "textile_fabric"]
FOREIGN = ["eu_ev_battery"]


def test_the_library_covers_the_first_list_the_pilots_and_the_eu_battery():
    shipped = {p.stem for p in RULESETS}
    assert set(FIRST_LIST + PILOTS + FOREIGN) <= shipped


@pytest.mark.parametrize("path", RULESETS + LIBRARIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_checks_clean(path: Path):
    c = compile_file(str(path))
    problems = [f"{d.code} {d.message}" for d in c.diagnostics if d.is_error or d.is_warning]
    assert c.ok and not problems, problems


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_has_examples_and_an_input_file(path: Path):
    c = compile_file(str(path))
    assert len(c.ruleset.examples) >= 3
    assert (ROOT / "rulesets" / "inputs" / f"{path.stem}.json").is_file()
    assert c.ruleset.title.zh and c.ruleset.title.en


def test_the_eu_battery_rule_is_a_draft_with_a_derived_functional_unit():
    rs = compile_file(str(ROOT / "rulesets" / "eu_ev_battery.pcr")).ruleset
    assert rs.status == "draft"
    assert rs.production is None and rs.production_formula is not None  # capacity x cycles x years
    assert rs.recyclings and rs.declared_unit == "kWh"
