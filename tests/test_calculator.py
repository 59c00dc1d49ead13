"""The generated Python calculator: standalone, deterministic, self-testing, refusing bad input,
and immune to hostile ruleset text."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pathlib import Path

from pcrlang.backends.python import generate
from pcrlang.compiler import compile_file

from helpers import HEADER, RULESETS, compile_body, load_calculator

CEMENT = Path(__file__).resolve().parent / "data" / "cement_v1.pcr"  # the superseded cement rule, frozen as a fixture
EXAMPLE_INPUTS = {"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65, "mgo_content": 0.02,
                  "coal": 100, "electricity": 90000, "quarry_diesel": 2}


@pytest.fixture(scope="module")
def cement_calculator(tmp_path_factory):
    c = compile_file(str(CEMENT))
    path = tmp_path_factory.mktemp("calc") / "cement_calc.py"
    path.write_text(generate(c.ruleset, c.fingerprint), encoding="utf-8")
    return c, path


def run(path, *args, stdin=""):
    # -I: isolated mode, so the calculator cannot import pcrlang from the working directory
    return subprocess.run([sys.executable, "-I", str(path), *args], input=stdin, capture_output=True, text=True)


def test_runs_standalone_without_pcrlang(cement_calculator):
    _, path = cement_calculator
    source = path.read_text(encoding="utf-8")
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= set(sys.stdlib_module_names)  # the standard library only
    result = run(path, stdin=json.dumps(EXAMPLE_INPUTS))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    # hand calculation in tests/data/cement_v1.pcr, example 1: 724.9060286 kg CO2e/t
    assert out["total"] == pytest.approx(724.9060286, rel=1e-9)
    assert sum(out["by_stage"].values()) == pytest.approx(out["total"], rel=1e-12)
    assert sum(out["by_process"].values()) == pytest.approx(out["total"], rel=1e-12)
    assert sum(g["co2e_kg"] for g in out["by_gas"].values()) == pytest.approx(out["total"], rel=1e-12)
    assert sum(out["by_carbon_kind"].values()) == pytest.approx(out["total"], rel=1e-12)


def test_carries_identity_fingerprint_and_compiler(cement_calculator):
    c, path = cement_calculator
    out = json.loads(run(path, stdin=json.dumps(EXAMPLE_INPUTS)).stdout)
    assert out["ruleset"]["identifier"] == "PCRLANG-CEMENT-001"
    assert out["ruleset"]["version"] == "1.0.0"
    assert out["ruleset"]["fingerprint"] == c.fingerprint and c.fingerprint.startswith("sha256:")
    assert out["ruleset"]["compiler"].startswith("pcrlang ")
    assert c.fingerprint in run(path, "--version").stdout
    assert c.fingerprint in path.read_text(encoding="utf-8").split("\n", 5)[1]


def test_trace_cites_clauses_formulas_and_sources(cement_calculator):
    c, path = cement_calculator
    out = json.loads(run(path, stdin=json.dumps(EXAMPLE_INPUTS)).stdout)
    clauses = {cl.number for cl in c.ruleset.clauses}
    power = next(t for t in out["trace"] if t["contribution"] == "power")
    assert power["formula"] == "electricity * grid_2022"
    assert power["clause"] in clauses
    assert power["factors"][0]["source"].startswith("MEE and NBS")
    assert power["co2e_kg"] == pytest.approx(48.294, rel=1e-12)  # 90 000 kWh x 0.5366 / 1 000 t


def test_selftest_runs_the_rulesets_examples(cement_calculator):
    _, path = cement_calculator
    result = run(path, "--selftest")
    assert result.returncode == 0
    assert "3 passed, 0 failed" in result.stdout


def test_selftest_fails_when_an_expected_value_is_wrong():
    text = CEMENT.read_text(encoding="utf-8").replace("expect total = 724.9060286", "expect total = 725.9060286")
    from pcrlang.compiler import compile_text
    c = compile_text(text, "cement-wrong.pcr", run_examples=False)
    module = load_calculator(c)
    import io
    out = io.StringIO()
    assert module.selftest(out) == 1
    assert "FAIL typical plant" in out.getvalue()
    # and `pcr check` reports it too, through the interpreter
    assert [d.code for d in compile_text(text, "cement-wrong.pcr").diagnostics] == ["PCR907"]


@pytest.mark.parametrize("inputs, code, field", [
    ({}, "missing_input", "cement_output"),
    (dict(EXAMPLE_INPUTS, coal=-1), "out_of_bounds", "coal"),
    (dict(EXAMPLE_INPUTS, coal="100"), "wrong_type", "coal"),
    (dict(EXAMPLE_INPUTS, cao_content=1.5), "out_of_bounds", "cao_content"),
    (dict(EXAMPLE_INPUTS, electricity={"cut_off": 10}), "cut_off_not_allowed", "electricity"),
    (dict(EXAMPLE_INPUTS, clinker=800), "unknown_input", "clinker"),
    ([1, 2], "wrong_type", None),
])
def test_refusals_are_structured_json(cement_calculator, inputs, code, field):
    c, path = cement_calculator
    result = run(path, stdin=json.dumps(inputs))
    assert result.returncode == 3  # a refused calculation (2 is a usage error)
    error = json.loads(result.stdout)["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert "total" not in result.stdout  # never a partial result
    if code == "cut_off_not_allowed":  # the never-cut list is in the cut-off clause
        assert error["clause"] == c.ruleset.cutoff.clause
    elif field in {i.name for i in c.ruleset.inputs}:
        assert error["clause"] == c.ruleset.input(field).clause


def test_nan_and_invalid_json_are_refused(cement_calculator):
    _, path = cement_calculator
    # NaN is not JSON: refused as such in every target (JavaScript's JSON.parse refuses it too)
    nan = json.loads(run(path, stdin=json.dumps(dict(EXAMPLE_INPUTS, coal=float("nan")))).stdout)["error"]
    assert (nan["code"], nan["message"]) == ("invalid_json", "`NaN` is not a JSON number")
    huge = json.loads(run(path, stdin=json.dumps(EXAMPLE_INPUTS).replace("100,", "1e400,")).stdout)["error"]
    assert (huge["code"], huge["field"], huge["message"]) == ("not_finite", "coal", "`coal` must be a finite number, not inf")
    broken = run(path, stdin="{not json")
    assert broken.returncode == 3 and json.loads(broken.stdout)["error"]["code"] == "invalid_json"


def test_generation_is_deterministic():
    first = compile_file(str(CEMENT))
    second = compile_file(str(CEMENT))
    assert generate(first.ruleset, first.fingerprint) == generate(second.ruleset, second.fingerprint)
    assert first.fingerprint == second.fingerprint


def test_fingerprint_ignores_comments_but_not_values():
    from pcrlang.compiler import compile_text
    text = CEMENT.read_text(encoding="utf-8")
    base = compile_text(text, "a.pcr", run_examples=False).fingerprint
    assert compile_text("# another comment\n" + text, "b.pcr", run_examples=False).fingerprint == base
    changed = compile_text(text.replace("= 0.5366", "= 0.5367"), "c.pcr", run_examples=False).fingerprint
    assert changed != base


HOSTILE = (Path(__file__).parent / "data" / "hostile_body.pcr").read_text(encoding="utf-8")


def test_ruleset_text_never_becomes_code(tmp_path):
    c = compile_body(HOSTILE)
    source = generate(c.ruleset, c.fingerprint)
    compile(source, "hostile.py", "exec")  # still valid Python
    path = tmp_path / "hostile.py"
    path.write_text(source, encoding="utf-8")
    result = run(path, "--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pwned" not in result.stdout and "1 passed, 0 failed" in result.stdout
    module = load_calculator(c)
    assert module.SPEC["factors"]["f"]["source"] == '"""; raise SystemExit(\'injected\') #\n'


@pytest.mark.parametrize("inputs", [
    EXAMPLE_INPUTS,                                                   # ints: the full validation path
    {k: float(v) for k, v in EXAMPLE_INPUTS.items()},                # floats: the fast path
    dict({k: float(v) for k, v in EXAMPLE_INPUTS.items()}, coal_ncv=24.0, purchased_clinker=50.0),
    dict({k: float(v) for k, v in EXAMPLE_INPUTS.items()}, quarry_diesel={"cut_off": 2.0}),
])
def test_calculate_total_matches_calculate(cement_calculator, inputs):
    c = compile_file(str(CEMENT))
    module = load_calculator(c)
    assert module.calculate_total(inputs) == module.calculate(inputs)["total"]


@pytest.mark.parametrize("change", [{"extra": 1.0}, {"coal": float("nan")}, {"coal": 2e9}, {"coal": True}])
def test_calculate_total_refuses_like_calculate(change):
    module = load_calculator(compile_file(str(CEMENT)))
    inputs = dict({k: float(v) for k, v in EXAMPLE_INPUTS.items()}, **change)
    with pytest.raises(module.CalculationError) as fast:
        module.calculate_total(inputs)
    with pytest.raises(module.CalculationError) as full:
        module.calculate(inputs)
    assert (fast.value.code, fast.value.field) == (full.value.code, full.value.field)


def test_a_long_sum_compiles_into_a_calculator():
    """Python's parser allows 200 nested parentheses: a sum of 300 terms must not nest them."""
    terms = " + ".join(["output"] * 300)
    c = compile_body(f"quantity big: t zh \"大\" en \"Big\" = {terms}\n"
                     "emission e in make.smelting, gas CO2, fossil zh \"排放\" en \"E\" = big * 1 tCO2/t\n"
                     .replace("1 tCO2/t", "f500")
                     + 'factor f500: tCO2/t = 1 source "test" zh "因子" en "Factor"\n')
    module = load_calculator(c)
    # 300 x 1 t of output x 1 t CO2/t = 300 t CO2 for 1 t of output
    assert module.calculate_total({"output": 1.0}) == pytest.approx(300000.0)
