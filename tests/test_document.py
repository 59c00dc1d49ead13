"""The standard document (`pcr doc`): outline, clause numbers shared with the IR and the
calculator's trace, zh/en parity, escaping of hostile ruleset text, determinism, and annex C
computed by the reference interpreter."""
from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from html.parser import HTMLParser

import pytest

import pcrlang

from pcrlang.backends import document
from pcrlang.backends.document import formula as fm
from pcrlang.cli import main
from pcrlang.compiler import compile_file, compile_text
from pcrlang.diagnostics import render
from pcrlang.domain.vocabulary import ALLOCATION_METHODS
from pcrlang.examples import example_inputs
from pcrlang.interpret import CalculationError, calculate

from helpers import HEADER, ROOT, RULESETS, compile_body

LANGS = ("zh", "en")
NAMES = [p.stem for p in RULESETS]

# the fixed outline: (zh, en) text each chapter or annex heading starts with
OUTLINE = [
    ("前言", "Foreword"),
    ("1 范围", "1 Scope"),
    ("2 规范性引用文件", "2 Normative references"),
    ("3 术语和定义", "3 Terms and definitions"),
    ("4 量化目的", "4 Goal of the quantification"),
    ("5 量化范围", "5 Scope of the quantification"),
    ("6 清单分析", "6 Inventory analysis"),
    ("7 影响评价", "7 Impact assessment"),
    ("8 结果解释", "8 Interpretation of results"),
    ("9 报告", "9 Reporting"),
    ("附录 A（规范性） 数据收集表", "Annex A (normative) Data collection form"),
    ("附录 B（规范性） 排放因子", "Annex B (normative) Emission factors"),
    ("附录 C（资料性） 计算示例", "Annex C (informative) Worked examples"),
]
SECTIONS = {  # sub-clauses every document has
    "5.1": ("声明单位", "Declared unit"), "5.2": ("系统边界", "System boundary"),
    "5.3": ("取舍准则", "Cut-off criteria"), "5.4": ("时间范围和地理范围", "Time and geographic scope"),
    "6.1": ("数据收集", "Data collection"), "6.2": ("数据质量", "Data quality"), "6.3": ("分配", "Allocation"),
    "6.4": ("再生利用", "Recycling"), "7.1": ("全球变暖潜势", "Global warming potentials"),
    "7.2": ("计算方法", "Calculation"),
}


@functools.lru_cache(maxsize=None)
def compiled(name: str):
    c = compile_file(str(ROOT / "rulesets" / f"{name}.pcr"))
    assert c.ok, "\n".join(render(d, c.text) for d in c.diagnostics)
    return c


@functools.lru_cache(maxsize=None)
def doc(name: str, lang: str) -> dict:
    c = compiled(name)
    return document.render(c.ruleset, c.fingerprint, lang)


# ---- reading the outputs back ------------------------------------------------------------------------
HEADING = re.compile(r"^(#{1,6}) (.*)$")
CLAUSE = re.compile(r"^(?:附录 |Annex )?([0-9]+(?:\.[0-9]+)*|[A-Z](?:\.[0-9]+)*)(?:[ （(]|$)")


def md_headings(md: str) -> list:
    """(level, text) of every Markdown heading (ATX headings are the only kind the backend writes)."""
    out, in_math = [], False
    for line in md.splitlines():
        if line == "$$":
            in_math = not in_math
        elif not in_math and (m := HEADING.match(line)):
            out.append((len(m.group(1)), m.group(2)))
    return out


def md_numbers(md: str) -> list:
    numbers = []
    for level, text in md_headings(md):
        m = CLAUSE.match(text)
        if level >= 2 and m:
            numbers.append(m.group(1))
    return numbers


def sections(md: str) -> dict:
    """Clause number -> the Markdown from its heading to the next heading."""
    out, current = {}, None
    for line in md.splitlines():
        m = HEADING.match(line)
        if m:
            c = CLAUSE.match(m.group(2))
            current = c.group(1) if c and len(m.group(1)) >= 2 else None
            if current:
                out[current] = []
            continue
        if current:
            out[current].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def table_rows(md: str) -> list:
    rows = []
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


