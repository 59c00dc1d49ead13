"""The hand-written documentation cannot go stale: every ```pcrlang block in it is checked.

A block holding a `ruleset` (or `library`) header is a complete file: it must compile with no
errors and no warnings, and its worked examples must pass. Blocks are compiled as if saved in
rulesets/, so they can import the standard library (`import "cn_grid.pcr"`) or extend a
shipped rule (`extends "cement.pcr"`). Any other block is a fragment, checked as appended to
the minimal ruleset of tests/helpers.py (HEADER); a fragment that declares its own `boundary`
takes the place of HEADER's boundary. Fragments must compile with no errors (warnings such as an
unused factor are fine in a fragment).

A block meant to show an error is preceded by `<!-- expect-error PCR302 -->` (the only error
codes it may produce); `<!-- expect-warning PCR-W01 -->` asks for a warning.
"""
from __future__ import annotations

import re

import pytest

from helpers import HEADER, ROOT
from pcrlang.compiler import compile_text
from pcrlang.diagnostics import CATALOGUE, render

DOCS = ROOT / "docs"
HAND_WRITTEN = ("index.md", "getting-started.md", "language.md")

_FENCE = re.compile(r"^(?P<indent> *)(?P<ticks>`{3,}|~{3,})\s*(?P<lang>[^\s`{]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*(?P<kind>expect-error|expect-warning)\s+(?P<code>[A-Z0-9-]+)\s*-->\s*$")

# HEADER is the ruleset header, the boundary and one input; a fragment with its own boundary
# goes in place of HEADER's boundary.
_HEAD, _BOUNDARY_AND_OUTPUT = HEADER.split("\nboundary ", 1)
HEADER_WITHOUT_BOUNDARY = _HEAD + "\n" + HEADER.splitlines(keepends=True)[-1]


