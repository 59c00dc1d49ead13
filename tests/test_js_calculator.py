"""The generated JavaScript calculator: one ES module without dependencies, self-testing, refusing
bad input as the Python calculator does, speaking the JSON-lines protocol, deterministic, immune
to hostile ruleset text (also inside an HTML script element), with TypeScript declarations that
type its real results. Needs Node (skipped without it); the declarations are checked with tsc
where it is installed (Debian: node-typescript)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pcrlang.backends.js import declarations, generate
from pcrlang.compiler import compile_file, compile_text
from pcrlang.interpret import calculate, to_json_numbers

import test_period
import test_provenance
import test_rows
import test_transport
from helpers import HEADER, ROOT, RULESETS, compile_body
from jshelpers import NODE, NodeCalculator, needs_node, node, write_module

pytestmark = needs_node
CEMENT = ROOT / "tests" / "data" / "cement_v1.pcr"
EXAMPLE = {"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65, "mgo_content": 0.02, "coal": 100,
           "electricity": 90000, "quarry_diesel": 2}
TSC = shutil.which("tsc")


@pytest.fixture(scope="module")
def cement(tmp_path_factory):
    c = compile_file(str(CEMENT))
    return c, write_module(c, tmp_path_factory.mktemp("cement"))


def run(path, *args, stdin=""):
    result = node(path, *args, stdin=stdin)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def test_one_module_without_dependencies(cement):
    _, path = cement
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\s", source, re.M)  # no static import at all
    assert set(re.findall(r"import\(\"([^\"]+)\"\)", source)) <= {"node:fs", "node:crypto", "node:url"}
    status, out, err = run(path, stdin=json.dumps(EXAMPLE))
    assert status == 0, err
    result = json.loads(out)
    # hand calculation in tests/data/cement_v1.pcr (the superseded cement rule, frozen as a fixture), example 1: 724.9060286 kg CO2e/t
    assert result["total"] == pytest.approx(724.9060286, rel=1e-9)
    assert sum(result["by_stage"].values()) == pytest.approx(result["total"], rel=1e-12)
    assert list(result) == list(to_json_numbers(calculate(cement[0].ruleset, EXAMPLE, cement[0].fingerprint)))


def test_importing_the_module_computes_without_reading_standard_input(cement, tmp_path):
    _, path = cement
    script = tmp_path / "use.mjs"
    script.write_text(f"import {{ calculate, calculateTotal, SPEC }} from {json.dumps(path.as_uri())};\n"
                      f"const r = calculate({json.dumps(EXAMPLE)});\n"
                      f"console.log(JSON.stringify([r.total, calculateTotal({json.dumps(EXAMPLE)}), SPEC.ruleset.identifier]));\n",
                      encoding="utf-8")
    result = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    total, alone, identifier = json.loads(result.stdout)
    assert total == alone == pytest.approx(724.9060286, rel=1e-9) and identifier == "PCRLANG-CEMENT-001"


def test_identity_fingerprint_and_compiler(cement):
    c, path = cement
    result = json.loads(run(path, stdin=json.dumps(EXAMPLE))[1])
    assert result["ruleset"]["fingerprint"] == c.fingerprint
    assert result["ruleset"]["compiler"].startswith("pcrlang ")
    assert run(path, "--version")[1] == f"PCRLANG-CEMENT-001 1.0.0 ({c.fingerprint}; {result['ruleset']['compiler']})\n"
    assert c.fingerprint in path.read_text(encoding="utf-8").split("\n", 5)[3]
    status, out, _ = run(path, "--help")
    assert status == 0 and "--jsonl" in out and c.fingerprint in out
    assert run(path, "--frobnicate")[0] == 2


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_every_shipped_ruleset_passes_its_own_examples(path, tmp_path):
    c = compile_file(str(path))
    assert c.ok
    status, out, err = run(write_module(c, tmp_path), "--selftest")
    assert status == 0, out + err
    assert out.endswith(f"{len(c.ruleset.examples)} passed, 0 failed\n")


def test_the_selftest_fails_when_an_expected_value_is_wrong(tmp_path):
    text = CEMENT.read_text(encoding="utf-8").replace("expect total = 724.9060286", "expect total = 725.9060286")
    c = compile_text(text, "cement-wrong.pcr", run_examples=False)
    status, out, _ = run(write_module(c, tmp_path), "--selftest")
    assert status == 1
    assert "FAIL typical plant (C.1)\n    total: expected 725.9060286 kg CO2e (± 0.000726), got 724.9060286" in out
    assert out.endswith("2 passed, 1 failed\n")


@pytest.mark.parametrize("inputs, code, field", [
    ({}, "missing_input", "cement_output"),
    (dict(EXAMPLE, coal=-1), "out_of_bounds", "coal"),
    (dict(EXAMPLE, coal="100"), "wrong_type", "coal"),
    (dict(EXAMPLE, cao_content=1.5), "out_of_bounds", "cao_content"),
    (dict(EXAMPLE, electricity={"cut_off": 10}), "cut_off_not_allowed", "electricity"),
    (dict(EXAMPLE, clinker=800), "unknown_input", "clinker"),
    (dict(EXAMPLE, toString=1), "unknown_input", "toString"),
    (dict(EXAMPLE, __proto__=1), "unknown_input", "__proto__"),
    (dict(EXAMPLE, cement_output=0), "out_of_bounds", "cement_output"),
    ([1, 2], "wrong_type", None),
])
def test_refusals_are_structured_json_as_the_interpreter_gives_them(cement, inputs, code, field):
    c, path = cement
    status, out, _ = run(path, stdin=json.dumps(inputs))
    assert status == 3  # a refused calculation (2 is a usage error)
    error = json.loads(out)["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert "total" not in out  # never a partial result
    from pcrlang.interpret import CalculationError
    with pytest.raises(CalculationError) as expected:
        calculate(c.ruleset, inputs, c.fingerprint)
    assert error == expected.value.as_dict()["error"]


def test_nan_huge_numbers_invalid_json_and_chinese_messages(cement):
    _, path = cement
    nan = json.loads(run(path, stdin=json.dumps(dict(EXAMPLE, coal=float("nan"))))[1])["error"]
    assert (nan["code"], nan["message"]) == ("invalid_json", "`NaN` is not a JSON number")
    huge = json.loads(run(path, stdin=json.dumps(EXAMPLE).replace("100,", "1e400,"))[1])["error"]
    assert (huge["code"], huge["field"], huge["message"]) == ("not_finite", "coal", "`coal` must be a finite number, not inf")
    exact = json.loads(run(path, stdin=json.dumps(EXAMPLE).replace('"coal": 100,', '"coal": 1000000000000000000001,'))[1])
    assert exact["error"]["message"] == "`coal` = 1e+21 t lies outside [0, 1000000000]"
    status, out, _ = run(path, stdin="{not json")
    assert status == 3 and json.loads(out)["error"]["message"] == \
        "the input is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"
    zh = json.loads(run(path, "--lang", "zh", stdin="{}")[1])["error"]["message"]
    assert zh == "缺少必需的输入 `cement_output`"


def test_json_lines_protocol(cement):
    c, path = cement
    calc = NodeCalculator(path)
    try:
        greeting = calc.ask({"pcr": "hello", "protocol": 1})
        assert greeting["pcr"] == "hello" and greeting["protocol"] == 1
        assert greeting["ruleset"] == {"identifier": "PCRLANG-CEMENT-001", "version": "1.0.0",
                                       "fingerprint": c.fingerprint,
                                       "publication_fingerprint": c.publication_fingerprint}
        import hashlib
        assert greeting["calculator"] == {"name": "pcrlang JavaScript calculator",
                                          "compiler": greeting["calculator"]["compiler"],
                                          "sha256": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()}
        assert calc.ask(EXAMPLE)["total"] == pytest.approx(724.9060286, rel=1e-9)
        assert calc.ask({"pcr": "hello", "extra": 1})["error"]["code"] == "unknown_input"  # not a greeting
        assert json.loads(calc.ask_line(b"{bad"))["error"]["code"] == "invalid_json"
        assert json.loads(calc.ask_line(json.dumps(EXAMPLE).encode() + b"\r"))["total"] > 700  # CRLF
        assert json.loads(calc.ask_line(b"\xff"))["error"]["message"] == "the input is not valid UTF-8 (byte 0)"
    finally:
        calc.close()
    # blank lines are skipped; the answers come in order, one line each
    lines = "\n".join([json.dumps(EXAMPLE), "", "   ", json.dumps({}), json.dumps(dict(EXAMPLE, coal=50))]) + "\n"
    status, out, _ = run(path, "--jsonl", stdin=lines)
    answers = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(answers) == 3
    assert answers[1]["error"]["code"] == "missing_input" and answers[2]["total"] < answers[0]["total"]


def plain(value):
    """SPEC as plain data: tuples as lists (exact numbers stay Fractions)."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


