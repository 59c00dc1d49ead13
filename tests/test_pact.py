"""PACT v3: every shipped ruleset's results as ProductFootprints valid under the official schema
(../shared/pact/openapi-v3.yaml, read where the project keeps it, not copied: see
pcrlang/backends/pact/official.py), the mapping field by field, META and its errors, and the
checks of a received footprint (tampered figures, disagreement with the rule)."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from helpers import ROOT, RULESETS, compile_body
from pcrlang.backends import pact
from pcrlang.backends.pact import numbers, official
from pcrlang.backends.pact.validate import validate
from pcrlang.compiler import compile_file
from pcrlang.core.spec import givens
from pcrlang.interpret import calculate, to_json_numbers
from pcrlang.semantics.runtime import example_inputs

INPUTS = ROOT / "rulesets" / "inputs"
META = json.loads((INPUTS / "pact_meta.json").read_text(encoding="utf-8"))
# the test rules (helpers.HEADER) cite no standard: META names it
TEST_META = pact.merge_meta([META, {"pcf": {"crossSectoralStandards": ["ISO14067"]}}])


def schema_path() -> Path:
    try:
        return official.locate()
    except official.SchemaUnavailable as error:  # the official schema is the test's reference: fail, not skip
        pytest.fail(f"{error}; the PACT tests check against ../shared/pact/openapi-v3.yaml")


def meta_for(name: str) -> dict:
    extra = INPUTS / f"pact_meta.{name}.json"
    parts = [META] + ([json.loads(extra.read_text(encoding="utf-8"))] if extra.exists() else [])
    return pact.merge_meta(parts)


_COMPILED: dict = {}


def compiled(name: str):
    if name not in _COMPILED:
        _COMPILED[name] = compile_file(str(ROOT / "rulesets" / f"{name}.pcr"), run_examples=False)
    return _COMPILED[name]


def footprint_of(name: str, raw=None, meta=None, **kw):
    c = compiled(name)
    raw = raw if raw is not None else json.loads((INPUTS / f"{name}.json").read_text(encoding="utf-8"))
    result = calculate(c.ruleset, raw, c.fingerprint)
    return pact.build(c.ruleset, c.fingerprint, result, meta_for(name) if meta is None else meta, raw, **kw), result


def errors(report):
    return [f for f in report.findings if f.severity == "error"]


# ---- every shipped ruleset -------------------------------------------------------------------------
@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_every_shipped_ruleset_gives_footprints_the_official_schema_accepts(path):
    schema = schema_path()
    c = compiled(path.stem)
    cases = [json.loads((INPUTS / f"{path.stem}.json").read_text(encoding="utf-8"))]
    cases += [example_inputs(givens(e.givens)) for e in c.ruleset.examples]
    for raw in cases:
        result = calculate(c.ruleset, raw, c.fingerprint)
        doc = pact.build(c.ruleset, c.fingerprint, result, meta_for(path.stem), raw).document
        assert official.errors(doc, schema) == []
        report = validate(doc, schema, c.ruleset)
        assert errors(report) == [], report.findings
        for key, value in doc["pcf"].items():  # decimal strings, never exponents
            if isinstance(value, str) and any(ch.isdigit() for ch in value) and key.endswith(
                    ("Emissions", "Uptake", "Percent", "Share", "Content")):
                assert numbers.DECIMAL.match(value), (key, value)
        if c.ruleset.boundary_kind == "cradle_to_gate" and "pcrlang" not in meta_for(path.stem):  # the whole result
            assert Fraction(doc["pcf"]["pcfIncludingBiogenicUptake"]) == numbers.to_fraction(
                numbers.decimal_string(result["total"]))


def test_official_examples_three_and_four_pass_and_one_and_two_do_not_add_up():
    schema = schema_path()
    examples = ROOT.parent / "shared" / "pact" / "examples"
    examples = examples if examples.is_dir() else schema.parent / "examples"
    for k in (3, 4):
        doc = json.loads((examples / f"example-{k}.json").read_text(encoding="utf-8"))
        assert validate(doc, schema).ok
    for k in (1, 2):
        doc = json.loads((examples / f"example-{k}.json").read_text(encoding="utf-8"))
        report = validate(doc, schema)
        assert any(f.field == "pcf.pcfExcludingBiogenicUptake" and f.check == "consistency" for f in report.findings)
    # example 1: 0.35 + 0 + 0.004 + 0 + 0.002 = 0.356, not 0.384 (as domain-facts.md notes)
    message = next(f.message for f in validate(json.loads((examples / "example-1.json").read_text()), schema).findings
                   if f.field == "pcf.pcfExcludingBiogenicUptake")
    assert "= 0.356 " in message and "differs by 0.028" in message


# ---- the mapping, field by field ---------------------------------------------------------------------
# Each assertion below cites the section of the PACT Methodology v3 that defines the field, as the
# official schema's `x-methodology` gives it (openapi-v3.yaml, CarbonFootprint/ProductFootprint);
# fields the Methodology does not treat cite the Technical Specifications' data type instead.
# test_the_cited_sections_are_the_official_schemas checks these citations against the schema.
SECTION = {
    "declaredUnitOfMeasurement": "3.2.4", "declaredUnitAmount": "3.2.4", "productMassPerDeclaredUnit": "3.2.4",
    "referencePeriodStart": "3.2.3", "referencePeriodEnd": "3.2.3", "geographyCountry": "3.2.3",
    "boundaryProcessesDescription": "3.2", "pcfExcludingBiogenicUptake": "3.3.1",
    "pcfIncludingBiogenicUptake": "3.3.1", "fossilCarbonContent": "3.3.2.4", "biogenicCarbonContent": "3.3.2.4",
    "fossilGhgEmissions": "3.3.2.4", "landUseChangeGhgEmissions": "3.3.2.4", "biogenicCO2Uptake": "3.3.2.4",
    "aircraftGhgEmissions": "3.3.2.1", "packagingEmissionsIncluded": "3.3.1.1", "packagingGhgEmissions": "3.3.1.1",
    "outboundLogisticsGhgEmissions": "3.3.2.1", "ccsTechnologicalCO2CaptureIncluded": "3.3.2.5",
    "ipccCharacterizationFactors": "3.2.2", "crossSectoralStandards": "3.1.2", "productOrSectorSpecificRules": "3.1.2",
    "exemptedEmissionsPercent": "3.3.1.2", "exemptedEmissionsDescription": "3.3.1.2", "primaryDataShare": "4.2.2",
    "dqi": "4.2.3",
}


def test_the_cited_sections_are_the_official_schemas():
    import yaml
    schema = yaml.safe_load(schema_path().read_text(encoding="utf-8"))["components"]["schemas"]["CarbonFootprint"]
    for field, section in SECTION.items():
        assert str(schema["properties"][field]["x-methodology"]).strip() == section, field


def test_cement_field_by_field():
    fp, result = footprint_of("cement")
    doc = fp.document
    pcf = doc["pcf"]
    # Tech Spec, ProductFootprint: specVersion is the version of the specification written; status Active or Deprecated
    assert doc["specVersion"] == "3.0.3" and doc["status"] == "Active"
    # Methodology 3.2.4 (declaredUnitOfMeasurement, declaredUnitAmount, productMassPerDeclaredUnit): the rule's
    # declared unit 1 t is 1000 kilogram, and a product declared by mass weighs its declared amount
    assert (pcf["declaredUnitOfMeasurement"], pcf["declaredUnitAmount"], pcf["productMassPerDeclaredUnit"]) == \
        ("kilogram", "1000", "1000")
    # Methodology 3.3.1 (pcfExcludingBiogenicUptake, pcfIncludingBiogenicUptake): the hand calculation of the
    # cement example 1 (rulesets/cement.pcr) is 736.1315524 kg CO2e per tonne: calcination 810 t x
    # [(0.65 - 0.01) x 44/56 + (0.02 - 0.005) x 44/40] = 420.6792857 t, raw-meal carbon 1 250 t x 0.002 x 44/12
    # = 9.1666667 t, coal 100 t x 25.8 GJ/t x 94 600 kg/TJ = 244.068 t, power 90 000 kWh x 0.6205 = 55.845 t,
    # diesel 2 t x 43 GJ/t x 74 100 kg/TJ = 6.3726 t; 736 131.5524 kg / 1 000 t; all fossil, no biogenic uptake;
    # 6 decimals half up
    assert pcf["pcfExcludingBiogenicUptake"] == pcf["pcfIncludingBiogenicUptake"] == "736.131552"
    # Methodology 3.3.2.4 (fossilGhgEmissions): every contribution of the cement rule is fossil
    assert pcf["fossilGhgEmissions"] == "736.131552"
    # 3.3.2.4 (biogenicCO2Uptake, landUseChangeGhgEmissions) and 3.3.2.1 (aircraftGhgEmissions): "0 if not
    # applicable" (the schema's x-rule BIO): the rule has no biogenic, land-use or air-freight contribution
    assert pcf["biogenicCO2Uptake"] == pcf["landUseChangeGhgEmissions"] == pcf["aircraftGhgEmissions"] == "0.000000"
    # Methodology 3.2.2 (ipccCharacterizationFactors): the rule's GWP set, IPCC AR6
    assert pcf["ipccCharacterizationFactors"] == ["AR6"]
    # Methodology 3.1.2 (crossSectoralStandards): from the rule's normative references GB/T 24067—2024, ISO 14067:2018
    assert pcf["crossSectoralStandards"] == ["ISO14067"]
    # Methodology 3.1.2 (productOrSectorSpecificRules): the ruleset's identifier and version, its issuer as operator
    assert pcf["productOrSectorSpecificRules"] == [{"operator": "Other", "ruleNames": ["PCRLANG-CEMENT-001 1.0.0"],
                                                    "otherOperatorName": "pcrlang example library"}]
    # Methodology 3.3.1.2 (exemptedEmissionsPercent): nothing cut off in these inputs
    assert pcf["exemptedEmissionsPercent"] == "0.000000"
    # Methodology 3.3.1.1 (packagingEmissionsIncluded, packagingGhgEmissions): the rule counts no packaging
    assert pcf["packagingEmissionsIncluded"] is False and "packagingGhgEmissions" not in pcf
    # Methodology 3.3.2.5 (ccsTechnologicalCO2CaptureIncluded): a pcrlang rule counts no CCS
    assert pcf["ccsTechnologicalCO2CaptureIncluded"] is False
    # Methodology 3.2.3 (referencePeriodStart/End): META's year 2024; the end is exclusive in PACT
    assert (pcf["referencePeriodStart"], pcf["referencePeriodEnd"]) == ("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
    # 3.2.3 (geographyCountry) and 3.3.2.4 (fossilCarbonContent): from META, as given
    assert pcf["geographyCountry"] == "CN" and pcf["fossilCarbonContent"] == "0"
    # Methodology 3.2 (boundaryProcessesDescription): the rule's stages and processes
    assert "Clinker burning" in pcf["boundaryProcessesDescription"]
    # Methodology 4.2.2 (primaryDataShare, SHALL): the share of emissions from measured data and no secondary
    # dataset; kiln_coal uses the default coal_ncv and the IPCC factor, the power the life-cycle factor, the diesel
    # the IPCC factors, all secondary; calcination and raw-meal carbon are primary:
    # (420.6792857 + 9.1666667) / 736.1315524 = 429.8459524 / 736.1315524 = 58.392546 %
    assert pcf["primaryDataShare"] == "58.392546" and not any("primaryDataShare" in w for w in fp.warnings)
    # secondaryEmissionFactorSources: the databases the rule's secondary factors name
    assert [s["name"] for s in pcf["secondaryEmissionFactorSources"]] == [
        "IPCC 2006 Guidelines for National Greenhouse Gas Inventories", "MEE, NBS and NEA electricity carbon footprint factors"]
    # Tech Spec, ProductFootprint.comment (SHOULD): how it was calculated, with the rule's fingerprint
    assert doc["comment"].startswith("Calculated with pcrlang") and result["ruleset"]["fingerprint"] in doc["comment"]
    # Tech Spec, ProductFootprint.companyName and productIds: from META
    assert doc["companyName"] == META["companyName"] and doc["productIds"] == META["productIds"]


def test_the_same_result_gives_the_same_bytes_and_id():
    a, _ = footprint_of("cement")
    b, _ = footprint_of("cement")
    assert json.dumps(a.document) == json.dumps(b.document)
    other, _ = footprint_of("cement", meta=pact.merge_meta([META, {"productNameCompany": "Other"}]))
    assert other.document["id"] != a.document["id"]
    given, _ = footprint_of("cement", meta=pact.merge_meta([META, {"id": "f4b1225a-bd44-4c8e-861d-079e4e1dfd69"}]))
    assert given.document["id"] == "f4b1225a-bd44-4c8e-861d-079e4e1dfd69"


def test_cut_off_flow_gives_exempted_percent_and_description():
    raw = json.loads((INPUTS / "cement.json").read_text())
    raw["quarry_diesel"] = {"cut_off": 2}
    fp, result = footprint_of("cement", raw=raw)
    pcf = fp.document["pcf"]
    expected = numbers.decimal_string(result["cutoff"]["exempted_emissions_percent"])
    # Methodology 3.3.1.2 (exemptedEmissionsPercent, exemptedEmissionsDescription): the share left out, and which
    assert pcf["exemptedEmissionsPercent"] == expected and expected != "0.000000"
    # diesel 2 t x 43 GJ/t x 74.1 kg/TJ... = 6.3726 kg of 736.1315524 kg (example 1 of rulesets/cement.pcr): 0.866 %
    assert Fraction(expected) == pytest.approx(Fraction(63726, 10000) / Fraction("736.1315523809523810") * 100, 1e-6)
    assert "quarry_diesel" in pcf["exemptedEmissionsDescription"] and "5 % by emissions" in \
        pcf["exemptedEmissionsDescription"]


def test_biogenic_silicon_nets_uptake_and_textile_reports_carbon_content():
    fp, result = footprint_of("industrial_silicon")
    pcf = fp.document["pcf"]
    # Methodology 3.3.2.4 (biogenicCO2Uptake): the wood's uptake (-1013.73) and its CO2 in reduction (+1013.73)
    # net to no uptake at the gate
    assert pcf["biogenicCO2Uptake"] == "0.000000"
    assert pcf["pcfExcludingBiogenicUptake"] == pcf["fossilGhgEmissions"] == numbers.decimal_string(result["total"])
    fp, result = footprint_of("textile_fabric")
    # Methodology 3.3.2.4 (biogenicCarbonContent, kg C per declared unit): the rule's declared carbon content
    assert fp.document["pcf"]["biogenicCarbonContent"] == numbers.decimal_string(
        result["separately_reported"]["biogenic_carbon_content_kgC"]) == "0.266667"


def test_cradle_to_grave_rule_keeps_the_gate_and_reports_distribution_as_outbound_logistics():
    fp, result = footprint_of("mobile_phone")
    pcf, by_stage = fp.document["pcf"], result["by_stage"]
    gate = by_stage["components"] + by_stage["assembly"]
    # Methodology 3.2.3 / 3.3.1 (pcfIncludingBiogenicUptake): PACT is cradle to gate, so the gate stages only;
    # by hand (rulesets/mobile_phone.pcr, example 1): components 49.73 + assembly 3.2725 = 53.0025
    assert pcf["pcfIncludingBiogenicUptake"] == numbers.decimal_string(gate) == "53.002500"
    # Methodology 3.3.2.1 (outboundLogisticsGhgEmissions): the distribution stage, reported beside the PCF;
    # by hand: (220 t x 8 000 km x 0.57 + 220 t x 300 km x 0.0903) / 1 000 000 = 1.0091598
    assert pcf["outboundLogisticsGhgEmissions"] == numbers.decimal_string(by_stage["distribution"]) == "1.009160"
    # Methodology 3.3.2.1 (aircraftGhgEmissions): inbound air freight; outbound air is in distribution;
    # by hand: 200 t x 1 000 km x 0.57 kg CO2/t·km (freight.pcr, long-haul air) / 1 000 000 = 0.114
    assert pcf["aircraftGhgEmissions"] == "0.114000"
    # Methodology 3.3.1.1 (packagingGhgEmissions, packagingEmissionsIncluded): the contributions marked packaging
    assert pcf["packagingGhgEmissions"] == "0.170000" and pcf["packagingEmissionsIncluded"] is True
    # Methodology 3.2.4 (productMassPerDeclaredUnit): META binds the input phone_mass, 0.2 kg per piece
    assert pcf["productMassPerDeclaredUnit"] == "0.200000"
    assert "use 7.446000, end_of_life 0.060000" in fp.document["comment"]


def test_a_declared_unit_without_pact_unit_is_converted_through_meta():
    fp, result = footprint_of("pv_module")
    pcf = fp.document["pcf"]
    # Methodology 3.2.4 (declaredUnitOfMeasurement): kW is no PACT unit; META declares per piece, and one module
    # is 550 W = 0.55 kW, so a piece carries 0.55 of the rule's declared unit
    assert (pcf["declaredUnitOfMeasurement"], pcf["declaredUnitAmount"]) == ("piece", "1")
    assert pcf["pcfIncludingBiogenicUptake"] == numbers.decimal_string(result["total"] * Fraction(55, 100))
    with pytest.raises(pact.PactError) as e:
        footprint_of("pv_module", meta=META)
    assert [p.field for p in e.value.problems] == ["pcf.declaredUnitOfMeasurement"]
    assert "has no PACT unit" in e.value.problems[0].message and "META.pcrlang.declaredUnit" in str(e.value)


def test_meta_may_restate_a_mass_declared_unit_per_kilogram():
    meta = pact.merge_meta([META, {"pcrlang": {"declaredUnit": {"unit": "kilogram", "amount": "1"}}}])
    fp, result = footprint_of("cement", meta=meta)
    pcf = fp.document["pcf"]
    assert (pcf["declaredUnitAmount"], pcf["productMassPerDeclaredUnit"]) == ("1", "1")
    assert pcf["fossilGhgEmissions"] == numbers.decimal_string(result["total"] / 1000) == "0.736132"  # 736.1315524 / 1000
    report = validate(fp.document, None, compiled("cement").ruleset)
    assert report.ok and any(f.field == "pcf.declaredUnitAmount" for f in report.findings)  # a warning


def test_rule_rounding_sets_the_decimals():
    body = '''
input coal: t in [0, 1e6] primary zh "煤" en "Coal"
factor ef: tCO2/t = 2.5 source "test" zh "因子" en "Factor"
emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * ef
grading zh "等级" en "Classes" {
  round to 2 decimals half_even
  class A <= 100 kgCO2e zh "一级" en "A"
  class B otherwise zh "二级" en "B"
}
'''
    c = compile_body(body)
    raw = {"output": 3, "coal": 1}  # 2500 kg / 3 t = 833.333... kg per tonne
    result = calculate(c.ruleset, raw, c.fingerprint)
    doc = pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw).document
    assert doc["pcf"]["fossilGhgEmissions"] == "833.33" and doc["pcf"]["exemptedEmissionsPercent"] == "0.00"
    assert pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw, decimals=4).document["pcf"][
        "fossilGhgEmissions"] == "833.3333"
    with pytest.raises(pact.PactError, match="decimals: must be a whole number"):
        pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw, decimals=-1)


def test_numbers_are_decimal_strings_from_exact_values():
    assert numbers.decimal_string(Fraction(1, 100000)) == numbers.decimal_string(1e-05) == "0.000010"
    assert numbers.decimal_string(-0.0) == "0.000000" and numbers.decimal_string(Fraction(-1, 3)) == "-0.333333"
    assert numbers.decimal_string(Fraction(1, 2000000)) == "0.000001"  # half up, away from zero
    assert numbers.decimal_string(1e20, 0) == "100000000000000000000"
    assert numbers.exact_decimal_string(Fraction(11, 20)) == "0.55" and numbers.exact_decimal_string(1000) == "1000"


def test_data_quality_indicators_from_the_inputs_scores():
    body = '''
input coal: t in [0, 1e6] primary zh "煤" en "Coal"
input power: kWh in [0, 1e9] primary zh "电" en "Power"
factor coal_ef: tCO2/t = 2 source "test" zh "煤因子" en "Coal factor"
factor grid: kgCO2/kWh = 0.5 source "test" zh "电网" en "Grid"
emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * coal_ef
emission electric in make.casting, gas CO2, fossil zh "电力" en "Power" = power * grid
data_quality pef zh "PEF 数据质量评级" en "PEF data quality rating" {
  criteria TeR, GR, TiR, P in [1, 5]
  rating = (TeR + GR + TiR + P) / 4
  level good <= 3.0
  level poor otherwise
}
'''
    c = compile_body(body)
    q = lambda *s: dict(zip(("TeR", "GR", "TiR", "P"), s))
    raw = {"output": 1, "coal": {"value": 1, "quality": q(1, 2, 3, 2)}, "power": {"value": 2000, "quality": q(3, 3, 1, 5)}}
    result = calculate(c.ruleset, raw, c.fingerprint)
    doc = pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw).document
    # Methodology 4.2.3 (dqi: technologicalDQR, geographicalDQR, temporalDQR), emission-weighted:
    # coal 2000 kg, power 1000 kg: TeR (2000 x 1 + 1000 x 3) / 3000 = 1.666667; GR 7000/3000; TiR 7000/3000
    assert doc["pcf"]["dqi"] == {"technologicalDQR": "1.666667", "geographicalDQR": "2.333333",
                                 "temporalDQR": "2.333333"}
    # Methodology 4.2.2 (primaryDataShare): both inputs are primary, so 100 %
    assert doc["pcf"]["primaryDataShare"] == "100.000000"
    assert official.errors(doc, schema_path()) == []


PERIOD_BODY = '''input period_start: date zh "核算期起" en "Start of the period"
input period_end: date zh "核算期止" en "End of the period"
input electricity: kWh in [0, 1e9] zh "用电" en "Electricity"
input coal: t in [0, 1e6] default 1 source "test default" zh "煤" en "Coal"
factor grid: kgCO2/kWh source "MEE and NBS" zh "电网" en "Grid" {
  from "2022-01-01" to "2022-12-31" = 0.5366
  from "2023-01-01" to "2023-12-31" = 0.5306
}
factor coal_ef: tCO2/t = 2 source "test" zh "煤因子" en "Coal factor"
emission power in make.smelting, gas CO2, fossil zh "用电" en "Power" = electricity * grid
emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * coal_ef
'''


def test_the_reference_period_the_inputs_give_and_the_primary_share_of_the_result():
    from helpers import HEADER
    header = HEADER.replace("  production output\n", "  production output\n  period period_start to period_end\n")
    c = compile_body(PERIOD_BODY, header)
    raw = {"output": 1, "electricity": 1000, "period_start": "2023-01-01", "period_end": "2023-12-31"}
    result = calculate(c.ruleset, raw, c.fingerprint)
    meta = pact.merge_meta([TEST_META, {"pcf": {"primaryDataShare": "10"}}])
    fp = pact.build(c.ruleset, c.fingerprint, result, meta, raw)
    pcf = fp.document["pcf"]
    # Methodology 3.2.3 (referencePeriodStart/End): the inputs' year 2023; PACT's end is exclusive, so the last
    # day 2023-12-31 ends at 2024-01-01T00:00:00Z; META's period (2024) is not used, and a warning says so
    assert (pcf["referencePeriodStart"], pcf["referencePeriodEnd"]) == ("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
    # Methodology 4.2.2 (primaryDataShare): power 1000 kWh x 0.5306 = 530.6 kg is measured; coal takes its default
    # (1 t x 2 t/t = 2000 kg), so it is secondary: 530.6 / 2530.6 = 20.9673595 %, 20.967360 at 6 decimals;
    # META's 10 is not used
    assert pcf["primaryDataShare"] == "20.967360"
    assert any("referencePeriod" in w for w in fp.warnings) and any("primaryDataShare" in w for w in fp.warnings)
    assert official.errors(fp.document, schema_path()) == []


def test_secondary_datasets_the_footprint_uses_are_its_secondary_emission_factor_sources():
    body = '''
input coal: t in [0, 1e6] primary zh "煤" en "Coal"
input steel: t in [0, 1e6] primary zh "钢" en "Steel"
input slag: t in [0, 1e6] primary zh "渣" en "Slag"
factor coal_ef: tCO2/t = 2 source "test" zh "煤因子" en "Coal factor"
factor steel_ef: tCO2e/t = 1.8 secondary database "CLCD" version "0.8" dataset "steel" source "CLCD"
  zh "钢因子" en "Steel factor"
factor slag_ef: tCO2e/t = 0.1 secondary database "CLCD" version "0.8" dataset "slag" source "CLCD"
  zh "渣因子" en "Slag factor"
emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * coal_ef
emission bought in make.smelting, gas CO2e, fossil zh "外购钢" en "Steel" = steel * steel_ef
emission tipped in make.casting, gas CO2e, fossil zh "渣" en "Slag" = slag * slag_ef
'''
    c = compile_body(body)
    raw = {"output": 1, "coal": 1, "steel": 1, "slag": 1}
    result = calculate(c.ruleset, raw, c.fingerprint)
    meta = pact.merge_meta([TEST_META, {"pcf": {"secondaryEmissionFactorSources": [
        {"name": "ecoinvent", "version": "3.9.1"}, {"name": "CLCD", "version": "0.8"}]}}])
    pcf = pact.build(c.ruleset, c.fingerprint, result, meta, raw).document["pcf"]
    # Methodology 3.2.3 (secondaryEmissionFactorSources, EmissionFactorSource {name, version}): the rule's two
    # CLCD 0.8 datasets give one source, then META's ecoinvent 3.9.1 (its CLCD 0.8 is not repeated)
    assert pcf["secondaryEmissionFactorSources"] == [{"name": "CLCD", "version": "0.8"},
                                                     {"name": "ecoinvent", "version": "3.9.1"}]
    # no secondary dataset and none in META: the field is left out ("If no secondary data is used, this property
    # MUST BE undefined")
    # (the frozen first cement rule, tests/data/cement_v1.pcr, states no provenance)
    v1 = compile_file(str(ROOT / "tests" / "data" / "cement_v1.pcr"), run_examples=False)
    v1_raw = {"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65, "mgo_content": 0.02, "coal": 100,
              "electricity": 90000, "quarry_diesel": 2}
    v1_result = calculate(v1.ruleset, v1_raw, v1.fingerprint)
    assert "secondaryEmissionFactorSources" not in pact.build(v1.ruleset, v1.fingerprint, v1_result, META,
                                                              v1_raw).document["pcf"]
    with pytest.raises(pact.PactError) as e:
        pact.build(c.ruleset, c.fingerprint, result,
                   pact.merge_meta([TEST_META, {"pcf": {"secondaryEmissionFactorSources": [{"name": "x"}]}}]), raw)
    assert [p.field for p in e.value.problems] == ["META.pcf.secondaryEmissionFactorSources"]


def test_an_electricity_block_lists_the_database_of_the_chosen_source_only():
    body = '''
keys answers { yes zh "是" en "Yes", no zh "否" en "No" }
input power: kWh in [0, 1e9] primary zh "电" en "Power"
input has_contract: answers zh "有合同" en "Contract"
factor supplier_ef: kgCO2/kWh = 0.1 kind combustion primary source "supplier" zh "供应商" en "Supplier"
factor grid: kgCO2/kWh = 0.5 kind combustion secondary database "MEE factors" version "2023" source "MEE" zh "电网" en "Grid"
electricity purchased in make.smelting, combustion zh "外购电力" en "Purchased electricity" {
  amount = power
  source supplier_specific when has_contract == "yes" factor supplier_ef zh "供应商" en "Supplier"
  source national_grid factor grid zh "电网" en "Grid"
}
'''
    c = compile_body(body)
    for contract, expected in (("yes", None), ("no", [{"name": "MEE factors", "version": "2023"}])):
        raw = {"output": 1, "power": 1000, "has_contract": contract}
        result = calculate(c.ruleset, raw, c.fingerprint)
        pcf = pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw).document["pcf"]
        # Methodology 3.2.3 (secondaryEmissionFactorSources): the grid's database only when the grid is the source
        assert pcf.get("secondaryEmissionFactorSources") == expected, contract


def test_transport_legs_are_fossil_emissions_of_the_footprint():
    from test_transport import BODY, legs
    c = compile_body(BODY)
    raw = {"output": 10, "legs": legs((100, 200, "road"), (100, 1000, "rail"))}
    result = calculate(c.ruleset, raw, c.fingerprint)
    doc = pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw).document
    # Methodology 3.3.2.1 (transport) and 3.3.2.4 (fossilGhgEmissions): inbound road 1 800 kg + rail 1 000 kg,
    # x 1.3 for empty returns = 3 640 kg / 10 t = 364 kg CO2e per tonne, all fossil (test_transport)
    assert doc["pcf"]["fossilGhgEmissions"] == doc["pcf"]["pcfExcludingBiogenicUptake"] == "364.000000"
    assert doc["pcf"]["aircraftGhgEmissions"] == "0.000000"  # no air leg
    assert official.errors(doc, schema_path()) == []


def test_air_legs_of_a_fossil_transport_block_are_named_in_a_warning():
    from test_transport import BODY, legs
    body = BODY.replace('sea zh "海运" en "Sea" }', 'sea zh "海运" en "Sea", air zh "空运" en "Air" }').replace(
        "  sea = 0.005\n", "  sea = 0.005\n  air = 0.57\n")
    road_and_air = legs((100, 200, "road"), (1, 1000, "air"))
    # Methodology 3.3.2.1 (aircraftGhgEmissions): air 1 t x 1 000 km x 0.57 = 570 kg / 10 t = 57 kg per tonne;
    # road 100 t x 200 km x 0.09 = 1 800 kg / 10 t = 180. A fossil block: both fossil, none reported as aircraft;
    # a block of kind aircraft (its air legs only): 57 kg, fossil and aircraft (aircraft is within fossil)
    for kind, rows, aircraft, fossil in (("fossil", road_and_air, "0.000000", "237.000000"),
                                         ("aircraft", road_and_air[1:], "57.000000", "57.000000")):
        c = compile_body(body.replace("in raw.mining, fossil", f"in raw.mining, {kind}"))
        raw = {"output": 10, "empty_share": 0, "legs": rows}
        result = calculate(c.ruleset, raw, c.fingerprint)
        fp = pact.build(c.ruleset, c.fingerprint, result, TEST_META, raw)
        assert (fp.document["pcf"]["aircraftGhgEmissions"], fp.document["pcf"]["fossilGhgEmissions"]) == \
            (aircraft, fossil)
        assert any("legs by air" in w for w in fp.warnings) == (kind == "fossil")


def test_the_rules_period_comes_before_metas():
    # copper's period is data: rulesets/inputs/copper.json gives "2024-01-01" to "2024-12-31"; PACT's
    # end is exclusive, the first instant after the last day
    fp, _ = footprint_of("copper")
    pcf = fp.document["pcf"]
    assert (pcf["referencePeriodStart"], pcf["referencePeriodEnd"]) == ("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")


# ---- META and its errors ---------------------------------------------------------------------------
def test_missing_mandatory_fields_are_named_with_where_they_come_from():
    c = compiled("cement")
    raw = json.loads((INPUTS / "cement.json").read_text())
    result = calculate(c.ruleset, raw, c.fingerprint)
    with pytest.raises(pact.PactError) as e:
        pact.build(c.ruleset, c.fingerprint, result, {}, raw)
    fields = [p.field for p in e.value.problems]
    assert fields == ["pcf.referencePeriodStart", "pcf.fossilCarbonContent", "created", "companyName", "companyIds",
                      "productIds", "productNameCompany"]
    assert all("META" in p.message for p in e.value.problems)
    meta = copy.deepcopy(META)
    del meta["pcf"]["fossilCarbonContent"]
    with pytest.raises(pact.PactError) as e:
        pact.build(c.ruleset, c.fingerprint, result, meta, raw)
    (problem,) = e.value.problems
    assert problem.field == "pcf.fossilCarbonContent" and "META.pcf.fossilCarbonContent" in problem.message


@pytest.mark.parametrize("change, field, words", [
    ({"pcf": {"pcfExcludingBiogenicUptake": "1"}}, "META.pcf.pcfExcludingBiogenicUptake", "comes from the rule"),
    ({"pcf": {"technologicalCO2Removals": "-1"}}, "META.pcf.technologicalCO2Removals", "no such contribution"),
    ({"companyname": "x"}, "META.companyname", "is not a field META may give"),
    ({"geographyCountry": "CN"}, "META.geographyCountry", "belongs in META.pcf"),
    ({"companyIds": ["company-1"]}, "META.companyIds", "is not a URN"),
    ({"created": "yesterday"}, "META.created", "must be a date"),
    ({"pcf": {"fossilCarbonContent": "-1"}}, "META.pcf.fossilCarbonContent", "must be >= 0"),
    ({"pcf": {"fossilCarbonContent": "1e-3"}}, "META.pcf.fossilCarbonContent", "decimal string"),
    ({"pcf": {"fossilCarbonContent": {"input": "nope"}}}, "META.pcf.fossilCarbonContent", "not an input"),
    ({"pcf": {"geographyRegionOrSubregion": "Eastern Asia"}}, "META.pcf", "takes one of them"),
    ({"pcf": {"ccsTechnologicalCO2CaptureIncluded": True}}, "META.pcf.ccsTechnologicalCO2CaptureIncluded", "no CCS"),
    ({"pcf": {"ipccCharacterizationFactors": ["AR5"]}}, "META.pcf.ipccCharacterizationFactors", "GWP set is AR6"),
    ({"pcrlang": {"declaredUnit": {"unit": "tonne"}}}, "META.pcrlang.declaredUnit.unit", "not a PACT unit"),
    ({"pcrlang": {"declaredUnit": {"unit": ["kilogram"]}}}, "META.pcrlang.declaredUnit.unit", "not a PACT unit"),
    # PACT v3 DataQualityIndicators: technologicalDQR, geographicalDQR, temporalDQR, each from 1 to 5
    ({"pcf": {"dqi": {"technologicalDQR": "2"}}}, "META.pcf.dqi", "temporalDQR"),
    ({"pcf": {"dqi": {"technologicalDQR": "2", "geographicalDQR": "6", "temporalDQR": "1"}}},
     "META.pcf.dqi.geographicalDQR", "from 1 to 5"),
    ({"pcf": {"dqi": {"technologicalDQR": "2", "geographicalDQR": "x", "temporalDQR": "1"}}},
     "META.pcf.dqi.geographicalDQR", "decimal string"),
])
def test_meta_errors_name_the_field(change, field, words):
    with pytest.raises(pact.PactError) as e:
        footprint_of("cement", meta=pact.merge_meta([META, change]))
    assert any(p.field == field and words in p.message for p in e.value.problems), e.value.problems


def test_results_that_are_not_this_rules_are_refused():
    c = compiled("cement")
    raw = json.loads((INPUTS / "cement.json").read_text())
    result = to_json_numbers(calculate(c.ruleset, raw, c.fingerprint))
    lime = compiled("lime")
    for bad, field in ((result, "result.ruleset.fingerprint"), ({"error": {"message": "no"}}, "result"),
                       ([1, 2], "result"), ({"total": 1}, "result.ruleset")):
        with pytest.raises(pact.PactError) as e:
            pact.build(lime.ruleset, lime.fingerprint, bad, META)
        assert e.value.problems[0].field == field
    for key, value, field in (("cutoff", {"flows": [1]}, "result.cutoff.flows"),
                              ("allocation", [1], "result.allocation")):
        with pytest.raises(pact.PactError) as e:
            pact.build(c.ruleset, c.fingerprint, {**result, key: value}, META)
        assert [p.field for p in e.value.problems] == [field]
    changed = copy.deepcopy(result)
    changed["total"] += 1
    with pytest.raises(pact.PactError, match="has been changed"):
        pact.build(c.ruleset, c.fingerprint, changed, META)


def test_a_calculators_json_result_gives_the_same_footprint():
    c = compiled("cement")
    raw = json.loads((INPUTS / "cement.json").read_text())
    exact = calculate(c.ruleset, raw, c.fingerprint)
    floats = json.loads(json.dumps(to_json_numbers(exact)))
    assert pact.build(c.ruleset, c.fingerprint, floats, META).document == \
        pact.build(c.ruleset, c.fingerprint, exact, META).document


# ---- checks of a received footprint -------------------------------------------------------------------
@pytest.mark.parametrize("field, change, caught", [
    ("pcfIncludingBiogenicUptake", "0.001", "pcf.pcfIncludingBiogenicUptake"),
    ("fossilGhgEmissions", "0.00001", "pcf.pcfExcludingBiogenicUptake"),
    ("pcfExcludingBiogenicUptake", "-0.00001", "pcf.pcfExcludingBiogenicUptake"),
    ("aircraftGhgEmissions", "900", "pcf.aircraftGhgEmissions"),
])
def test_a_tampered_footprint_is_caught(field, change, caught):
    fp, _ = footprint_of("cement")
    doc = copy.deepcopy(fp.document)
    doc["pcf"][field] = numbers.decimal_string(Fraction(doc["pcf"][field]) + Fraction(change))
    report = validate(doc, None, compiled("cement").ruleset)
    assert any(f.field == caught and f.severity == "error" for f in report.findings), report.findings


def test_a_change_within_the_stated_rounding_is_not_an_error():
    fp, _ = footprint_of("cement")
    doc = copy.deepcopy(fp.document)
    doc["pcf"]["fossilGhgEmissions"] = "736.131553"  # one unit in the last place (736.131552): within the three terms' rounding
    assert validate(doc, None).ok


@pytest.mark.parametrize("path, value, field, words", [
    (("pcf", "ipccCharacterizationFactors"), ["AR5"], "pcf.ipccCharacterizationFactors", "GWP set is AR6"),
    (("pcf", "exemptedEmissionsPercent"), "6.0", "pcf.exemptedEmissionsPercent", "<= 5 % by emissions"),
    (("pcf", "declaredUnitOfMeasurement"), "piece", "pcf.declaredUnitOfMeasurement", "the rule declares 1 t"),
    (("pcf", "productOrSectorSpecificRules"), [{"operator": "Other", "ruleNames": ["PCRLANG-CEMENT-001 0.9.0"],
                                                "otherOperatorName": "x"}],
     "pcf.productOrSectorSpecificRules", "not version 1.0.0"),
    (("pcf", "biogenicCO2Uptake"), "-5.000000", "pcf.biogenicCO2Uptake", "no biogenic CO2"),
])
def test_disagreement_with_the_rule_is_an_error(path, value, field, words):
    fp, _ = footprint_of("cement")
    doc = copy.deepcopy(fp.document)
    doc[path[0]][path[1]] = value
    report = validate(doc, None, compiled("cement").ruleset)
    assert any(f.field == field and words in f.message and f.severity == "error" for f in report.findings), \
        report.findings


def test_numbers_and_signs_the_schema_patterns_let_through():
    fp, _ = footprint_of("cement")
    doc = copy.deepcopy(fp.document)
    doc["pcf"]["biogenicCO2Uptake"] = "5.0"  # NegativeOrZeroDecimal's pattern matches this
    doc["pcf"]["fossilGhgEmissions"] = "7.2e2"
    doc["pcf"]["referencePeriodEnd"] = "2023-01-01T00:00:00Z"  # before the start
    report = validate(doc, schema_path())
    found = {(f.check, f.field) for f in report.findings if f.severity == "error"}
    assert ("number", "pcf.biogenicCO2Uptake") in found
    assert ("schema", "pcf.fossilGhgEmissions") in found and ("number", "pcf.fossilGhgEmissions") not in found
    # a term that is no decimal is its own finding; the sums it enters are not judged on a guess
    assert ("consistency", "pcf.pcfExcludingBiogenicUptake") not in found
    assert ("consistency", "pcf.referencePeriodEnd") in found


# ---- the command line ----------------------------------------------------------------------------------
def pcr(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "pcrlang", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=env)


def test_calc_format_pact_and_pact_of_a_calculators_result_agree(tmp_path):
    cement = str(ROOT / "rulesets" / "cement.pcr")
    inputs, meta = str(INPUTS / "cement.json"), str(INPUTS / "pact_meta.json")
    direct = pcr("calc", cement, "--input", inputs, "--format", "pact", "--meta", meta)
    assert direct.returncode == 0, direct.stderr
    calculator = tmp_path / "calc.py"
    assert pcr("compile", cement, "-o", str(calculator)).returncode == 0
    result = subprocess.run([sys.executable, str(calculator)], stdin=open(inputs), capture_output=True, text=True)
    (tmp_path / "result.json").write_text(result.stdout)
    later = pcr("pact", str(tmp_path / "result.json"), "--ruleset", cement, "--meta", meta)
    assert later.returncode == 0, later.stderr
    assert json.loads(later.stdout) == json.loads(direct.stdout)
    (tmp_path / "fp.json").write_text(direct.stdout)
    checked = pcr("pact", "validate", str(tmp_path / "fp.json"), "--ruleset", cement, "--schema", str(schema_path()))
    assert checked.returncode == 0 and ": ok (0 errors" in checked.stdout, checked.stdout + checked.stderr


def test_pact_of_a_batch_array_and_json_lines(tmp_path):
    c = compiled("cement")
    raw = json.loads((INPUTS / "cement.json").read_text())
    results = []
    for coal in (100, 120):
        results.append(to_json_numbers(calculate(c.ruleset, dict(raw, coal=coal), c.fingerprint)))
    cement, meta = str(ROOT / "rulesets" / "cement.pcr"), str(INPUTS / "pact_meta.json")
    (tmp_path / "batch.json").write_text(json.dumps(results))
    out = pcr("pact", str(tmp_path / "batch.json"), "--ruleset", cement, "--meta", meta)
    docs = json.loads(out.stdout)
    assert out.returncode == 0 and len(docs) == 2 and docs[0]["id"] != docs[1]["id"]
    assert Fraction(docs[1]["pcf"]["fossilGhgEmissions"]) > Fraction(docs[0]["pcf"]["fossilGhgEmissions"])
    (tmp_path / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
    lines = pcr("pact", str(tmp_path / "batch.jsonl"), "--ruleset", cement, "--meta", meta)
    assert lines.returncode == 0 and [json.loads(x) for x in lines.stdout.splitlines()] == docs


def test_command_line_errors_are_messages_not_tracebacks(tmp_path):
    cement = str(ROOT / "rulesets" / "cement.pcr")
    inputs = str(INPUTS / "cement.json")
    missing = pcr("calc", cement, "--input", inputs, "--format", "pact")
    assert missing.returncode == 3 and "companyName: is mandatory" in missing.stderr
    assert "Traceback" not in missing.stderr
    (tmp_path / "meta.json").write_text("[1, 2")
    bad = pcr("calc", cement, "--input", inputs, "--format", "pact", "--meta", str(tmp_path / "meta.json"))
    assert bad.returncode == 2 and "META is not JSON" in bad.stderr
    (tmp_path / "r.json").write_text('{"error": {"code": "missing_input", "message": "no clinker"}}')
    refused = pcr("pact", str(tmp_path / "r.json"), "--ruleset", cement, "--meta", str(INPUTS / "pact_meta.json"))
    assert refused.returncode == 3 and "a refused calculation" in refused.stderr
    assert pcr("pact", str(tmp_path / "r.json")).returncode == 2  # no --ruleset
    noschema = pcr("pact", "validate", str(tmp_path / "r.json"), "--schema", str(tmp_path / "nope.yaml"))
    assert noschema.returncode == 2 and "no such file" in noschema.stderr
    (tmp_path / "fp.json").write_text('{"pcf": {"fossilGhgEmissions": "-1"}}')
    partial = pcr("pact", "validate", str(tmp_path / "fp.json"), "--no-schema", "--format", "json")
    report = json.loads(partial.stdout)
    assert partial.returncode == 1 and report["schema"] is None
    assert any(f["field"] == "pcf.fossilGhgEmissions" for f in report["findings"])
    for args in (("pact", "validate"), ("pact", "x.json", "y.json"), ("pact", "validate", "f", "--meta", "m")):
        run = pcr(*args)
        assert run.returncode == 2 and "Traceback" not in run.stderr, args


def test_the_worked_example_in_the_docs_is_what_pcrlang_writes():
    import re
    page = (ROOT / "docs" / "pact.md").read_text(encoding="utf-8")
    shown = re.search(r"per 1 000 kg of cement:\n\n```json\n(.*?)\n```", page, re.S).group(1)
    raw = json.loads((INPUTS / "cement.json").read_text())
    raw["quarry_diesel"] = {"cut_off": 2}
    fp, _ = footprint_of("cement", raw=raw)
    assert json.loads(shown) == fp.document["pcf"]


def test_pcr_checks_its_own_output_against_the_official_schema(tmp_path):
    schema_path()  # pcr checks its own output when it finds the official schema (here: ../shared)
    meta = json.loads((INPUTS / "pact_meta.json").read_text())
    meta["pcf"]["verification"] = {"coverage": "everything"}  # META's values reach the footprint as given
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    checked = pcr("calc", str(ROOT / "rulesets" / "cement.pcr"), "--input", str(INPUTS / "cement.json"),
                  "--format", "pact", "--meta", str(tmp_path / "meta.json"))
    assert checked.returncode == 3 and "pcf.verification.coverage: 'everything' is not one of" in checked.stderr


def test_a_footprint_of_the_wrong_shapes_gives_findings_not_exceptions():
    fp, _ = footprint_of("cement")
    rs = compiled("cement").ruleset
    for path in [(k,) for k in fp.document] + [("pcf", k) for k in fp.document["pcf"]]:
        for odd in ([1], {"a": 1}, None, 5, True, "x"):
            doc = copy.deepcopy(fp.document)
            (doc if len(path) == 1 else doc["pcf"])[path[-1]] = odd
            validate(doc, None, rs)  # no exception, whatever the shape
    report = validate({**fp.document, "pcf": {**fp.document["pcf"], "declaredUnitOfMeasurement": ["kilogram"]}},
                      schema_path(), rs)
    assert any(f.field == "pcf.declaredUnitOfMeasurement" and f.check == "schema" for f in errors(report))


@pytest.mark.parametrize("name", ["cement", "mobile_phone"])
def test_a_result_of_the_wrong_shapes_is_a_pact_error_not_an_exception(name):
    c = compiled(name)
    raw = json.loads((INPUTS / f"{name}.json").read_text())
    result = json.loads(json.dumps(to_json_numbers(calculate(c.ruleset, raw, c.fingerprint))))
    paths = [(k,) for k in result] + [("trace", 0, k) for k in result["trace"][0]] + \
        [(key, k) for key in ("cutoff", "separately_reported", "ruleset", "data_quality")
         if isinstance(result.get(key), dict) for k in result[key]]
    for path in paths:
        for odd in ([1], {"a": 1}, None, 5, True, "x", [None], float("nan"), {"start": 1, "end": []}):
            changed = copy.deepcopy(result)
            place = changed
            for step in path[:-1]:
                place = place[step]
            place[path[-1]] = odd
            try:
                pact.build(c.ruleset, c.fingerprint, changed, meta_for(name), raw)
            except pact.PactError:
                pass