class Tags(HTMLParser):
    """Every start tag with its attributes; the numbers in heading spans; heading ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.heading_ids, self.heading_numbers, self.headings = [], [], [], []
        self._in_heading = self._in_num = False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if re.fullmatch(r"h[1-6]", tag):
            self._in_heading = True
            self.headings.append([int(tag[1]), ""])
            if attrs.get("id", "").startswith("clause-"):
                self.heading_ids.append(attrs["id"])
        if self._in_heading and tag == "span" and attrs.get("class") == "num":
            self._in_num = True
        if tag not in ("meta", "br", "wbr", "mspace", "path", "rect", "line", "hr", "img", "input", "link"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._in_heading = False
        if tag == "span":
            self._in_num = False
        if tag in ("meta", "br", "wbr", "mspace", "path", "rect", "line", "hr", "img", "input", "link"):
            return
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>, open: {self.stack[-5:]}"
        self.stack.pop()

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1][1] += data
        if self._in_num:
            self.heading_numbers.append(data.strip())


def parse_html(text: str) -> Tags:
    p = Tags()
    p.feed(text)
    p.close()
    assert p.stack == [], f"unclosed elements: {p.stack}"
    return p


def annex_number(label: str) -> str:
    m = re.match(r"^(?:附录 |Annex )?([A-Z])", label)
    return m.group(1) if m and ("附录" in label or "Annex" in label) else label


# ---- outline ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_every_chapter_and_annex_is_present(name, lang):
    files = doc(name, lang)
    k = LANGS.index(lang)
    level2 = [text for level, text in md_headings(files["index.md"]) if level == 2]
    bibliography = [("参考文献", "Bibliography")[k]] if compiled(name).ruleset.bibliography else []
    assert level2 == [o[k] for o in OUTLINE] + bibliography
    found = {n: t for n, t in ((CLAUSE.match(text).group(1), text) for level, text in md_headings(files["index.md"])
                               if level == 3 and CLAUSE.match(text))}
    for number, titles in SECTIONS.items():
        assert found[number] == f"{number} {titles[k]}"
    # in the page, the number (or annex label) and the title of each chapter
    h2 = [text.replace(" ", "") for level, text in parse_html(files["standard.html"]).headings if level == 2]
    assert h2 == [o[k].replace(" ", "") for o in OUTLINE] + bibliography


@pytest.mark.parametrize("name", NAMES)
def test_the_document_title_and_foreword_name_the_ruleset(name):
    c = compiled(name)
    for lang in LANGS:
        md = doc(name, lang)["index.md"]
        assert md.startswith("# " + document.md_text(getattr(c.ruleset.title, lang)) + "\n")
        foreword = md.split("## 1 ")[0]
        assert "GB/T 1.1" in foreword
        assert ("提出" if lang == "zh" else "proposed by") in foreword
        assert ("归口" if lang == "zh" else "jurisdiction") in foreword
        # nothing about the compiler in the standard itself: its fingerprints and version are in the
        # colophon after the annexes
        body, colophon = md.rstrip().rsplit("\n\n", 1)
        for needed in (c.ruleset.identifier, c.ruleset.version, c.fingerprint, "pcrlang "):
            assert document.md_text(needed) in colophon
        assert c.fingerprint not in body and f"pcrlang {pcrlang.__version__}" not in body


# ---- clause numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_clause_numbers_are_the_irs(name, lang):
    c = compiled(name)
    ir_numbers = [cl.number for cl in c.ruleset.clauses]
    files = doc(name, lang)
    assert md_numbers(files["index.md"]) == ir_numbers
    tags = parse_html(files["standard.html"])
    assert [annex_number(n) for n in tags.heading_numbers] == ir_numbers
    assert tags.heading_ids == ["clause-" + n.replace(".", "-") for n in ir_numbers]
    # every in-document link points at a heading
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', files["index.md"]))
    for target in re.findall(r"\]\(#([^)]+)\)", files["index.md"]):
        assert target in anchors, target
    ids = {a.get("id") for _, a in tags.tags}
    for tag, attrs in tags.tags:
        if tag == "a" and "href" in attrs:
            assert attrs["href"][1:] in ids, attrs["href"]


@pytest.mark.parametrize("name", NAMES)
def test_zh_and_en_have_the_same_numbering(name):
    assert md_numbers(doc(name, "zh")["index.md"]) == md_numbers(doc(name, "en")["index.md"])
    zh = parse_html(doc(name, "zh")["standard.html"]).heading_ids
    en = parse_html(doc(name, "en")["standard.html"]).heading_ids
    assert zh == en


@pytest.mark.parametrize("name", NAMES)
def test_every_clause_the_calculator_cites_is_a_heading(name):
    c = compiled(name)
    rs = c.ruleset
    numbers = set(md_numbers(doc(name, "en")["index.md"]))
    cited = set()
    for example in rs.examples:
        result = calculate(rs, example_inputs(example), c.fingerprint)
        for t in result["trace"]:
            cited.add(t["clause"])
            cited.update(f["clause"] for f in t["factors"])
        cited.update(a["clause"] for a in result["allocation"].values())
        cited.update(d["clause"] for d in result["data"]["defaults_used"] + result["data"]["optional_left_out"])
        cited.update(f["clause"] for f in result["cutoff"]["flows"])
        if result["cutoff"]["clause"]:
            cited.add(result["cutoff"]["clause"])
    # refusals cite clauses too: every input out of its bounds, and a missing input
    base = example_inputs(rs.examples[0])
    for spec in rs.inputs:
        if spec.bounds is not None and spec.kind == "number":
            with pytest.raises(CalculationError) as refused:
                calculate(rs, dict(base, **{spec.name: spec.bounds.high + 1}), c.fingerprint)
            assert refused.value.clause == spec.clause
            cited.add(refused.value.clause)
    with pytest.raises(CalculationError) as refused:
        calculate(rs, {}, c.fingerprint)
    cited.add(refused.value.clause)
    assert None not in cited
    assert cited <= numbers, cited - numbers
    # every contribution's clause is the heading with its formula
    for x in rs.contributions:
        assert x.clause in numbers


# ---- formulas ----------------------------------------------------------------------------------------
def quantities(rs) -> list:
    return [s for s in rs.steps if getattr(s, "role", None) == "quantity"]


@pytest.mark.parametrize("name", NAMES)
def test_formulas_follow_what_the_writer_wrote(name):
    """Dropping the unit-conversion wrappers gives back the writer's formula exactly."""
    rs = compiled(name).ruleset
    layout = fm.Layout(rs)
    formulas = [(q.expr, q.formula) for q in quantities(rs)]
    # transport blocks are generated terms too (their formula, `leg.mass * leg.distance * ...`, is
    # made by the compiler, not written; the plain rendering names a row `row.`)
    transports = {f.path[1] for f in rs.report if f.path[:1] == ("transport",)}
    formulas += [(rs.binding(x.amount).expr, x.formula) for x in rs.contributions  # generated terms: no written formula
                 if x.electricity is None and x.recycling is None and x.name not in transports]
    formulas += [(rs.binding(p.quantity).expr, p.formula) for a in rs.allocations for p in a.products
                 if p.quantity is not None]
    assert formulas
    for expr, written in formulas:
        assert fm.plain(expr, layout) == written


