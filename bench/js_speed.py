"""Evaluations per second of the JavaScript calculator (Node) against the Python calculator, both
generated from the same rule and given the same inputs, measured in the same run.

Rules and inputs:
  cement        tests/data/cement_v1.pcr (the superseded cement rule), its first worked example (plain numbers: the Python
                calculator's fast path for calculate_total)
  steel_bof     rulesets/steel_bof.pcr with rulesets/inputs/steel_bof.json (allocation,
                electricity, data quality)
  legs_200      tests/test_transport.py's transport block with 200 legs (a table of rows,
                a contribution per row, the result by mode)
Compared, for each rule:
  calculate         the full result: Python calculator time / JavaScript time     (info)
  calculate_total   the footprint alone: Python time / JavaScript time            (info)
Both must give the same total (relative 1e-12). Python: timeit, the loop count from autorange,
best of N repeats. Node: the same in one process (the loop doubled until it takes 0.2 s, after a
warm-up of as many calls, so the JIT has compiled the hot paths), best of N repeats. Startup
(importing the module, Node itself) is not in either figure. Needs node on the PATH.
Run: python bench/js_speed.py [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import timeit
import types

import _common  # noqa: F401
from _common import REPO, print_table, target, write_results

from pcrlang.backends import js
from pcrlang.backends.python import generate as generate_python
from pcrlang.compiler import compile_file, compile_text

NODE_SCRIPT = r"""
import { pathToFileURL } from "node:url";
const [module, inputsText, repeat] = process.argv.slice(2);
const calc = await import(pathToFileURL(module).href);
const inputs = JSON.parse(inputsText);
function best(f) {
  let loops = 1;
  for (;;) {
    const start = performance.now();
    for (let k = 0; k < loops; k++) f(inputs);
    if (performance.now() - start >= 200) break;
    loops *= 2;
  }
  let seconds = Infinity;
  for (let r = 0; r < Number(repeat); r++) {
    const start = performance.now();
    for (let k = 0; k < loops; k++) f(inputs);
    seconds = Math.min(seconds, (performance.now() - start) / 1000 / loops);
  }
  return seconds;
}
const total = calc.calculate(inputs).total;
console.log(JSON.stringify({ total, totalAlone: calc.calculateTotal(inputs),
  calculate: best(calc.calculate), calculateTotal: best(calc.calculateTotal) }));
"""


def rules() -> list:
    cement = compile_file(os.path.join(REPO, "tests", "data", "cement_v1.pcr")  # the superseded cement rule, frozen)
    steel = compile_file(os.path.join(REPO, "rulesets", "steel_bof.pcr"))
    with open(os.path.join(REPO, "rulesets", "inputs", "steel_bof.json"), encoding="utf-8") as f:
        steel_inputs = json.load(f)
    sys.path.insert(0, os.path.join(REPO, "tests"))
    import test_transport
    from helpers import HEADER
    legs = compile_text(HEADER + test_transport.BODY, "legs.pcr", run_examples=False)
    modes = ("road", "rail", "sea")
    legs_inputs = {"output": 10, "legs": [{"material": f"m{k}", "mass": 1 + k % 7, "distance": 10 * (1 + k % 13),
                                           "mode": modes[k % 3]} for k in range(200)]}
    cement_inputs = {"cement_output": 1000.0, "clinker_output": 800.0, "cao_content": 0.65, "mgo_content": 0.02,
                     "coal": 100.0, "electricity": 90000.0, "quarry_diesel": 2.0}
    return [("cement", cement, cement_inputs), ("steel_bof", steel, steel_inputs), ("legs_200", legs, legs_inputs)]


def python_times(compilation, inputs, repeat: int) -> dict:
    module = types.ModuleType("calculator")
    exec(compile(generate_python(compilation.ruleset, compilation.fingerprint), "calculator.py", "exec"),
         module.__dict__)
    out = {"total": module.calculate(inputs)["total"], "totalAlone": module.calculate_total(inputs)}
    for name, f in (("calculate", module.calculate), ("calculateTotal", module.calculate_total)):
        timer = timeit.Timer("f(x)", globals={"f": f, "x": inputs})
        loops = timer.autorange()[0]
        out[name] = min(timer.timeit(loops) / loops for _ in range(repeat))
    return out


def node_times(node: str, compilation, inputs, repeat: int, directory: str) -> dict:
    module = os.path.join(directory, "calc.mjs")
    with open(module, "w", encoding="utf-8") as f:
        f.write(js.generate(compilation.ruleset, compilation.fingerprint))
    script = os.path.join(directory, "bench.mjs")
    with open(script, "w", encoding="utf-8") as f:
        f.write(NODE_SCRIPT)
    run = subprocess.run([node, script, module, json.dumps(inputs), str(repeat)], capture_output=True, text=True,
                         timeout=600, check=True)
    return json.loads(run.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    node = shutil.which("node")
    if node is None:
        print("node is not installed: nothing measured")
        return 0
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    figures, raw = [], {"node": version, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as directory:
        for name, compilation, inputs in rules():
            py = python_times(compilation, inputs, args.repeat)
            nd = node_times(node, compilation, inputs, args.repeat, directory)
            for key in ("total", "totalAlone"):
                assert abs(py[key] - nd[key]) <= 1e-12 * abs(py[key]), (name, key, py[key], nd[key])
            raw[name] = {"python": py, "node": nd}
            for what in ("calculate", "calculateTotal"):
                ratio = py[what] / nd[what]
                figures.append(target(f"js: {name} {what}, Python time / JavaScript time", ratio, f"{ratio:.1f}x",
                                      "(info)", None))
                figures.append(target(f"js: {name} {what}, JavaScript evaluations/s", 1 / nd[what],
                                      f"{1 / nd[what]:,.0f}/s", "(info)", None))
    print_table(f"js_speed ({version})", figures)
    write_results("js_speed", figures, raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
