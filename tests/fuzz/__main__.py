"""python -m tests.fuzz --cases 100000 [--seed S] [--jobs 2]: a long fuzzing campaign."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .campaign import FINDINGS, campaign, print_progress
from .harness import TIME_LIMIT


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    p.add_argument("--cases", type=int, default=10_000, help="cases in all (default 10 000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--scale", choices=("full", "short"), default="full", help="sizes of the pathological set")
    p.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds; a case over it is a hang")
    p.add_argument("--findings", type=Path, default=FINDINGS, help="where reproducers of crashes and hangs go")
    args = p.parse_args(argv)
    report = campaign(args.cases, args.seed, args.jobs, args.scale, args.time_limit, args.findings,
                      print_progress(max(1000, args.cases // 50)))
    sys.stdout.write(report.text())
    return 1 if report.failures or report.generator_errors else 0


if __name__ == "__main__":
    sys.exit(main())
