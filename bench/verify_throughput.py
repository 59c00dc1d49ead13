"""The certifier's commands on every shipped ruleset, as a certifier runs them: `pcr suite` (seed 0,
100 random cases), `pcr compile`, then `pcr verify SUITE --calculator "python calc.py --jsonl"`,
each a fresh process. Reports per ruleset the suite's size (cases by kind, fields compared), the
time of each command, the verification's throughput (cases per second, over the JSON-lines
protocol, the calculator's start-up included) and whether every case passed.

Target: every generated calculator passes its suite (exit 0). The times are informational.

Run: python bench/verify_throughput.py [--only cement,copper] [--random N]
Writes bench/results/verify_throughput.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import _common  # noqa: F401
from _common import REPO, child_env, print_table, target, write_results


def run(args: list, cwd: str) -> tuple:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=child_env(), capture_output=True, text=True)
    return done.returncode, time.perf_counter() - started, done.stdout + done.stderr


def one(name: str, random: int, tmp: str) -> dict:
    ruleset = os.path.join(REPO, "rulesets", f"{name}.pcr")
    pcr = [sys.executable, "-m", "pcrlang"]
    status, suite_s, out = run(pcr + ["suite", ruleset, "-o", "suite", "--random", str(random)], tmp)
    if status != 0:
        return {"name": name, "error": out.strip()}
    with open(os.path.join(tmp, "suite", "suite.json"), encoding="utf-8") as f:
        s = json.load(f)
    status, compile_s, out = run(pcr + ["compile", ruleset, "-o", "calc.py"], tmp)
    if status != 0:
        return {"name": name, "error": out.strip()}
    status, verify_s, out = run(pcr + ["verify", "suite", "--calculator", f'"{sys.executable}" calc.py --jsonl',
                                       "-o", "report"], tmp)
    cases = s["summary"]["cases"]
    return {"name": name, "cases": cases, "by_kind": s["summary"]["by_kind"], "refused": s["summary"]["refused"],
            "fields": sum(len(c.get("fields", ())) for c in s["cases"]),
            "suite_bytes": os.path.getsize(os.path.join(tmp, "suite", "suite.json")),
            "suite_seconds": round(suite_s, 2), "compile_seconds": round(compile_s, 2),
            "verify_seconds": round(verify_s, 2), "cases_per_second": round(cases / verify_s, 1),
            "passed": status == 0, "verify_output": out.strip().splitlines()[-2:]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", help="comma-separated ruleset names (default: every shipped ruleset)")
    p.add_argument("--random", type=int, default=100, help="random cases in each suite")
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else sorted(
        f[:-4] for f in os.listdir(os.path.join(REPO, "rulesets")) if f.endswith(".pcr"))
    results = []
    print(f"{'ruleset':<20} {'cases':>5} {'bound':>5} {'refus':>5} {'fields':>6} {'suite':>6} {'verify':>6} "
          f"{'cases/s':>7}  pass")
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            r = one(name, args.random, tmp)
        results.append(r)
        if "error" in r:
            print(f"{name:<20} error: {r['error']}")
            continue
        print(f"{name:<20} {r['cases']:>5} {r['by_kind']['boundary']:>5} {r['by_kind']['refusal']:>5} {r['fields']:>6} "
              f"{r['suite_seconds']:>5.1f}s {r['verify_seconds']:>5.1f}s {r['cases_per_second']:>7.1f}  "
              f"{'yes' if r['passed'] else 'NO'}")
    ok = [r for r in results if "error" not in r]
    cases = sum(r["cases"] for r in ok)
    seconds = sum(r["verify_seconds"] for r in ok)
    passing = sum(r["passed"] for r in ok)
    targets = [target("generated calculators passing their suite", passing, f"{passing}/{len(results)}",
                      f"{len(results)}/{len(results)}", passing == len(results)),
               target("cases in all suites", cases, str(cases), "(info)", None),
               target("verify throughput, all suites", cases / seconds if seconds else 0,
                      f"{cases / seconds:.0f} cases/s" if seconds else "-", "(info)", None)]
    print_table("pcr verify on every shipped ruleset", targets)
    write_results("verify_throughput", targets, {"rulesets": results, "random": args.random})
    return 0 if passing == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
