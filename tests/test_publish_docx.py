"""The published standard as Word and PDF (pcrlang/backends/document/docx.py and pdf.py).

- every shipped ruleset gives a well-formed docx in both languages, byte-identical across runs,
  with real heading styles, a TOC field, numbered tables and Office Math formulas;
- hostile ruleset text stays text in the XML;
- LibreOffice headless opens the docx and renders it to PDF (`pcr doc --format pdf`), for every
  shipped ruleset; pdftoppm renders pages of the cement and battery drafts as PNG screenshots into
  $PCRLANG_ARTIFACTS (default test-artifacts/), and their text shows the cover, the TOC with page
  numbers, the foreword statements and numbered tables and formulas.
LibreOffice tests are skipped when LibreOffice is absent (CI installs libreoffice-writer-nogui).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from pcrlang.backends import document
from pcrlang.backends.document import formula as fm
from pcrlang.cli import main
from pcrlang.compiler import compile_file

from tests.helpers import ROOT, RULESETS

NAMES = [p.stem for p in RULESETS]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_CACHE: dict = {}


def compiled(name):
    if name not in _CACHE:
        _CACHE[name] = compile_file(str(ROOT / "rulesets" / f"{name}.pcr"))
    return _CACHE[name]


def docx(name, lang) -> bytes:
    c = compiled(name)
    return document.render_docx(c.ruleset, c.fingerprint, lang)


def parts(data: bytes) -> dict:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def artifacts() -> Path:
    where = Path(os.environ.get("PCRLANG_ARTIFACTS") or ROOT / "test-artifacts")
    where.mkdir(parents=True, exist_ok=True)
    return where


needs_office = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                  reason="LibreOffice is not installed")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_every_ruleset_gives_a_wellformed_docx(name, lang):
    data = docx(name, lang)
    files = parts(data)
    assert list(files)[:2] == ["[Content_Types].xml", "_rels/.rels"]
    for part, content in files.items():
        if part.endswith((".xml", ".rels")):
            ET.fromstring(content)
    body = ET.fromstring(files["word/document.xml"])
    styles = [p.get(W + "val") for p in body.iter(W + "pStyle")]
    for needed in ("Heading1", "Heading2", "TableCaption", "Formula", "TocTitle", "TOC1", "CoverCategory", "CoverTitle"):
        assert needed in styles, needed
    instr = "".join(t.text or "" for t in body.iter(W + "instrText"))
    assert "TOC \\o" in instr
    assert len(list(body.iter(M + "oMath"))) >= 2
    # the heading styles are Word's built-in ones (outline levels), so the navigation pane and the TOC see them
    st = ET.fromstring(files["word/styles.xml"])
    names = {s.get(W + "styleId"): s.find(W + "name").get(W + "val") for s in st.iter(W + "style")}
    assert names["Heading1"] == "heading 1" and names["Heading2"] == "heading 2"
    text = "".join(t.text or "" for t in body.iter(W + "t"))
    rs = compiled(name).ruleset
    assert (document.choose(rs.title, lang) or "") in text
    assert ("表 1" if lang == "zh" else "Table 1 — ") in text
    # the formula numbers are at the right margin: (1), (2), ...
    assert ("（1）" if lang == "zh" else "(1)") in text
    # zip entries have a fixed time stamp
    with zipfile.ZipFile(BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_docx_is_byte_identical_across_runs_and_processes(tmp_path):
    a = docx("cement", "zh")
    assert a == docx("cement", "zh")
    out = tmp_path / "c.docx"
    assert main(["doc", str(ROOT / "rulesets" / "cement.pcr"), "--format", "docx", "-o", str(out)]) == 0
    assert out.read_bytes() == a
    other = tmp_path / "again.docx"
    subprocess.run([os.sys.executable, "-m", "pcrlang", "doc", str(ROOT / "rulesets" / "cement.pcr"), "--format",
                    "docx", "-o", str(other)], check=True, cwd=ROOT, capture_output=True)
    assert other.read_bytes() == a


def test_hostile_text_stays_text_in_the_docx():
    from tests.test_document import hostile
    c = hostile()
    for lang in ("zh", "en"):
        files = parts(document.render_docx(c.ruleset, c.fingerprint, lang))
        body = files["word/document.xml"].decode()
        ET.fromstring(body)
        assert "<script" not in body and "<b>" not in body
        text = "".join(t.text or "" for t in ET.fromstring(body).iter(W + "t"))
        assert "<b>1</b>" in text  # the identifier's markup is shown as text


def test_omml_comes_from_the_layout_tree():
    box = ("row", [("sub", ("mi", "E"), ("mr", "calc")), ("mo", "=", "="),
                   ("frac", ("mi", "a"), ("paren", ("row", [("mi", "b"), ("mo", "+", "+"), ("mn", "1")])))])
    om = fm.omml(box)
    ET.fromstring(f'<m:oMath xmlns:m="{M[1:-1]}">{om}</m:oMath>')
    assert "<m:sSub>" in om and "<m:f>" in om and "<m:d>" in om
    assert fm.latex(box).strip() == r"{E}_{\mathrm{calc}} = \frac{a}{\left(b + 1\right)}"
    assert "&lt;" in fm.omml(("mi", "a<b")) and "<b" not in fm.omml(("mi", "a<b")).replace("<m:", "")


def test_declared_symbols_are_parsed_and_bad_ones_refused():
    assert fm.parse_symbol(r"E_{\mathrm{calc}}") == ("sub", ("mi", "E"), ("mr", "calc"))
    assert fm.parse_symbol(r"AD_{\text{电力}}") == ("sub", ("mr", "AD"), ("mr", "电力"))
    assert fm.latex(fm.parse_symbol(r"\alpha")) == "α"
    for bad in ("E_", r"\frac{a}{b}", "<script>", "{a", "a_b_c", ""):
        with pytest.raises(fm.SymbolError):
            fm.parse_symbol(bad)


def test_pcr_doc_into_an_unwritable_place_is_a_clear_message(tmp_path, capsys):
    code = main(["doc", str(ROOT / "rulesets" / "cement.pcr"), "--format", "docx", "-o",
                 str(tmp_path / "missing" / "dir" / "x.docx")])
    err = capsys.readouterr().err
    # a usage error (exit 2, docs/cli.md), one line
    assert code == 2 and "cannot write" in err and "Traceback" not in err


# ---- LibreOffice: the docx opens and renders; the PDF route -------------------------------------------
def pdf_text(path: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(path), "-"],
                          capture_output=True, check=True).stdout.decode()


def screenshot(pdf: Path, page: int, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(out.with_suffix(""))], check=True, capture_output=True)
    return out


@needs_office
@pytest.mark.parametrize("name", ["cement", "lithium_ion_battery"])
def test_the_drafts_render_through_libreoffice_with_screenshots(name, tmp_path):
    """docx -> LibreOffice -> PDF -> PNG of the cover, the TOC, the foreword, the first body page, a
    page with formulas, annex A and the last page; the text of the pages shows what a committee
    checks first."""
    where = artifacts() / "publish"
    where.mkdir(exist_ok=True)
    for lang in ("zh", "en"):
        path = where / f"{name}-{lang}.pdf"
        assert main(["doc", str(ROOT / "rulesets" / f"{name}.pcr"), "--lang", lang, "--format", "pdf",
                     "-o", str(path)]) == 0
        assert path.read_bytes().startswith(b"%PDF")
        (where / f"{name}-{lang}.docx").write_bytes(docx(name, lang))
        if shutil.which("pdftotext") is None:
            continue
        pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                               check=True).stdout.decode().split("\f")
        cover, toc = pages[0], pages[1]
        rs = compiled(name).ruleset
        assert ("团体标准" if lang == "zh" else "Groupstandard") in cover.replace(" ", "")
        assert document.choose(rs.title, lang).replace(" ", "") in re.sub(r"\s+", "", cover)
        assert ("目次" if lang == "zh" else "Contents") in toc
        assert re.search(r"\.{5,}\s*\d+\s*$", toc, re.M), "the TOC has page numbers"
        foreword = next(p for p in pages[1:] if p.lstrip().startswith("前言" if lang == "zh" else "Foreword"))
        assert "GB/T 1.1" in foreword
        text = "\n".join(pages)
        assert re.search(r"表 \d+" if lang == "zh" else r"Table \d+ —", text)
        assert re.search(r"[（(]\d+[）)]\s*$", text, re.M), "numbered formulas"
        if shutil.which("pdftoppm") is not None:
            body_first = next(k for k, p in enumerate(pages) if re.search(r"^\s*1\s+(范围|Scope)\s*$", p, re.M))
            formulas = next(k for k, p in enumerate(pages) if k > 2 and re.search(r"^\s*7\.2\s", p, re.M))
            foreword_at = pages.index(foreword)
            annex_a = next(k for k, p in enumerate(pages) if k > body_first and re.search(
                r"^\s*(附录 A|Annex A)\s*$", p, re.M))
            for label, k in (("cover", 0), ("toc", 1), ("foreword", foreword_at), ("body", body_first),
                             ("formulas", formulas), ("annex-a", annex_a), ("last", len(pages) - 2)):
                shot = screenshot(path, k + 1, where / f"{name}-{lang}-{label}.png")
                assert shot.stat().st_size > 5000


@needs_office
def test_every_shipped_ruleset_gives_a_pdf(tmp_path):
    """One LibreOffice rendering per ruleset (zh), through the docx: it opens cleanly."""
    from pcrlang.backends.document.pdf import convert
    for name in NAMES:
        work = tmp_path / name
        work.mkdir()
        data = convert(docx(name, "zh"), str(work))
        assert data.startswith(b"%PDF") and len(data) > 20000, name


def test_declared_symbols_reach_every_writer():
    """The battery rule declares symbols: LaTeX, MathML and OMML all show them, not identifiers."""
    c = compiled("lithium_ion_battery")
    files = document.render(c.ruleset, c.fingerprint, "zh")
    assert r"{\mathrm{AD}}_{\mathrm{e,cell}}" in files["index.md"]
    assert "<msub><mi>AD</mi><mi>e,cell</mi></msub>" in files["standard.html"]
    body = parts(docx("lithium_ion_battery", "zh"))["word/document.xml"].decode()
    assert ('<m:sSub><m:e><m:r><m:rPr><m:nor/></m:rPr><m:t xml:space="preserve">AD</m:t></m:r></m:e>'
            '<m:sub><m:r><m:rPr><m:nor/></m:rPr><m:t xml:space="preserve">e,cell</m:t></m:r></m:sub></m:sSub>') in body
    assert "cell_electricity</m:t>" not in body


@needs_office
def test_the_pdf_is_byte_identical_across_runs(tmp_path):
    """LibreOffice's time stamps and file identifier are made deterministic (pdf.deterministic)."""
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for path in paths:
        assert main(["doc", str(ROOT / "rulesets" / "lime.pcr"), "--format", "pdf", "-o", str(path)]) == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert b"/CreationDate(D:19800101000000" in paths[0].read_bytes()
