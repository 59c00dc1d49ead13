"""`pcr fmt`: one canonical layout, comments kept, idempotent, meaning unchanged."""
from __future__ import annotations

import glob
import os
import random
import subprocess
import sys

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.compiler import compile_file, compile_text
from pcrlang.fmt import NotFormatted, format_text, tokens
from pcrlang.source import Span
from pcrlang.syntax.parse import parse_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULESETS = sorted(glob.glob(os.path.join(ROOT, "rulesets", "*.pcr")))
LIBRARIES = sorted(glob.glob(os.path.join(ROOT, "pcrlang", "stdlib", "*.pcr")))  # the standard library
SHIPPED = RULESETS + LIBRARIES
TEXTS = {p: open(p, encoding="utf-8").read() for p in SHIPPED}


def _shape(node):
    """An AST without its spans (what the text means, not where it stands)."""
    if isinstance(node, Span):
        return None
    if attrs.has(type(node)):
        return (type(node).__name__,) + tuple(
            (f.name, _shape(getattr(node, f.name))) for f in attrs.fields(type(node)) if not f.name.endswith("span"))
    if isinstance(node, (tuple, list)):
        return tuple(_shape(x) for x in node)
    if isinstance(node, frozenset):
        return frozenset(_shape(x) for x in node)
    return node


def _same_meaning(before: str, after: str, path: str) -> None:
    a, da = parse_text(before, path)
    b, db = parse_text(after, path)
    assert not da and not db
    assert _shape(a) == _shape(b)


def test_shipped_rulesets_keep_their_fingerprints():
    assert len(RULESETS) >= 19 and len(LIBRARIES) >= 5
    for path in RULESETS:
        before = compile_file(path, run_examples=False)
        assert before.fingerprint, path
        formatted = format_text(TEXTS[path], path)
        after = compile_text(formatted, path, run_examples=False)  # same path: imports resolve alike
        assert after.fingerprint == before.fingerprint, path
        assert after.publication_fingerprint == before.publication_fingerprint, path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: os.path.relpath(p, ROOT))
def test_shipped_files_idempotent_same_ast_comments_kept(path):
    text = TEXTS[path]
    formatted = format_text(text, path)
    assert format_text(formatted, path) == formatted
    _same_meaning(text, formatted, path)
    # every comment is kept, in order
    assert [c.value.rstrip() for c in tokens(text)[1]] == [c.value.rstrip() for c in tokens(formatted)[1]]
    assert all(line == line.rstrip() for line in formatted.splitlines())
    assert "\n\n\n" not in formatted and formatted.endswith("\n") and not formatted.endswith("\n\n")


LAYOUT_IN = """\
# a head comment
ruleset "X-1" version "1.0.0" {   # after the brace
 status draft
  # inside


  gwp AR6
}


boundary b {}
keys k { a , b,c }  # after the block
input x : kg/t  in [0,1]   zh "x"
quantity q: kg = -x*( 2+ 3 ) /t[ "a" ] + max( x,1 ) - sum(r in rows: r.m)
factor f: kg/t = 44 / 56
# the end
"""

LAYOUT_OUT = """\
# a head comment
ruleset "X-1" version "1.0.0" {  # after the brace
  status draft
  # inside

  gwp AR6
}

boundary b {}
keys k {
  a,
  b,
  c
}  # after the block
input x: kg/t in [0, 1] zh "x"
quantity q: kg = -x * (2 + 3) / t["a"] + max(x, 1) - sum(r in rows: r.m)
factor f: kg/t = 44/56
# the end
"""


def test_the_canonical_layout_written_out():
    # the expected text is written by hand from the rules in pcrlang/fmt.py's docstring
    assert format_text(LAYOUT_IN) == LAYOUT_OUT


def test_long_lines_break_after_the_equals_then_before_the_description():
    long_name = "a_rather_long_quantity_name_that_takes_room"
    text = (f'quantity {long_name}: kg zh "说明" en "A description" = '
            f'{long_name}_input * another_factor_with_a_long_name\n')
    out = format_text(text)
    # by hand: `quantity NAME: kg ` is 57 columns, `zh "说明"` 9 (a Chinese character counts two),
    # ` en "A description" =` 21: 88 columns, and the formula after it would make 172 > 100
    assert out == (f'quantity {long_name}: kg zh "说明" en "A description" =\n'
                   f'  {long_name}_input * another_factor_with_a_long_name\n')
    assert format_text(out) == out
    # with a longer description, the line up to `=` is 116 columns: the description goes on its own
    wide = text.replace('zh "说明"', 'zh "一个很长的中文说明文字"').replace('"A description"', '"A long English description"')
    assert format_text(wide) == (f'quantity {long_name}: kg\n'
                                 f'  zh "一个很长的中文说明文字" en "A long English description" =\n'
                                 f'  {long_name}_input * another_factor_with_a_long_name\n')


