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


# The inputs of example 1 of rulesets/cement.pcr, computed by hand there:
#   calcination  (800 + 10) t x [(0.65 - 0.01) x 44/56 + (0.02 - 0.005) x 44/40] = 810 x 0.5193571429
#                = 420 679.2857 kg; organic C 1 250 t x 0.002 x 44/12 = 9 166.6667 kg
#   kiln coal    100 t x 25.8 GJ/t x 94 600 kg/TJ = 244 068 kg (IPCC 2006 Vol. 2 Tables 1.2, 1.4)
#   electricity  90 000 kWh x 0.6205 kg CO2e/kWh (2023 life-cycle factor) = 55 845 kg
#   quarry       2 t x 43.0 GJ/t x 74 100 kg/TJ = 6 372.6 kg
#   total        736 131.5524 kg / 1 000 t = 736.1315524 kg CO2e/t
BY_HAND = 736.1315524


def test_interpreter_example():
    lines = _run(BLOCKS[1]).splitlines()
    assert abs(float(lines[0]) - BY_HAND) < 1e-6
    assert lines[1].startswith("out_of_bounds cement_output ")


def test_calculator_module_example():
    lines = _run(BLOCKS[2]).splitlines()
    assert abs(float(lines[0]) - BY_HAND) < 1e-6 and abs(float(lines[1]) - BY_HAND) < 1e-6
    assert "'code': 'out_of_bounds'" in lines[2] and "'field': 'cement_output'" in lines[2]
