"""The language server's incremental parse gives exactly what `parse_text` (and so `pcr check`) gives."""
from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.lsp.analysis import Analysis
from pcrlang.lsp.incremental import IncrementalParser
from pcrlang.compiler import compile_text
from pcrlang.syntax.parse import parse_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CEMENT = os.path.join(ROOT, "rulesets", "cement.pcr")
TEXT = open(CEMENT, encoding="utf-8").read()


def _edit(text: str, rnd: random.Random) -> str:
    """A keystroke or two: a character typed, deleted, or a line break added or removed."""
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(text))
        action = rnd.choice(["type", "delete", "newline", "join", "brace"])
        if action == "type":
            text = text[:i] + rnd.choice("abz_09.:=,\"#{") + text[i:]
        elif action == "delete":
            text = text[:i] + text[i + 1:]
        elif action == "newline":
            text = text[:i] + "\n" + text[i:]
        elif action == "join":
            j = text.find("\n", i)
            if j >= 0:
                text = text[:j] + " " + text[j + 1:]
        else:
            j = text.find("}", i)
            if j >= 0:
                text = text[:j] + text[j + 1:]
    return text


def test_an_edit_within_a_line_reparses_one_declaration():
    parser = IncrementalParser()
    parser.parse(TEXT, CEMENT)
    edited = TEXT.replace("= 94600", "= 94601")
    module, diagnostics = parser.parse(edited, CEMENT)
    whole, whole_diagnostics = parse_text(edited, CEMENT)
    assert module == whole and diagnostics == whole_diagnostics == []
    from pcrlang.syntax.parse import split_declarations
    assert "94600" in TEXT and len(whole.declarations) > 20
    # every piece of the text but the edited factor came from the cache
    assert parser.reused == len(split_declarations(edited)) - 1


def test_a_half_typed_declaration_reparses_only_itself():
    """A syntax error no longer sends the whole text through parse_text: the broken declaration
    is parsed alone, reported as `pcr check` reports it, and the others come from the cache."""
    parser = IncrementalParser()
    parser.parse(TEXT, CEMENT)
    edited = TEXT.replace("= 94600", "= 94600.")
    module, diagnostics = parser.parse(edited, CEMENT)
    whole, whole_diagnostics = parse_text(edited, CEMENT)
    assert [d.code for d in diagnostics] == ["PCR004"]
    assert module == whole and diagnostics == whole_diagnostics and module.unparsed_names
    from pcrlang.syntax.parse import split_declarations
    assert parser.reused == len(split_declarations(edited)) - 1
    again, _ = parser.parse(edited, CEMENT)  # the broken declaration is cached with its diagnostic
    assert again == whole and parser.reused == len(split_declarations(edited))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 2**32), min_size=1, max_size=4))
def test_typing_gives_the_declarations_and_diagnostics_of_parse_text(seeds):
    parser = IncrementalParser()
    parser.parse(TEXT, CEMENT)
    text = TEXT
    for seed in seeds:  # a sequence of edits, the cache carried from one to the next
        text = _edit(text, random.Random(seed))
        module, diagnostics = parser.parse(text, CEMENT)
        whole, whole_diagnostics = parse_text(text, CEMENT)
        assert module == whole
        assert diagnostics == whole_diagnostics


def test_the_analysis_reports_what_pcr_check_reports():
    parser = IncrementalParser()
    for text in (TEXT, TEXT.replace("coal * coal_ncv", "coal * coal_nvc"), TEXT.replace("input coal:", "input coal")):
        analysis = Analysis(text, CEMENT, parser=parser)
        checked = compile_text(text, CEMENT)
        assert analysis.compilation.diagnostics == checked.diagnostics


# ---- the cut into declarations, line by line, is the token-by-token cut it replaced ----------------

def _reference_split(text: str) -> list[tuple[int, int, int, int]]:
    """split_declarations as it was written before it looked at a line's first word and braces only
    (one regular expression match per token of the whole text)."""
    from pcrlang.syntax import parse
    starts, depth = [], 0
    line, line_start, first_on_line = 1, 0, True
    for m in parse._SCAN.finditer(text):
        kind = m.lastindex
        if kind == parse._NEWLINE:
            line, line_start, first_on_line = line + 1, m.end(), True
            continue
        if kind == parse._BLANKS:
            continue
        if kind == parse._OPEN:
            depth += 1
        elif kind == parse._CLOSE:
            depth = max(0, depth - 1)
        elif kind == parse._WORD:
            word, i = m.group(parse._WORD), m.start()
            follow = parse.DECLARATION_FOLLOW.get(word)
            if follow is not None and ((depth == 0 and first_on_line) or word == "ruleset" or i == line_start) \
                    and parse._followed(text, m.end(), follow):
                depth = 0
                starts.append((i, line, i - line_start + 1))
        first_on_line = False
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, 1, 1))
    return [(s, starts[k + 1][0] if k + 1 < len(starts) else len(text), ln, col) for k, (s, ln, col) in enumerate(starts)]


TRICKY = [
    "", "\n", "input", 'input x: t zh "{" en "}"\ninput y: t\n', "keys k {\n  a\ninput x: t\n",
    'factor f: t = 1 # { comment\n  } input y: t\n', 'ruleset "A" version "1" { title "x" } ruleset "B"\n',
    'x "ruleset" ruleset "C" {\n', '"unclosed { string\ninput x: t\n', '  input x: t { \n input y: t\n',
    "\u3000input x: t\n", "煤 input x: t\n", 'input x: t zh "a\\"{" en "b"\n', "rulesets input x\n",
    "input x: t\r\ninput y: t\r\n", "}}}\ninput x: t\n{{\nfactor f: t = 1\n",
]


def test_split_declarations_cuts_as_the_token_by_token_scanner():
    from pcrlang.syntax.parse import split_declarations
    texts = list(TRICKY)
    for path in sorted(os.listdir(os.path.join(ROOT, "rulesets"))) + ["../pcrlang/stdlib/" + p for p in
                                                                      os.listdir(os.path.join(ROOT, "pcrlang", "stdlib"))]:
        if path.endswith(".pcr"):
            texts.append(open(os.path.join(ROOT, "rulesets", path), encoding="utf-8").read())
    rnd = random.Random(14)
    texts += [_edit(TEXT, rnd) for _ in range(200)]
    for text in texts:
        assert split_declarations(text) == _reference_split(text), text[:200]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["input", "factor", "ruleset", "keys", "grading", "x", ":", "t", "=", "1", " ", "  ",
                                   "\n", '"', "#", "{", "}", "\\", "\u3000", "煤", "rulesets", "\r"]), max_size=40)
       .map("".join))
def test_split_declarations_cuts_any_text_as_the_token_by_token_scanner(text):
    from pcrlang.syntax.parse import split_declarations
    assert split_declarations(text) == _reference_split(text)

