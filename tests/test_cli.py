"""The `pcr` command line, run as a user would (python -m pcrlang)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ROOT, RULESETS

CEMENT = str(ROOT / "tests" / "data" / "cement_v1.pcr")  # the superseded cement rule, frozen as a fixture


def pcr(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "pcrlang", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd or ROOT)


def test_version():
    from pcrlang import __version__
    assert pcr("--version").stdout.strip() == f"pcrlang {__version__}"


def test_check_clean_rulesets_exit_zero():
    result = pcr("check", *map(str, RULESETS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(RULESETS)


def test_check_reports_every_error_with_caret_and_exits_one(tmp_path):
    bad = tmp_path / "bad.pcr"
    text = open(CEMENT, encoding="utf-8").read()
    text = text.replace("electricity * grid_2022", "electricty * grid_2022")
    text = text.replace("coal * coal_ncv * coal_ef", "coal + coal_ncv")
    bad.write_text(text, encoding="utf-8")
    result = pcr("check", str(bad))
    assert result.returncode == 1
    err = result.stderr
    assert "error[PCR201]: unknown name `electricty`" in err
    assert "did you mean `electricity`?" in err
    assert "error[PCR302]: addition of mass and energy per mass" in err
    assert f"{bad}:" in err and "^^^^^^^^^^" in err


def test_check_json_format(tmp_path):
    bad = tmp_path / "bad.pcr"
    bad.write_text(open(CEMENT, encoding="utf-8").read().replace("gwp AR6", "gwp AR7"), encoding="utf-8")
    result = pcr("check", "--format", "json", str(bad))
    data = json.loads(result.stdout)
    (diagnostic,) = data["files"][0]["diagnostics"]
    assert diagnostic["code"] == "PCR106" and diagnostic["severity"] == "error"
    assert diagnostic["span"]["line"] == 11 and diagnostic["help"] == "did you mean `AR6`?"
    assert result.returncode == 1


def test_strict_makes_warnings_fail(tmp_path):
    text = open(CEMENT, encoding="utf-8").read() + '\ninput spare: t in [0, 1] optional zh "备用" en "Spare"\n'
    path = tmp_path / "warn.pcr"
    path.write_text(text, encoding="utf-8")
    assert pcr("check", str(path)).returncode == 0
    strict = pcr("check", "--strict", str(path))
    assert strict.returncode == 1 and "PCR-W01" in strict.stderr


def test_compile_calc_and_test_agree(tmp_path):
    out = tmp_path / "calc.py"
    assert pcr("compile", CEMENT, "-o", str(out)).returncode == 0
    inputs = tmp_path / "in.json"
    inputs.write_text(json.dumps({"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65,
                                  "mgo_content": 0.02, "coal": 100, "electricity": 90000, "quarry_diesel": 2}))
    interpreted = json.loads(pcr("calc", CEMENT, "--input", str(inputs)).stdout)
    compiled = json.loads(subprocess.run([sys.executable, str(out)], stdin=open(inputs), capture_output=True,
                                         text=True).stdout)
    assert interpreted.keys() == compiled.keys()
    assert interpreted["total"] == pytest.approx(compiled["total"], rel=1e-12)
    assert interpreted["total"] == pytest.approx(724.9060286, rel=1e-9)  # hand calculation, cement example 1
    result = pcr("test", *map(str, RULESETS))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("interpreter ok; calculator ok") == len(RULESETS)


def test_calc_refusal_is_json_with_exit_three(tmp_path):
    inputs = tmp_path / "in.json"
    inputs.write_text('{"cement_output": 0}')
    result = pcr("calc", CEMENT, "--input", str(inputs))
    assert result.returncode == 3  # a refused calculation (2 is a usage error)
    assert json.loads(result.stdout)["error"]["field"] == "cement_output"
    missing = pcr("calc", CEMENT, "--input", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and json.loads(missing.stdout)["error"]["code"] == "invalid_json"  # usage


def test_schema_is_json_schema_of_inputs_and_results():
    schema = json.loads(pcr("schema", CEMENT).stdout)
    inputs = schema["input"]
    assert inputs["additionalProperties"] is False
    assert "coal_ncv" not in inputs["required"] and "cement_output" in inputs["required"]
    assert inputs["properties"]["cement_output"]["exclusiveMinimum"] == 0
    assert inputs["properties"]["cao_content"]["maximum"] == 1
    assert "oneOf" in inputs["properties"]["quarry_diesel"]  # may be cut off
    assert "oneOf" not in inputs["properties"]["electricity"]  # never cut
    assert set(schema["result"]["properties"]["by_stage"]["required"]) == {"raw_materials", "production"}


def test_ir_is_canonical_json_with_fingerprint():
    data = json.loads(pcr("ir", CEMENT).stdout)
    assert data["fingerprint"].startswith("sha256:") and data["pcrlang_ir"] == 2
    assert data["ruleset"]["identifier"] == "PCRLANG-CEMENT-001"


def test_unknown_file_is_a_diagnostic_not_a_traceback(tmp_path):
    result = pcr("check", str(tmp_path / "missing.pcr"))
    assert result.returncode == 1 and "PCR003" in result.stderr and "Traceback" not in result.stderr
