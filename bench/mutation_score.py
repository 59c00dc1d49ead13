"""The teeth of the conformance suites: their mutation score on the generated calculators.

For each ruleset: its suite (`pcr suite`, seed 0, 100 random cases by default), every mutant of
its generated calculator (pcrlang/certify/mutate.py: changed constants in either engine, dropped
contributions, swapped operators, `<` for `<=` and bound-end comparisons in the runtime, wrong
GWPs, ignored allocation shares, unchecked bounds), each run through `pcr verify` in process.
A survivor is compared exactly with the original on the suite's inputs and 300 random ones;
no difference makes it equivalent (the reason is given), a difference or an unreached threshold
keeps it a survivor. Score = killed / (killed + survivors): the non-equivalent mutants caught.
Target (the issue): >= 95 % for every shipped ruleset. Survivors and equivalents are listed.

Run: python bench/mutation_score.py [--only cement,copper] [--operators drop,bound] [--random N] [--extra N] [--quiet]
Writes bench/results/mutation_score.json (every mutant with its outcome).
`--constructs` scores instead the rules the tests of the newer constructs use (no shipped ruleset
has them yet): a bill of materials (tables of rows), transport legs, the reference period as
data, provenance; it writes bench/results/mutation_score_constructs.json.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import _common  # noqa: F401
from _common import REPO, print_table, target, write_results

from pcrlang.certify import mutate, suite
from pcrlang.compiler import compile_file

TARGET = 0.95


def construct_rules() -> dict:
    """The rules of tests/test_rows.py, test_transport.py, test_period.py and test_provenance.py."""
    sys.path.insert(0, os.path.join(REPO, "tests"))
    import test_period
    import test_provenance
    import test_rows
    import test_transport
    from helpers import compile_body
    return {"rows (test_rows)": lambda: compile_body(test_rows.BOM),
            "transport (test_transport)": lambda: compile_body(test_transport.BODY),
            "period (test_period)": lambda: compile_body(test_period.BODY, test_period.PERIOD_HEADER),
            "provenance (test_provenance)": lambda: compile_body(test_provenance.RULE)}


def score_ruleset(path, random: int, extra: int, only=None) -> dict:
    c = compile_file(path, run_examples=False) if type(path) is str else path()
    started = time.perf_counter()
    s = suite.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=random)
    built = time.perf_counter() - started
    result = mutate.score(c.ruleset, c.fingerprint, s, extra=extra, only=only)
    result.update(name=os.path.splitext(os.path.basename(path))[0] if type(path) is str else "", suite_seconds=round(built, 2),
                  score_seconds=round(time.perf_counter() - started - built, 2),
                  thresholds_not_reached_exactly=s["summary"]["thresholds_not_reached_exactly"])
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", help="comma-separated ruleset names (default: every shipped ruleset)")
    p.add_argument("--random", type=int, default=suite.DEFAULT_RANDOM, help="random cases in each suite")
    p.add_argument("--extra", type=int, default=300, help="random inputs of the equivalence check")
    p.add_argument("--operators", help="comma-separated mutation operators or mutant ids (default: all)")
    p.add_argument("--quiet", action="store_true", help="only the table")
    p.add_argument("--constructs", action="store_true", help="the rules of the newer constructs' tests instead")
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else sorted(
        f[:-4] for f in os.listdir(os.path.join(REPO, "rulesets")) if f.endswith(".pcr"))
    only = args.operators.split(",") if args.operators else None
    if args.constructs:
        results = [dict(score_ruleset(make, args.random, args.extra, only), name=n) for n, make in construct_rules().items()]
    else:
        results = [score_ruleset(os.path.join(REPO, "rulesets", f"{n}.pcr"), args.random, args.extra, only) for n in names]
    header = f"{'ruleset':<28} {'mutants':>7} {'killed':>6} {'equiv':>5} {'surv':>4} {'score':>7} {'cases':>5} {'time':>6}"
    print(header)
    for r in results:
        print(f"{r['name']:<28} {r['mutants']:>7} {r['killed']:>6} {r['equivalent']:>5} {r['survived']:>4} "
              f"{r['score']:>7.1%} {r['suite_cases']:>5} {r['suite_seconds'] + r['score_seconds']:>5.0f}s")
    total = {k: sum(r[k] for r in results) for k in ("mutants", "killed", "equivalent", "survived", "suite_cases")}
    overall = total["killed"] / (total["killed"] + total["survived"]) if total["killed"] + total["survived"] else 1.0
    print(f"{'all':<28} {total['mutants']:>7} {total['killed']:>6} {total['equivalent']:>5} {total['survived']:>4} "
          f"{overall:>7.1%} {total['suite_cases']:>5}")
    if not args.quiet:
        for r in results:
            for row in r["rows"]:
                if row["status"] in ("survived", "equivalent", "invalid"):
                    print(f"  {r['name']}: {row['status']} {row['id']}: {row['description']}: {row.get('reason', '')}")
    worst = min((r["score"] for r in results), default=1.0)
    targets = [target("lowest mutation score of a ruleset", worst, f"{worst:.1%}", f">= {TARGET:.0%}", worst >= TARGET),
               target("mutation score, all rulesets", overall, f"{overall:.1%}", "(info)", None)]
    print_table("mutation score", targets)
    write_results("mutation_score_constructs" if args.constructs else "mutation_score", targets, {"rulesets": results, "total": total, "random": args.random,
                                             "extra": args.extra})
    return 0


if __name__ == "__main__":
    sys.exit(main())
