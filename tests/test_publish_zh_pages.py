"""The Chinese pages of the site (docs/zh/): their ```pcrlang blocks compile as the English
reference's do (test_language_reference.py), every page is in the navigation, and the Chinese
getting-started guide shows the same first ruleset as the English one."""
from __future__ import annotations

import re

import pytest

from helpers import ROOT
from pcrlang.diagnostics import render
from test_language_reference import blocks, compile_block

PAGES = ("zh/index.md", "zh/getting-started.md", "zh/language.md")


def zh_blocks():
    for page in PAGES:
        for line, lang, code, directive in blocks(page):
            if lang == "pcrlang":
                yield pytest.param(page, line, code, directive, id=f"{page}:{line}")


@pytest.mark.parametrize("page,line,code,directive", list(zh_blocks()))
def test_zh_pcrlang_block_compiles(page, line, code, directive):
    kind, c = compile_block(code)
    shown = "\n".join(render(d, c.text_of(d.span.file)) for d in c.diagnostics)
    assert not [d for d in c.diagnostics if d.is_error], f"{page}:{line} ({kind}) does not compile:\n{shown}"
    if kind == "complete" and directive is None:
        assert not c.diagnostics, f"{page}:{line}: a complete ruleset compiles without warnings:\n{shown}"


def test_the_zh_pages_have_checked_blocks():
    counts = {page: sum(lang == "pcrlang" for _, lang, _, _ in blocks(page)) for page in PAGES}
    assert counts["zh/language.md"] >= 10 and counts["zh/getting-started.md"] == 1, counts


def test_the_zh_guide_shows_the_english_guides_ruleset():
    def strip(code):
        return "\n".join(l for l in code.splitlines() if not l.lstrip().startswith("#"))
    (en,) = [c for _, lang, c, _ in blocks("getting-started.md") if lang == "pcrlang"]
    (zh,) = [c for _, lang, c, _ in blocks("zh/getting-started.md") if lang == "pcrlang"]
    assert strip(en) == strip(zh)


def test_the_zh_pages_are_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    for page in PAGES + ("zh/diagnostics.md",):
        assert re.search(rf"^\s*-\s*[^:\n]+:\s*{re.escape(page)}\s*$", nav, re.M), page