ROWS_BODY = '''input materials: rows zh "物料清单" en "Bill of materials" {
  column name: text key zh "物料名称" en "Material"
  column mass: t in [0, 1e9] flow zh "消耗量" en "Quantity consumed"
  column footprint: kgCO2e/kg in [0, 1000] zh "供应商碳足迹" en "Supplier footprint"
  at_least 1 rows
}
quantity materials_mass: t zh "物料总量" en "Mass of the materials" = sum(x in materials: x.mass)
emission upstream in raw.mining for c in materials, gas CO2e, fossil
  zh "物料上游排放" en "Upstream emissions of the materials" = c.mass * c.footprint
'''


def test_a_row_is_shown_by_the_name_the_writer_gave_it():
    """`for c in materials` and `sum(x in materials: ...)` read `c.mass` and `x.mass`, not `row.mass`."""
    rs = compile_body(ROWS_BODY).ruleset
    layout = fm.Layout(rs)
    shown = {s.formula: fm.plain(s.expr, layout) for s in rs.steps if getattr(s, "formula", "")}
    assert shown["c.mass * c.footprint"] == "c.mass * c.footprint"
    assert shown["sum(x in materials: x.mass)"] == "sum(x in materials: x.mass)"
    # the page of the rule shows the contribution's formula with the writer's row name too
    c = compile_body(ROWS_BODY)
    page = document.render(c.ruleset, c.fingerprint, "en")["index.md"]
    assert "row.mass" not in page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_formulas_are_latex_in_markdown_and_mathml_in_html(name, lang):
    rs = compiled(name).ruleset
    files = doc(name, lang)
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", files["index.md"], re.M | re.S)
    # the result formula, one per quantity and per written contribution (substitution credits and
    # recycling terms are shown with their allocation or recycling clause), the data-quality rating
    # if any, and a derived functional unit's production formula
    derived = rs.production is None and rs.per_unit is not None
    written = [c for c in rs.contributions if c.direction != "credit" and c.recycling is None]
    assert len(blocks) >= 1 + len(quantities(rs)) + len(written) + (rs.data_quality is not None) + derived
    for block in blocks:
        assert "\n\n" not in block and "$" not in block and "<" not in block
        assert block.count("{") == block.count("}")
    layout = fm.Layout(rs, lang)
    for x in quantities(rs) + written:  # long formulas are split over aligned lines
        lhs = fm.latex(layout.symbol("quantity", x.name)).strip()
        heads = (lhs + " = ", r"\begin{aligned} " + lhs + " &= ")
        assert any(block.startswith(heads) for block in blocks), x.name
    html = files["standard.html"]
    maths = re.findall(r"<math\b.*?</math>", html, re.S)
    assert len(re.findall(r'<math display="block">', html)) == len(blocks)
    for m in maths:
        ET.fromstring(m)  # well-formed
    if name == "aluminium":  # if-then-else is typeset as cases
        assert r"\begin{cases}" in files["index.md"] and '<mtable class="cases">' in html
    if name == "cement":  # a conversion (t -> kg) is not shown; the identifiers are escaped
        # default symbols (GB/T 32150: AD for activity data, EF for factors, the name as subscript)
        assert (r"{\mathrm{AD}}_{\mathrm{coal}} \times {\mathrm{AD}}_{\mathrm{coal\_ncv}} \times "
                r"{\mathrm{EF}}_{\mathrm{coal\_ef}}") in files["index.md"]
        assert "1000" not in "".join(blocks)