PREPARED = {"bounds_float", "defaulted", "omittable", "_static", "_prepared"}  # what prepare() adds


def without_prepared(value):
    if isinstance(value, dict):
        return {k: without_prepared(v) for k, v in value.items() if k not in PREPARED}
    if isinstance(value, list):
        return [without_prepared(v) for v in value]
    return value


@pytest.mark.parametrize("name", ["cement", "steel_bof", "lithium_ion_battery", "rows", "quality", "grading", "period",
                                  "provenance", "transport"])
def test_the_module_reads_spec_as_the_python_runtime_has_it(tmp_path, name):
    """Every exact number of SPEC comes back an exact number and every text a text: the module's
    reviveSpec knows each field pcrlang/core/spec.py fills with a Fraction."""
    import test_semantics_more
    from pcrlang.core.spec import spec
    from jshelpers import Driver
    bodies = {"rows": test_rows.BOM, "quality": test_semantics_more.QUALITY, "grading": test_semantics_more.GRADED,
              "provenance": test_provenance.RULE, "transport": test_transport.BODY}
    if name == "period":
        c = compile_body(test_period.BODY, test_period.PERIOD_HEADER)
    else:
        c = compile_body(bodies[name]) if name in bodies else compile_file(str(ROOT / "rulesets" / f"{name}.pcr"))
    driver = Driver(write_module(c, tmp_path))
    try:
        revived = without_prepared(driver.call("spec"))
    finally:
        driver.close()
    assert revived == plain(spec(c.ruleset, c.fingerprint, c.publication_fingerprint))


