"""Run every benchmark in a fresh process, then print one Markdown table of all the figures.

Run: python bench/run_all.py [--quiet] [--only check_speed,startup,calc_speed]
Each script writes bench/results/NAME.json; the combined table is printed at the end and
written to bench/results/summary.md, ready to paste into the documentation.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import _common  # noqa: F401
from _common import BENCH, REPO, RESULTS, child_env

BENCHMARKS = ("check_speed", "startup", "calc_speed", "js_speed")


def markdown(results: list[dict]) -> str:
    env = results[0]["environment"] if results else {}
    lines = [
        f"Python {env.get('python', '?')} ({env.get('implementation', '?')}), lark {env.get('lark', '?')}, "
        f"pcrlang {env.get('pcrlang', '?')}, {env.get('system', '?')} {env.get('machine', '?')}, "
        f"{env.get('cpus', '?')} CPUs, {env.get('date', '?')}.",
        "",
        "| Benchmark | Figure | Value | Target | Met |",
        "|---|---|---:|---|---|",
    ]
    for r in results:
        for t in r["targets"]:
            met = "–" if t["met"] is None else ("yes" if t["met"] else "**no**")
            figure = t["figure"].split(": ", 1)[-1]
            lines.append(f"| {r['benchmark']} | {figure} | {t['shown']} | {t['target'].replace('(info)', '–')} | {met} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quiet", action="store_true", help="hide each benchmark's own output")
    ap.add_argument("--only", help="comma-separated benchmark names")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(BENCHMARKS)

    failed = []
    for name in names:
        script = os.path.join(BENCH, f"{name}.py")
        print(f"==> python bench/{name}.py", flush=True)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, script], cwd=REPO, env=child_env(),
                              stdout=subprocess.PIPE if args.quiet else None, stderr=subprocess.STDOUT, text=True)
        print(f"<== {name}: exit {done.returncode}, {time.perf_counter() - t0:.0f} s\n", flush=True)
        if done.returncode != 0:
            if args.quiet and done.stdout:
                print(done.stdout)
            failed.append(name)

    results = []
    for name in names:
        path = os.path.join(RESULTS, f"{name}.json")
        if name not in failed and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                results.append(json.load(f))
    table = markdown(results)
    with open(os.path.join(RESULTS, "summary.md"), "w", encoding="utf-8") as f:
        f.write(table)
    print(table)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
