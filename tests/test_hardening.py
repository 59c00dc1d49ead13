"""Hardening of the front end: hostile or broken text is a diagnostic, never a traceback, a hang
or a flood; positions are what an editor shows; nothing from a ruleset can drive a terminal.

Each test is a reproducer of a measured finding (see tests/fuzz/corpus/ for the files)."""
from __future__ import annotations

import json
import re
import tracemalloc

import pytest

from pcrlang.compiler import compile_text
from pcrlang.diagnostics import MAX_LINE_CELLS, MAX_RENDERED, render, render_all, to_json
from pcrlang.source import BIDI_CONTROLS, MAX_TEXT_CHARS, display_width, normalise, source_lines, visible
from pcrlang.syntax import keywords
from pcrlang.syntax.parse import MAX_DECLARATIONS, MAX_NESTING, TOP_LEVEL_KEYWORDS, grammar_path, parse_text, \
    parser, split_declarations

from helpers import HEADER, ROOT

CEMENT = (ROOT / "tests" / "data" / "cement_v1.pcr").read_text(encoding="utf-8")
HEADER_LINES = HEADER.count("\n")


def errors(text: str, path: str = "t.pcr"):
    return [d for d in compile_text(text, path).diagnostics if d.is_error]


def codes(text: str) -> list[str]:
    return [d.code for d in errors(text)]


def column(line: str, needle: str) -> int:
    """The 1-based column of needle in a line (found, never pasted from program output)."""
    assert line.count(needle) == 1, needle
    return line.index(needle) + 1


