"""Bad ruleset text only ever gives diagnostics: random text, text generated from the grammar,
and mutations of the shipped rulesets never make the checker raise."""
from __future__ import annotations

import lark
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from pcrlang.compiler import compile_text
from pcrlang.diagnostics import CATALOGUE, render
from pcrlang.syntax import keywords
from pcrlang.syntax.parse import grammar_path

from helpers import HEADER, RULESETS

SOURCES = [p.read_text(encoding="utf-8") for p in RULESETS]
KEYWORDS = keywords.KEYWORDS  # every word of the grammar, read from it (never a name below)


def assert_only_diagnostics(text: str) -> None:
    compilation = compile_text(text, "fuzz.pcr")  # must not raise
    for d in compilation.diagnostics:
        assert d.code in CATALOGUE
        assert d.span.line >= 1 and d.span.column >= 1, d
        render(d, text)  # rendering never fails either


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text):
    assert_only_diagnostics(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SOURCES), st.data())
def test_mutated_rulesets(source, data):
    """Delete, duplicate or replace a slice of a real ruleset."""
    n = len(source)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, min(n, start + 80)))
    action = data.draw(st.sampled_from(["delete", "duplicate", "replace", "swap_lines"]))
    if action == "delete":
        text = source[:start] + source[end:]
    elif action == "duplicate":
        text = source[:end] + source[start:end] + source[end:]
    elif action == "replace":
        text = source[:start] + data.draw(st.text(max_size=20)) + source[end:]
    else:
        lines = source.splitlines()
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        text = "\n".join(lines)
    assert_only_diagnostics(text)


_GRAMMAR = lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr")
_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in KEYWORDS)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_lark(_GRAMMAR, explicit={
    "NAME": _NAMES,
    "COMMENT": st.just("# c\n"),
    "STRING": st.sampled_from(['"x"', '"中文"', '"a\\"b"', '"<script>"']),
    "NUMBER": st.sampled_from(["0", "1", "2.5", "1e3", "44"]),
}))
def test_text_generated_from_the_grammar(text):
    """Syntactically valid but meaningless rulesets exercise the checker's every path."""
    assert_only_diagnostics(text)


def test_deeply_nested_expression_is_a_diagnostic():
    # reported on the quantity's line, not at the top of the file: where the parser finds it too
    # deep, or (a flat sum, which the parser counts once) at the quantity's name by the checker
    for formula in ("- " * 5000 + "1", "1 + " * 5000 + "1", "(1 + " * 3000 + "1" + ")" * 3000):
        compilation = compile_text(HEADER + "quantity q = " + formula + "\n", "deep.pcr")
        errors = [d for d in compilation.diagnostics if d.is_error]
        assert [d.code for d in errors] == ["PCR006"]
        (d,) = errors
        assert d.span.line == HEADER.count("\n") + 1 and d.span.column >= len("quantity q") \
            and (d.span.column > len("quantity q = ")) == (formula[0] != "1")


def test_binary_and_unreadable_files(tmp_path):
    from pcrlang.compiler import compile_file
    bad = tmp_path / "bad.pcr"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    compilation = compile_file(str(bad))
    assert [d.code for d in compilation.diagnostics] == ["PCR003"]
    missing = compile_file(str(tmp_path / "missing.pcr"))
    assert [d.code for d in missing.diagnostics] == ["PCR003"]