def test_latex_and_mathml_escape_everything_but_identifiers():
    hostile = "a$b}{c\\d#e%f&g_h^i~j<k>l m|n\n$$"
    escaped = fm.latex_escape(hostile)
    rest = re.sub(r"\\[$#%&_{} ]|\\(backslash|sim|lt|gt|vert)\{\}|\\hat\{\\ \}", "", escaped)
    assert not re.search(r"[\\$#%&_{}^~<>|\n]", rest), rest
    assert fm.latex(("str", "x}")) == r"\mathtt{``x\}''}"
    assert fm.mathml(("str", "<script>&")) == "<ms>&lt;script&gt;&amp;</ms>"
    assert fm.mathml(("mi", "a<b")) == "<mi>a&lt;b</mi>"
    assert fm.latex_name("coal_ncv") == r"\mathrm{coal\_ncv}"


# ---- hostile text -------------------------------------------------------------------------------------
H = [
    '<script>alert(1)</script>',
    '\\n# Injected heading\\n## another',
    '[click](http://evil.example/x) ![img](http://evil.example/i.png) <http://evil.example>',
    '<img src=x onerror=alert(2)> & &amp; \\"quoted\\" \'single\'',
    '| col | col |\\n|---|---|',
    '$$ \\\\begin{x} $$ \\\\(x\\\\) {#id .cls} *bold* _em_ `code` ~~del~~',
    '1. list\\n- item\\n> quote\\n    code\\n***\\n!!! note',
    ']]> --> <!-- </math></svg></table></main><style>body{display:none}</style>',
    'http://autolink.example www.example.com',
]


def hostile_ruleset() -> str:
    def h(k: int) -> str:
        return H[k % len(H)]

    def text(k: int) -> str:
        return f'zh "{h(k)}" en "{h(k + 1)}"'
    return f'''ruleset "T-HOSTILE <b>1</b> # x" version "1.0.0" {{
  status draft
  title {text(0)}
  issuer {text(2)}
  scope {text(4)}
  references "{h(0)}", "{h(2)}", "{h(6)}"
  gwp AR6
  declared_unit 1 t {text(6)}
  production output
}}
boundary cradle_to_gate {{
  stage raw: raw_material_acquisition {text(1)} {{
    process mining {text(3)}
  }}
  stage make: production {text(5)} {{
    process smelting {text(7)}
  }}
  exclude capital {text(8)} because {text(0)}
}}
keys grades {{ a {text(1)}, b {text(2)} }}
input output: t in (0, 1e9] primary {text(3)}
input x: kgCO2 in [0, 10] default 1 source "{h(4)}" {text(5)}
input acid: t in [0, 1e9] {text(6)}
input grade: grades {text(7)}
factor f: fraction = 1 source "{h(8)}" geography "{h(0)}" {text(1)}
table tf: fraction by grades source "{h(2)}" geography "{h(3)}" {text(4)} {{
  a = 1
  b = 0.5
}}
quantity q: kgCO2 {text(5)} = x * f
emission e in make.smelting, gas CO2, fossil {text(6)} = q * tf[grade]
emission m in raw.mining, gas CO2, fossil {text(7)} = x * tf["b"] - x / 2
allocation split for make.smelting by mass {{
  product metal = output
  coproduct sulfuric = acid
  justification {text(8)}
}}
cutoff {{
  per_flow < 1 % by mass
  total <= 5 % by emissions
  never output
  {text(2)}
}}
example "{h(0)}" {text(3)} {{
  given output = 1 t, x = 2 kgCO2, acid = 1 t, grade = "a"
  expect total = 1 kgCO2e within 0.0001 %
}}
example "{h(1)}" {text(5)} {{
  given output = 1 t, acid = 1 t, grade = "b"
  expect total = 0.25 kgCO2e within 0.0001 %
}}
'''


@functools.lru_cache(maxsize=None)
def hostile():
    c = compile_text(hostile_ruleset(), "hostile.pcr")
    assert c.ok, "\n".join(render(d, c.text) for d in c.diagnostics)
    return c


