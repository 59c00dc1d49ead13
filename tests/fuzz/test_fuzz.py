"""The fuzzers in the test suite: every corpus reproducer, and a short campaign of every generator.

A crash is any exception out of `compile_text`; a hang is a case over the time limit (a hang
detector, generous: 10 s). Every reproducer of the corpus passes at that limit (none is an
expected failure: the three that once were, in the IR and the checker, are fixed), and the short
campaign must give none anywhere in the pipeline; the front-end test says which pass failed first.
"""
from __future__ import annotations

import pytest

from .campaign import corpus_case, corpus_paths, campaign
from .harness import TIME_LIMIT, run_case

FRONT_END = ("pcrlang/syntax/parse.py", "pcrlang/syntax/keywords.py", "pcrlang/source.py", "pcrlang/diagnostics.py",
             "pcrlang/modules.py", "pcrlang/compiler.py", "lark/")
# the checker's suggestions: did_you_mean lives in diagnostics.py, the checker calls it per unknown name
CHECKER_IN_DIAGNOSTICS = "pcrlang/diagnostics.py:did_you_mean"


@pytest.mark.parametrize("path", corpus_paths(), ids=lambda p: p.name)
def test_corpus_case_is_only_diagnostics(path):
    outcome = run_case(corpus_case(path), time_limit=TIME_LIMIT)
    assert outcome.kind == "ok", f"{outcome.kind}: {outcome.signature}\n{outcome.error}"


@pytest.fixture(scope="module")
def short_campaign(tmp_path_factory):
    """2 000 cases: the short pathological set, mutations and grammar cases (fixed seed), two workers."""
    return campaign(2000, seed=20261201, jobs=2, scale="short", findings=tmp_path_factory.mktemp("findings"),
                    corpus=False)


def test_short_campaign_front_end(short_campaign):
    """No crash and no hang in the front end, whatever the input."""
    report = short_campaign
    assert len(report.results) == 2000
    assert {r.generator for r in report.results} == {"mutation", "grammar", "pathological"}
    mine = [r for r in report.failures if (any(f in r.signature for f in FRONT_END) or "pcrlang/" not in r.signature)
            and not r.signature.endswith(CHECKER_IN_DIAGNOSTICS)]
    assert not mine, report.text()


def test_short_campaign_whole_pipeline(short_campaign):
    assert not short_campaign.failures, short_campaign.text()


def test_the_grammar_generator_mostly_parses():
    """The explicit strategies matter: naively 41 % of samples parse."""
    from pcrlang.syntax.parse import parse_text
    from .grammar import texts
    samples = texts(100, 3)
    clean = sum(not parse_text(t, "g.pcr")[1] for t in samples)
    assert clean >= 80, clean


def test_a_crash_is_caught_signed_and_saved(tmp_path, monkeypatch):
    """The harness itself: an exception in a pass is a crash with a signature and a reproducer."""
    from . import harness
    import pcrlang.compiler

    def broken(text, path="<string>", **options):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pcrlang.compiler, "compile_text", broken)
    case = harness.Case("mutation", "x", 'input a: t zh "\ud800"\n')
    outcome = harness.run_case(case)
    assert (outcome.kind, outcome.signature) == ("crash", "ZeroDivisionError in test_fuzz.py:broken")
    saved = harness.save_reproducer(case, outcome, tmp_path)
    assert harness.load_reproducer(saved.with_suffix(".json")).text == case.text
    assert saved.read_bytes().decode("utf-8", "surrogatepass") == case.text


def test_a_hang_is_stopped_at_the_time_limit(monkeypatch):
    from . import harness
    import pcrlang.compiler

    def endless(text, path="<string>", **options):
        while True:
            pass

    monkeypatch.setattr(pcrlang.compiler, "compile_text", endless)
    outcome = harness.run_case(harness.Case("mutation", "x", ""), time_limit=0.2)
    assert outcome.kind == "hang"
