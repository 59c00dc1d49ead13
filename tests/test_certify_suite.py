"""`pcr suite`: the conformance suite of a rule version, its cases and its format."""
from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from pcrlang.certify import suite as suites
from pcrlang.compiler import compile_file
from pcrlang.interpret import calculate

import test_semantics_more
from helpers import ROOT, compile_body

CEMENT = str(ROOT / "tests" / "data" / "cement_v1.pcr")  # the superseded cement rule, frozen as a fixture


def build(path_or_compilation, **options):
    c = compile_file(path_or_compilation, run_examples=False) if isinstance(path_or_compilation, str) \
        else path_or_compilation
    return c, suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, **options)


@pytest.fixture(scope="module")
def cement():
    return build(CEMENT, random=30)


def by_id(s):
    """Cases by id, and by the ids of the purposes they also serve (one input, one case)."""
    out = {case["id"]: case for case in s["cases"]}
    out.update({also: case for case in s["cases"] for also in case.get("also", ())})
    return out


def field(case, *path):
    return next(f for f in case["fields"] if f["path"] == list(path))


def test_same_seed_same_bytes_other_seed_other_random_cases():
    _, a = build(CEMENT, random=20, seed=7)
    _, b = build(CEMENT, random=20, seed=7)
    _, c = build(CEMENT, random=20, seed=8)
    assert suites.dumps(a) == suites.dumps(b)
    assert suites.dumps(a) != suites.dumps(c)
    assert [x["id"] for x in a["cases"] if x["kind"] != "random"] == [x["id"] for x in c["cases"] if x["kind"] != "random"]


def test_suite_carries_identity_seed_and_tolerance(cement):
    c, s = cement
    assert s["pcrlang_suite"] == 1
    assert s["ruleset"]["identifier"] == "PCRLANG-CEMENT-001" and s["ruleset"]["fingerprint"] == c.fingerprint
    assert s["ruleset"]["publication_fingerprint"] == c.publication_fingerprint
    assert s["compiler"].startswith("pcrlang ")
    assert s["generator"] == {"seed": 0, "random": 30, "tolerance": {"relative": 1e-9, "basis": "default"}}
    assert s["summary"]["cases"] == len(s["cases"]) and s["summary"]["by_kind"]["random"] == 30


def test_examples_expect_the_interpreters_exact_values(cement):
    c, s = cement
    case = by_id(s)["example/1"]
    exact = calculate(c.ruleset, case["input"], c.fingerprint)
    assert field(case, "total")["value"] == float(exact["total"])
    # the hand calculation in tests/data/cement_v1.pcr, example 1: 724.9060286 kg CO2e/t
    assert field(case, "total")["value"] == pytest.approx(724.9060286, rel=1e-9)
    # the tolerance: 1e-9 of the magnitude of the terms summed (all positive here: the total)
    assert field(case, "total")["tolerance"] == pytest.approx(724.9060286e-9, rel=1e-6)
    power = field(case, "by_process", "production.grinding")
    assert power["value"] == pytest.approx(48.294, rel=1e-12)  # 90 000 kWh x 0.5366 / 1 000 t
    assert power["clause"] == "5.2.2" and power["defined_by"] == ["7.2.4"]
    assert field(case, "cutoff", "pass") == {"path": ["cutoff", "pass"], "group": "cutoff", "clause": "5.3",
                                             "value": True}  # a verdict: no tolerance


def test_bounds_cases_on_both_sides(cement):
    _, s = cement
    cases = by_id(s)
    # cement_output in (0, 1e9]: 0 is outside, 1e-06 inside; 1e9 inside, 1e9 + 1000 outside
    assert cases["bounds/cement_output/lower/at"]["error"]["code"] == "out_of_bounds"
    assert cases["bounds/cement_output/lower/at"]["input"]["cement_output"] == 0
    assert cases["bounds/cement_output/lower/inside"]["expect"] == "result"
    assert cases["bounds/cement_output/upper/at"]["expect"] == "result"
    outside = cases["bounds/cement_output/upper/outside"]
    assert outside["input"]["cement_output"] == 1000001000 and outside["error"]["code"] == "out_of_bounds"
    assert outside["error"]["field"] == "cement_output" and outside["error"]["clause"] == "6.1.1"
    assert cases["bounds/coal_ncv/lower/outside"]["input"]["coal_ncv"] == 9.99999


