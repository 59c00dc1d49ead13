"""`pcr check --format json` (versioned, with a JSON Schema) and `--format sarif` (SARIF 2.1.0)."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

from helpers import ROOT

CEMENT = ROOT / "rulesets" / "cement.pcr"
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "diagnostics.schema.json").read_text(encoding="utf-8"))


def pcr(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pcrlang", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT)


def _bad(tmp_path):
    text = CEMENT.read_text(encoding="utf-8")
    assert "  gwp AR6\n" in text
    bad = tmp_path / "bad.pcr"
    bad.write_text(text.replace("  gwp AR6\n", "  gwp AR7\n", 1), encoding="utf-8")
    line = text.split("\n").index("  gwp AR6") + 1
    return bad, line


def test_json_format_has_a_version_and_matches_its_schema(tmp_path):
    bad, _ = _bad(tmp_path)
    result = pcr("check", "--format", "json", bad, CEMENT, ROOT / "pcrlang" / "stdlib" / "gwp.pcr")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["tool"]["name"] == "pcrlang"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert [f["ok"] for f in data["files"]] == [False, True, True]
    assert data["files"][2]["fingerprint"] is None  # a library


def test_the_schema_refuses_what_is_not_the_format():
    wrong = {"version": 2, "tool": {"name": "pcrlang", "version": "0"}, "files": [], "errors": 0, "warnings": 0}
    try:
        jsonschema.validate(wrong, SCHEMA, cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("version 2 accepted")


def test_sarif_format(tmp_path):
    # The structure of SARIF 2.1.0 (OASIS standard, sections 3.13 sarifLog, 3.14 run, 3.18 toolComponent,
    # 3.49 reportingDescriptor, 3.27 result, 3.28 location, 3.30 region), checked by hand: the schema is not
    # shipped with any package the project depends on (see docs/cli.md).
    bad, line = _bad(tmp_path)
    result = pcr("check", "--format", "sarif", "bad.pcr", cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pcrlang"
    from pcrlang.diagnostics import CATALOGUE
    assert [r["id"] for r in driver["rules"]] == sorted(CATALOGUE)
    rule = driver["rules"][[r["id"] for r in driver["rules"]].index("PCR106")]
    assert rule == {"id": "PCR106", "shortDescription": {"text": "unknown GWP set"},
                    "help": {"text": "use AR4, AR5 or AR6"}, "defaultConfiguration": {"level": "error"}}
    assert run["columnKind"] == "unicodeCodePoints"
    (found,) = [r for r in run["results"] if r["ruleId"] == "PCR106"]
    assert driver["rules"][found["ruleIndex"]]["id"] == "PCR106"
    assert found["level"] == "error"
    assert found["message"]["text"] == "unknown GWP set `AR7` (help: did you mean `AR6`?)"
    (location,) = found["locations"]
    # "  gwp AR7": AR7 is characters 7, 8 and 9 of its line; SARIF's endColumn is exclusive (3.30.8)
    assert location == {"physicalLocation": {"artifactLocation": {"uri": "bad.pcr"},
                                             "region": {"startLine": line, "startColumn": 7,
                                                        "endLine": line, "endColumn": 10}}}
    warnings = [r for r in run["results"] if r["level"] == "warning"]
    assert all(r["ruleId"].startswith("PCR-W") for r in warnings)


def test_sarif_of_clean_rulesets_has_no_errors_and_exits_zero():
    result = pcr("check", "--format", "sarif", CEMENT)
    assert result.returncode == 0
    (run,) = json.loads(result.stdout)["runs"]
    assert not [r for r in run["results"] if r["level"] == "error"]
    assert run["results"] == [] or {r["level"] for r in run["results"]} <= {"warning", "note"}


def test_sarif_uris_are_percent_encoded(tmp_path):
    folder = tmp_path / "a b"
    folder.mkdir()
    (folder / "x#1.pcr").write_text("rulesett", encoding="utf-8")
    run = json.loads(pcr("check", "--format", "sarif", "a b/x#1.pcr", cwd=tmp_path).stdout)["runs"][0]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {"a%20b/x%231.pcr"}
