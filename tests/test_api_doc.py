"""docs/api.md: its examples run as written (from the repository root), and print what the text says."""
from __future__ import annotations

import contextlib
import io
import os
import re

from helpers import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.S)


def _run(block: str) -> str:
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(block, "docs/api.md", "exec"), {"__name__": "api_doc"})
    finally:
        os.chdir(cwd)
    return out.getvalue()


def test_there_are_three_examples():
    assert len(BLOCKS) == 3


def test_check_example():
    assert _run(BLOCKS[0]).startswith("sha256:")


def test_interpreter_example():
    lines = _run(BLOCKS[1]).splitlines()
    assert abs(float(lines[0]) - 724.9060286) < 1e-6  # hand calculation, cement example 1 (tests/test_cli.py)
    assert lines[1].startswith("out_of_bounds cement_output ")


def test_calculator_module_example():
    lines = _run(BLOCKS[2]).splitlines()
    assert abs(float(lines[0]) - 724.9060286) < 1e-6 and abs(float(lines[1]) - 724.9060286) < 1e-6
    assert "'code': 'out_of_bounds'" in lines[2] and "'field': 'cement_output'" in lines[2]
