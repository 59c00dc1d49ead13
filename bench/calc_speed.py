"""Evaluations per second of the cement footprint: compiled calculator against hand-written Python.

Baseline, measured in the same run: `handwritten_total`, the cement formula of
rulesets/cement.pcr written by hand as a developer would (read the inputs from the dict,
compute each contribution in kg, math.fsum, divide by the cement output). No validation.
Compared with it, on the inputs of the ruleset's first example (as floats):

  core             mod._total(mod._core(*args)[0]) on already validated values: the formulas
                   and the total, what the hand-written function does      target <= 1.2x its time
  calculate_total  mod.calculate_total(inputs): validation + formulas + total  target <= 2x
  calculate        mod.calculate(inputs): the full result (breakdowns, cut-off, trace)   (info)
  interpreter      pcrlang.interpret.calculate(...): the exact-fraction reference        (info)

The calculator is generated with pcrlang.backends.python.generate, written to a temporary file
and imported. timeit: the loop count from autorange (>= 0.2 s a repeat), best of 5 repeats taken
round-robin over the variants.
All five must agree on the total (relative 1e-12; the interpreter's exact total rounded).
Run: python bench/calc_speed.py [--repeat N]
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import os
import sys
import tempfile
import timeit

import _common  # noqa: F401
from _common import REPO, print_table, target, write_results

from pcrlang import interpret
from pcrlang.backends.python import generate
from pcrlang.compiler import compile_file

# The first example of rulesets/cement.pcr, as a JSON reader gives it (floats).
INPUTS = {"cement_output": 1000.0, "clinker_output": 800.0, "cao_content": 0.65, "mgo_content": 0.02,
          "coal": 100.0, "electricity": 90000.0, "quarry_diesel": 2.0}
EXPECTED = 724.9060286  # kg CO2e per t of cement, the example's expectation


def handwritten_total(inputs: dict) -> float:
    """kg CO2e per tonne of cement, written by hand from rulesets/cement.pcr (no validation)."""
    cement = inputs["cement_output"]                      # t
    clinker = inputs["clinker_output"]                    # t
    cao = inputs["cao_content"]
    mgo = inputs["mgo_content"]
    coal = inputs["coal"]                                 # t
    ncv = inputs.get("coal_ncv", 25.8)                    # GJ/t
    electricity = inputs["electricity"]                   # kWh
    diesel = inputs.get("quarry_diesel", 0.0)             # t
    bought_clinker = inputs.get("purchased_clinker", 0.0)  # t

    calcination = clinker * 1000 * (cao * 44 / 56 + mgo * 44 / 40)  # kg CO2
    kiln_coal = coal * 1000 * ncv * 1e6 * 94600e-12                 # kg -> MJ -> TJ x kg CO2/TJ
    power = electricity * 0.5366                                    # kg CO2
    quarry = diesel * 1000 * 43.0e6 * 74100e-12                     # kg -> MJ -> TJ x kg CO2/TJ
    purchased = bought_clinker * 1000 * 0.52                        # kg CO2
    return math.fsum([calcination, kiln_coal, power, quarry, purchased]) / cement


def load_calculator():
    c = compile_file(os.path.join(REPO, "rulesets", "cement.pcr"))
    assert c.ok, [d.message for d in c.diagnostics if d.is_error]
    source = generate(c.ruleset, c.fingerprint)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "cement_calculator.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        spec = importlib.util.spec_from_file_location("cement_calculator", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return c, module


def best_times(cases: dict, repeat: int) -> tuple[dict, dict]:
    """Seconds per evaluation of each case (best of `repeat`) and the loop counts used.

    The loop count of each case comes from timeit's autorange (>= 0.2 s per repeat); the
    repeats then go round the cases in turn, so a burst of load on a shared machine hits
    every case alike instead of one.
    """
    timers = {name: timeit.Timer(stmt, globals=ns) for name, (stmt, ns) in cases.items()}
    loops = {name: t.autorange()[0] for name, t in timers.items()}
    best = {name: float("inf") for name in cases}
    for _ in range(repeat):
        for name, t in timers.items():
            best[name] = min(best[name], t.timeit(loops[name]) / loops[name])
    return best, loops


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    c, mod = load_calculator()
    values = mod._validate(INPUTS)[0]
    core_args = [values[n] for n in mod._ORDER]  # _core takes the validated inputs in order
    totals = {
        "hand-written": handwritten_total(INPUTS),
        "core": mod._total(mod._core(*core_args)[0]),
        "calculate_total": mod.calculate_total(INPUTS),
        "calculate": mod.calculate(INPUTS)["total"],
        "interpreter": float(interpret.calculate(c.ruleset, INPUTS, c.fingerprint)["total"]),
    }
    reference = totals["hand-written"]
    agree = {k: abs(v - reference) <= 1e-12 * abs(reference) for k, v in totals.items()}
    print("totals (kg CO2e/t): " + ", ".join(f"{k} {v!r}" for k, v in totals.items()))
    assert abs(reference - EXPECTED) <= 1e-6 * EXPECTED, reference
    assert all(agree.values()), {k: v for k, v in totals.items() if not agree[k]}

    cases = {
        "hand-written": ("f(x)", {"f": handwritten_total, "x": INPUTS}),
        "core": ("total(core(*a)[0])", {"total": mod._total, "core": mod._core, "a": core_args}),
        "calculate_total": ("f(x)", {"f": mod.calculate_total, "x": INPUTS}),
        "calculate": ("f(x)", {"f": mod.calculate, "x": INPUTS}),
        "interpreter": ("f(rs, x, fp)", {"f": interpret.calculate, "rs": c.ruleset, "x": INPUTS,
                                          "fp": c.fingerprint}),
    }
    seconds, loops = best_times(cases, args.repeat)
    base = seconds["hand-written"]

    print(f"\nbest of {args.repeat} repeats (timeit):")
    print(f"  {'variant':<16} {'time/eval':>11} {'evals/s':>12} {'x hand-written':>15}")
    for name, s in seconds.items():
        print(f"  {name:<16} {s * 1e6:9.2f} us {1 / s:12,.0f} {s / base:14.2f}x")

    # Where the time goes: the pieces, timed alike.
    gas_kg = mod._core(*core_args)[0]
    full_inputs = dict(INPUTS, coal_ncv=25.8, purchased_clinker=0.0)
    pieces = {
        "_core(*args)": ("core(*a)", {"core": mod._core, "a": core_args}),
        "_total(gas_kg)": ("total(g)", {"total": mod._total, "g": gas_kg}),
        "_validate(inputs)": ("validate(x)", {"validate": mod._validate, "x": INPUTS}),
        "_validate, all 9 inputs given": ("validate(x)", {"validate": mod._validate, "x": full_inputs}),
        "calculate_total, all 9 given": ("f(x)", {"f": mod.calculate_total, "x": full_inputs}),
        "hand-written, all 9 given": ("f(x)", {"f": handwritten_total, "x": full_inputs}),
        "empty function call f(x)": ("f(x)", {"f": lambda x: None, "x": INPUTS}),
    }
    piece_seconds = best_times(dict(pieces, **{"hand-written": cases["hand-written"]}), args.repeat)[0]
    base_pieces = piece_seconds.pop("hand-written")  # the baseline again, timed with the pieces
    print("\nthe pieces (best of %d):" % args.repeat)
    for name, s in piece_seconds.items():
        print(f"  {name:<32} {s * 1e6:7.2f} us  {s / base_pieces:5.2f}x hand-written")

    import cProfile
    import io
    import pstats
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(2000):
        mod.calculate(INPUTS)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.strip_dirs().sort_stats("tottime").print_stats(12)
    calculate_profile = []
    for key in stats.fcn_list[:12]:
        cc, nc, tt, ct, _ = stats.stats[key]
        calculate_profile.append({"function": f"{key[0]}:{key[1]}({key[2]})", "ncalls": nc,
                                  "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
    print("\nprofile of 2000 calls of calculate(inputs), by own time:")
    for e in calculate_profile:
        print(f"  {e['tottime_s']:7.3f} s  {e['ncalls']:>7}  {e['function']}")

    core_ratio = seconds["core"] / base
    total_ratio = seconds["calculate_total"] / base
    targets = [
        target("calc: core (formulas + total) time / hand-written time", core_ratio, f"{core_ratio:.2f}x",
               "<= 1.2x", core_ratio <= 1.2),
        target("calc: calculate_total (validation + core) time / hand-written time", total_ratio,
               f"{total_ratio:.2f}x", "<= 2x", total_ratio <= 2.0),
        target("calc: calculate (full result) time / hand-written time", seconds["calculate"] / base,
               f"{seconds['calculate'] / base:.1f}x", "(info)", None),
        target("calc: interpreter (exact fractions) time / hand-written time", seconds["interpreter"] / base,
               f"{seconds['interpreter'] / base:.0f}x", "(info)", None),
    ] + [
        target(f"calc: evaluations/s, {name}", 1 / s, f"{1 / s:,.0f}/s", "(info)", None)
        for name, s in seconds.items()
    ]
    print_table("calc_speed", targets)
    write_results("calc_speed", targets, {
        "inputs": INPUTS, "totals": totals, "repeat": args.repeat, "loops": loops,
        "seconds_per_eval": seconds, "evals_per_s": {k: 1 / v for k, v in seconds.items()},
        "ratio_to_handwritten": {k: v / base for k, v in seconds.items()},
        "pieces_seconds": piece_seconds, "calculate_profile": calculate_profile,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