def blocks(page: str):
    """(line, language, code, directive) for every fenced block of a Markdown page."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, ticks, lang = m.group("indent"), m.group("ticks"), m.group("lang")
        start, body = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != ticks:
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        directive = None
        j = start - 2
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0 and (d := _DIRECTIVE.match(lines[j])):
            directive = (d.group("kind"), d.group("code"))
        out.append((start, lang, "\n".join(body) + "\n", directive))
    return out


def pcrlang_blocks():
    for page in HAND_WRITTEN:
        for line, lang, code, directive in blocks(page):
            if lang == "pcrlang":
                yield pytest.param(page, line, code, directive, id=f"{page}:{line}")


def classify(code: str) -> str:
    if re.search(r'^\s*(ruleset|library)\s+"', code, re.M):
        return "complete"
    if re.search(r"^\s*boundary\s+\w+", code, re.M):
        return "boundary"
    return "fragment"


def compile_block(code: str):
    kind = classify(code)
    text = {"complete": code, "boundary": HEADER_WITHOUT_BOUNDARY + code, "fragment": HEADER + code}[kind]
    # as if saved in rulesets/, so that `import "cn_grid.pcr"` and `extends "cement.pcr"` find the shipped files
    return kind, compile_text(text, str(ROOT / "rulesets" / "block.pcr"))


@pytest.mark.parametrize("page,line,code,directive", list(pcrlang_blocks()))
def test_pcrlang_block(page, line, code, directive):
    kind, c = compile_block(code)
    shown = "\n".join(render(d, c.text_of(d.span.file)) for d in c.diagnostics)
    errors = sorted({d.code for d in c.diagnostics if d.is_error})
    if directive is not None:
        what, expected = directive
        assert expected in CATALOGUE, f"{page}:{line}: unknown code {expected} in the directive"
        if what == "expect-error":
            assert errors == [expected], f"{page}:{line}: expected only {expected}, got {errors}\n{shown}"
        else:
            assert not errors, f"{page}:{line}: errors in a block that shows a warning\n{shown}"
            assert expected in {d.code for d in c.diagnostics}, f"{page}:{line}: no {expected}\n{shown}"
        return
    assert not errors, f"{page}:{line} ({kind}) does not compile:\n{shown}"
    if kind == "complete":
        assert not c.diagnostics, f"{page}:{line}: a complete ruleset with warnings:\n{shown}"


def test_every_page_has_checked_blocks():
    counts = {page: sum(lang == "pcrlang" for _, lang, _, _ in blocks(page)) for page in HAND_WRITTEN}
    assert counts["language.md"] >= 20, counts
    assert counts["getting-started.md"] >= 1, counts


def test_no_pcrlang_code_escapes_the_check():
    """Code in the language is tagged ```pcrlang (not ```pcr, not untagged), so the test above sees it."""
    for page in HAND_WRITTEN:
        for line, lang, code, _ in blocks(page):
            if lang == "pcrlang":
                continue
            assert lang != "pcr", f"{page}:{line}: tag pcrlang code as ```pcrlang"
            # syntax sketches (```text) write placeholders in capitals: `input NAME: UNIT`
            looks_like_pcrlang = re.search(r'^\s*(ruleset "[^"]*" version "\d|(input|factor|quantity) [a-z_][a-z0-9_]*:'
                                           r"|(emission|removal) [a-z_][a-z0-9_]* in [a-z_])", code, re.M)
            assert not looks_like_pcrlang, f"{page}:{line}: a ```{lang or '(untagged)'} block holds pcrlang code"


def test_directives_sit_before_a_pcrlang_block():
    for page in HAND_WRITTEN:
        text = (DOCS / page).read_text(encoding="utf-8")
        directives = sum(bool(_DIRECTIVE.match(l)) for l in text.splitlines())
        attached = sum(d is not None and lang == "pcrlang" for _, lang, _, d in blocks(page))
        assert directives == attached, f"{page}: an expect-error/expect-warning comment is not right before a block"


def test_the_minimal_ruleset_shown_is_the_tests_header():
    """language.md shows the minimal ruleset fragments are checked against; it is HEADER."""
    codes = [code for _, lang, code, _ in blocks("language.md") if lang == "pcrlang"]
    assert HEADER in codes


def test_sitegen_minimal_ruleset_is_the_tests_header():
    from tools import sitegen
    assert sitegen.MINIMAL == HEADER


def test_reference_names_every_unit_gas_and_carbon_kind():
    from pcrlang.domain.gases import GASES, GWP_SETS
    from pcrlang.domain.vocabulary import CARBON_KINDS
    from pcrlang.domain.units import UNITS
    text = (DOCS / "language.md").read_text(encoding="utf-8")
    for name in list(UNITS) + list(GASES) + list(CARBON_KINDS) + list(GWP_SETS):
        assert f"`{name}`" in text, f"language.md does not mention `{name}`"


def test_reference_shows_every_keyword_of_the_grammar():
    """Every keyword of the grammar appears in some checked example of language.md."""
    grammar = (ROOT / "grammar" / "pcrlang.lark").read_text(encoding="utf-8")
    keywords = set(re.findall(r'"([a-z_]{2,})"', grammar))
    examples = "\n".join(code for _, lang, code, _ in blocks("language.md") if lang == "pcrlang")
    missing = sorted(k for k in keywords if not re.search(rf"(?<![A-Za-z0-9_]){k}(?![A-Za-z0-9_])", examples))
    assert not missing, f"no example in language.md shows the keywords {missing}"


def test_getting_started_shows_what_pcr_check_prints():
    """The diagnostics shown for the broken first ruleset are those the checker gives today."""
    (ruleset,) = [code for _, lang, code, _ in blocks("getting-started.md") if lang == "pcrlang"]
    bad = ruleset.replace("coal * coal_ncv * coal_ef", "coal * coal_ncv * coal_eff")
    bad = bad.replace("  diesel * diesel_ncv * diesel_ef", "  diesel + diesel_ncv")
    assert bad.count("\n") == ruleset.count("\n") and bad != ruleset
    c = compile_text(bad, "bad.pcr")
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    errors = [d for d in c.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["PCR302", "PCR201"]
    for d in errors:
        assert render(d, c.text) in page, f"getting-started.md does not show today's {d.code}:\n{render(d, c.text)}"
    summary = f"bad.pcr: FAILED ({len(errors)} errors, {len(c.diagnostics) - len(errors)} warnings)"
    assert summary in page
