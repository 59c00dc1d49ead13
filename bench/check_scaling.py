"""How the checker's time and memory grow with the size of a ruleset (a script, not a test).

Each case generates a ruleset of n declarations in a fresh child process with a time limit,
parses it (timed apart), then times `check()` alone (the best of --runs) and reports the check
time, the time per declaration, the ratio of the time to the previous size's beside the ratio
of the sizes (linear growth: the two ratios are about equal) and the peak memory the check
allocates (tracemalloc, in one more, untimed run). With --render it also times rendering every
diagnostic with its source line, as `pcr check` prints them.

Cases:
- used: n inputs, each used in one emission (no warnings);
- unused: n inputs, none used (n warnings PCR-W01);
- units: n inputs of unknown units `input x1: foo1` (n errors PCR301, each with a suggestion);
- if: one quantity, an `if ... then ... else` nested n deep;
- chain: n quantities, q1 = q0 + 1, q2 = q1 + 1, ...;
- cycle: n quantities in one cycle (one PCR203);
- parens: one quantity, a sum nested n deep in parentheses (PCR006 at the quantity).

The checker's documented limits (docs/language.md, "Limits": 2 000 000 characters and 20 000
declarations a file) refuse the larger sizes at once with PCR010/PCR011, which says nothing of
how the checker scales. So the child lifts both limits (the guard is not what is measured) unless
--keep-limits is given, and the parse and the check are timed apart and together.

Run: python bench/check_scaling.py [--limit SECONDS] [--quick] [--keep-limits] [CASE ...]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import _common  # noqa: F401  (puts the checkout on sys.path)
from _common import REPO, child_env

HEADER = '''ruleset "PCRLANG-SCALING" version "1.0.0" {
  status draft
  title zh "规模测试" en "Scaling test"
  gwp AR6
  declared_unit 1 t zh "1 吨" en "one tonne"
}

boundary gate_to_gate {
  stage production: production zh "生产" en "Production" {
    process kiln zh "烧成" en "Firing"
  }
}

factor ef: kgCO2/t = 0.5 source "illustrative" zh "因子" en "Factor"
input a: t primary zh "输入" en "Input"
emission base in production.kiln, gas CO2, fossil zh "排放" en "Emission" = a * ef
'''


def generate(case: str, n: int) -> str:
    out = [HEADER]
    if case in ("used", "unused"):
        for i in range(n):
            out.append(f'input x{i}: t primary zh "输入" en "Input"\n')
            if case == "used":
                out.append(f'emission e{i} in production.kiln, gas CO2, fossil zh "排放" en "Emission" = x{i} * ef\n')
    elif case == "units":
        out.extend(f'input x{i}: foo{i} primary zh "输入" en "Input"\n' for i in range(n))
    elif case == "if":
        formula = "if a > 0 then " * n + "a" + " else a" * n
        out.append(f"quantity q: t = {formula}\n")
        out.append("emission e in production.kiln, gas CO2, fossil = q * ef\n")
    elif case == "parens":
        out.append(f"quantity q: t = {'(a + ' * n}a{')' * n}\n")
        out.append("emission e in production.kiln, gas CO2, fossil = q * ef\n")
    elif case == "chain":
        out.append("quantity q0: t = a\n")
        out.extend(f"quantity q{i}: t = q{i - 1} + a\n" for i in range(1, n))
        out.append(f"emission e in production.kiln, gas CO2, fossil = q{n - 1} * ef\n")
    elif case == "cycle":
        out.extend(f"quantity q{i}: t = q{(i + 1) % n} + a\n" for i in range(n))
        out.append("emission e in production.kiln, gas CO2, fossil = q0 * ef\n")
    else:
        raise ValueError(case)
    return "".join(out)


CASES = {
    "used": (10000, 40000, 100000),
    "unused": (10000, 40000, 100000),
    "units": (10000, 40000, 100000),
    "if": (1000, 4000, 10000),
    "chain": (1000, 2000, 5000),
    "cycle": (400, 1000, 4000),
    "parens": (1000, 4000, 10000),
}
QUICK = {k: v[:2] for k, v in CASES.items()}

_CHILD = r"""
import gc, json, sys, time, tracemalloc
repo, case, n, runs, render_too = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
keep_limits = sys.argv[6] == "1"
sys.path.insert(0, repo); sys.path.insert(0, repo + "/bench")
from check_scaling import generate, HEADER as HEADER_WARMUP
from pcrlang.check import check
from pcrlang.diagnostics import render
import pcrlang.syntax.parse as parse_module
from pcrlang.syntax.parse import parse_text
if not keep_limits:  # the guard is not what is measured (see the docstring)
    parse_module.MAX_TEXT_CHARS = parse_module.MAX_DECLARATIONS = 10**9