def peak_memory(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---- 1. strings are matched in linear time and constant memory ---------------------------------


def test_the_string_terminal_does_not_backtrack():
    """`"([^"\\\n]|\\.)*"` kept one backtracking frame per character of an unclosed string: 150 MB
    for 1 MB (3.2 GB and 22 s for 10 MB). The unrolled pattern needs none."""
    string = next(t for t in parser().terminals if t.name == "STRING")
    pattern = re.compile(string.pattern.to_regexp())
    unclosed = '"' + "a" * 1_000_000
    assert pattern.match(unclosed) is None
    assert peak_memory(pattern.match, unclosed) < 100_000
    for text, matched in (('"a"', '"a"'), ('"a\\"b" x', '"a\\"b"'), ('"a\\\\" x"', '"a\\\\"'), ('"中文"', '"中文"'),
                          ('"a\nb"', None), ('"a\\', None)):
        m = pattern.match(text)
        assert (m.group() if m else None) == matched, text


def test_an_unclosed_megabyte_string_is_one_diagnostic():
    text = HEADER + 'input coal: t zh "' + "煤" * 1_000_000 + "\n"
    peak = peak_memory(parse_text, text, "t.pcr")
    module, diagnostics = parse_text(text, "t.pcr")
    assert [(d.code, d.message, d.span.line, d.span.column) for d in diagnostics] == [
        ("PCR005", "string is not closed on this line", HEADER_LINES + 1, 18)]
    assert peak < 64_000_000  # a few copies of the text, no backtracking stack


def test_the_recovery_scanner_reads_strings_and_comments():
    text = 'input a: t zh "input b: t"  # input c: t\ninput d: t\n  input e: t\n'
    starts = [(line, column) for _, _, line, column in split_declarations(text)]
    assert starts == [(1, 1), (2, 1), (3, 3)]


# ---- 2. lines and columns as an editor shows them -----------------------------------------------

BROKEN = HEADER + "input coal: t in [0 1e9]\n"  # PCR001 at the `1e9`


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_line_endings_are_normalised(newline):
    expected = [(d.code, d.message, d.span) for d in errors(BROKEN)]
    assert expected == [("PCR001", "unexpected `1e9`; expected `,`", expected[0][2])]
    text = BROKEN.replace("\n", newline)
    c = compile_text(text, "t.pcr")
    assert [(d.code, d.message, d.span) for d in c.diagnostics if d.is_error] == expected
    assert render(c.diagnostics[0], text) == render(c.diagnostics[0], BROKEN)


def test_a_byte_order_mark_is_not_a_character():
    assert normalise("\ufeffruleset") == "ruleset"
    assert [(d.code, d.span.column) for d in errors("\ufeff" + BROKEN)] == [(d.code, d.span.column) for d in errors(BROKEN)]


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_unicode_line_separators_do_not_end_a_line(char):
    """Lark counts only LF; so do the diagnostics. In a comment the separator is harmless; the
    caret under an error after it on the same line is aligned, the separator shown escaped."""
    text = HEADER + f"input coal: t  # a comment{char}with a separator\ninput x: t in [0 1e9]\n"
    (d,) = errors(text)
    assert (d.code, d.span.line, d.span.column) == ("PCR001", HEADER_LINES + 2, column("input x: t in [0 1e9]", "1e9"))
    line = f'input coal: t in [0, 1] zh "甲{char}乙" en "A" $'
    text = HEADER + line + "\n"
    (d,) = errors(text)
    assert (d.code, d.span.line, d.span.column) == ("PCR002", HEADER_LINES + 1, column(line, "$"))
    shown = render(d, text).splitlines()
    assert shown[3] == f'{HEADER_LINES + 1} | input coal: t in [0, 1] zh "甲<U+{ord(char):04X}>乙" en "A" $'
    assert shown[4].index("^") == display_width(shown[3][:shown[3].index("$")])


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x85"], ids=["VT", "FF", "NEL"])
def test_other_line_breaks_are_control_characters(char):
    line = f'input coal: t zh "甲{char}乙" en "A"'
    text = HEADER + line + "\ninput x: t in [0 1e9]\n"
    found = [(d.code, d.span.line, d.span.column) for d in errors(text)]
    assert found == [("PCR008", HEADER_LINES + 1, column(line, char)),
                     ("PCR001", HEADER_LINES + 2, column("input x: t in [0 1e9]", "1e9"))]
    d = errors(text)[0]
    assert d.message == f"control character `\\x{ord(char):02x}` (U+{ord(char):04X})"
    shown = render(d, text).splitlines()
    assert shown[3] == f'{HEADER_LINES + 1} | input coal: t zh "甲\\x{ord(char):02x}乙" en "A"'
    assert shown[4] == " " * len(str(HEADER_LINES + 1)) + " | " + " " * (column(line, char) - 1 + 1) + "^^^^"  # 甲: 2 cells


def test_source_lines_split_only_on_newlines():
    assert source_lines("a\u2028b\x0bc\r\nd\re\n") == ("a\u2028b\x0bc", "d", "e", "")


# ---- 3. nothing from a ruleset reaches the terminal raw -----------------------------------------

ANSI = "\x1b[2J\x1b[31m"  # clear the screen, then red
OSC = "\x1b]8;;http://evil.example/\x07link\x1b]8;;\x07"  # a hyperlink


@pytest.mark.parametrize("payload", [ANSI, OSC, "\x00", "\x7f", "\x9b31m"], ids=["ANSI", "OSC", "NUL", "DEL", "CSI"])
def test_control_characters_are_diagnostics_and_shown_escaped(payload):
    text = HEADER + f'input coal: t zh "{payload}煤" en "Coal"\n'
    found = errors(text)
    assert {d.code for d in found} == {"PCR008"}  # a diagnostic per run of control characters
    assert (found[0].span.line, found[0].span.column) == (HEADER_LINES + 1, 19)
    out = "".join(render(d, text) for d in found) + to_json(found) + json.dumps([d.as_dict() for d in found],
                                                                                  ensure_ascii=False)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert "\\x1b" in out or "\\x00" in out or "\\x7f" in out or "\\x9b" in out


def test_a_control_character_in_a_name_or_message_is_escaped():
    text = HEADER + "input co\x1bal: t\n"
    found = errors(text)
    assert [d.code for d in found] == ["PCR008", "PCR001"]  # read as `co al`, with a space
    line = render(found[0], text).splitlines()[3]
    assert line == f"{HEADER_LINES + 1} | input co\\x1bal: t"


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_bidi_controls_are_diagnostics_and_shown_visibly(char):
    line = f'input coal: t zh "煤{char}" en "Coal"  # {char}'
    text = HEADER + line + "\n"
    found = errors(text)
    assert [(d.code, d.span.column) for d in found] == [("PCR009", line.index(char) + 1), ("PCR009", line.rindex(char) + 1)]
    out = render(found[0], text)
    assert char not in out and f"<U+{ord(char):04X}>" in out
    caret_line = out.splitlines()[4]
    prefix = line[:line.index(char)]
    assert caret_line.index("^") - caret_line.index("|") - 2 == len(prefix) + 1  # 煤 takes two cells
    assert caret_line.count("^") == 8  # as wide as `<U+202E>`


def test_a_trojan_source_comment_is_rejected():
    """CVE-2021-42574: an override in a comment makes the checked code display differently."""
    text = HEADER + 'factor f: t/t = 1 source "x"  # \u202e } \u2066if admin\u2069 \u2066\n'
    assert codes(text) == ["PCR009", "PCR009", "PCR009", "PCR009"]


def test_the_file_name_is_shown_escaped():
    (d,) = errors(BROKEN, "evil\x1b[2J.pcr")
    assert "evil\\x1b[2J.pcr:" in render(d, BROKEN)
    assert d.as_dict()["span"]["file"] == "evil\\x1b[2J.pcr"


def test_visible_leaves_ordinary_text_alone():
    text = 'input coal: t zh "燃煤 ①" en "Coal é"\t# ok'
    assert visible(text) == text.replace("\t", " ")
    assert display_width("中文ab") == 6


# ---- 4. a flood of diagnostics is rendered in bounded space --------------------------------------


def test_five_thousand_errors_on_one_line():
    """25 KB on one line, 5 000 errors: 188 MB of output before. Now 200 rendered, in windows."""
    text = 'ruleset "x" ' * 5000 + "\n"
    c = compile_text(text, "flood.pcr")
    assert len(text) > 25_000 and len(c.diagnostics) >= 5000
    blocks = render_all(c.diagnostics, c.text_of)
    assert len(blocks) == MAX_RENDERED + 1
    more = len(c.diagnostics) - MAX_RENDERED
    assert blocks[-1] == f"... and {more:,} more errors in flood.pcr (`pcr check --format json` lists them all)"
    assert max(display_width(line) for block in blocks for line in block.splitlines()) < 200
    assert sum(len(b) for b in blocks) < 200_000


def test_a_long_line_is_shown_as_a_window_around_the_caret():
    text = HEADER + 'input coal: t zh "' + "煤" * 5000 + '" $ en "' + "b" * 5000 + '"\n'
    (d,) = errors(text)
    assert d.code == "PCR002"
    lines = render(d, text).splitlines()
    assert lines[3].startswith(f"{HEADER_LINES + 1} | ...") and lines[3].endswith("...")
    caret = lines[4].index("^")
    assert display_width(lines[3][:lines[3].index("$")]) == caret and lines[4].count("^") == 1
    assert display_width(lines[3]) <= len(f"{HEADER_LINES + 1} | ") + 3 + MAX_LINE_CELLS + 3


def test_a_span_longer_than_the_window_is_cut():
    line = "x" * 10 + "y" * 1000
    from pcrlang.diagnostics import _window
    shown, indent, width = _window(line, 10, 1010)
    assert shown.startswith("xxxxxxxxxx") and shown.endswith("...")
    assert indent == 10 and width == display_width(shown) - 10 - 3


def test_a_message_quoting_a_huge_token_is_cut():
    text = HEADER + "input coal: t " + '"' + "a" * 100_000 + '"\n'
    (d,) = errors(text)
    assert d.code == "PCR001" and len(d.message) < 200
    assert d.message.startswith('unexpected `"aaaa') and "...`" in d.message


# ---- 5. text that is not Unicode, and characters the grammar cannot take -------------------------


def test_a_lone_surrogate_is_a_diagnostic():
    """284 of 55 000 fuzz cases raised UnicodeEncodeError in the fingerprint."""
    text = CEMENT.replace('title zh "水泥', 'title zh "\ud800水泥')
    c = compile_text(text, "t.pcr")
    assert [(d.code, d.message) for d in c.diagnostics if d.is_error] == [
        ("PCR007", "lone surrogate (U+D800): not Unicode text")]
    (d,) = [d for d in c.diagnostics if d.is_error]
    assert (d.span.line, d.span.column) == (CEMENT.split("\n").index(next(
        l for l in CEMENT.split("\n") if 'title zh "水泥' in l)) + 1, 13)
    assert c.ruleset is None and c.fingerprint is None
    out = render(d, c.text) + to_json(c.diagnostics)
    out.encode("utf-8")  # no surrogate left to encode
    assert "<U+D800>" in out


def test_an_import_path_with_a_lone_surrogate_is_a_diagnostic():
    c = compile_text(HEADER + 'import "lib\udcff.pcr"\n', "t.pcr")
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR007"]  # the import is not looked for


def test_nul_bytes_are_diagnostics(tmp_path):
    path = tmp_path / "nul.pcr"
    path.write_bytes(HEADER.encode() + b"input coal: t\x00\x00\x00 zh \"\xe7\x85\xa4\" en \"Coal\"\n")
    from pcrlang.compiler import compile_file
    c = compile_file(str(path))
    assert [(d.code, d.message, d.span.line, d.span.column) for d in c.diagnostics if d.is_error] == [
        ("PCR008", "3 control characters `\\x00\\x00\\x00` (U+0000, U+0000, U+0000)", HEADER_LINES + 1, 14)]


def test_a_file_of_control_characters_gives_a_bounded_number_of_diagnostics():
    c = compile_text(HEADER + "\x01 " * 50_000, "t.pcr")
    found = [d for d in c.diagnostics if d.is_error]
    assert len(found) == 101 and {d.code for d in found} == {"PCR008"}
    assert found[-1].message == "... and 49,900 more runs of invalid characters"


def test_characters_outside_the_grammar_are_diagnostics():
    for char in ("中", "\u00a0", "€", "\u2028", "😀"):
        text = HEADER + f"input coal: t {char}\n"
        (d,) = errors(text)
        assert (d.code, d.message) == ("PCR002", f"unexpected character `{char}`")


# ---- 7. declaration keywords come from the grammar -----------------------------------------------


def _declaration_keywords_read_from_the_grammar_file() -> set[str]:
    """The words that start a declaration, read from the grammar text by hand (not through Lark
    as keywords.py does): the rule names under `?declaration`, each rule's leading terminals."""
    grammar = grammar_path().read_text(encoding="utf-8")
    block = re.search(r"^\?declaration:(.*?)^\S", grammar, re.M | re.S).group(1)
    rules = re.findall(r"[|:]?\s*([a-z_]+)\s*(?:\n|$)", block)
    terminals = dict(re.findall(r'^([A-Z_]+): "([a-z_]+)"$', grammar, re.M))
    words = set()
    for rule in rules:
        for body in re.findall(rf"^{rule}:\s*(.*)$", grammar, re.M):
            words |= {terminals[t] for t in re.findall(r"\b([A-Z_]+)\b", body.split("NAME")[0].split("STRING")[0])
                      if t in terminals}
    words |= {terminals[t] for t in re.findall(r"\|\s*([A-Z_]+) declaration", block)}
    return words


def test_every_declaration_keyword_of_the_grammar_is_a_recovery_keyword():
    from_grammar = _declaration_keywords_read_from_the_grammar_file()
    assert {"ruleset", "grading", "override", "import", "gwp_values", "biogenic_carbon_content"} <= from_grammar
    assert len(from_grammar) >= 22
    assert from_grammar <= set(TOP_LEVEL_KEYWORDS), sorted(from_grammar - set(TOP_LEVEL_KEYWORDS))
    assert set(TOP_LEVEL_KEYWORDS) == set(keywords.DECLARATION_KEYWORDS)


# One declaration of every form; each must be recovered after a broken declaration.
SAMPLES = {
    "ruleset": 'ruleset "X" version "1.0.0" { status draft }',
    "library": 'library "L" version "1.0.0" { title zh "库" en "Lib" }',
    "boundary": "boundary cradle_to_gate { }",
    "keys": "keys regions { north }",
    "input": "input a: t",
    "factor": 'factor f: t/t = 1 source "x"',
    "table": "table g: t/t by regions { north = 1 }",
    "quantity": "quantity q = 1",
    "emission": "emission e in make.smelting, gas CO2, fossil = 1",
    "removal": "removal r in make.smelting, gas CO2, biogenic = 1",
    "offset": "offset o in make.smelting, gas CO2, fossil = 1",
    "allocation": "allocation al for make.smelting by mass { product p = 1 }",
    "cutoff": "cutoff { per_flow < 1 % by mass }",
    "example": 'example "e" { given a = 1 t }',
    "recycling": "recycling rc in make.smelting by cut_off { material = 1 }",
    "electricity": "electricity el in make.smelting, power { amount = 1 }",
    "heat": "heat st in make.smelting, life_cycle { amount = 1 }",
    "transport": "transport tr in make.smelting, fossil { legs l factor t }",
    "check": "check c: a > 0",
    "grading": "grading { class A otherwise }",
    "data_quality": "data_quality dq { rating = 1 }",
    "biogenic_carbon_content": "biogenic_carbon_content = 1",
    "import": 'import "x.pcr"',
    "gwp_values": 'gwp_values g source "s" { CO2 = 1 }',
    "override": "override input a: t",
}


def test_every_declaration_form_has_a_sample():
    assert set(SAMPLES) == set(keywords.DECLARATION_KEYWORDS)


@pytest.mark.parametrize("keyword", sorted(SAMPLES))
def test_recovery_resynchronises_on_every_declaration_form(keyword):
    text = "input broken: t in [0 1]\n" + SAMPLES[keyword] + "\n"
    module, diagnostics = parse_text(text, "t.pcr")
    assert [(d.code, d.span.line) for d in diagnostics] == [("PCR001", 1)]
    assert len(module.declarations) == 1, SAMPLES[keyword]
    assert module.declarations[0].span.line == 2


def test_a_broken_emission_does_not_swallow_the_grading_that_follows():
    """The stale list knew 12 of 20 forms: the grading block became part of the broken emission,
    and the example's `expect grading` gave a spurious PCR904."""
    text = HEADER + '''factor f: kgCO2/t = 1 source "x"
emission e in make.smelting, gas CO2, fossil = output * f $
grading {
  class A <= 1000 kgCO2e
  class B otherwise
}
example "graded" {
  given output = 1 t
  expect total = 1 kgCO2e within 0.1 %
  expect grading A
}
'''
    assert [(d.code, d.span.line) for d in errors(text)] == [("PCR002", HEADER_LINES + 2)]


def test_a_formula_line_starting_with_a_keyword_is_not_a_declaration():
    """`electricity` is a declaration keyword and a common input name."""
    text = "emission power in make.smelting, gas CO2, fossil =\nelectricity * grid $\ninput b: t\n"
    starts = [line for _, _, line, _ in split_declarations(text)]
    assert starts == [1, 3]
    assert [s for s in split_declarations('ruleset ruleset ruleset "x"')] == [(0, 27, 1, 1)][:0] + [
        (0, 16, 1, 1), (16, 27, 1, 17)]


def test_highlighter_and_tests_use_the_grammar_keywords():
    from pcrlang.syntax import highlight
    assert set(highlight.DECLARATIONS) == set(keywords.DECLARATION_KEYWORDS)
    assert "version" in keywords.KEYWORDS and "grading" in keywords.KEYWORDS
    assert set(keywords.FORMULA_KEYWORDS) == {"if", "then", "else", "and", "or", "not",
                                              "sum", "average", "in", "weighted", "by"}  # over tables of rows
    assert {"status", "title", "gwp", "extends", "period"} <= set(keywords.HEADER_FIELDS)


# ---- 8. limits ---------------------------------------------------------------------------------


def _nested(depth: int) -> str:
    """A formula `depth` levels deep (a name is one level, each operation one more)."""
    return "(a + " * (depth - 1) + "a" + ")" * (depth - 1)


def test_a_formula_at_the_nesting_limit_compiles_and_runs_everywhere():
    from pcrlang.backends import document
    from pcrlang.backends.python import generate
    inner = MAX_NESTING - 1  # `f * (...)` is one level more
    for formula in (_nested(inner), "- " * (inner - 1) + "a", "min(a, " * (inner - 1) + "a" + ")" * (inner - 1),
                    "if a > 0 then " * (inner - 2) + "a" + " else a" * (inner - 2)):  # `a > 0` is two levels
        text = HEADER + ('input a: t in [0, 1e9] primary zh "甲" en "A"\nfactor f: kgCO2/t = 1 source "x"\n'
                         f"emission e in make.smelting, gas CO2, fossil = f * ({formula})\n")
        c = compile_text(text, "t.pcr")
        assert c.ruleset is not None, [d.message for d in c.diagnostics]
        namespace: dict = {}
        exec(compile(generate(c.ruleset, c.fingerprint), "calculator", "exec"), namespace)
        namespace["calculate"]({"output": 1, "a": 1})
        document.render(c.ruleset, c.fingerprint, "en")


def test_a_formula_past_the_nesting_limit_is_pcr006_where_it_gets_too_deep():
    text = HEADER + f"quantity q = {_nested(MAX_NESTING + 1)}\ninput b: t\n"
    (d,) = errors(text)
    assert (d.code, d.span.line, d.span.column) == ("PCR006", HEADER_LINES + 1, len("quantity q = (") + 1)
    assert d.message == ("formula nested more than 100 levels deep (each operation inside another is a level; "
                         "a sum `a + b + c + ...` counts once)")


def test_a_long_flat_sum_is_one_level_and_the_checker_limits_it():
    # 300 terms parse (the left spine of a sum is one level, every backend writes it flat); the
    # checker's own limit (400 levels of its recursion) still holds a sum of 3 000 terms
    assert not errors(HEADER + "quantity q: t = " + " + ".join(["output"] * 300) + "\n")
    (d,) = errors(HEADER + "quantity q: t = " + " + ".join(["output"] * 3000) + "\n")
    assert (d.code, d.message) == ("PCR006", "the formula is nested more than 400 levels deep")


def test_too_many_declarations():
    text = HEADER + "".join(f"input x{i}: t\n" for i in range(MAX_DECLARATIONS))
    c = compile_text(text, "t.pcr")
    assert [(d.code, d.message, d.span.line) for d in c.diagnostics] == [
        ("PCR011", f"the file has {MAX_DECLARATIONS + 3:,} declarations; at most 20,000 are checked",
         MAX_DECLARATIONS + 1 - 3 + HEADER_LINES)]


def test_a_file_too_large(tmp_path):
    from pcrlang.compiler import compile_file
    text = HEADER + "#" * MAX_TEXT_CHARS + "\n"
    assert [(d.code, d.message) for d in compile_text(text, "t.pcr").diagnostics] == [
        ("PCR010", f"the file has {len(text):,} characters; at most 2,000,000 are read")]
    path = tmp_path / "big.pcr"
    path.write_text(text, encoding="utf-8")
    assert [(d.code, d.message) for d in compile_file(str(path)).diagnostics] == [
        ("PCR010", "the file has more than 2,000,000 characters; at most 2,000,000 are read")]


# ---- the command line ----------------------------------------------------------------------------


def test_pcr_check_escapes_file_names_and_caps_what_it_prints(tmp_path, capsys):
    from pcrlang.cli import main
    evil = tmp_path / "evil\x1b[2J.pcr"
    evil.write_text('ruleset "x" ' * 5000 + "\n", encoding="utf-8")
    assert main(["check", str(evil)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "evil\\x1b[2J.pcr: FAILED" in out
    assert err.count("error[PCR") == MAX_RENDERED
    assert "more errors in " in err.splitlines()[-2] and len(err) < 200_000
    assert main(["check", "--format", "json", str(evil)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"][0]["path"].endswith("evil\\x1b[2J.pcr") and data["errors"] > 5000 - 10
    assert len(data["files"][0]["diagnostics"]) == data["errors"]  # all of them


def test_a_path_the_system_cannot_take_is_a_diagnostic():
    """A program may pass a path with a NUL: open() and realpath() raise ValueError."""
    from pcrlang.compiler import compile_file
    c = compile_text(HEADER + 'import "x.pcr"\n', "a\x00b.pcr")
    assert [d.code for d in c.diagnostics if d.is_error] == ["PCR120"]
    assert [(d.code, d.message) for d in compile_file("a\x00b.pcr").diagnostics] == [
        ("PCR003", "cannot read `a\x00b.pcr`: embedded null byte")]
    assert "a\\x00b.pcr" in render(compile_file("a\x00b.pcr").diagnostics[0], None)


# ---- golden renderings of the new codes ------------------------------------------------------------


def test_render_a_control_character():
    line = 'input coal: t zh "\x1b[31m煤" en "Coal"'
    text = HEADER + line + "\n"
    (d,) = errors(text)
    n = HEADER_LINES + 1
    assert render(d, text) == (
        "error[PCR008]: control character `\\x1b` (U+001B)\n"
        f"  --> t.pcr:{n}:19\n"
        "   |\n"
        f'{n} | input coal: t zh "\\x1b[31m煤" en "Coal"\n'
        "   |                   ^^^^\n"
        "  = control character; help: remove it: apart from tab and newline, no control character may appear in "
        "a ruleset; write a line break in a string as \\n"
    )


def test_render_a_bidi_control():
    text = HEADER + 'input coal: t zh "煤\u202e" en "Coal"\n'
    (d,) = errors(text)
    n = HEADER_LINES + 1
    assert render(d, text) == (
        "error[PCR009]: bidirectional control character (U+202E)\n"
        f"  --> t.pcr:{n}:20\n"
        "   |\n"
        f'{n} | input coal: t zh "煤<U+202E>" en "Coal"\n'
        "   |                     ^^^^^^^^\n"
        "  = bidirectional control character; help: remove it: an embedding, override or isolate control makes "
        "the text read differently from what the compiler sees, and right-to-left text displays without it"
    )


def test_render_an_import_outside_the_project(tmp_path):
    from pcrlang.compiler import compile_file
    path = tmp_path / "rule.pcr"
    path.write_text(HEADER + 'import "../../etc/passwd.pcr"\n', encoding="utf-8")
    c = compile_file(str(path), allow_any_import=False)
    (d,) = [d for d in c.diagnostics if d.is_error]
    n = HEADER_LINES + 1
    assert render(d, c.text_of(d.span.file)) == (
        "error[PCR126]: `../../etc/passwd.pcr` leads outside the project, the import path and the standard library\n"
        f"  --> {path}:{n}:1\n"
        "   |\n"
        f'{n} | import "../../etc/passwd.pcr"\n'
        "   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = import outside the project; help: import files of the project (the checked file's folder and below), "
        "of the import path or of the standard library; a trusted local user may allow any file with "
        "--trust-imports"
    )


def test_every_formula_rule_of_the_grammar_is_measured():
    """A formula form added to the grammar must count towards the nesting limit (or later
    passes, which recurse, would meet formulas of any depth again)."""
    from pcrlang.syntax import parse
    rules = parser().rules
    by_origin: dict = {}
    for rule in rules:
        by_origin.setdefault(rule.origin.name, []).append(rule)
    reachable, todo = set(), ["expr"]
    while todo:
        name = todo.pop()
        if name in reachable:
            continue
        reachable.add(name)
        todo += [s.name for r in by_origin.get(name, ()) for s in r.expansion if not s.is_term]
    built = {r.alias or r.origin.name for name in reachable for r in by_origin.get(name, ())
             if r.alias or not r.options.expand1}  # `?sum: product` only passes its child on
    built -= {"group", "unit", "unit_factor", "unit_op", "unit_one", "signed_number"} | {
        n for n in built if n.startswith("__")}  # parentheses keep their formula's depth
    assert built == set(parse.MEASURED_RULES), built ^ set(parse.MEASURED_RULES)
