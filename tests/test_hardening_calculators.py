"""Reproducers of the hardening campaign's findings against calculators: hostile JSON through
`pcr calc` and a compiled calculator (a traceback, a hang, raw bytes or a locale-dependent code),
and the differential findings (10 000 random cases per shipped ruleset) where the interpreter and
the compiled Python calculator reached a different verdict or refusal code. Each is now decided
alike; these tests keep it so."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from pcrlang.compiler import compile_file
from pcrlang.interpret import CalculationError, calculate, to_json_numbers
from pcrlang.semantics.runtime import read_json

from helpers import ROOT, load_calculator

RULESETS = ROOT / "rulesets"


@pytest.fixture(scope="module")
def lead():
    c = compile_file(str(RULESETS / "lead_ingot.pcr"))
    assert c.ok
    return c, load_calculator(c)


@pytest.fixture(scope="module")
def cement():
    c = compile_file(str(RULESETS / "cement.pcr"))
    assert c.ok
    return c, load_calculator(c)


def both(compilation, calculator, text: str):
    """(interpreter, calculator) on the same JSON text: a result or ('error', code, field)."""
    def run(function):
        try:
            return function(read_json(text.encode("utf-8")))
        except (CalculationError, calculator.CalculationError) as error:
            return ("error", error.code, error.field)
    rs, fingerprint = compilation.ruleset, compilation.fingerprint
    expected = run(lambda inputs: to_json_numbers(calculate(rs, inputs, fingerprint)))
    return expected, run(calculator.calculate)


def inputs_of(name: str) -> dict:
    return json.loads((RULESETS / "inputs" / f"{name}.json").read_text(encoding="utf-8"))


def test_a_rating_a_hair_above_a_level_edge_is_the_next_level_in_every_target(lead):
    # TeR = P = 1 + 2^-52, GR = 5, TiR = 1: exactly (2 (1 + 2^-52) + 5 + 1) / 4 = 2 + 2^-53, above
    # the very_good edge (<= 2.0), so `good`. Binary64 sums 1 + 2^-52 + 5 to 6 and gives 2.0:
    # the calculator used to say very_good while the interpreter said good.
    c, calculator = lead
    scores = {"TeR": 1.0000000000000002, "GR": 5, "TiR": 1, "P": 1.0000000000000002}
    data = dict(inputs_of("lead_ingot"), smelter_electricity={"value": 20000000, "quality": scores})
    expected, actual = both(c, calculator, json.dumps(data))
    for result in (expected, actual):
        assert result["data_quality"]["inputs"]["smelter_electricity"]["level"] == "good"


@pytest.mark.parametrize("literal, code", [
    ("1e309", "not_finite"), ("-1e309", "not_finite"), ("1e5000", "not_finite"),  # beyond binary64
    ("1e-400", None), ("5e-324", None),  # 0 and the least subnormal: values the input's bounds accept
])
def test_extreme_literals_are_refused_with_one_code(cement, literal, code):
    # both used to refuse 1e309 with different codes (not_finite, out_of_bounds)
    c, calculator = cement
    text = json.dumps(inputs_of("cement")).replace('"clinker_output": 800', f'"clinker_output": {literal}', 1)
    assert literal in text
    expected, actual = both(c, calculator, text)
    if code is None:
        assert "total" in expected and "total" in actual
        assert math.isclose(expected["total"], actual["total"], rel_tol=1e-9)
    else:
        assert expected == actual == ("error", code, "clinker_output")


def test_a_tiny_cut_off_estimate_keeps_its_share(cement):
    # 1e-100 t of quarry diesel cut off: its share of the emissions is about 4e-101 %, not 0
    # (calculators used to underflow to 0 while the interpreter reported it)
    c, calculator = cement
    text = json.dumps(dict(inputs_of("cement"), quarry_diesel={"cut_off": 1e-100}))
    expected, actual = both(c, calculator, text)
    shares = [r["cutoff"]["flows"][0]["shares_percent"]["emissions"] for r in (expected, actual)]
    assert all(1e-102 < s < 1e-100 for s in shares)
    assert math.isclose(*shares, rel_tol=1e-9)
    # by mass: 1e-100 t of 1 000 t of cement x 100 % = 1e-101 %
    assert expected["cutoff"]["flows"][0]["shares_percent"]["mass"] == actual["cutoff"]["flows"][0]["shares_percent"]["mass"] == 1e-101


# ---- the CLI and a compiled calculator on hostile JSON -------------------------------------------
CEMENT = str(RULESETS / "cement.pcr")


def run(command: list, stdin: bytes, **env) -> subprocess.CompletedProcess:
    # the timeout turns a hang (1e100000000 as an exact number took minutes) into a failure
    environment = dict(os.environ, **env)
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120, env=environment, cwd=ROOT)


@pytest.fixture(scope="module")
def cement_module(tmp_path_factory):
    path = tmp_path_factory.mktemp("calc") / "cement.py"
    result = subprocess.run([sys.executable, "-m", "pcrlang", "compile", CEMENT, "-o", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr
    return str(path)


def refusal(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 3, result.stderr  # a refused calculation
    assert b"Traceback" not in result.stderr + result.stdout
    return json.loads(result.stdout.decode("utf-8"))["error"]  # always valid UTF-8 JSON


@pytest.mark.parametrize("literal", ["1e5000", "1e100000000"])
def test_a_huge_exponent_is_not_finite_at_once(cement_module, literal):
    text = json.dumps(inputs_of("cement")).replace('"coal": 100', f'"coal": {literal}', 1).encode()
    for command in ([sys.executable, "-m", "pcrlang", "calc", CEMENT, "--input", "-"], [sys.executable, cement_module]):
        error = refusal(run(command, text))
        assert (error["code"], error["field"]) == ("not_finite", "coal")


def test_duplicate_keys_are_refused_not_computed(cement_module):
    # the last value would have won: "bad" then 1000 computed a result with exit 0
    text = json.dumps(inputs_of("cement"))[:-1].encode() + b', "cement_output": "bad", "cement_output": 1000}'
    for command in ([sys.executable, "-m", "pcrlang", "calc", CEMENT, "--input", "-"], [sys.executable, cement_module]):
        error = refusal(run(command, text))
        assert error["code"] == "invalid_json" and "cement_output" in error["message"]


@pytest.mark.parametrize("stdin", [b'{"coal": "\xff\xfe"}', b'{"coal": "\\ud800"}', b"[" * 100000 + b"]" * 100000])
def test_bad_bytes_give_the_same_code_whatever_the_locale(cement_module, stdin):
    seen = set()
    for locale in ("C", "C.UTF-8", "zh_CN.GB18030"):
        for command in ([sys.executable, "-m", "pcrlang", "calc", CEMENT, "--input", "-", "--lang", "en"],
                        [sys.executable, cement_module]):
            error = refusal(run(command, stdin, LC_ALL=locale, LANG=locale, PYTHONIOENCODING=""))
            assert "\xff" not in error["message"] and "\ufffd" not in error["message"]  # raw bytes are not echoed
            seen.add((error["code"], error["message"]))
    assert len(seen) == 1 and seen.pop()[0] == "invalid_json"


def test_pcr_check_on_a_unit_of_forty_factors_is_a_diagnostic(tmp_path):
    # one 281-byte line raised ValueError (int of more than 4 300 digits) in `pcr check`
    unit = "*".join(["Mt^12"] * 40)
    body = (RULESETS / "cement.pcr").read_text(encoding="utf-8") + f'\ninput huge: {unit} zh "x" en "x"\n'
    path = tmp_path / "huge.pcr"
    path.write_text(body, encoding="utf-8")
    for extra in ([], ["--format", "json"]):
        result = subprocess.run([sys.executable, "-m", "pcrlang", "check", str(path), *extra], capture_output=True,
                                timeout=120, cwd=ROOT)
        assert result.returncode == 1 and b"Traceback" not in result.stderr
        assert b"PCR311" in result.stdout + result.stderr
