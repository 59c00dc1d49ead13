"""Shared helpers of the benchmark scripts: paths, environment, result tables and JSON files."""
from __future__ import annotations

import json
import os
import platform
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, "results")

if REPO not in sys.path:  # run as `python bench/NAME.py` from a source checkout
    sys.path.insert(0, REPO)
if BENCH not in sys.path:
    sys.path.insert(0, BENCH)


def child_env() -> dict:
    """Environment for subprocesses: the checkout's pcrlang first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def environment() -> dict:
    import lark
    import pcrlang
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "lark": lark.__version__,
        "pcrlang": pcrlang.__version__,
        "machine": platform.machine(),
        "system": platform.system(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def target(figure: str, value: float, shown: str, wanted: str, met: bool | None) -> dict:
    """One row of the targets table; `met` None means the figure is informational."""
    return {"figure": figure, "value": value, "shown": shown, "target": wanted, "met": met}


def verdict(met: bool | None) -> str:
    return "-" if met is None else ("met" if met else "NOT MET")


def print_table(title: str, rows: list[dict]) -> None:
    width = max(len(r["figure"]) for r in rows)
    vwidth = max(len(r["shown"]) for r in rows)
    twidth = max(len(r["target"]) for r in rows)
    print(f"\n{title}")
    print(f"  {'figure'.ljust(width)}  {'value'.rjust(vwidth)}  {'target'.ljust(twidth)}  verdict")
    for r in rows:
        print(f"  {r['figure'].ljust(width)}  {r['shown'].rjust(vwidth)}  {r['target'].ljust(twidth)}  {verdict(r['met'])}")


def write_results(name: str, targets: list[dict], figures: dict) -> str:
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"{name}.json")
    data = {"benchmark": name, "environment": environment(), "targets": targets, "figures": figures}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"\nwrote {os.path.relpath(path, REPO)}")
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
