"""The standard document backend: the IR as the document an industry association publishes.

`pcr doc RULESET --lang zh|en -o DIR` writes three files for one language:
  DIR/index.md        the whole standard in Markdown (headings with clause numbers, tables,
                      formulas as LaTeX between `$$` lines for pymdownx.arithmatex)
  DIR/boundary.svg    the system boundary diagram, referenced from index.md
  DIR/standard.html   one self-contained page: inline CSS, inline SVG, MathML; no script, no
                      external resource (a Content-Security-Policy forbids both)

The outline follows a Chinese product footprint rule drafted under GB/T 1.1-2020 in the
GB/T 24067 framework (foreword, chapters 1 to 9, annexes A to C). Every numbered heading is a
clause of the IR (`rs.clauses`), in the IR's order and with the IR's number, so the document,
the checker's messages and the calculator's trace cite the same numbers; nothing is numbered
here.

The package, in the order the document is made:
  text.py       the fixed headings and sentences in both languages (vocabulary labels are in
                pcrlang/domain)
  locale.py     the Locale of each language: ruleset text, fixed text, and the punctuation and
                joining in which Chinese and English differ
  blocks.py     the blocks (headings, paragraphs, tables, lists, formulas, a figure) and inlines
  builder.py    the Builder the chapters share: lookups, links, symbol tables, labels
  outline.py    cover, foreword and every clause in order, each to its chapter:
                front.py (1-4), scope.py (5), inventory.py (6), impact.py (7),
                interpretation.py (8, 9), annexes.py (A, B), worked_examples.py (C)
  formula.py    formulas from the IR's expressions as LaTeX and MathML
  svg.py        the boundary diagram
  markdown.py, html.py   the writers

The blocks' text is plain strings; every writer escapes what it emits, so no ruleset text can
become markup: in HTML and SVG `<>&"'` become references; in Markdown every character with a
structural meaning (`\\ ` * _ [ ] < > & | $ # ~ ^ { }`, a list or quote marker at the start of
a line, `://`) becomes a character reference and newlines become spaces; in LaTeX specials are
escaped (see formula.py). Only validated identifiers appear in code spans.

Formulas are typeset from the IR expressions with the unit-conversion wrappers removed (see
formula.py): each symbol stands for its quantity in the unit its clause declares, and the symbol
table under each formula gives that unit. The formula as the writer wrote it (the text the
calculator's trace cites) is shown beside it.

Annex C is computed by the reference interpreter when the document is generated. The output is
deterministic: no time stamps; everything is in the IR's order or sorted.
"""
from __future__ import annotations

import os

from ...core import ir
from .builder import Builder
from .html import to_html
from .locale import LANGS, Locale, choose, locale, pick, tr
from .markdown import md_inlines, md_text, to_markdown
from .number import num, parse_num
from .outline import build
from .svg import boundary_svg
from .text import SEPARATE, TEXT

FILES = ("index.md", "boundary.svg", "standard.html")

__all__ = ["FILES", "LANGS", "SEPARATE", "TEXT", "Builder", "Locale", "blocks", "boundary_svg", "choose",
           "locale", "md_inlines", "md_text", "num", "parse_num", "pick", "render", "to_html", "to_markdown",
           "tr", "write"]


def blocks(rs: ir.Ruleset, fingerprint: str, lang: str) -> list:
    return build(rs, fingerprint, lang)


def render(rs: ir.Ruleset, fingerprint: str, lang: str) -> dict:
    """{file name: text} of the document in one language (see FILES)."""
    doc = build(rs, fingerprint, lang)
    title_text = choose(rs.title, lang) or rs.identifier
    return {
        "index.md": to_markdown(doc, lang),
        "boundary.svg": boundary_svg(rs, lang, standalone=True),
        "standard.html": to_html(doc, lang, f"{rs.identifier} {title_text}"),
    }


def render_docx(rs: ir.Ruleset, fingerprint: str, lang: str, pages: dict | None = None) -> bytes:
    """The document as a Word file (docx.py); `pages` (anchor -> page) fills the TOC's page numbers."""
    from .docx import to_docx
    from .front import document_number
    doc = build(rs, fingerprint, lang)
    title_text = choose(rs.title, lang) or rs.identifier
    return to_docx(doc, lang, title_text, document_number(rs.identifier), pages)


def render_pdf(rs: ir.Ruleset, fingerprint: str, lang: str) -> bytes:
    """The document as PDF, through the Word file and LibreOffice (pdf.py); PdfUnavailable if it cannot."""
    from .docx import to_docx
    from .front import document_number
    from .pdf import to_pdf
    doc = build(rs, fingerprint, lang)
    title_text = choose(rs.title, lang) or rs.identifier
    return to_pdf(doc, lambda pages: to_docx(doc, lang, title_text, document_number(rs.identifier), pages), lang)


def write(rs: ir.Ruleset, fingerprint: str, lang: str, directory: str) -> list:
    """Write the files into `directory` (created if needed); returns their paths."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, text in render(rs, fingerprint, lang).items():
        path = os.path.join(directory, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        paths.append(path)
    return paths
