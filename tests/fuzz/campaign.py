"""A fuzzing campaign: cases from every generator, run in worker processes, summed up per generator."""
from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import grammar, mutation, pathological
from .harness import ROOT, TIME_LIMIT, Case, load_reproducer, run_case, save_reproducer

CORPUS = Path(__file__).resolve().parent / "corpus"
FINDINGS = Path(__file__).resolve().parent / "findings"
GRAMMAR_BATCH = 50  # grammar cases are generated in batches (hypothesis has a start-up cost per run)


def corpus_paths() -> list[Path]:
    """The seed corpus: .pcr files (compiled as if where they lie), saved reproducers (.json), and
    recipes (.py files defining `case(Case)`, for reproducers too large or too many to store)."""
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".pcr", ".json", ".py"))


def corpus_case(path: Path) -> Case:
    if path.suffix == ".py":
        import importlib.util
        spec = importlib.util.spec_from_file_location(f"pcrfuzz_corpus_{path.stem.replace('-', '_')}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        case = module.case(Case)
        case.name = f"{path.name}: {case.name}"
    else:
        case = load_reproducer(path)
    case.generator = "corpus"
    return case


@lru_cache(maxsize=2)
def _pathological(scale: str) -> tuple[Case, ...]:
    return tuple(pathological.cases(scale))


def plan(cases: int, seed: int, scale: str = "full", mutation_share: float = 0.65, corpus: bool = True) -> list[tuple]:
    """Work items: ("corpus", path), ("pathological", scale, i), ("mutation", seed, i), ("grammar", seed, batch, n).
    The corpus and the pathological set are run once each; the rest is mutations and grammar cases."""
    work: list[tuple] = [("corpus", str(p)) for p in corpus_paths()] if corpus else []
    work += [("pathological", scale, i) for i in range(len(_pathological(scale)))]
    rest = max(0, cases - len(work))
    mutations = round(rest * mutation_share)
    work += [("mutation", seed, i) for i in range(mutations)]
    generated = rest - mutations
    for batch in range(0, generated, GRAMMAR_BATCH):
        work.append(("grammar", seed, batch // GRAMMAR_BATCH, min(GRAMMAR_BATCH, generated - batch)))
    random.Random(seed).shuffle(work)
    return work


def _cases_of(item: tuple) -> list[Case]:
    kind = item[0]
    if kind == "corpus":
        return [corpus_case(Path(item[1]))]
    if kind == "pathological":
        return [_pathological(item[1])[item[2]]]
    if kind == "mutation":
        return [mutation.case(random.Random(f"{item[1]}-{item[2]}"), item[2])]
    return grammar.cases(item[3], item[1] * 100_003 + item[2])


@dataclass
class Result:
    generator: str
    kind: str
    seconds: float
    signature: str = ""
    reproducer: str = ""
    name: str = ""


_SAVED: set = set()  # signatures this worker has saved a reproducer for


def run_item(item: tuple, time_limit: float = TIME_LIMIT, findings: Path = FINDINGS) -> list[Result]:
    out = []
    try:
        cases = _cases_of(item)
    except Exception as error:  # noqa: BLE001 - a generator that fails is reported, not fatal
        import traceback
        return [Result(item[0], "generator error", 0.0, f"{type(error).__name__}: {str(error)[:120]}",
                       name=f"{item!r}\n{traceback.format_exc(limit=-6)}")]
    for case in cases:
        outcome = run_case(case, time_limit)
        result = Result(case.generator, outcome.kind, outcome.seconds, outcome.signature, name=case.name)
        if outcome.kind != "ok" and (outcome.kind, outcome.signature, case.generator) not in _SAVED:
            _SAVED.add((outcome.kind, outcome.signature, case.generator))
            result.reproducer = str(save_reproducer(case, outcome, findings))
        out.append(result)
    return out


def _run_item_star(args):
    return run_item(*args)


def _worker_start() -> None:
    """`kill -USR1 PID` prints where a worker is (for a campaign that seems stuck)."""
    import faulthandler
    import signal
    faulthandler.register(signal.SIGUSR1, all_threads=True)


def _warm() -> None:
    from pcrlang.syntax.parse import parser
    parser()  # build (or load) the parser once, before the workers fork


@dataclass
class Report:
    results: list = field(default_factory=list)
    seconds: float = 0.0
    seed: int = 0
    jobs: int = 1

    def by_generator(self) -> dict:
        groups = defaultdict(list)
        for r in self.results:
            if r.kind != "generator error":
                groups[r.generator].append(r)
        return groups

    @property
    def failures(self) -> list:
        """Crashes and hangs of the pipeline."""
        return [r for r in self.results if r.kind in ("crash", "hang")]

    @property
    def generator_errors(self) -> list:
        return [r for r in self.results if r.kind == "generator error"]

    def text(self) -> str:
        lines = [f"pcrlang fuzz: {len(self.results):,} cases, seed {self.seed}, {self.jobs} jobs, time limit "
                 f"{TIME_LIMIT:g} s, {self.seconds:,.0f} s wall", "",
                 f"{'generator':<14}{'cases':>9}{'crashes':>9}{'hangs':>7}{'mean ms':>10}{'median ms':>11}"
                 f"{'p99 ms':>9}{'max ms':>10}"]
        groups = self.by_generator()
        for name in ["mutation", "grammar", "pathological", "corpus"] + sorted(set(groups) - {
                "mutation", "grammar", "pathological", "corpus"}):
            if name in groups:
                lines.append(_row(name, groups[name]))
        lines.append(_row("total", [r for r in self.results if r.kind != "generator error"]))
        signatures = Counter((r.kind, r.signature) for r in self.failures)
        if signatures:
            lines += ["", "crashes and hangs (count, signature, generators, a reproducer):"]
            for (kind, sig), count in signatures.most_common():
                mine = [r for r in self.failures if (r.kind, r.signature) == (kind, sig)]
                generators = ", ".join(sorted({r.generator for r in mine}))
                example = next((r.reproducer for r in mine if r.reproducer), "")
                example = os.path.relpath(example, ROOT) if example else ""
                lines.append(f"  {count:>7,}  {kind}: {sig}  [{generators}]  {example}")
        if self.generator_errors:
            lines += ["", f"generator errors (cases not made, not counted above): {len(self.generator_errors)}"]
            for r in self.generator_errors[:5]:
                lines.append(f"  {r.generator}: {r.signature}  {r.name.splitlines()[0]}")
        return "\n".join(lines) + "\n"


def _row(name: str, results: list) -> str:
    times = sorted(r.seconds * 1000 for r in results)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0
    return (f"{name:<14}{len(results):>9,}{sum(r.kind == 'crash' for r in results):>9,}"
            f"{sum(r.kind == 'hang' for r in results):>7,}{statistics.fmean(times) if times else 0:>10.1f}"
            f"{statistics.median(times) if times else 0:>11.1f}{p99:>9.1f}{max(times, default=0):>10.1f}")


def campaign(cases: int, seed: int = 1, jobs: int = 1, scale: str = "full", time_limit: float = TIME_LIMIT,
             findings: Path = FINDINGS, progress=None, corpus: bool = True) -> Report:
    work = plan(cases, seed, scale, corpus=corpus)
    report = Report(seed=seed, jobs=jobs)
    start = time.perf_counter()
    _warm()
    args = [(item, time_limit, findings) for item in work]
    done = 0
    if jobs <= 1:
        iterator = map(_run_item_star, args)
        pool = None
    else:
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start, maxtasksperchild=2000)
        iterator = pool.imap_unordered(_run_item_star, args, chunksize=4)
    finished = False
    try:
        for results in iterator:
            report.results.extend(results)
            done += len(results)
            if progress is not None:
                progress(done, report)
        finished = True
    finally:
        if pool is not None:
            if finished:
                pool.close()
            else:  # an exception (or ^C): do not wait for the queued work
                pool.terminate()
            pool.join()
    report.seconds = time.perf_counter() - start
    return report


def print_progress(every: int = 1000):
    state = {"next": every, "start": time.perf_counter()}

    def progress(done: int, report: Report) -> None:
        if done >= state["next"]:
            state["next"] += every
            failures = len(report.failures)
            errors = len(report.generator_errors)
            sys.stderr.write(f"  {done:,} cases, {failures:,} crashes or hangs, {errors:,} generator errors, "
                             f"{time.perf_counter() - state['start']:,.0f} s\n")
            sys.stderr.flush()
    return progress