def test_generation_is_deterministic():
    first, second = compile_file(str(CEMENT)), compile_file(str(CEMENT))
    assert generate(first.ruleset, first.fingerprint) == generate(second.ruleset, second.fingerprint)
    assert declarations(first.ruleset) == declarations(second.ruleset)


HOSTILE = (Path(__file__).parent / "data" / "hostile_body.pcr").read_text(encoding="utf-8").replace(
    'en "x"', 'en "x\u2028y\u2029z </SCRIPT> <!-- */ `${1}` \\\\"')


def test_hostile_ruleset_text_stays_inert_in_the_module_and_in_a_script_element(tmp_path):
    c = compile_body(HOSTILE)
    source = generate(c.ruleset, c.fingerprint)
    path = tmp_path / "hostile.mjs"
    path.write_text(source, encoding="utf-8")
    assert node("--check", path).returncode == 0
    status, out, err = run(path, "--selftest")
    assert status == 0, out + err
    assert "pwned" not in out and "1 passed, 0 failed" in out
    # inside <script>: nothing that ends the element or opens a comment, no line separator
    assert not re.search(r"</script|<!--|<script", source, re.I)
    assert "\u2028" not in source and "\u2029" not in source
    factor = next(f for f in c.ruleset.factors if f.name == "f")
    script = tmp_path / "spec.mjs"
    script.write_text(f"import {{ SPEC }} from {json.dumps(path.as_uri())};\n"
                      "console.log(JSON.stringify([SPEC.factors.f.source, SPEC.ruleset.identifier]));\n", encoding="utf-8")
    shown = json.loads(node(script).stdout)
    assert shown == [factor.source, c.ruleset.identifier]  # the text survives, as text
    # the declarations: every doc comment closes where it should (tsc reads them below)
    assert all(line.count("*/") == 1 for line in declarations(c.ruleset).splitlines() if "/**" in line)


def test_a_long_sum_compiles(tmp_path):
    terms = " + ".join(["output"] * 300)
    c = compile_body(f"quantity big: t zh \"大\" en \"Big\" = {terms}\n"
                     "emission e in make.smelting, gas CO2, fossil zh \"排放\" en \"E\" = big * f500\n"
                     'factor f500: tCO2/t = 1 source "test" zh "因子" en "Factor"\n')
    out = json.loads(run(write_module(c, tmp_path), stdin='{"output": 1.0}')[1])
    assert out["total"] == pytest.approx(300000.0)


