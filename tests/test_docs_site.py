"""The documentation site: generated pages up to date, every diagnostic code with a working
example, the Pygments lexer, the navigation, and a strict mkdocs build.

The build needs the docs extra (`pip install -e '.[docs]'`); without mkdocs it is skipped with a
reason, and everything else still runs.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT, RULESETS
from pcrlang.diagnostics import CATALOGUE
from tools import sitegen

DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
# codes no ruleset can produce today (each needs a note in sitegen saying why): none at present
UNREACHABLE = {"PCR-W10"}  # no construct is deprecated yet


# ---- generated pages --------------------------------------------------------------------------
def test_generated_pages_are_up_to_date():
    stale = sitegen.stale(ROOT)
    assert not stale, f"generated files out of date: {stale}; run `python -m tools.sitegen`"


def test_sitegen_check_command():
    run = subprocess.run([sys.executable, "-m", "tools.sitegen", "--check"], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def _site_copy(tmp_path):
    shutil.copy(MKDOCS_YML, tmp_path / "mkdocs.yml")
    shutil.copytree(DOCS, tmp_path / "docs")
    (tmp_path / "tools" / "sitegen").mkdir(parents=True)
    shutil.copy(ROOT / "tools" / "sitegen" / "offline.py", tmp_path / "tools" / "sitegen" / "offline.py")  # the hook
    return tmp_path


def test_sitegen_regenerates_and_removes_leftovers(tmp_path):
    root = _site_copy(tmp_path)
    leftover = root / "docs" / "rulesets" / "gone" / "en" / "index.md"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("# an old ruleset\n", encoding="utf-8")
    (root / "docs" / "diagnostics.md").unlink()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    begin, end = config.index(sitegen.NAV_BEGIN) + len(sitegen.NAV_BEGIN), config.index(sitegen.NAV_END)
    (root / "mkdocs.yml").write_text(config[:begin] + "\n      " + config[end:], encoding="utf-8")
    changed = sitegen.write(root)
    assert {"docs/rulesets/gone/en/index.md", "docs/diagnostics.md", "mkdocs.yml"} <= set(changed)
    assert not (root / "docs" / "rulesets" / "gone").exists()
    assert "- rulesets/index.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert sitegen.stale(root) == []


def test_short_titles_for_the_navigation():
    assert sitegen.short_title("Product carbon footprint rules for cathode copper") == "Cathode copper"
    assert sitegen._yaml("Cathode copper") == "Cathode copper"
    assert sitegen._yaml("Steel: BOF") == '"Steel: BOF"'


# ---- the diagnostics catalogue -------------------------------------------------------------------
def test_every_code_has_an_example():
    missing = sorted(set(CATALOGUE) - set(sitegen.DIAGNOSTIC_EXAMPLES))
    assert not missing, f"add an example to tools/sitegen/examples/ for {missing}"
    unknown = sorted(set(sitegen.DIAGNOSTIC_EXAMPLES) - set(CATALOGUE))
    assert not unknown, f"examples for codes not in the catalogue: {unknown}"


def test_unreachable_codes_are_few_and_explained():
    unreachable = {c for c, e in sitegen.DIAGNOSTIC_EXAMPLES.items() if e.place == "unreachable"}
    assert unreachable == UNREACHABLE
    for code in unreachable:
        assert sitegen.DIAGNOSTIC_EXAMPLES[code].note


@pytest.mark.parametrize("code", sorted(set(CATALOGUE) - UNREACHABLE))
def test_example_produces_its_code(code):
    outcome = sitegen.run_example(code)
    assert outcome is not None
    produced = sorted({d.code for d in outcome.diagnostics})
    assert outcome.shown, f"the example of {code} produces {produced}, not {code}"
    assert outcome.inside, f"the example of {code} produces {code} outside the snippet shown"
    page = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    section = page.split(f"{{ #{code} }}", 1)[1].split("\n### ", 1)[0]
    for _, rendered in outcome.shown:
        assert rendered in section, f"diagnostics.md does not show the diagnostic of {code}"


def test_diagnostics_page_lists_every_code_once():
    page = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    for code, (severity, title, _) in CATALOGUE.items():
        assert page.count(f"### {code}: {title} {{ #{code} }}") == 1, code


# ---- the lexer ---------------------------------------------------------------------------------
def _doc_blocks():
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"^```pcrlang[^\n]*\n(.*?)^```", text, re.M | re.S):
            yield page.relative_to(DOCS).as_posix(), m.group(1)


def test_lexer_is_registered_with_pygments():
    pygments = pytest.importorskip("pygments.lexers")
    from pcrlang.lexer import PcrlangLexer
    try:
        lexer = pygments.get_lexer_by_name("pcrlang")
    except Exception:  # pygments.util.ClassNotFound
        pytest.fail("Pygments does not know `pcrlang`: reinstall the package (`pip install -e .`) so that the "
                    "pygments.lexers entry point is registered")
    assert type(lexer).__name__ == PcrlangLexer.__name__
    assert type(pygments.get_lexer_by_name("pcr")).__name__ == PcrlangLexer.__name__
    assert type(pygments.get_lexer_for_filename("cement.pcr")).__name__ == PcrlangLexer.__name__


@pytest.mark.parametrize("path", sorted((ROOT / "rulesets").rglob("*.pcr")), ids=lambda p: p.name)
def test_lexing_a_ruleset_yields_no_error_tokens(path):
    pytest.importorskip("pygments")
    from pygments.token import Error
    from pcrlang.lexer import PcrlangLexer
    text = path.read_text(encoding="utf-8")
    tokens = list(PcrlangLexer().get_tokens(text))
    errors = [value for token, value in tokens if token in Error]
    assert not errors, f"{path.name}: the lexer cannot place {errors[:10]}"
    assert "".join(value for _, value in tokens) == (text if text.endswith("\n") else text + "\n")  # nothing lost


def test_lexing_the_documentation_blocks_yields_no_error_tokens():
    """Every pcrlang block of the site lexes cleanly, except examples of syntax errors (PCR00x, PCR01x)."""
    pytest.importorskip("pygments")
    from pygments.token import Error
    from pcrlang.lexer import PcrlangLexer
    syntax_examples = {e.shown or e.source for c, e in sitegen.DIAGNOSTIC_EXAMPLES.items()
                       if c.startswith(("PCR00", "PCR01"))}
    bad = []
    for page, code in _doc_blocks():
        if page in ("diagnostics.md", "zh/diagnostics.md") and code in syntax_examples:
            continue
        errors = [value for token, value in PcrlangLexer().get_tokens(code) if token in Error]
        if errors:
            bad.append((page, errors[:5]))
    assert not bad


def test_lexer_token_kinds():
    pytest.importorskip("pygments")
    from pygments.token import Comment, Keyword, Name, Number, String
    from pcrlang.lexer import PcrlangLexer
    code = ('# note\ninput coal: t in [0, 1e9] primary zh "燃煤" en "Coal"\n'
            "emission burn in make.kiln, gas CH4_fossil, fossil = coal * ef\n"
            "example \"x\" { given coal = 5 t expect total = 1 kgCO2e within 1 % }\n")
    tokens = [(t, v) for t, v in PcrlangLexer().get_tokens(code) if v.strip()]
    kinds = dict((v, t) for t, v in reversed(tokens))
    assert kinds["# note"] in Comment
    assert kinds["input"] in Keyword and kinds["emission"] in Keyword and kinds["primary"] in Keyword
    assert kinds["t"] in Keyword.Type and kinds["kgCO2e"] in Keyword.Type  # units after `:` and numbers
    assert kinds["CH4_fossil"] in Name.Constant and kinds["fossil"] in Name.Constant
    assert kinds['"燃煤"'] in String and kinds["1e9"] in Number
    assert kinds["coal"] in Name


def test_every_keyword_of_the_grammar_is_highlighted():
    pytest.importorskip("pygments")
    from pygments.token import Keyword, Name, Operator
    from pcrlang.lexer import PcrlangLexer
    grammar = (ROOT / "grammar" / "pcrlang.lark").read_text(encoding="utf-8")
    for word in sorted(set(re.findall(r'"([a-z][a-z_]+)"', grammar))):
        (token, value), *_ = list(PcrlangLexer().get_tokens(word + ' "text"'))  # zh/en come before a string
        assert value == word and (token in Keyword or token in Operator.Word or token in Name.Constant
                                  or token in Name.Attribute or token in Name.Builtin), (word, token)


# ---- navigation and the build ------------------------------------------------------------------
def nav_pages() -> list[str]:
    text = MKDOCS_YML.read_text(encoding="utf-8")
    nav = text.split("\nnav:\n", 1)[1]
    return re.findall(r"^\s*-\s*(?:[^:\n]+:\s*)?([\w./-]+\.md)\s*$", nav, re.M)


def test_every_nav_page_exists():
    pages = nav_pages()
    assert "index.md" in pages and "architecture.md" in pages and "diagnostics.md" in pages
    missing = [p for p in pages if not (DOCS / p).is_file()]
    assert not missing, f"pages in the mkdocs.yml nav that do not exist: {missing}"


def test_every_page_is_in_the_nav():
    pages = set(nav_pages())
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert not on_disk - pages, f"add these pages to the mkdocs.yml nav: {sorted(on_disk - pages)}"


def test_every_ruleset_has_pages_in_both_languages():
    for path in RULESETS:
        for lang in ("en", "zh"):
            assert (DOCS / "rulesets" / path.stem / lang / "index.md").is_file(), (path.stem, lang)


def _mkdocs_available() -> bool:
    return importlib.util.find_spec("mkdocs") is not None and importlib.util.find_spec("material") is not None


@pytest.mark.skipif(not _mkdocs_available(), reason="mkdocs and mkdocs-material are not installed "
                    "(pip install -e '.[docs]')")
def test_site_builds_strictly(tmp_path):
    """Regenerate the generated pages into a copy of the site, then `mkdocs build --strict`."""
    root = _site_copy(tmp_path)
    sitegen.write(root)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
                         capture_output=True, text=True, cwd=root, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    site = root / "site"
    for page in nav_pages():
        html_path = site / (page[:-len("index.md")] if page.endswith("index.md") else page[:-3] + "/") / "index.html"
        assert html_path.is_file(), html_path
    language = (site / "language" / "index.html").read_text(encoding="utf-8")
    assert 'class="language-pcrlang highlight"' in language
    try:
        from pygments.lexers import get_lexer_by_name
        get_lexer_by_name("pcrlang")
    except Exception:  # not registered: test_lexer_is_registered_with_pygments says so
        return
    assert '<span class="kd">input</span>' in language  # highlighted by pcrlang.lexer
