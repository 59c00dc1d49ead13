"""The JSON-lines protocol as the generated calculator speaks it (`python calc.py --jsonl`)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pcrlang.interpret import calculate, to_json_numbers

# the cement calculator of test_calculator.py (a fixture: compiled once, written to a file)
from test_calculator import EXAMPLE_INPUTS as INPUTS, cement_calculator as cement  # noqa: E402,F401


def test_jsonl_answers_one_line_per_line_in_order(cement):
    c, path = cement
    lines = ['{"pcr": "hello", "protocol": 1}', json.dumps(INPUTS), "", "not json",
             json.dumps(dict(INPUTS, coal=-1)), json.dumps(dict(INPUTS, electricity=1))]
    run = subprocess.run([sys.executable, "-I", str(path), "--jsonl"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == 5  # the blank line is skipped
    hello, first, garbage, refused, last = out
    assert hello["pcr"] == "hello" and hello["protocol"] == 1
    assert hello["ruleset"] == {"identifier": "PCRLANG-CEMENT-001", "version": "1.0.0",
                                "fingerprint": c.fingerprint, "publication_fingerprint": c.publication_fingerprint}
    assert hello["calculator"]["sha256"].startswith("sha256:")
    expected = to_json_numbers(calculate(c.ruleset, INPUTS, c.fingerprint))
    assert first.keys() == expected.keys() and first["by_stage"].keys() == expected["by_stage"].keys()
    assert first["total"] == pytest.approx(expected["total"], rel=1e-12)
    assert garbage["error"]["code"] == "invalid_json"
    assert (refused["error"]["code"], refused["error"]["field"]) == ("out_of_bounds", "coal")
    # 1 kWh instead of 90 000: 48.294 - 0.0005366 kg CO2e/t less than example 1's 724.9060286
    assert last["total"] == pytest.approx(724.9060286 - 48.294 + 0.0005366, rel=1e-9)
