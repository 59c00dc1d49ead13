"""Evaluations per second of the cement footprint: the compiled calculator against fair hand-written
Python, measured in the same run with the same garbage-collector setting (left on).

Baselines, written by hand from tests/data/cement_v1.pcr (the superseded cement rule) as a careful developer would:
  handwritten_core(args)        the formulas on validated values, unit constants folded into one
                                factor per product (as the generated code folds them), math.fsum
  handwritten_total(inputs)     the same formulas behind the same checks the calculator makes on
                                plain inputs: a dict, no unknown input, every required input present,
                                numbers (int or float) inside their bounds, defaults for inputs left out
Compared:
  core              mod._total(*args): the program, the range checks, the exact sum  target <= 1.2 x core baseline
  calculate_total   mod.calculate_total(inputs), float inputs                          target <= 1.5 x total baseline
  integer inputs    mod.calculate_total(inputs given as integers) / with floats        target <= 1.1 (as fast)
  calculate         mod.calculate(inputs): the full result / calculate_total           target <= 5
  interpreter       pcrlang.interpret.calculate, exact fractions                       (info)
All variants must give the same total (relative 1e-12). timeit: loop count from autorange, best of
N repeats taken round-robin over the variants, so a burst of load hits every variant alike.
Run: python bench/calc_speed.py [--repeat N]
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import timeit
import types

import _common  # noqa: F401
from _common import REPO, print_table, target, write_results

from pcrlang import interpret
from pcrlang.backends.python import generate
from pcrlang.compiler import compile_file

# The first example of tests/data/cement_v1.pcr (the superseded cement rule), as a JSON reader gives it: floats, and the integers
# json.load gives for `1000`.
FLOATS = {"cement_output": 1000.0, "clinker_output": 800.0, "cao_content": 0.65, "mgo_content": 0.02,
          "coal": 100.0, "electricity": 90000.0, "quarry_diesel": 2.0}
INTEGERS = {"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65, "mgo_content": 0.02,
            "coal": 100, "electricity": 90000, "quarry_diesel": 2}
EXPECTED = 724.9060286  # kg CO2e per t of cement, the example's expectation

# unit constants folded by hand: t -> kg (1000); t x GJ/t = GJ -> J (1e9); kg CO2/TJ -> kg/J (1e-12)
CAO = 1000 * 44 / 56
MGO = 1000 * 44 / 40
COAL = 1e9 * 94600e-12
DIESEL = 43.0e9 * 74100e-12
CLINKER = 1000 * 0.52


def handwritten_core(cement, clinker, cao, mgo, coal, ncv, electricity, diesel, bought):
    """kg CO2e per tonne of cement from validated values (t, fractions, GJ/t, kWh), with the checks
    the rule's semantics make: a positive production, every term and the total within +-1e300."""
    if not cement > 0.0:
        raise ValueError("production not positive")
    per_unit = 1000.0 / (cement * 1000.0)
    a = clinker * (cao * CAO + mgo * MGO) * per_unit
    b = coal * ncv * COAL * per_unit
    c = electricity * 0.5366 * per_unit
    d = diesel * DIESEL * per_unit
    e = bought * CLINKER * per_unit
    if not (-1e300 <= a <= 1e300 and -1e300 <= b <= 1e300 and -1e300 <= c <= 1e300 and -1e300 <= d <= 1e300
            and -1e300 <= e <= 1e300):
        raise ValueError("out of range")
    total = math.fsum((a, b, c, d, e))
    if not -1e300 <= total <= 1e300:
        raise ValueError("out of range")
    return total


def _number(x):
    if type(x) is not float:
        if type(x) is not int:
            raise ValueError("not a number")
        x = float(x)
    return x


def handwritten_total(inputs: dict) -> float:
    """The same checks as the calculator's path for plain inputs, then the formulas."""
    if type(inputs) is not dict or len(inputs) != 7 + ("coal_ncv" in inputs) + ("purchased_clinker" in inputs):
        raise ValueError("unknown or missing inputs")
    try:
        cement, clinker, cao, mgo = inputs["cement_output"], inputs["clinker_output"], inputs["cao_content"], \
            inputs["mgo_content"]
        coal, electricity, diesel = inputs["coal"], inputs["electricity"], inputs["quarry_diesel"]
    except KeyError:
        raise ValueError("missing input") from None
    cement, clinker, cao, mgo = _number(cement), _number(clinker), _number(cao), _number(mgo)
    coal, electricity, diesel = _number(coal), _number(electricity), _number(diesel)
    ncv = _number(inputs.get("coal_ncv", 25.8))
    bought = _number(inputs.get("purchased_clinker", 0.0))
    if not (0.0 < cement <= 1e9 and 0.0 <= clinker <= 1e9 and 0.0 <= cao <= 1.0 and 0.0 <= mgo <= 1.0
            and 0.0 <= coal <= 1e9 and 10.0 <= ncv <= 35.0 and 0.0 <= electricity <= 1e12 and 0.0 <= diesel <= 1e6
            and 0.0 <= bought <= 1e9):
        raise ValueError("out of bounds")
    return handwritten_core(cement, clinker, cao, mgo, coal, ncv, electricity, diesel, bought)