def test_tables_of_rows_refusals_name_the_table_the_row_and_the_column(tmp_path):
    c = compile_body(test_rows.BOM)
    path = write_module(c, tmp_path)
    rows = [dict(test_rows.TWO[0]), {"name": "steel", "mass": {"value": 2, "unit": "kg"}, "footprint": 1}]
    error = json.loads(run(path, stdin=json.dumps({"output": 100, "fuel": 1, "materials": rows}))[1])["error"]
    assert (error["code"], error["field"]) == ("unit_mismatch", "materials[1].mass")
    assert error["message"] == "`materials[1].mass` is given in kg; the column is in t"


def test_compile_target_js_writes_the_module_and_its_declarations(tmp_path):
    from pcrlang.cli import main
    out = tmp_path / "calc.mjs"
    assert main(["compile", str(CEMENT), "--target", "js", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generate(*(lambda c: (c.ruleset, c.fingerprint))(compile_file(str(CEMENT))))
    assert (tmp_path / "calc.d.mts").read_text(encoding="utf-8").startswith("/** Types of the pcrlang calculator")
    assert main(["compile", str(CEMENT), "--target", "js", "-o", str(tmp_path / "calc.js")]) == 0
    assert (tmp_path / "calc.d.ts").exists()
    assert main(["compile", str(ROOT / "rulesets" / "lib" / "gwp.pcr"), "--target", "js", "-o", str(out)]) == 1


@pytest.mark.skipif(TSC is None, reason="tsc is not installed (apt-get install node-typescript)")
def test_the_declarations_type_real_inputs_and_results(tmp_path):
    """Each shipped rule's example inputs and the result they give, written as TypeScript literals
    of the declared types: tsc --strict accepts them (excess properties are errors in literals)."""
    cases = [(p.stem, compile_file(str(p))) for p in RULESETS] + [
        ("rows", compile_body(test_rows.BOM)), ("hostile", compile_body(HOSTILE)),
        ("period", compile_body(test_period.BODY, test_period.PERIOD_HEADER)),
        ("provenance", compile_body(test_provenance.RULE)), ("transport", compile_body(test_transport.BODY))]
    given = {"rows": {"output": 100, "fuel": 1, "materials": test_rows.TWO}, "hostile": {"output": 1, "x": 2},
             "period": test_period.inputs("2022-01-01", "2022-12-31"), "provenance": test_provenance.INPUTS,
             "transport": {"output": 10, "legs": test_transport.legs((100, 200, "road"), (100, 1000, "rail"))}}
    uses = []
    for stem, c in cases:
        (tmp_path / f"{stem}.mjs").write_text(generate(c.ruleset, c.fingerprint), encoding="utf-8")
        (tmp_path / f"{stem}.d.mts").write_text(declarations(c.ruleset), encoding="utf-8")
        inputs = given.get(stem) or json.loads((ROOT / "rulesets" / "inputs" / f"{stem}.json").read_text(encoding="utf-8"))
        result = to_json_numbers(calculate(c.ruleset, inputs, c.fingerprint))
        use = tmp_path / f"use_{stem}.mts"
        use.write_text(f'import {{ calculate, CalculationError, type Inputs, type Result }} from "./{stem}.mjs";\n'
                       f"const inputs: Inputs = {json.dumps(inputs, ensure_ascii=False)};\n"
                       f"const expected: Result = {json.dumps(result, ensure_ascii=False)};\n"
                       "const total: number = calculate(inputs).total - expected.total;\n"
                       "try { calculate(inputs); } catch (e) { if (e instanceof CalculationError) console.log(e.code); }\n"
                       "console.log(total);\n", encoding="utf-8")
        uses.append(str(use))
    run_tsc = subprocess.run([TSC, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
                              "--target", "es2020", *uses], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run_tsc.returncode == 0, run_tsc.stdout[-4000:]
    # and a wrong literal is caught
    bad = tmp_path / "bad.mts"
    bad.write_text('import type { Inputs } from "./cement.mjs";\nconst i: Inputs = { cement_output: "1000" } as never;\n'
                   'const j: Inputs = { cement_output: 1, clinker: 2 };\n', encoding="utf-8")
    wrong = subprocess.run([TSC, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
                            str(bad)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert wrong.returncode != 0 and "clinker" in wrong.stdout
