"""Speed and memory of `pcr check` (parse + build + check) on large generated rulesets.

Baseline, measured in the same run: a bare Lark LALR parse of the same text with the same
grammar (contextual lexer), building Lark's own tree and no AST. Figures:

- speed ratio = baseline time / pcrlang time on the ~10 000-line ruleset (target >= 0.8);
- scaling = pcrlang time on ~20 000 lines / pcrlang time on ~10 000 lines (target <= 2.1);
- peak RSS of a fresh process that imports pcrlang and checks the 10k text (target < 200 MB),
  with the RSS of a process that only imports pcrlang's parse and check modules beside it,
  and the tracemalloc peak of the parse + check in this process;
- a cProfile of the pcrlang path with the time grouped by where it goes.

Timings are the best of several runs (time.perf_counter, gc collected before each run and
left enabled during it); the baseline and pcrlang runs alternate so drift hits both alike.
Run: python bench/check_speed.py [--runs N]
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
import tracemalloc

import _common  # noqa: F401  (puts the checkout on sys.path)
from _common import REPO, child_env, ms, print_table, target, write_results

import lark

from generate import generate_ruleset
from pcrlang.check import check
from pcrlang.compiler import compile_text
from pcrlang.syntax.parse import parse_text

SIZES = (10000, 20000)


def baseline_parser() -> lark.Lark:
    with open(os.path.join(REPO, "grammar", "pcrlang.lark"), encoding="utf-8") as f:
        return lark.Lark(f.read(), parser="lalr", lexer="contextual")


def pcrlang_run(text: str):
    t0 = time.perf_counter()
    m, d = parse_text(text, "gen.pcr")
    t1 = time.perf_counter()
    model, d2 = check(m)
    t2 = time.perf_counter()
    assert not d and model is not None, (d, [x for x in d2 if x.is_error][:3])
    return t1 - t0, t2 - t1


def timed(fn, *args):
    gc.collect()
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


# ---- memory in a fresh process ----------------------------------------------------------
_WRAPPER = r"""
import resource, subprocess, sys
subprocess.run([sys.executable, "-c", sys.argv[1]] + sys.argv[2:], check=True)
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(kb / 1024 if sys.platform == "darwin" else kb)  # Linux reports KiB, macOS bytes
"""
_CHILD_BARE = "pass"
_CHILD_IMPORT = "import pcrlang, pcrlang.syntax.parse, pcrlang.check"
_CHILD_CHECK = r"""
import sys
import pcrlang
from pcrlang.syntax.parse import parse_text
from pcrlang.check import check
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
m, d = parse_text(text, "gen.pcr")
model, d2 = check(m)
assert not d and model is not None
"""


def child_peak_rss_mb(child: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, child, *args], capture_output=True, text=True,
                         env=child_env(), cwd=REPO, check=True)
    return float(out.stdout.strip().splitlines()[-1]) / 1024


# ---- profile ------------------------------------------------------------------------------
def _category(key) -> str:
    filename, _, func = key
    f = filename.replace("\\", "/")
    if "attrs generated" in f:
        return "attrs __init__ of Span" if "Span" in f else "attrs __init__ of AST nodes"
    if f == "~":
        if "re.Pattern" in func or "match" in func:
            return "regex matching (C, lexer)"
        return "other C builtins"
    if "/lark/lexer.py" in f:
        return "lark lexer (Python)"
    if "/lark/parsers/" in f:
        return "lark LALR parser loop"
    if "/lark/parse_tree_builder.py" in f or "/lark/visitors.py" in f:
        return "lark callback wrappers"
    if "/lark/" in f:
        return "lark, other"
    if f.endswith("pcrlang/build.py"):
        return "pcrlang builder callbacks"
    if f.endswith("pcrlang/source.py"):
        return "Span.to and helpers"
    if f.endswith("/fractions.py"):
        return "Fraction parsing/arithmetic"
    if f.endswith(("pcrlang/check.py", "pcrlang/units.py", "pcrlang/diagnostics.py", "pcrlang/model.py")):
        return "pcrlang checker"
    if f.endswith(("/re/__init__.py", "/re.py", "/sre_compile.py", "/sre_parse.py")):
        return "re module (Python)"
    if "pcrlang/" in f:
        return "pcrlang, other"
    return "other Python"


def profile(fn, text: str) -> dict:
    """cProfile one call of fn(text); the time grouped by where it goes, and the top functions."""
    prof = cProfile.Profile()
    gc.collect()
    prof.enable()
    fn(text)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    groups: dict[str, float] = {}
    calls = {}
    for key, (cc, nc, tt, ct, callers) in stats.stats.items():
        group = _category(key)
        groups[group] = groups.get(group, 0.0) + tt
        filename, _, func = key
        if "attrs generated" in filename and "pcrlang.source.Span" in filename and func == "__init__":
            calls["Span objects created"] = nc
        if filename.endswith("fractions.py") and func == "__new__":
            calls["Fraction.__new__ calls"] = nc
        if filename.endswith("lark/lexer.py") and func == "next_token":
            calls["tokens (lexer next_token calls)"] = nc
        if filename.endswith("lark/tree.py") and func == "__init__":
            calls["lark Tree objects created"] = nc

    def top(sort: str) -> tuple[str, list[dict]]:
        buf = io.StringIO()
        s = pstats.Stats(prof, stream=buf)
        s.strip_dirs().sort_stats(sort).print_stats(15)
        entries = []
        for key in s.fcn_list[:15]:
            cc, nc, tt, ct, _ = s.stats[key]
            entries.append({"function": f"{key[0]}:{key[1]}({key[2]})", "ncalls": nc,
                            "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
        return buf.getvalue(), entries

    cum_text, cum = top("cumulative")
    tot_text, tot = top("tottime")
    return {"total_profiled_s": total, "by_group_s": dict(sorted(groups.items(), key=lambda kv: -kv[1])),
            "calls": calls, "top_cumulative": cum, "top_tottime": tot,
            "_text": (cum_text, tot_text)}


def _pcrlang_path(text: str) -> None:
    m, d = parse_text(text, "gen.pcr")
    check(m)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per size (best is kept)")
    ap.add_argument("--no-profile-text", action="store_true", help="do not print the pstats listings")
    args = ap.parse_args()

    texts = {n: generate_ruleset(n) for n in SIZES}
    for n, text in texts.items():
        c = compile_text(text, "gen.pcr", run_examples=False)
        errors = [d for d in c.diagnostics if d.is_error]
        assert c.ok and not errors, errors[:5]
        print(f"generated {n}-line ruleset: {text.count(chr(10))} lines, {len(text) / 1024:.0f} KiB, "
              f"{len(c.ruleset.inputs)} inputs, {len(c.ruleset.factors)} factors, "
              f"{len(c.ruleset.quantities)} quantities, {len(c.ruleset.contributions)} contributions; "
              f"check: {len(c.diagnostics)} warnings, 0 errors")

    base = baseline_parser()
    # one untimed run of each: pcrlang's parser is built (or loaded from its cache) outside the timings
    base.parse(texts[SIZES[0]])
    pcrlang_run(texts[SIZES[0]])

    times: dict[int, dict[str, list[float]]] = {n: {"baseline": [], "pcrlang": [], "parse": [], "check": []}
                                                for n in SIZES}
    for _ in range(args.runs):
        for n in SIZES:
            text = texts[n]
            times[n]["baseline"].append(timed(base.parse, text))
            gc.collect()
            p, k = pcrlang_run(text)
            times[n]["parse"].append(p)
            times[n]["check"].append(k)
            times[n]["pcrlang"].append(p + k)
    best = {n: {k: min(v) for k, v in times[n].items()} for n in SIZES}
    small, large = SIZES
    speed_ratio = best[small]["baseline"] / best[small]["pcrlang"]
    speed_ratio_large = best[large]["baseline"] / best[large]["pcrlang"]
    scaling = best[large]["pcrlang"] / best[small]["pcrlang"]
    scaling_base = best[large]["baseline"] / best[small]["baseline"]

    # memory
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "gen10k.pcr")
        with open(path, "w", encoding="utf-8") as f:
            f.write(texts[small])
        rss_bare = child_peak_rss_mb(_CHILD_BARE)
        rss_import = child_peak_rss_mb(_CHILD_IMPORT)
        rss_check = child_peak_rss_mb(_CHILD_CHECK, path)
    gc.collect()
    tracemalloc.start()
    m, d = parse_text(texts[small], "gen.pcr")
    check(m)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del m, d
    traced_peak_mb = traced_peak / 2**20

    # the same work with the garbage collector off, to show how much of the gap is GC
    nogc: dict[int, dict[str, float]] = {}
    for n in SIZES:
        b, p = [], []
        for _ in range(max(2, args.runs // 2)):
            gc.collect()
            gc.disable()
            try:
                b.append(timed(base.parse, texts[n]))
                gc.enable()
                gc.collect()
                gc.disable()
                p.append(sum(pcrlang_run(texts[n])))
            finally:
                gc.enable()
        nogc[n] = {"baseline": min(b), "pcrlang": min(p)}

    prof = profile(_pcrlang_path, texts[small])
    cum_text, tot_text = prof.pop("_text")
    base_prof = profile(base.parse, texts[small])
    base_prof.pop("_text")

    print(f"\ntimes, best of {args.runs} (gc enabled):")
    print(f"  {'lines':>6}  {'lark parse':>11}  {'pcrlang':>10}  {'(parse':>10}  {'+ check)':>10}  ratio")
    for n in SIZES:
        b = best[n]
        print(f"  {n:>6}  {ms(b['baseline']):>11}  {ms(b['pcrlang']):>10}  {ms(b['parse']):>10}  "
              f"{ms(b['check']):>10}  {b['baseline'] / b['pcrlang']:.2f}")
    print(f"\nmemory: peak RSS bare python {rss_bare:.1f} MB, import pcrlang {rss_import:.1f} MB, "
          f"import + check 10k {rss_check:.1f} MB; tracemalloc peak of parse + check {traced_peak_mb:.1f} MB")

    if not args.no_profile_text:
        print("\nprofile of parse + check of the 10k ruleset (cProfile; times are inflated by the profiler)")
        print(cum_text)
        print(tot_text)
    print("where the time goes: profiled tottime by group (10k lines; the profiler inflates small calls)")
    print(f"  {'group':<32} {'pcrlang':>9} {'lark parse':>11} {'difference':>11}")
    groups = list(prof["by_group_s"]) + [g for g in base_prof["by_group_s"] if g not in prof["by_group_s"]]
    for group in groups:
        a, b = prof["by_group_s"].get(group, 0.0), base_prof["by_group_s"].get(group, 0.0)
        print(f"  {group:<32} {a:8.3f}s {b:10.3f}s {a - b:+10.3f}s")
    a, b = prof["total_profiled_s"], base_prof["total_profiled_s"]
    print(f"  {'total':<32} {a:8.3f}s {b:10.3f}s {a - b:+10.3f}s")
    for what, count in {**base_prof["calls"], **prof["calls"]}.items():
        print(f"  {what}: {count}")
    print("\nwith the garbage collector off (best of %d):" % max(2, args.runs // 2))
    for n in SIZES:
        print(f"  {n:>6} lines: lark parse {ms(nogc[n]['baseline'])}, pcrlang {ms(nogc[n]['pcrlang'])}, "
              f"ratio {nogc[n]['baseline'] / nogc[n]['pcrlang']:.2f}")

    targets = [
        target("check speed: lark parse time / pcrlang parse+build+check time, 10k lines", speed_ratio,
               f"{speed_ratio:.2f}", ">= 0.8", speed_ratio >= 0.8),
        target("check scaling: pcrlang time 20k / 10k lines", scaling, f"{scaling:.2f}", "<= 2.1", scaling <= 2.1),
        target("check memory: peak RSS, fresh process, import + check 10k lines", rss_check,
               f"{rss_check:.1f} MB", "< 200 MB", rss_check < 200),
        target("check speed: lark parse / pcrlang time, 20k lines", speed_ratio_large, f"{speed_ratio_large:.2f}", "(info)", None),
        target("check memory: peak RSS, fresh process, only imports pcrlang", rss_import,
               f"{rss_import:.1f} MB", "(info)", None),
        target("check memory: tracemalloc peak of parse + check, 10k lines", traced_peak_mb,
               f"{traced_peak_mb:.1f} MB", "(info)", None),
        target("check scaling: pcrlang time 20k / 10k lines, gc off", nogc[large]["pcrlang"] / nogc[small]["pcrlang"],
               f"{nogc[large]['pcrlang'] / nogc[small]['pcrlang']:.2f}", "(info)", None),
        target("check speed: lark parse / pcrlang time, 10k lines, gc off", nogc[small]["baseline"] / nogc[small]["pcrlang"],
               f"{nogc[small]['baseline'] / nogc[small]['pcrlang']:.2f}", "(info)", None),
        target("check time: pcrlang parse+build+check, 10k lines", best[small]["pcrlang"],
               ms(best[small]["pcrlang"]), "(info)", None),
        target("check time: bare lark parse, 10k lines (baseline)", best[small]["baseline"],
               ms(best[small]["baseline"]), "(info)", None),
    ]
    print_table("check_speed", targets)
    figures = {
        "runs": args.runs,
        "sizes": {str(n): {"lines": texts[n].count("\n"), "bytes": len(texts[n].encode("utf-8"))} for n in SIZES},
        "best_s": {str(n): best[n] for n in SIZES},
        "all_runs_s": {str(n): times[n] for n in SIZES},
        "speed_ratio_10k": speed_ratio, "speed_ratio_20k": speed_ratio_large,
        "scaling_pcrlang_20k_over_10k": scaling, "scaling_baseline_20k_over_10k": scaling_base,
        "peak_rss_mb": {"bare_python": rss_bare, "import_pcrlang": rss_import, "import_and_check_10k": rss_check},
        "tracemalloc_peak_mb_10k": traced_peak_mb,
        "gc_off_best_s": {str(n): nogc[n] for n in SIZES},
        "profile": prof,
        "profile_baseline": base_prof,
    }
    write_results("check_speed", targets, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