def test_refusal_cases_cover_the_runtime_catalogue(cement):
    _, s = cement
    codes = {c["error"]["code"] for c in s["cases"] if c["expect"] == "error"}
    assert {"missing_input", "unknown_input", "wrong_type", "not_finite", "out_of_bounds",
            "cut_off_not_allowed"} <= codes
    huge = by_id(s)["refusal/not_finite/cement_output"]
    assert huge["input"]["cement_output"] == 10 ** 400 and huge["error"]["code"] == "not_finite"
    assert by_id(s)["refusal/not_an_object"]["input"] == []


def test_cut_off_thresholds_exactly_and_either_side(cement):
    c, s = cement
    cases = by_id(s)
    at = cases["cutoff/per_flow/1/quarry_diesel/at"]
    # per_flow < 1 % by mass of 1 000 t of cement: 10 t exactly, which fails (`<`)
    assert at["input"]["quarry_diesel"] == {"cut_off": 10}
    assert field(at, "cutoff", "flows", 0, "pass")["value"] is False
    assert field(cases["cutoff/per_flow/1/quarry_diesel/below"], "cutoff", "flows", 0, "pass")["value"] is True
    total = cases["cutoff/total/1/at"]
    shares = calculate(c.ruleset, total["input"], c.fingerprint)["cutoff"]
    assert shares["shares_percent"]["emissions"] == Fraction(5)  # exactly the rule's `total <= 5 %`
    assert shares["pass"] is True and all(f["pass"] for f in shares["flows"])
    above = calculate(c.ruleset, cases["cutoff/total/1/above"]["input"], c.fingerprint)["cutoff"]
    assert above["shares_percent"]["emissions"] > 5 and above["pass"] is False
    assert s["summary"]["thresholds_not_reached_exactly"] == []


def test_a_threshold_no_case_can_reach_is_said_with_its_reason(shipped_suites):
    _, s = shipped_suites["lime"]
    assert any("cannot reach" in m for m in s["summary"]["thresholds_not_reached_exactly"])


def test_every_electricity_source_and_the_allocation_branch(shipped_suites):
    c, s = shipped_suites["zinc_ingot"]
    cases = by_id(s)
    for source in ("wind", "photovoltaic", "biomass"):
        case = cases[f"electricity/direct_green_power/{source}"]
        assert calculate(c.ruleset, case["input"], c.fingerprint)["electricity"]["direct_green_power"]["source"] == source
    assert "electricity/roaster_power/supplier_specific" in cases
    # max(acid_price, 0) in the allocation: at 0 and either side
    prices = sorted(case["input"]["acid_price"] for k, case in cases.items() if k.startswith("branch/") and
                    "acid_price" in k)
    assert prices == [-1e-06, 0, 1e-06]


def test_checks_of_the_program_fail_in_cases(shipped_suites):
    c, s = shipped_suites["textile_fabric"]
    refused = {(x["error"]["code"], x["error"]["formula"]) for k, x in by_id(s).items() if k.startswith("check/")}
    assert ("negative_allocation_quantity", "noil_split") in refused


def test_quality_levels_and_primary_share_exactly(shipped_suites):
    c, s = shipped_suites["copper"]
    cases = by_id(s)
    at = calculate(c.ruleset, cases["quality/good/at"]["input"], c.fingerprint)["data_quality"]
    assert {v["rating"] for v in at["inputs"].values()} == {Fraction(3)} and at["result"]["level"] == "good"
    above = calculate(c.ruleset, cases["quality/good/above"]["input"], c.fingerprint)["data_quality"]
    assert above["result"]["level"] == "fair"
    share = calculate(c.ruleset, cases["quality/primary_share/at"]["input"], c.fingerprint)["data_quality"]
    assert share["primary_share_percent"] == Fraction(50)  # the rule's `primary_share >= 50 %`