parse_text(HEADER_WARMUP, "warm.pcr")  # builds the parser once, outside the timing
text = generate(case, n)
t0 = time.perf_counter()
module, parse_diagnostics = parse_text(text, "gen.pcr")
parse = time.perf_counter() - t0
best, outcome, diagnostics = None, None, []
for _ in range(runs):  # the best of `runs` checks of the same module (check() does not change it)
    diagnostics = None
    gc.collect()
    t0 = time.perf_counter()
    try:
        diagnostics = check(module)[1]
    except RecursionError:
        diagnostics, outcome = [], "RecursionError"
    elapsed = time.perf_counter() - t0
    best = elapsed if best is None else min(best, elapsed)
gc.collect()
tracemalloc.start()  # one more run, traced: tracemalloc slows allocation down several times
try:
    check(module)
except RecursionError:
    pass
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
rendering = None
if render_too:  # as `pcr check` prints them (the renderer is not the checker's)
    t0 = time.perf_counter()
    for d in diagnostics:
        render(d, text)
    rendering = time.perf_counter() - t0
codes = {}
for d in list(parse_diagnostics) + list(diagnostics):
    codes[d.code] = codes.get(d.code, 0) + 1
print(json.dumps({"parse": parse, "check": best, "peak_mb": peak / 2**20, "codes": codes, "render": rendering,
                  "outcome": outcome, "bytes": len(text.encode())}))
"""


def run_case(case: str, n: int, args) -> dict:
    command = [sys.executable, "-c", _CHILD, REPO, case, str(n), str(args.runs), "1" if args.render else "0",
               "1" if args.keep_limits else "0"]
    try:
        out = subprocess.run(command, capture_output=True, text=True, env=child_env(), cwd=REPO, timeout=args.limit)
    except subprocess.TimeoutExpired:
        return {"outcome": f"more than {args.limit:g} s in all"}
    if out.returncode != 0:
        return {"outcome": "crashed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:60]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("cases", nargs="*", help=f"cases to run: {', '.join(CASES)} (default: all)")
    p.add_argument("--limit", type=float, default=120, help="time limit per run in seconds (default 120)")
    p.add_argument("--quick", action="store_true", help="only the two smaller sizes")
    p.add_argument("--runs", type=int, default=3, help="checks per ruleset, the best is shown (default 3)")
    p.add_argument("--render", action="store_true", help="also time rendering every diagnostic, as pcr check does")
    p.add_argument("--keep-limits", action="store_true",
                   help="keep the file-size and declaration limits (the larger sizes are then refused at once)")
    args = p.parse_args(argv)
    sizes = QUICK if args.quick else CASES
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        p.error(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}")
    print(f"{'case':<7} {'n':>7} {'KB':>7} {'parse s':>8} {'check s':>8} {'us/decl':>8} {'ratio':>6} "
          f"{'n ratio':>7} {'total s':>8} {'t ratio':>7} {'peak MB':>8}" + (f" {'render s':>9}" if args.render else "") + "  diagnostics")
    for case in args.cases or list(CASES):
        previous = None
        for n in sizes[case]:
            r = run_case(case, n, args)
            if "check" not in r:
                print(f"{case:<7} {n:>7} {'':>7} {'':>8} {r['outcome']}")
                previous = None
                continue
            total = r["parse"] + r["check"]
            ratio = f"{r['check'] / previous[1]:.2f}" if previous and previous[1] > 0 else "-"
            t_ratio = f"{total / previous[2]:.2f}" if previous and previous[2] > 0 else "-"
            n_ratio = f"{n / previous[0]:.2f}" if previous else "-"
            codes = ", ".join(f"{c} x{k}" for c, k in sorted(r["codes"].items())) or "none"
            if r["outcome"]:
                codes = r["outcome"] + "; " + codes
            rendering = f" {r['render']:>9.2f}" if args.render else ""
            print(f"{case:<7} {n:>7} {r['bytes'] / 1024:>7.0f} {r['parse']:>8.2f} {r['check']:>8.3f} "
                  f"{r['check'] / n * 1e6:>8.1f} {ratio:>6} {n_ratio:>7} {total:>8.2f} {t_ratio:>7} {r['peak_mb']:>8.1f}"
                  f"{rendering}  {codes}")
            previous = (n, r["check"], total)
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
