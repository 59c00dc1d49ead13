"""The certifier's commands behind `pcr suite`, `pcr verify`, `pcr diff` and `pcr bundle`
(pcrlang/cli.py registers them): reading the arguments' files, messages for every bad input
(what is wrong and what to do, never a traceback) and the exit status: 0 success (every case
passes), 1 a failure the command reports (a case fails, a ruleset has errors), 2 a usage error
(a file that is no suite, a calculator that cannot be reached). The modules of the toolkit are
imported when a command runs, so registering the commands costs every other command nothing."""
from __future__ import annotations

import os
import sys
from fractions import Fraction
from pathlib import Path
from typing import Optional

from . import DEFAULT_RANDOM, DEFAULT_TIMEOUT, DEFAULT_TOTAL, GROUPS

# the modules are imported inside the commands: `pcr check` does not pay for them


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def compile_ruleset(path: str):
    """A compiled ruleset (examples run), or None after the diagnostics are shown."""
    from ..cli import _compile_one
    if not os.path.exists(path):
        _err(f"{path}: no such file")
        return None
    return _compile_one(path)


def tolerance(text: Optional[str]) -> Optional[Fraction]:
    if text is None:
        return None
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"--tolerance {text!r} is not a number; give a relative tolerance such as 1e-9") from None
    if not 0 <= value < 1:
        raise ValueError(f"--tolerance {text} must be at least 0 and below 1 (a relative tolerance)")
    return value


def make_suite(c, args) -> dict:
    from . import suite as suites
    return suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, seed=args.seed, random=args.random,
                        relative=tolerance(args.tolerance))


def cmd_suite(args) -> int:
    from . import suite as suites
    try:
        rel = tolerance(args.tolerance)
    except ValueError as error:
        _err(f"pcr suite: {error}")
        return 2
    if args.random < 0:
        _err("pcr suite: --random must be 0 or more")
        return 2
    c = compile_ruleset(args.ruleset)
    if c is None:
        return 1
    s = suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, seed=args.seed, random=args.random,
                     relative=rel)
    path = suites.write(s, Path(args.output))
    m = s["summary"]
    _err(f"wrote {path}: {m['cases']} cases ({m['by_kind']['example']} examples, {m['by_kind']['boundary']} boundary, "
         f"{m['by_kind']['refusal']} refusals, {m['by_kind']['random']} random; {m['refused']} refused) for "
         f"{c.ruleset.identifier} {c.ruleset.version} ({c.fingerprint}), seed {args.seed}")
    for miss in m["thresholds_not_reached_exactly"]:
        _err(f"note: no case lies exactly on {miss}; its two sides are covered where they can be")
    return 0


def load_suite_or_ruleset(path: str, args) -> tuple:
    """(suite, its text or None) from a suite file or directory, or from a ruleset (generated)."""
    from . import suite as suites
    if path.endswith(".pcr"):
        c = compile_ruleset(path)
        if c is None:
            raise suites.SuiteError(f"{path} does not compile; fix it, or give a suite file")
        s = make_suite(c, args)
        return s, suites.dumps(s)
    s = suites.load(path)
    p = Path(path) / "suite.json" if Path(path).is_dir() else Path(path)
    return s, p.read_text(encoding="utf-8")


