"""Suites of rules with the newer constructs: tables of rows (a bill of materials), transport legs,
the reference period as data and data provenance (the primary data share). The rules are the
ones the constructs' own tests use; the suites cover each construct's edges and refusals, the
generated calculators pass them, and faults in those constructs are caught."""
from __future__ import annotations

import pytest

import test_period
import test_provenance
import test_rows
import test_transport
from helpers import compile_body, load_calculator
from pcrlang.certify import suite as suites
from pcrlang.certify.mutate import ModuleCalculator
from pcrlang.certify.verify import verify
from pcrlang.interpret import calculate

RULES = {"rows": lambda: compile_body(test_rows.BOM), "transport": lambda: compile_body(test_transport.BODY),
         "period": lambda: compile_body(test_period.BODY, test_period.PERIOD_HEADER),
         "provenance": lambda: compile_body(test_provenance.RULE)}


@pytest.fixture(scope="module")
def built():
    out = {}
    for name, make in RULES.items():
        c = make()
        out[name] = (c, suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=20))
    return out


def by_id(s):
    return {c["id"]: c for c in s["cases"]} | {a: c for c in s["cases"] for a in c.get("also", ())}


def test_suites_follow_the_schema_and_the_generated_calculators_pass_them(built):
    import json

    import jsonschema
    schema = json.loads(suites.SCHEMA.read_text(encoding="utf-8"))
    for name, (c, s) in built.items():
        jsonschema.validate(json.loads(suites.dumps(s)), schema)
        assert suites.check(s) == []
        report = verify(s, ModuleCalculator(load_calculator(c, f"calc_{name}")))
        failing = [(x["id"], x["problems"][:1]) for x in report["cases"] if x["status"] != "pass"]
        assert not failing, (name, failing[:3])


def test_a_table_of_rows_is_covered_row_by_row(built):
    c, s = built["rows"]
    cases = by_id(s)
    # the number of rows: one, six, and none (refused: the table needs at least one row)
    assert len(cases["rows/materials/many"]["input"]["materials"]) == 6
    assert cases["refusal/rows/materials/too_few"]["input"]["materials"] == []
    assert cases["refusal/rows/materials/too_few"]["error"]["code"] == "too_few_rows"
    # every refusal of a table names the row and the column
    expected = {"refusal/rows/materials/duplicate_key": ("duplicate_row", "materials[1].name"),
                "refusal/rows/materials/unknown_column": ("unknown_input", "materials[0].not_a_column_of_the_table"),
                "refusal/rows/materials/not_a_list": ("wrong_type", "materials"),
                "refusal/rows/materials/row_not_an_object": ("wrong_type", "materials[0]"),
                "refusal/missing/materials[0].footprint": ("missing_input", "materials[0].footprint"),
                "refusal/unit/materials[0].mass": ("unit_mismatch", "materials[0].mass"),
                "refusal/never_cut/materials[0].footprint": ("cut_off_not_allowed", "materials[0].footprint"),
                "bounds/materials[0].mass/upper/outside": ("out_of_bounds", "materials[0].mass")}
    for case, (code, field) in expected.items():
        assert (cases[case]["error"]["code"], cases[case]["error"]["field"]) == (code, field), case
    # the per-row result is compared row by row: example 1 gives steel 50 t x 2 kg/kg = 1 000 kg
    # and aluminium 5 t x 8 kg/kg = 400 kg per tonne of 100 t of product (test_rows.py)
    fields = {tuple(f["path"]): f for f in cases["example/1"]["fields"]}
    assert fields[("rows", "upstream")]["length"] == 2
    assert fields[("rows", "upstream", 0, "key")]["value"] == "steel"
    assert fields[("rows", "upstream", 0, "co2e_kg")]["value"] == pytest.approx(1000)
    assert fields[("rows", "upstream", 1, "co2e_kg")]["value"] == pytest.approx(400)


def test_a_row_s_flow_is_cut_off_exactly_at_the_threshold(built):
    c, s = built["rows"]
    at = [x for x in s["cases"] if x["id"].startswith("cutoff/per_flow/1/materials[") and x["id"].endswith("/at")]
    assert at, [x["id"] for x in s["cases"] if x["id"].startswith("cutoff/")]
    result = calculate(c.ruleset, at[0]["input"], c.fingerprint)
    (flow,) = result["cutoff"]["flows"]
    assert flow["input"].startswith("materials[") and flow["shares_percent"]["mass"] == 1  # exactly 1 %, by mass
    assert flow["pass"] is False  # `< 1 %`: at the threshold it fails


def test_transport_is_compared_by_mode(built):
    c, s = built["transport"]
    cases = by_id(s)
    assert {"key/legs[0].mode/road", "key/legs[0].mode/rail", "key/legs[0].mode/sea"} <= set(cases)
    fields = {tuple(f["path"]): f for f in cases["key/legs[0].mode/sea"]["fields"]}
    # the typical legs: two rows of 1 t over 1 km, the first by sea; 30 % empty return by default:
    # 1 tkm x 0.005 kg/tkm x 1.3 = 0.0065 kg by sea per 1 t of product (hand calculation)
    assert fields[("transport", "inbound", "by_mode", "sea", "tkm")]["value"] == pytest.approx(1)
    assert fields[("transport", "inbound", "by_mode", "sea", "co2e_kg")]["value"] == pytest.approx(0.0065)
    assert fields[("transport", "inbound", "empty_return")]["value"] == pytest.approx(0.3)