def test_grading_class_edges():
    c, s = build(compile_body(test_semantics_more.GRADED), random=0)
    cases = by_id(s)
    # class B <= 2805 after rounding to 0 decimals half up: 2805 is B, 2805.5 rounds to 2806: C
    assert field(cases["grade/B/at"], "grade", "class")["value"] == "B"
    assert field(cases["grade/B/half_above"], "grade", "class")["value"] == "C"
    assert field(cases["grade/B/below"], "grade", "class")["value"] == "B"
    assert calculate(c.ruleset, cases["grade/B/at"]["input"], c.fingerprint)["total"] == 2805


def test_suites_of_shipped_rulesets_follow_the_json_schema(shipped_suites, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(suites.SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in ("cement", "steel_bof", "eu_ev_battery"):  # jsonschema takes seconds per suite
        path = suites.write(shipped_suites[name][1], tmp_path / name)
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert not errors, errors[:3]
        assert suites.check(data) == []


def test_loading_a_bad_suite_says_what_is_wrong(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(suites.SuiteError, match="is not a JSON suite file"):
        suites.load(str(bad))
    with pytest.raises(suites.SuiteError, match="cannot read the suite"):
        suites.load(str(tmp_path / "missing.json"))
    bad.write_text('{"pcrlang_suite": 1, "ruleset": {"identifier": "X", "version": "1", "fingerprint": "f"}, '
                   '"cases": [{"id": "a", "input": {}, "expect": "result", "fields": [{"path": []}]}, '
                   '{"id": "a", "expect": "maybe"}]}', encoding="utf-8")
    with pytest.raises(suites.SuiteError) as error:
        suites.load(str(bad))
    message = str(error.value)
    assert "a field needs a non-empty `path` and a `value`" in message and "case a appears twice" in message
    assert "`expect` must be" in message
    bad.write_text('{"pcrlang_suite": 9}', encoding="utf-8")
    with pytest.raises(suites.SuiteError, match="not 1"):
        suites.load(str(bad))


def test_pcr_suite_command(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pcrlang", "suite", CEMENT, "-o", str(tmp_path), "--random", "5"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "wrote" in run.stderr and "cases" in run.stderr
    data = json.loads((tmp_path / "suite.json").read_text(encoding="utf-8"))
    assert data["generator"]["random"] == 5
    bad = subprocess.run([sys.executable, "-m", "pcrlang", "suite", CEMENT, "-o", str(tmp_path), "--tolerance", "lots"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "is not a number" in bad.stderr and "Traceback" not in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "pcrlang", "suite", "nowhere.pcr", "-o", str(tmp_path)],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_every_shipped_ruleset_has_a_suite_with_every_kind_of_case(shipped_suites):
    for name, (c, s) in shipped_suites.items():
        kinds = s["summary"]["by_kind"]
        assert kinds["example"] == len(c.ruleset.examples), name
        assert kinds["boundary"] > 20 and kinds["refusal"] > 5, name
        ids = [x for case in s["cases"] for x in [case["id"], *case.get("also", ())]]
        assert len(ids) == len(set(ids)), name
        # every input's bounds are probed on both sides
        for i in c.ruleset.inputs:
            if i.bounds is not None:
                assert {f"bounds/{i.name}/lower/outside", f"bounds/{i.name}/upper/outside"} <= set(ids), (name, i.name)


def test_suites_do_not_depend_on_the_hash_seed(tmp_path):
    """Byte-identical across processes with different string hashing (no set order leaks in)."""
    import os
    texts = []
    for seed in ("1", "2"):
        out = tmp_path / f"suite{seed}.json"
        run = subprocess.run([sys.executable, "-m", "pcrlang", "suite", str(ROOT / "rulesets" / "copper.pcr"), "-o",
                              str(out), "--random", "5"], capture_output=True, text=True, cwd=ROOT,
                             env=dict(os.environ, PYTHONHASHSEED=seed))
        assert run.returncode == 0, run.stderr
        texts.append(out.read_bytes())
    assert texts[0] == texts[1]