RAW = ["<script", "<img", "<!--", "</math></svg>", "<style>body", "<http", "<b>1</b>"]  # markup in any output
MARKDOWN_RAW = RAW + ["](http", "{#id", "*bold*", "_em_", "`code`", "~~del~~", "[click]", "$$ \\begin", "http://",
                      "www.example"]


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_cannot_make_html(lang):
    c = hostile()
    files = document.render(c.ruleset, c.fingerprint, lang)
    html = files["standard.html"]
    for raw in RAW:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = parse_html(html)
    names = {t for t, _ in tags.tags}
    assert names <= ALLOWED_TAGS, names - ALLOWED_TAGS
    assert names.isdisjoint({"script", "img", "iframe", "object", "embed", "link", "base", "form"})
    assert [t for t, _ in tags.tags].count("style") == 1 and [t for t, _ in tags.tags].count("main") == 1
    for tag, attrs in tags.tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key in ("href", "src"):
                assert value.startswith("#"), (tag, key, value)
    assert tags.heading_ids == ["clause-" + n.replace(".", "-") for n in (cl.number for cl in c.ruleset.clauses)]
    # the SVG is well-formed XML whatever the text, and shows the text as text
    svg = ET.fromstring(files["boundary.svg"].split("\n", 1)[1])
    assert not [e for e in svg.iter() if e.tag.endswith(("script", "foreignObject"))]
    texts = " ".join(e.text or "" for e in svg.iter() if e.tag.endswith("text"))
    assert "<script>" in texts or "<img" in texts


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "nav", "strong", "ol", "ul", "li", "a", "h1",
                "h2", "h3", "h4", "h5", "h6", "span", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "wbr",
                "figure", "figcaption", "dl", "dt", "dd", "div", "svg", "defs", "marker", "path", "rect", "line",
                "text", "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "mfrac", "msub", "munder", "mspace",
                "mtable", "mtr", "mtd"}


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_cannot_make_markdown(lang):
    c = hostile()
    md = document.render(c.ruleset, c.fingerprint, lang)["index.md"]
    for raw in MARKDOWN_RAW:
        assert raw not in md, raw
    # headings: the title, the foreword and one per clause, nothing else
    headings = md_headings(md)
    assert len(headings) == 2 + len(c.ruleset.clauses) + bool(c.ruleset.bibliography)
    assert md_numbers(md) == [cl.number for cl in c.ruleset.clauses]
    for line in md.splitlines():
        assert not re.match(r"^\s*(>|\d+[.)]\s|[*+]\s|={3,}|-{3,}|\*{3,}|!!!|\s{4})", line), line
        if line.startswith("- "):
            assert not re.match(r"^- \s*(>|\d+[.)]|[-*+]\s|#)", line), line
    for row in (line for line in md.splitlines() if line.startswith("|")):
        assert row.endswith("|")


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_markdown_renders_without_injected_structure(lang):
    """Render the Markdown as mkdocs does (Python-Markdown with the site's extensions)."""
    markdown = pytest.importorskip("markdown")
    pytest.importorskip("pymdownx")
    c = hostile()
    md = document.render(c.ruleset, c.fingerprint, lang)["index.md"]
    out = markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc",
                                            "pymdownx.arithmatex", "pymdownx.superfences", "pymdownx.inlinehilite"],
                            extension_configs={"pymdownx.arithmatex": {"generic": True}})
    tags = Tags()
    tags.feed(out)
    names = [t for t, _ in tags.tags]
    for bad in ("script", "style", "blockquote", "ol", "pre", "hr", "em", "del", "iframe"):
        assert bad not in names, bad
    assert [a["src"] for t, a in tags.tags if t == "img"] == ["boundary.svg"]
    for tag, attrs in tags.tags:
        assert not any(k.startswith("on") for k in attrs)
        if tag == "a" and "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    assert sum(re.fullmatch(r"h[1-6]", t) is not None for t in names) == 2 + len(c.ruleset.clauses) + bool(c.ruleset.bibliography)
    assert "&lt;script&gt;" in out and "<script" not in out
    assert '<div class="admonition' not in out


def test_markdown_escaping_of_single_strings():
    for s in H + ["# x", "1. x", "- x", "> x", "+ x", "=== x", ":::", "    code", "a  \\", "<a href=x>"]:
        s = s.replace("\\n", "\n")
        out = document.md_inlines((s,))
        assert "\n" not in out
        assert not re.search(r"[<>\[\]`*_|$#~^{}\\]", out.replace("&lt;", "").replace("&gt;", "")
                             .replace("&amp;", "").replace("&#", "")), (s, out)
        assert not re.match(r"^(\s|[-+=:>#!?]|\d+[.)])", out), out


# ---- determinism -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_the_same_ruleset_gives_the_same_bytes(name, tmp_path):
    c = compiled(name)
    for lang in LANGS:
        first = document.render(c.ruleset, c.fingerprint, lang)
        again = document.render(compile_file(str(ROOT / "rulesets" / f"{name}.pcr")).ruleset, c.fingerprint, lang)
        assert first == again
        assert not re.search(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]T", "".join(first.values()))  # no time stamps


def test_pcr_doc_is_byte_identical_across_processes(tmp_path):
    cement = str(ROOT / "rulesets" / "cement.pcr")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "pcrlang", "doc", cement, "--lang", "zh", "-o", str(out)],
                             capture_output=True, text=True, env=env, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == sorted(document.FILES)


# ---- annex C ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_annex_c_shows_what_the_interpreter_computes(name, lang):
    c = compiled(name)
    rs = c.ruleset
    parts = sections(doc(name, lang)["index.md"])
    assert rs.examples
    for example in rs.examples:
        result = calculate(rs, example_inputs(example, Fraction), c.fingerprint)
        rows = table_rows(parts[example.clause])
        by_first = {}
        for row in rows:
            by_first.setdefault(row[0], row)

        def shown(label: str, column: int = -1) -> float:
            return document.parse_num(by_first[label][column].strip("*"))

        def close(shown_value: float, exact) -> bool:
            return abs(shown_value - float(exact)) <= 1e-9 * max(abs(float(exact)), 1e-300)
        total = document.tr("total", lang)
        assert close(shown(f"**{total}**"), result["total"])
        for s in rs.stages:
            label = document.md_text(document.choose(s.text, lang) or s.name)
            assert close(shown(label), result["by_stage"][s.name]), s.name
        for gas, values in result["by_gas"].items():
            label = document.md_text(document.Builder(rs, c.fingerprint, lang).gas(gas))
            assert close(shown(label, 1), values["mass_kg"]) and close(shown(label, 2), values["co2e_kg"])
        for kind, value in result["separately_reported"].items():
            assert close(shown(document.md_text(document.pick(document.SEPARATE[kind], lang))), value)
        # the expected values: every check agrees, and each shows the interpreter's value
        checks = [r for r in rows if r[-1] in ("✓", "✗")]
        assert len(checks) == len(example.expectations)
        assert all(r[-1] == "✓" for r in checks)


