"""Start-up time: `python -m pcrlang check rulesets/cement.pcr` in a fresh process.

Baseline, measured in the same run: `python -c pass` (the interpreter's own start-up).
One warm-up run first, so that pcrlang's grammar cache (~/.cache/pcrlang) exists; then the
two commands alternate, RUNS times each, timed with time.perf_counter around subprocess.run.
Target: the check takes at most 0.3 s of wall time (median of the runs); also reported: the
best run, the ratio to bare python and the difference. Then `python -X importtime` of the
same command, its slowest imports by cumulative and by self time (each module's best of
three runs).
Run: python bench/startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import _common  # noqa: F401
from _common import REPO, child_env, ms, print_table, target, write_results

CHECK = [sys.executable, "-m", "pcrlang", "check", "rulesets/cement.pcr"]
BARE = [sys.executable, "-c", "pass"]
LIMIT_S = 0.3


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {done.returncode}")
    return elapsed


def importtime(runs: int = 3) -> list[dict]:
    """Per module: best self and cumulative import time (microseconds) over `runs` runs."""
    best: dict[str, dict] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-X", "importtime"] + CHECK[1:], cwd=REPO, env=child_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in out.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative_us, name = line[len("import time:"):].split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2  # " name" is top level, then 2 spaces a level
            key = name.strip()
            entry = {"module": key, "self_us": int(self_us), "cumulative_us": int(cumulative_us), "depth": depth}
            if key not in best:
                best[key] = entry
            else:
                best[key]["self_us"] = min(best[key]["self_us"], entry["self_us"])
                best[key]["cumulative_us"] = min(best[key]["cumulative_us"], entry["cumulative_us"])
    return list(best.values())


_PHASES = r"""
import json, time
t0 = time.perf_counter()
import pcrlang.cli, pcrlang.compiler, pcrlang.syntax.parse
t1 = time.perf_counter()
pcrlang.syntax.parse.parser()
t2 = time.perf_counter()
c = pcrlang.compiler.compile_file("rulesets/cement.pcr", run_examples=False)
t3 = time.perf_counter()
pcrlang.compiler.example_diagnostics(c.ruleset, c.fingerprint)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "parser (grammar cache load)": t2 - t1,
                  "parse + check + lower + fingerprint": t3 - t2, "examples (interpreter)": t4 - t3}))
"""


def phases(runs: int = 5) -> dict:
    """Where a fresh process spends its time, measured inside it (best of `runs` per phase)."""
    import json
    best: dict[str, float] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _PHASES], cwd=REPO, env=child_env(), capture_output=True,
                             text=True, check=True)
        for k, v in json.loads(out.stdout).items():
            best[k] = min(v, best.get(k, v))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    run(CHECK)  # warm-up: writes the grammar cache, fills the OS file cache
    run(BARE)
    check_times, bare_times = [], []
    for _ in range(args.runs):
        bare_times.append(run(BARE))
        check_times.append(run(CHECK))
    check_best, check_median = min(check_times), statistics.median(check_times)
    bare_best, bare_median = min(bare_times), statistics.median(bare_times)

    split = phases()
    modules = importtime()
    top_level = sorted((m for m in modules if m["depth"] == 0), key=lambda m: -m["cumulative_us"])
    by_cumulative = sorted(modules, key=lambda m: -m["cumulative_us"])[:15]
    by_self = sorted(modules, key=lambda m: -m["self_us"])[:15]
    pcrlang_total = sum(m["cumulative_us"] for m in top_level if m["module"].startswith("pcrlang"))

    print(f"fresh process, {args.runs} runs each after a warm-up:")
    print(f"  {'command':<48} {'best':>9} {'median':>9}")
    print(f"  {'python -c pass':<48} {ms(bare_best):>9} {ms(bare_median):>9}")
    print(f"  {'python -m pcrlang check rulesets/cement.pcr':<48} {ms(check_best):>9} {ms(check_median):>9}")
    print(f"  {'difference':<48} {ms(check_best - bare_best):>9} {ms(check_median - bare_median):>9}")

    print("\ninside a fresh process (best of 5 per phase):")
    for k, v in split.items():
        print(f"  {k:<40} {ms(v):>9}")

    print("\npython -X importtime -m pcrlang check rulesets/cement.pcr (best of 3 per module)")
    print("  imports made directly by the run (top level), by cumulative time:")
    for m in top_level[:10]:
        print(f"    {m['module']:<40} {m['cumulative_us'] / 1000:7.1f} ms")
    print("  slowest modules by cumulative time (any depth):")
    for m in by_cumulative:
        indent = "  " * min(m["depth"], 8)
        print(f"    {indent}{m['module']:<{max(8, 40 - len(indent))}} {m['cumulative_us'] / 1000:7.1f} ms")
    print("  slowest modules by self time:")
    for m in by_self:
        print(f"    {m['module']:<40} {m['self_us'] / 1000:7.1f} ms")

    targets = [
        target("startup: python -m pcrlang check cement.pcr, median wall time", check_median,
               ms(check_median), f"<= {LIMIT_S * 1000:.0f} ms", check_median <= LIMIT_S),
        target("startup: python -m pcrlang check cement.pcr, best run", check_best, ms(check_best), "(info)", None),
        target("startup: bare python (python -c pass), median", bare_median, ms(bare_median), "(info)", None),
        target("startup: check time / bare python time, median", check_median / bare_median,
               f"{check_median / bare_median:.2f}x", "(info)", None),
        target("startup: check time - bare python time, median", check_median - bare_median,
               ms(check_median - bare_median), "(info)", None),
        target("startup: import time of the pcrlang modules (-X importtime)", pcrlang_total / 1e6,
               ms(pcrlang_total / 1e6), "(info)", None),
    ]
    print_table("startup", targets)
    write_results("startup", targets, {
        "runs": args.runs, "check_s": check_times, "bare_s": bare_times,
        "check_best_s": check_best, "check_median_s": check_median,
        "bare_best_s": bare_best, "bare_median_s": bare_median,
        "phases_in_process_s": split,
        "importtime_top_level": top_level[:15], "importtime_by_cumulative": by_cumulative,
        "importtime_by_self": by_self,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
