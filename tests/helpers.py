"""Shared helpers for the tests: small rulesets built on one header and boundary."""
from __future__ import annotations

import importlib.util
import sys
import types
from fractions import Fraction
from pathlib import Path

from pcrlang.backends.python import generate
from pcrlang.compiler import compile_file, compile_text
from pcrlang.interpret import calculate, to_json_numbers

ROOT = Path(__file__).resolve().parent.parent
RULESETS = sorted((ROOT / "rulesets").glob("*.pcr"))

HEADER = '''ruleset "T-TEST 1" version "1.0.0" {
  status draft
  title zh "测试规则" en "Test rule"
  gwp AR6
  declared_unit 1 t zh "1 吨产品" en "one tonne of product"
  production output
}
boundary cradle_to_gate {
  stage raw: raw_material_acquisition zh "原料获取" en "Raw materials" {
    process mining zh "开采" en "Mining"
  }
  stage make: production zh "生产" en "Production" {
    process smelting zh "冶炼" en "Smelting"
    process casting zh "铸造" en "Casting"
  }
}
input output: t in (0, 1e9] zh "产品产量" en "Product output"
'''


def compile_body(body: str, header: str = HEADER):
    """Compile HEADER + body; fail the test with the rendered diagnostics on any error."""
    from pcrlang.diagnostics import render
    c = compile_text(header + body, "test.pcr")
    errors = [d for d in c.diagnostics if d.is_error]
    assert c.ok and not errors, "\n".join(render(d, c.text) for d in c.diagnostics)
    return c


def interpret(compilation, inputs: dict) -> dict:
    return to_json_numbers(calculate(compilation.ruleset, inputs, compilation.fingerprint))


def load_calculator(compilation, name: str = "calculator_under_test") -> types.ModuleType:
    """Generate the calculator and import it as a module (from source, no file needed)."""
    source = generate(compilation.ruleset, compilation.fingerprint)
    module = types.ModuleType(name)
    module.__dict__["__name__"] = name
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


def close(a: float, b: float, rel: float = 1e-12, abs_: float = 1e-12) -> bool:
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)