def test_annex_c_reports_a_refused_example():
    body = '''
input x: kgCO2 in [0, 10] zh "排放" en "Emission"
emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = x
'''
    c = compile_body(body)
    rs = c.ruleset
    import attrs
    from pcrlang.core import ir
    refused = ir.Example("zero output", "C.1", ir.Text("零产量", "Zero output"),
                         (ir.Given("output", "number", Fraction(0)), ir.Given("x", "number", Fraction(1))), (),
                         rs.span)
    rs = attrs.evolve(rs, examples=(refused,), clauses=rs.clauses + (ir.Clause("C.1", "example:zero output",
                                                                                ir.Text("零产量", "Zero output")),))
    md = document.render(rs, c.fingerprint, "en")["index.md"]
    assert "The reference interpreter refuses this example" in sections(md)["C.1"]


# ---- small rulesets -----------------------------------------------------------------------------------
def test_a_ruleset_without_optional_parts_still_has_the_whole_outline():
    c = compile_body('''
input x: kgCO2 in [0, 10] zh "排放" en "Emission"
emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = x
''')
    for lang in LANGS:
        files = document.render(c.ruleset, c.fingerprint, lang)
        md = files["index.md"]
        k = LANGS.index(lang)
        assert [t for level, t in md_headings(md) if level == 2] == [o[k] for o in OUTLINE]
        parts = sections(md)
        assert document.md_text(document.tr("no_cutoff", lang)) in parts["5.3"]
        assert document.md_text(document.tr("data_quality_text", lang)) in parts["6.2"]
        assert document.md_text(document.tr("no_allocation", lang)) in parts["6.3"]
        assert document.md_text(document.tr("recycling_none", lang)) in parts["6.4"]
        assert document.md_text(document.tr("no_references", lang)) in parts["2"]
        assert document.md_text(document.tr("no_examples", lang)) in parts["C"]
        assert document.md_text(document.tr("no_factors", lang)) in parts["B"]
        parse_html(files["standard.html"])


def test_allocation_substitution_and_removals_are_described():
    c = compile_body('''
input smelter_co2: kgCO2 in [0, 1e9] zh "冶炼排放" en "Smelter CO2"
input acid: t in [0, 1e9] zh "硫酸产量" en "Sulfuric acid"
input wood: t in [0, 1e6] zh "木材" en "Wood"
factor acid_ef: kgCO2e/t = 40 source "illustrative factor for sulfuric acid" zh "硫酸因子" en "Acid factor"
factor co2_per_t: kgCO2/t = 1800 source "illustrative uptake" zh "吸收" en "Uptake"
emission smelting_fuel in make.smelting, gas CO2, fossil zh "冶炼燃料" en "Smelter fuel" = smelter_co2
removal uptake in raw.mining, gas CO2, biogenic zh "生物碳吸收" en "Biogenic uptake" = wood * co2_per_t
allocation acid_credit for make.smelting by substitution {
  product metal
  avoided sulfuric_acid = acid * acid_ef
}
example "credit" zh "抵扣" en "Credit" {
  given output = 1 t, smelter_co2 = 100 kgCO2, acid = 1 t, wood = 0.01 t
  expect total = 42 kgCO2e within 0.0001 %
}
''')
    rs = c.ruleset
    (credit,) = [x for x in rs.contributions if x.direction == "credit"]
    md = document.render(rs, c.fingerprint, "en")["index.md"]
    parts = sections(md)
    assert credit.clause == "6.3.1" and "6.3.1" in parts
    assert "avoided product (credit)" in parts["6.3.1"] and "by substitution" in parts["6.3.1"]
    assert (r"${\mathrm{Q}}_{\mathrm{sulfuric\_acid}} = {\mathrm{AD}}_{\mathrm{acid}} \times "
                r"{\mathrm{EF}}_{\mathrm{acid\_ef}}$") in parts["6.3.1"]
    uptake = next(x for x in rs.contributions if x.name == "uptake")
    assert "| Direction | removal |" in parts[uptake.clause]
    assert "| Carbon kind | biogenic |" in parts[uptake.clause]
    zh = sections(document.render(rs, c.fingerprint, "zh")["index.md"])
    assert "替代法" in zh["6.3.1"] and "| 方向 | 清除 |" in zh[uptake.clause]