def cmd_verify(args) -> int:
    from . import report as report_files
    from . import suite as suites
    from .protocol import HttpCalculator, ProcessCalculator, Unreachable
    from .verify import verify
    if bool(args.calculator) == bool(args.url):
        _err("pcr verify: give the calculator to verify: --calculator \"COMMAND\" (JSON lines on stdin/stdout) "
             "or --url URL (HTTP POST)")
        return 2
    if args.timeout <= 0 or args.total_timeout <= 0:
        _err("pcr verify: --timeout and --total-timeout must be positive (seconds)")
        return 2
    groups = None
    if args.fields:
        groups = {g.strip() for g in args.fields.split(",") if g.strip()}
        unknown = sorted(groups - set(GROUPS))
        if unknown:
            _err(f"pcr verify: unknown field group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
            return 2
    try:
        s, text = load_suite_or_ruleset(args.suite, args)
        if args.ruleset:
            _same_rule(s, args.ruleset)
    except (suites.SuiteError, ValueError) as error:
        _err(f"pcr verify: {error}")
        return 2
    try:
        calculator = ProcessCalculator(args.calculator) if args.calculator else HttpCalculator(args.url)
        calculator.start()
    except Unreachable as error:
        _err(f"pcr verify: {error}")
        return 2
    result = verify(s, calculator, groups, timeout=args.timeout, total=args.total_timeout,
                    date=args.date or _source_date(), suite_text=text)
    if args.output:
        paths = report_files.write(result, Path(args.output))
        _err("wrote " + ", ".join(map(str, paths)))
    sys.stdout.write(report_files.text(result))
    return 0 if result["summary"]["verdict"] == "pass" else 1


def _same_rule(s: dict, ruleset: str) -> None:
    from . import suite as suites
    c = compile_ruleset(ruleset)
    if c is None:
        raise suites.SuiteError(f"{ruleset} does not compile")
    r = s["ruleset"]
    if r["fingerprint"] != c.fingerprint:
        raise suites.SuiteError(
            f"the suite is for {r['identifier']} {r['version']} ({r['fingerprint']}), but {ruleset} is "
            f"{c.ruleset.identifier} {c.ruleset.version} ({c.fingerprint}): another version of the rule; "
            f"make its suite with `pcr suite {ruleset} -o DIR`")


def _source_date() -> Optional[str]:
    """The report's date from SOURCE_DATE_EPOCH (reproducible reports), else None (now)."""
    import time
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
    return None


def cmd_diff(args) -> int:
    import json
    from . import suite as suites
    from .diff import diff, text
    old, new = compile_ruleset(args.old), compile_ruleset(args.new)
    if old is None or new is None:
        return 1
    given = None
    if args.suite:
        try:
            given, _ = load_suite_or_ruleset(args.suite, args)
        except (suites.SuiteError, ValueError) as error:
            _err(f"pcr diff: {error}")
            return 2
    report = diff(old, new, suite=given, random=args.random, seed=args.seed)
    if args.format == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        sys.stdout.write(text(report))
    return 0


def cmd_bundle(args) -> int:
    from .bundle import BundleError, build, check
    if args.check:
        try:
            problems = check(Path(args.check), timeout=args.timeout)
        except BundleError as error:
            _err(f"pcr bundle --check: {error}")
            return 2
        for p in problems:
            _err(f"problem: {p}")
        sys.stdout.write(("bundle OK: intact, reproducible, and its calculator passes its suite\n" if not problems
                          else f"bundle FAILED: {len(problems)} problems\n"))
        return 0 if not problems else 1
    if not args.ruleset or not args.output:
        _err("pcr bundle: give RULESET -o DIR to make a bundle, or --check DIR to check one")
        return 2
    c = compile_ruleset(args.ruleset)
    if c is None:
        return 1
    try:
        data = build(c, Path(args.output), seed=args.seed, random=args.random)
    except (BundleError, OSError) as error:
        _err(f"pcr bundle: {error}")
        return 2
    _err(f"wrote the bundle of {c.ruleset.identifier} {c.ruleset.version} into {args.output}: "
         f"{len(data['files'])} files, manifest.json ({c.fingerprint})")
    return 0


def register(sub) -> None:
    """The subcommands suite, verify, diff and bundle."""
    s = sub.add_parser("suite", help="a portable conformance suite of a ruleset: cases with expected values")
    s.add_argument("ruleset")
    s.add_argument("-o", "--output", required=True, help="directory (suite.json is written into it) or a .json file")
    _generation_options(s)
    s.set_defaults(run=cmd_suite)
    s = sub.add_parser("verify", help="run a conformance suite through any calculator and report")
    s.add_argument("suite", help="a suite (file or directory from `pcr suite`), or a ruleset to make one from")
    s.add_argument("--calculator", help='a command speaking JSON lines, e.g. "python calc.py --jsonl"')
    s.add_argument("--url", help="an HTTP endpoint taking one JSON input per POST")
    s.add_argument("-o", "--output", help="directory for report.json, report.en.html and report.zh.html")
    s.add_argument("--ruleset", help="confirm the suite is for this ruleset's version (fingerprints)")
    s.add_argument("--fields", help=f"compare only these groups (comma-separated): {', '.join(GROUPS)}")
    s.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds per case (default {DEFAULT_TIMEOUT:g})")
    s.add_argument("--total-timeout", type=float, default=DEFAULT_TOTAL,
                   help=f"seconds for the whole suite (default {DEFAULT_TOTAL:g})")
    s.add_argument("--date", help="the report's date (default: now, or SOURCE_DATE_EPOCH)")
    _generation_options(s)
    s.set_defaults(run=cmd_verify)
    s = sub.add_parser("diff", help="the semantic difference of two versions of a rule, and its impact on a suite")
    s.add_argument("old")
    s.add_argument("new")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--suite", help="the suite (or ruleset) whose inputs measure the impact (default: OLD's suite)")
    _generation_options(s)
    s.set_defaults(run=cmd_diff)
    s = sub.add_parser("bundle", help="the certification bundle of a rule version, or --check one")
    s.add_argument("ruleset", nargs="?")
    s.add_argument("-o", "--output", help="a new directory for the bundle")
    s.add_argument("--check", metavar="DIR", help="rebuild a bundle from its sources, compare, run its suite")
    s.add_argument("--seed", type=int, default=0, help="seed of the suite's random cases (default 0)")
    s.add_argument("--random", type=int, default=DEFAULT_RANDOM, help=f"random cases in the suite (default {DEFAULT_RANDOM})")
    s.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds per case of the suite (default {DEFAULT_TIMEOUT:g})")
    s.set_defaults(run=cmd_bundle)


def _generation_options(s) -> None:
    s.add_argument("--seed", type=int, default=0, help="seed of the random cases (default 0)")
    s.add_argument("--random", type=int, default=DEFAULT_RANDOM, help=f"number of random cases (default {DEFAULT_RANDOM})")
    s.add_argument("--tolerance", help="relative tolerance of figures (default 1e-9)")