def test_a_ruleset_with_syntax_errors_is_refused_with_its_diagnostics(tmp_path):
    with pytest.raises(NotFormatted) as refused:
        format_text("input x kg\nfactor f: kg = \n", "bad.pcr")
    assert [d.code for d in refused.value.diagnostics] == ["PCR001", "PCR001"]
    bad = tmp_path / "bad.pcr"
    bad.write_text("input   x kg\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pcrlang", "fmt", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "error[PCR001]" in run.stderr and "Traceback" not in run.stderr
    assert bad.read_text(encoding="utf-8") == "input   x kg\n"  # never rewritten


def test_cli_check_reports_a_diff_and_rewrites_nothing_then_fmt_rewrites(tmp_path):
    f = tmp_path / "r.pcr"
    f.write_text("input x:kg\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pcrlang", "fmt", "--check", str(f)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "would reformat" in run.stdout and "-input x:kg" in run.stdout and "+input x: kg" in run.stdout
    assert f.read_text(encoding="utf-8") == "input x:kg\n"
    run = subprocess.run([sys.executable, "-m", "pcrlang", "fmt", str(f)], capture_output=True, text=True)
    assert run.returncode == 0 and f.read_text(encoding="utf-8") == "input x: kg\n"
    run = subprocess.run([sys.executable, "-m", "pcrlang", "fmt", "--check", str(f)], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == ""
    run = subprocess.run([sys.executable, "-m", "pcrlang", "fmt", "-"], input="input y:t\n", capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "input y: t\n"


# ---- fuzzed rulesets -------------------------------------------------------------------------------

def _pieces(text: str):
    """Tokens and comments in order, with the whitespace before each."""
    toks, comments, _ = tokens(text)
    items = sorted([(t.start_pos, t.end_pos, False) for t in toks] + [(c.start_pos, c.end_pos, True) for c in comments])
    out, last = [], 0
    for start, end, is_comment in items:
        out.append((text[last:start], text[start:end], is_comment))
        last = end
    return out


def _respace(text: str, rnd: random.Random) -> str:
    """The same tokens and comments with other whitespace: any run of spaces and single newlines
    may become any other, blank lines stay blank lines, a comment keeps its line."""
    out = []
    prev_comment = False
    for gap, piece, is_comment in _pieces(text):
        newlines = gap.count("\n")
        if newlines >= 2:
            gap = "\n" + rnd.choice(["", " ", "\t"]) + "\n" + rnd.choice(["", "  ", "\t "])
        elif prev_comment or (is_comment and newlines == 1):
            gap = "\n" + rnd.choice(["", "    ", " "])
        elif is_comment:
            gap = rnd.choice([" ", "   ", "\t"]) if out else ""
        elif gap or rnd.random() < 0.5:
            gap = rnd.choice([" ", "  ", "\n", "\n      ", "\t", " \n "]) if out else rnd.choice(["", "\n", " "])
        out.append(gap + piece)
        prev_comment = is_comment
    return "".join(out) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), st.integers(0, 2**32))
def test_layout_does_not_depend_on_the_whitespace_written(path, seed):
    text = TEXTS[path]
    mutated = _respace(text, random.Random(seed))
    assert format_text(mutated, path) == format_text(text, path)


def _mutate(text: str, rnd: random.Random) -> str:
    """Another ruleset: top-level declarations dropped, repeated or swapped, comments put in."""
    from pcrlang.syntax.parse import split_declarations
    parts = [text[s:e] for s, e, *_ in split_declarations(text)]
    for _ in range(rnd.randint(1, 4)):
        k = rnd.randrange(len(parts))
        action = rnd.choice(["drop", "repeat", "swap", "comment"])
        if action == "drop" and len(parts) > 1:
            parts.pop(k)
        elif action == "repeat":
            parts.insert(k, parts[k])
        elif action == "swap":
            j = rnd.randrange(len(parts))
            parts[k], parts[j] = parts[j], parts[k]
        else:
            lines = parts[k].split("\n")
            i = rnd.randrange(len(lines))
            if rnd.random() < 0.5 and lines[i].strip() and '"' not in lines[i] and "#" not in lines[i]:
                lines[i] += "  # a fuzzed trailing comment"
            else:
                lines.insert(i, "# a fuzzed comment")
            parts[k] = "\n".join(lines)
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(RULESETS), st.integers(0, 2**32))
def test_fuzzed_rulesets_keep_their_meaning(path, seed):
    rnd = random.Random(seed)
    text = _respace(_mutate(TEXTS[path], rnd), rnd)
    try:
        formatted = format_text(text, path)
    except NotFormatted as refused:  # a mutation can break the syntax: then nothing is written
        assert refused.diagnostics
        return
    assert format_text(formatted, path) == formatted
    _same_meaning(text, formatted, path)
    before = compile_text(text, path, run_examples=False)
    after = compile_text(formatted, path, run_examples=False)
    assert after.fingerprint == before.fingerprint
    # the same findings (messages may cite line numbers, which move)
    assert [d.code for d in after.diagnostics] == [d.code for d in before.diagnostics]