@pytest.mark.parametrize("lang", LANGS)
def test_copper_allocations_show_method_products_and_justification(lang):
    c = compiled("copper")
    parts = sections(doc("copper", lang)["index.md"])
    for a in c.ruleset.allocations:
        text = parts[a.clause]
        assert document.md_text(ALLOCATION_METHODS[a.method].label(lang)) in text
        for p in a.products:
            assert f"`{p.name}`" in text
        assert document.md_text(document.choose(a.justification, lang)) in text


def test_boundary_diagram_lists_stages_processes_and_exclusions():
    c = compiled("aluminium")
    for lang in LANGS:
        svg = doc("aluminium", lang)["boundary.svg"]
        root = ET.fromstring(svg.split("\n", 1)[1])
        texts = " ".join(e.text or "" for e in root.iter() if e.tag.endswith("text"))
        flat = texts.replace(" ", "")
        for s in c.ruleset.stages:
            assert s.clause in texts
            for p in s.processes:
                assert document.choose(p.text, lang).replace(" ", "")[:4] in flat
        for x in c.ruleset.exclusions:
            assert document.choose(x.text, lang).replace(" ", "") in flat
        assert 'stroke-dasharray' in svg
        assert "![" in doc("aluminium", lang)["index.md"] and "(boundary.svg)" in doc("aluminium", lang)["index.md"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_html_page_is_self_contained(lang):
    html = doc("cement", lang)["standard.html"]
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for needle in ("<script", "<link", "src=", "@import", "<iframe", "<img"):
        assert needle not in html, needle
    assert re.findall(r"url\(([^)]*)\)", html) == ["#pcr-arrow"] * html.count("url(")
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"]
    assert "<svg" in html and "<math" in html


# ---- command line -------------------------------------------------------------------------------------
def test_pcr_doc_writes_the_three_files(tmp_path, capsys):
    cement = str(ROOT / "rulesets" / "cement.pcr")
    assert main(["doc", cement, "--lang", "en", "-o", str(tmp_path / "en")]) == 0
    assert sorted(p.name for p in (tmp_path / "en").iterdir()) == sorted(document.FILES)
    c = compiled("cement")
    for name, text in document.render(c.ruleset, c.fingerprint, "en").items():
        assert (tmp_path / "en" / name).read_text(encoding="utf-8") == text
    assert "wrote" in capsys.readouterr().err


def test_pcr_doc_refuses_a_broken_ruleset(tmp_path, capsys):
    broken = tmp_path / "broken.pcr"
    broken.write_text(HEADER + "emission e in make.smelting, gas CO2, fossil = nothing\n", encoding="utf-8")
    assert main(["doc", str(broken), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


# ---- recycling, electricity, grading, data quality, dated factors --------------------------------------
FEATURES_BODY = '''
input steel: t in [0, 1e9] zh "钢材" en "Steel"
input kwh: kWh in [0, 1e12] primary zh "用电量" en "Electricity used"
input green_kwh: kWh in [0, 1e12] optional zh "绿电" en "Green electricity"
factor steel_ef: kgCO2e/t = 2000 source "illustrative" zh "钢材因子" en "Steel factor"
factor grid_ef: kgCO2/kWh kind combustion zh "电网因子" en "Grid factor" {
  from "2024-01-01" to "2024-12-31" = 0.55 source "grid 2024"
  from "2025-01-01" to "2025-12-31" = 0.53 source "grid 2025"
}
factor green_ef: kgCO2/kWh = 0 source "contractual instrument" kind combustion zh "绿电因子" en "Green factor"
emission casting_fuel in make.casting, gas CO2e, fossil zh "铸造" en "Casting" = steel * steel_ef * 0.01
recycling steel_scrap in make.smelting by cff zh "钢材回收" en "Steel recycling" {
  material = steel
  R1 = 0.3
  A = 0.2
  R2 = 0.8
  Ev = steel_ef
}
electricity power in make.smelting, combustion zh "用电" en "Electricity" {
  amount = kwh
  source green when green_kwh > 0 factor green_ef zh "绿电" en "Green power"
  source grid factor grid_ef zh "电网" en "Grid"
}
grading zh "分级" en "Grading" {
  round to 1 decimals half_up
  class A <= 700 kgCO2e zh "A 级" en "Class A"
  class B otherwise zh "B 级" en "Class B"
}
data_quality pef_dqr zh "数据质量评价" en "Data quality rating" {
  criteria TeR, GR, TiR, P in [1, 5]
  rating = (TeR + GR + TiR + P) / 4
  level excellent <= 1.6
  level good <= 2.0
  level fair otherwise
  require good for kwh
  require primary_share >= 50 %
}
example "basic" zh "基本" en "Basic" {
  given output = 1 t, steel = 0.1 t, kwh = 1000 kWh
  expect total = 592 kgCO2e within 0.0001 %
}
'''


def test_recycling_electricity_grading_and_data_quality_are_described():
    header = HEADER.replace("  production output\n", '  production output\n  period "2025-01-01" to "2025-12-31"\n')
    c = compile_body(FEATURES_BODY, header)
    rs = c.ruleset
    numbers = [cl.number for cl in rs.clauses]
    result = calculate(rs, example_inputs(rs.examples[0]), c.fingerprint)
    for lang in LANGS:
        files = document.render(rs, c.fingerprint, lang)
        md = files["index.md"]
        assert md_numbers(md) == numbers
        assert {t["clause"] for t in result["trace"]} <= set(numbers)
        parts = sections(md)
        subjects = {cl.subject.partition(":")[0]: cl.number for cl in rs.clauses if ":" in cl.subject}
        recycling, electricity = subjects["recycling"], subjects["electricity"]
        assert recycling.startswith("6.4.") and electricity.startswith("6.5.")
        assert r"\begin{aligned}" in parts[recycling]  # the long material term is set on lines
        assert r"$\mathrm{steel\_ef}$" in parts[recycling] or r"{\mathrm{EF}}_{\mathrm{steel\_ef}}" in parts[recycling]
        assert r"\begin{cases} {\mathrm{EF}}_{\mathrm{green\_ef}}" in parts[electricity]
        assert "2025-12-31" in parts["5.4"] and "2025-01-01" in parts["5.4"]
        assert "DQR" in parts["6.2"] and "`good`" in parts["6.2"]
        grading = next(cl.number for cl in rs.clauses if cl.subject == "grading")
        assert "`A`" in parts[grading] and "700 kg CO₂e" in parts[grading]
        grid = next(f for f in rs.factors if f.name == "grid_ef")
        assert "2024-12-31" in parts[grid.clause] and "✓" in parts[grid.clause]
        assert all(r[-1] == "✓" for r in table_rows(parts[rs.examples[0].clause]) if r[-1] in ("✓", "✗"))
        tags = parse_html(files["standard.html"])
        assert tags.heading_ids == ["clause-" + n.replace(".", "-") for n in numbers]
        for m in re.findall(r"<math\b.*?</math>", files["standard.html"], re.S):
            ET.fromstring(m)


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_in_recycling_electricity_grading_and_data_quality(lang):
    header = HEADER.replace("  production output\n", '  production output\n  period "2025-01-01" to "2025-12-31"\n')
    counter = iter(range(1000))
    body = re.sub(r'zh "[^"]*" en "[^"]*"', lambda m: f'zh "{H[next(counter) % len(H)]}" en "{H[next(counter) % len(H)]}"',
                  FEATURES_BODY)
    body = re.sub(r'source "[^"]*"', lambda m: f'source "{H[next(counter) % len(H)]}"', body)
    c = compile_body(body, header)
    files = document.render(c.ruleset, c.fingerprint, lang)
    for raw in RAW:
        assert raw not in files["standard.html"], raw
    for raw in MARKDOWN_RAW:
        assert raw not in files["index.md"], raw
    tags = parse_html(files["standard.html"])
    assert {t for t, _ in tags.tags} <= ALLOWED_TAGS
    assert len(md_headings(files["index.md"])) == 2 + len(c.ruleset.clauses) + bool(c.ruleset.bibliography)


def test_keys_are_named_in_the_documents_language_and_escaped():
    from helpers import compile_body
    from pcrlang.backends.document import render
    c = compile_body('''
keys regions { north zh "华北<script>" en "North *grid* [x](y)", south zh "南方" en "South" }
input region: regions zh "区域" en "Region"
input power: kWh in [0, 1e9] zh "电" en "Power"
table grid: kgCO2/kWh by regions source "test" zh "电网" en "Grid" { north = 0.6776  south = 0.3869 }
emission e in make.smelting, gas CO2, fossil zh "电" en "Power" = power * grid[region]
''')
    en = render(c.ruleset, c.fingerprint, "en")
    zh = render(c.ruleset, c.fingerprint, "zh")
    assert "South" in en["index.md"] and "南方" in zh["index.md"]
    assert "<script>" not in zh["standard.html"] and "<script>" not in zh["index.md"]
    assert "*grid*" not in en["index.md"] and "[x](y)" not in en["index.md"]  # no Markdown emphasis or link


# ---- the fixed text ------------------------------------------------------------------------------------
def test_no_table_of_the_document_or_the_domain_repeats_a_key():
    """A repeated key in a dict literal silently drops the first entry (TEXT["no"] once did)."""
    import ast
    files = sorted((ROOT / "pcrlang" / "backends" / "document").glob("*.py")) + sorted((ROOT / "pcrlang" / "domain").glob("*.py"))
    repeated = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                repeated += [f"{path.name}: {k!r}" for k in sorted(set(keys), key=str) if keys.count(k) > 1]
    assert not repeated


def test_every_fixed_text_has_both_languages_with_the_same_fields():
    import string
    from pcrlang.backends.document.text import TEXT

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    for key, (zh, en) in TEXT.items():
        if isinstance(zh, tuple):  # a list of sentences
            assert len(zh) == len(en) and all(zh) and all(en), key
            continue
        assert zh and en, key
        if key != "annex_ref":  # "附录 A" names no kind; "Annex A (normative)" does
            assert fields(zh) == fields(en), key