def test_the_reference_period_edges(built):
    c, s = built["period"]
    cases = by_id(s)
    # each dated value's twelve months exactly: in force (0.5366 and 0.5306 kg/kWh for 1 000 kWh)
    for start, total in (("2022-01-01", 536.6), ("2023-01-01", 530.6)):
        fields = {tuple(f["path"]): f for f in cases[f"period/{start}/at"]["fields"]}
        assert fields[("total",)]["value"] == pytest.approx(total)
        assert fields[("reference_period", "start")]["value"] == start
    # a day later or earlier: no value in force for the whole period
    for side in ("day_later", "day_earlier"):
        assert cases[f"period/2022-01-01/{side}"]["error"]["code"] == "no_factor_in_force"
    assert cases["refusal/period/short"]["error"]["code"] == "invalid_period"  # 364 days
    assert cases["period/after_the_last_value"]["error"]["code"] == "no_factor_in_force"
    assert cases["refusal/wrong_type/period_start/exist"]["error"]["code"] == "wrong_type"  # 2023-02-30


def test_the_primary_data_share_is_compared_in_every_result(built):
    c, s = built["provenance"]
    for case in s["cases"]:
        if case["expect"] == "result":
            assert ["data", "primary_data_share_percent"] in [f["path"] for f in case["fields"]]


def _mutated(c, *replacements):
    from pcrlang.backends.python import generate
    from pcrlang.certify.mutate import load
    source = generate(c.ruleset, c.fingerprint)
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return ModuleCalculator(load(source, "mutant_constructs"))


# faults a hand-made calculator could have in the newer constructs, in the generated calculator's
# source (every occurrence: the float and the exact engine)
FAULTS = [
    ("rows", "only the first row of a per-row contribution counted",
     [("for r1 in i_materials]\n", "for r1 in i_materials[:1]]\n")]),
    ("transport", "the empty-return share ignored", [("(1.0 + (i_empty_share * 0.01))", "(1.0)")]),
    ("transport", "sea legs reported as rail by mode", [("(r1['mode'] == 'sea')", "(r1['mode'] == 'rail')")]),
    ("period", "a dated value's first day not in force (`>` for `>=`)",
     [("(i_period_start >= 738156.0)", "(i_period_start > 738156.0)"),
      ("(i_period_start >= _K[4])", "(i_period_start > _K[4])")]),
    ("period", "a period of 365 days refused (`>` for `>=`)",
     [(">= 365.0)", "> 365.0)"), (">= _K[1])", "> _K[1])")]),
    ("provenance", "a row's provenance column ignored in the primary data share",
     [('row_secondary = table["provenance"] is not None and values[c["rows"]][k][table["provenance"]] != "primary"',
       "row_secondary = False")]),
]


@pytest.mark.parametrize("rule, why, replacements", FAULTS, ids=[f[1] for f in FAULTS])
def test_faults_in_the_constructs_are_caught(built, rule, why, replacements):
    c, s = built[rule]
    report = verify(s, _mutated(c, *replacements))
    assert report["summary"]["verdict"] == "fail", why


def test_the_construct_mutants_are_made_and_killed(built):
    from pcrlang.certify import mutate
    made = set()
    for name, (c, s) in built.items():
        result = mutate.score(c.ruleset, c.fingerprint, s, extra=20, only=["construct"])
        made |= {r["id"].split("/")[1] for r in result["rows"]}
        assert result["killed"] == result["mutants"] > 0, (name, [r for r in result["rows"] if r["status"] != "killed"])
    assert made == {"first_row", "period", "provenance"}


def test_diff_reads_columns_and_dated_values(built):
    from pcrlang.certify.diff import impact, semantic_diff
    c, s = built["period"]
    new = compile_body(test_period.BODY.replace("= 0.5306", "= 0.54"), test_period.PERIOD_HEADER)
    (change,) = semantic_diff(c.ruleset, new.ruleset)
    assert (change["part"], change["name"], change["change"]) == ("factors", "grid", "changed")
    assert change["fields"] == [{"field": "value from 2023-01-01 to 2023-12-31", "old": "0.5306 kgCO2/kWh",
                                 "new": "0.54 kgCO2/kWh"}]
    # the impact: a 2023 period's total moves from 1 000 kWh x 0.5306 = 530.6 to x 0.54 = 540 kg
    effect = impact((c.ruleset, c.fingerprint), (new.ruleset, new.fingerprint),
                    [(x["id"], x["input"]) for x in s["cases"]])
    assert effect["total_change"]["min"] == 0 and effect["changed"] > 0
    one = impact((c.ruleset, c.fingerprint), (new.ruleset, new.fingerprint),
                 [(x["id"], x["input"]) for x in s["cases"] if x["id"] in ("period/2022-01-01/at", "period/2023-01-01/at")])
    assert one["total_change"]["max"] == pytest.approx(540 - 530.6) and one["changed"] == 1
    c, s = built["rows"]
    new = compile_body(test_rows.BOM.replace("footprint: kgCO2e/kg in [0, 1000]", "footprint: kgCO2e/kg in [0, 500]"))
    (change,) = semantic_diff(c.ruleset, new.ruleset)
    assert change["fields"] == [{"field": "column footprint: bounds", "old": "[0, 1000]", "new": "[0, 500]"}]