def load_calculator():
    c = compile_file(os.path.join(REPO, "tests", "data", "cement_v1.pcr")  # the superseded cement rule, frozen)
    assert c.ok, [d.message for d in c.diagnostics if d.is_error]
    module = types.ModuleType("cement_calculator")
    exec(compile(generate(c.ruleset, c.fingerprint), "cement_calculator.py", "exec"), module.__dict__)
    return c, module


def best_times(cases: dict, repeat: int) -> dict:
    timers = {name: timeit.Timer(stmt, globals=ns) for name, (stmt, ns) in cases.items()}
    loops = {name: t.autorange()[0] for name, t in timers.items()}
    best = {name: float("inf") for name in cases}
    for _ in range(repeat):
        for name, t in timers.items():
            best[name] = min(best[name], t.timeit(loops[name]) / loops[name])
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    c, mod = load_calculator()
    run_args = mod._fast_args(FLOATS)
    hand_args = (1000.0, 800.0, 0.65, 0.02, 100.0, 25.8, 90000.0, 2.0, 0.0)
    totals = {
        "core baseline": handwritten_core(*hand_args), "total baseline": handwritten_total(FLOATS),
        "core": mod._total(*run_args), "calculate_total": mod.calculate_total(FLOATS),
        "calculate_total (integers)": mod.calculate_total(INTEGERS), "calculate": mod.calculate(FLOATS)["total"],
        "interpreter": float(interpret.calculate(c.ruleset, FLOATS, c.fingerprint)["total"]),
    }
    reference = totals["interpreter"]
    assert abs(reference - EXPECTED) <= 1e-6 * EXPECTED, reference
    bad = {k: v for k, v in totals.items() if abs(v - reference) > 1e-12 * abs(reference)}
    assert not bad, bad
    cases = {
        "core baseline": ("f(*a)", {"f": handwritten_core, "a": hand_args}),
        "core": ("f(*a)", {"f": mod._total, "a": run_args}),
        "total baseline": ("f(x)", {"f": handwritten_total, "x": FLOATS}),
        "calculate_total": ("f(x)", {"f": mod.calculate_total, "x": FLOATS}),
        "calculate_total (integers)": ("f(x)", {"f": mod.calculate_total, "x": INTEGERS}),
        "calculate": ("f(x)", {"f": mod.calculate, "x": FLOATS}),
        "interpreter": ("f(rs, x, fp)", {"f": interpret.calculate, "rs": c.ruleset, "x": FLOATS, "fp": c.fingerprint}),
    }
    seconds = best_times(cases, args.repeat)
    print(f"best of {args.repeat} repeats (timeit):")
    for name, s in seconds.items():
        print(f"  {name:<28} {s * 1e6:9.2f} us {1 / s:12,.0f}/s")
    core = seconds["core"] / seconds["core baseline"]
    total = seconds["calculate_total"] / seconds["total baseline"]
    integers = seconds["calculate_total (integers)"] / seconds["calculate_total"]
    full = seconds["calculate"] / seconds["calculate_total"]
    figures = [
        target("calc: core time / hand-written core (folded constants)", core, f"{core:.2f}x", "<= 1.2x", core <= 1.2),
        target("calc: calculate_total / hand-written with the same validation", total, f"{total:.2f}x", "<= 1.5x",
               total <= 1.5),
        target("calc: calculate_total, integer inputs / float inputs", integers, f"{integers:.2f}x", "<= 1.1x",
               integers <= 1.1),
        target("calc: calculate (full result) / calculate_total", full, f"{full:.1f}x", "<= 5x", full <= 5),
        target("calc: interpreter (exact) / calculate", seconds["interpreter"] / seconds["calculate"],
               f"{seconds['interpreter'] / seconds['calculate']:.0f}x", "(info)", None),
    ] + [target(f"calc: evaluations/s, {name}", 1 / s, f"{1 / s:,.0f}/s", "(info)", None) for name, s in seconds.items()]
    print_table("calc_speed", figures)
    write_results("calc_speed", figures, {"totals": totals, "seconds_per_eval": seconds, "repeat": args.repeat})
    return 0


if __name__ == "__main__":
    sys.exit(main())
