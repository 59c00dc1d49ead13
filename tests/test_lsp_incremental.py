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

