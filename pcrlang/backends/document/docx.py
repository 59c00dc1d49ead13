"""The Word writer: blocks -> one .docx (Office Open XML, WordprocessingML), written with the
standard library alone (zipfile and strings of XML).

What a drafting group's Word template has, laid out as GB/T 1.1-2020 lays out a document:
- a cover page (document category, number, ICS and CCS codes, titles in both languages, the stage
  with its patent request on a draft for comment, release and implementation dates, the issuing
  body) in its own section without page numbers;
- the front matter (目次 with a real TOC field, 前言) in a section numbered I, II, ...;
- the body in a section numbered from 1 with the document number in the page header: the title
  again, then the chapters as the built-in heading styles "heading 1" to "heading 5" (outline
  levels, so Word's navigation pane and TOC see them), every annex on a new page with its
  centred label;
- tables with a numbered caption above (表 1　...), a repeated header row and ruled cells;
- formulas as Office Math (OMML, written by formula.omml from the same layout tree as the MathML
  and the LaTeX) with their number at the right margin: （1）;
- the boundary diagram as an SVG picture.

The TOC field carries a cached result (the headings, and page numbers when the caller knows them:
pdf.py measures them on a first rendering); Word updates the field when the file is opened
(settings: updateFields), LibreOffice shows the cached result.

Every string is XML-escaped (`<>&"'`; control characters other than tab become spaces, and
characters XML 1.0 forbids are dropped), so no ruleset text can become markup. The output is
deterministic: zip entries in a fixed order with a fixed time stamp, no creation date.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Optional

from ... import __version__
from .blocks import (Bullets, Code, Cover, Figure, Formula, Heading, Link, Math, MathBlock, Para, Strong, Table,
                     Terms, clean)
from .locale import locale

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (f'xmlns:w="{W}" xmlns:r="{R}" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')

# A4, margins of GB/T 1.1 (top 25 mm, bottom 20 mm, left 25 mm, right 20 mm), in twips (1/1440 in)
PAGE_W, PAGE_H = 11906, 16838
MARGIN_T, MARGIN_B, MARGIN_L, MARGIN_R = 1417, 1134, 1417, 1134
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R
EMU_PER_PX = 9525
STAMP = (1980, 1, 1, 0, 0, 0)

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def x(text: str) -> str:
    """Text as XML character data or attribute value."""
    return html.escape(_BAD_XML.sub("", clean(text)), quote=True)


def bookmark(anchor: str) -> str:
    """A Word bookmark name for an anchor (letters, digits and underscores, at most 40)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:40]


# ---- runs ------------------------------------------------------------------------------------
def run(text: str, props: str = "") -> str:
    if not text:
        return ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = text.split("\t")
    body = '<w:tab/>'.join(f'<w:t xml:space="preserve">{x(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


LINK = '<w:rStyle w:val="Hyperlink"/>'
MONO = '<w:rFonts w:ascii="DejaVu Sans Mono" w:hAnsi="DejaVu Sans Mono" w:cs="DejaVu Sans Mono"/><w:sz w:val="18"/>'


def inlines(items, props: str = "") -> str:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(run(item, props))
        elif isinstance(item, Code):
            out.append(run(item.name, props + MONO))
        elif isinstance(item, Formula):
            out.append(run(item.text, props + MONO))
        elif isinstance(item, Strong):
            out.append(run(item.text, props + "<w:b/>"))
        elif isinstance(item, Link):
            linked = run(item.text, props + LINK)
            out.append(f'<w:hyperlink w:anchor="{bookmark(item.anchor)}">{linked}</w:hyperlink>')
        elif isinstance(item, Math):
            out.append(f"<m:oMath>{item.omml}</m:oMath>")
        else:
            raise TypeError(item)
    return "".join(out)


def para(content: str, style: Optional[str] = None, props: str = "") -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + props
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{content}</w:p>"


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


# ---- the writer ------------------------------------------------------------------------------
class _Writer:
    def __init__(self, blocks: list, lang: str, pages: Optional[dict]):
        self.blocks, self.loc, self.pages = blocks, locale(lang), pages or {}
        self.media: list = []  # (part name, bytes, content type)
        self.bookmark_id = 0
        self.cover: Optional[Cover] = next((b for b in blocks if isinstance(b, Cover)), None)

    def heading(self, b: Heading) -> str:
        loc = self.loc
        self.bookmark_id += 1
        mark = bookmark(b.anchor)
        start = f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{mark}"/>'
        end = f'<w:bookmarkEnd w:id="{self.bookmark_id}"/>'
        if b.label:  # an annex: a new page, label, (normative), title, centred
            label, _, kind = b.label.partition(loc.open.strip() or "(")
            kind = (loc.open.strip() or "(") + kind if kind else ""
            text = run(label.strip()) + '<w:r><w:br/></w:r>' + run(kind.strip()) + '<w:r><w:br/></w:r>' + run(b.title)
            return para(start + text + end, "AnnexTitle", '<w:pageBreakBefore/>')
        if b.number is None:  # foreword, introduction: an unnumbered centred title on a new page
            return para(start + run(b.title) + end, "FrontTitle", '<w:pageBreakBefore/>')
        level = max(1, min(b.level - 1, 5))
        gap = "\u3000" if loc.lang == "zh" else "  "
        return para(start + run(f"{b.number}{gap}{b.title}") + end, f"Heading{level}")

    def table(self, b: Table) -> str:
        out = []
        if b.caption:
            label = self.loc.tr("table_caption", number=b.number or "", title=b.caption)
            out.append(para(run(label), "TableCaption"))
        cols = max(len(b.head), max((len(r) for r in b.rows), default=0))
        widths = column_widths(b, cols)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                          for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        rows = []

        def tr(cells, header: bool) -> str:
            trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
            tds = []
            for k in range(cols):
                cell = cells[k] if k < len(cells) else ()
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>' if header else ""
                tds.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[k]}" w:type="dxa"/>{shade}</w:tcPr>'
                           f'{para(inlines(cell, "<w:b/>" if header else ""), "TableHead" if header else "TableText")}'
                           "</w:tc>")
            return f"<w:tr>{trpr}{''.join(tds)}</w:tr>"
        rows.append(tr(b.head, True))
        rows += [tr(r, False) for r in b.rows]
        out.append(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                   f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                   '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
                   f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
        out.append(para("", "AfterTable"))
        return "".join(out)

    def equation(self, b: MathBlock) -> str:
        tag = run(f"\t{self.loc.tr('formula_tag', number=b.tag)}") if b.tag else ""
        return para(run("\t") + f"<m:oMath>{b.omml}</m:oMath>" + tag, "Formula")

    def figure(self, b: Figure) -> str:
        svg = b.svg.strip().encode("utf-8")
        n = len(self.media) + 1
        name = f"media/image{n}.svg"
        self.media.append((name, svg, "image/svg+xml"))
        w_px, h_px = svg_size(b.svg)
        cx = min(TEXT_W * 635, int(w_px * EMU_PER_PX))  # 1 twip = 635 EMU
        cy = int(h_px * EMU_PER_PX * cx / max(1, w_px * EMU_PER_PX))
        rid = f"rIdImg{n}"
        drawing = (f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                   f'<wp:docPr id="{n}" name="{x(b.caption)}"/><a:graphic><a:graphicData '
                   'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
                   f'<pic:nvPicPr><pic:cNvPr id="{n}" name="image{n}.svg"/><pic:cNvPicPr/></pic:nvPicPr>'
                   f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                   f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
                   '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
                   '</wp:inline></w:drawing>')
        return para(f"<w:r>{drawing}</w:r>", "Figure") + para(run(b.caption), "FigureCaption")

    def terms(self, b: Terms) -> str:
        out = []
        for entry in b.entries:
            number, term, other, definition, source = entry
            out.append(para(run(number), "TermNumber"))
            out.append(para(run(term, "<w:b/>") + (run("\u3000" + other, "<w:b/>") if other else ""), "TermTitle"))
            out.append(para(run(definition), "Body"))
            if source:
                out.append(para(run(self.loc.tr("term_source", source=source)), "Body"))
        return "".join(out)

    def toc(self) -> str:
        """The TOC field with its cached result: headings of levels 1 and 2, the foreword and annexes."""
        loc = self.loc
        entries = []
        for b in self.blocks:
            if not isinstance(b, Heading) or b.level > 3 or b.level < 2:
                continue
            if b.label:
                text, style = f"{b.label.replace(loc.open.strip() or '(', ' ' + (loc.open.strip() or '(')).strip()}" \
                    f"{'　' if loc.lang == 'zh' else ' '}{b.title}", "TOC1"
            elif b.number is None:
                text, style = b.title, "TOC1"
            else:
                text, style = f"{b.number}{'　' if loc.lang == 'zh' else ' '}{b.title}", f"TOC{b.level - 1}"
            page = self.pages.get(b.anchor, "")
            link = (f'<w:hyperlink w:anchor="{bookmark(b.anchor)}" w:history="1">{run(text)}'
                    f"{run(chr(9) + str(page))}</w:hyperlink>")
            entries.append((link, style))
        body = [para(run(loc.tr("contents")), "TocTitle")]
        begin = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            body.append(para(begin + end))
        for k, (link, style) in enumerate(entries):
            body.append(para((begin if k == 0 else "") + link + (end if k == len(entries) - 1 else ""), style))
        return "".join(body)

    def cover_page(self, c: Cover) -> str:
        loc = self.loc
        out = []
        codes = [v for v in (f"ICS {c.ics}" if c.ics else None, f"CCS {c.ccs}" if c.ccs else None) if v]
        out.append(para('<w:r><w:br/></w:r>'.join(run(c) for c in codes) or run(" "), "CoverCodes"))
        out.append(para(run(c.category), "CoverCategory"))
        out.append(para(run(c.number), "CoverNumber"))
        if c.replaces:
            out.append(para(run(c.replaces), "CoverReplaces"))
        out.append(para("", "CoverRule"))
        out.append(para(run(c.title), "CoverTitle"))
        if c.other_title:
            out.append(para(run(c.other_title), "CoverTitleOther"))
        if c.stage:
            out.append(para(run(loc.open.strip() + c.stage + loc.close.strip() if loc.lang == "zh"
                                else f"({c.stage})"), "CoverStage"))
        if c.stage_note:
            out.append(para(run(c.stage_note), "CoverNote"))
        dates = "\t".join(d for d in (c.released or "", c.implemented or ""))
        out.append(para(run(dates), "CoverDates"))
        out.append(para("", "CoverRuleBottom"))
        if c.issuer:
            out.append(para(run(c.issuer), "CoverIssuer"))
        return "".join(out)

    def body(self) -> str:
        out = []
        front_done = False
        cover = self.cover
        if cover is not None:
            out.append(self.cover_page(cover))
            out.append(para("", props=section(None, "cover", self.loc.lang)))
            out.append(self.toc())
        for b in self.blocks:
            if isinstance(b, Cover):
                continue
            if isinstance(b, Heading):
                if b.level == 1:
                    continue  # the title: on the cover and at the head of the body
                if b.number is not None and not front_done:
                    front_done = True
                    # close the front matter section; the body starts with the title on page 1
                    out.append(para("", props=section(None, "front", self.loc.lang)))
                    if cover is not None:
                        out.append(para(run(cover.title), "BodyTitle"))
                out.append(self.heading(b))
            elif isinstance(b, Para):
                style = {"written": "Written", "note": "Note", "cover": "Body", "reference": "Reference",
                         "colophon": "Colophon"}.get(b.style, "Body")
                out.append(para(inlines(b.inlines), style))
            elif isinstance(b, Bullets):
                for item in b.items:
                    if b.plain:
                        out.append(para(inlines(item), "ListPlain"))
                    else:
                        out.append(para(run(self.loc.tr("list_dash")) + inlines(item), "ListDash"))
            elif isinstance(b, Table):
                out.append(self.table(b))
            elif isinstance(b, MathBlock):
                out.append(self.equation(b))
            elif isinstance(b, Figure):
                out.append(self.figure(b))
            elif isinstance(b, Terms):
                out.append(self.terms(b))
            else:
                raise TypeError(b)
        return "".join(out) + section("body", "body", self.loc.lang, final=True)


def section(header: Optional[str], kind: str, lang: str, final: bool = False) -> str:
    """The properties of a section (closing it). cover: no numbers; front: I, II; body: 1, 2 and
    the document number in the header."""
    refs = ""
    numbering = ""
    if kind == "front":
        refs = '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        numbering = '<w:pgNumType w:fmt="upperRoman" w:start="1"/>'
    elif kind == "body":
        refs = '<w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>'
        numbering = '<w:pgNumType w:fmt="decimal" w:start="1"/>'
    sect = (f'<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{MARGIN_T}" w:right="{MARGIN_R}" w:bottom="{MARGIN_B}" w:left="{MARGIN_L}" '
            f'w:header="851" w:footer="567" w:gutter="0"/>{numbering}<w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>')
    return sect


def column_widths(b: Table, cols: int) -> list:
    """Widths (twips) in proportion to each column's longest cell, within bounds, filling the text width."""
    def text_of(cell) -> str:
        out = []
        for item in cell:
            if isinstance(item, Math):
                out.append(re.sub(r"<[^>]+>", "", item.mathml))
            else:
                out.append(item if isinstance(item, str) else getattr(item, "text", None) or getattr(item, "name", ""))
        return "".join(out)

    def length(text: str) -> float:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    def unbreakable(text: str) -> float:
        """The longest run that cannot wrap (a Latin word, a number, a clause, a unit)."""
        return max((len(w) for w in re.findall(r"[A-Za-z0-9_.,/()\[\]·×⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉%+-]+", text)), default=2)
    weights, minimums = [], []
    for k in range(cols):
        cells = [text_of(b.head[k] if k < len(b.head) else ())] + [text_of(r[k] if k < len(r) else ()) for r in b.rows]
        weights.append(min(max(max((length(c) for c in cells), default=4), 4), 40))
        # room for the longest unbreakable run at 9 pt (about 100 twips a character) and the cell margins
        minimums.append(min(max((unbreakable(c) for c in cells), default=2), 16) * 100 + 200)
        if b.rows and not any(cells[1:]):  # a column left for the reader to fill in (the data form)
            weights[-1], minimums[-1] = max(weights[-1], 12), max(minimums[-1], 1000)
    rest = TEXT_W - sum(minimums)
    total = sum(weights)
    if rest > 0:
        widths = [m + int(rest * w / total) for m, w in zip(minimums, weights)]
    else:
        widths = [int(TEXT_W * m / sum(minimums)) for m in minimums]
    widths[-1] += TEXT_W - sum(widths)
    return widths


def svg_size(svg: str) -> tuple:
    m = re.search(r'<svg[^>]*\bwidth="([0-9.]+)"[^>]*\bheight="([0-9.]+)"', svg)
    if m:
        return float(m.group(1)), float(m.group(2))
    m = re.search(r'viewBox="[0-9.\-]+ [0-9.\-]+ ([0-9.]+) ([0-9.]+)"', svg)
    if m:
        return float(m.group(1)), float(m.group(2))
    return 600.0, 300.0


# ---- the package parts -------------------------------------------------------------------------
def _styles(lang: str) -> str:
    serif = "宋体" if lang == "zh" else "Times New Roman"
    sans = "黑体" if lang == "zh" else "Arial"

    def style(sid, name, ppr="", rpr="", based="Normal", outline=None, kind="paragraph", extra=""):
        if outline is not None:
            ppr += f'<w:outlineLvl w:val="{outline}"/>'
        return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>'
                + (f'<w:basedOn w:val="{based}"/>' if based else "") + '<w:next w:val="Body"/>' + extra
                + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>")
    heiti = f'<w:rFonts w:ascii="{sans}" w:hAnsi="{sans}" w:eastAsia="黑体"/>'
    sz = lambda half_points: f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'  # noqa: E731
    centred = '<w:jc w:val="center"/>'
    right = '<w:jc w:val="right"/>'
    indent = '<w:ind w:firstLineChars="200" w:firstLine="420"/>' if lang == "zh" else ""
    tabs_formula = (f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_W // 2}"/><w:tab w:val="right" w:pos="{TEXT_W}"/>'
                    '</w:tabs>')
    toc_tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
    styles = [
        '<w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{"宋体" if lang == "zh" else "宋体"}" '
        'w:cs="Times New Roman"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>',
        style("Normal", "Normal", based=None, extra='<w:qFormat/>', rpr=f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{serif if lang == "zh" else "宋体"}"/>'),
        style("Body", "Body Text", ppr='<w:jc w:val="both"/>' + indent),
        style("Heading1", "heading 1", '<w:keepNext/><w:spacing w:before="240" w:after="120"/>', heiti + sz(21), outline=0,
              extra='<w:qFormat/>'),
        style("Heading2", "heading 2", '<w:keepNext/><w:spacing w:before="120" w:after="60"/>', heiti + sz(21), outline=1,
              extra='<w:qFormat/>'),
        style("Heading3", "heading 3", '<w:keepNext/><w:spacing w:before="120" w:after="60"/>', heiti + sz(21), outline=2,
              extra='<w:qFormat/>'),
        style("Heading4", "heading 4", '<w:keepNext/><w:spacing w:before="60" w:after="60"/>', heiti + sz(21), outline=3,
              extra='<w:qFormat/>'),
        style("Heading5", "heading 5", '<w:keepNext/><w:spacing w:before="60" w:after="60"/>', heiti + sz(21), outline=4,
              extra='<w:qFormat/>'),
        style("FrontTitle", "Front Title", centred + '<w:spacing w:before="480" w:after="480"/>', heiti + sz(32), outline=0),
        style("AnnexTitle", "Annex Title", '<w:keepNext/>' + centred + '<w:spacing w:before="240" w:after="480"/>',
              heiti + sz(21), outline=0),
        style("BodyTitle", "Body Title", centred + '<w:spacing w:before="240" w:after="480"/>', heiti + sz(32)),
        style("TocTitle", "TOC Heading", centred + '<w:spacing w:before="480" w:after="480"/>', heiti + sz(32)),
        style("TOC1", "toc 1", toc_tabs),
        style("TOC2", "toc 2", toc_tabs + '<w:ind w:left="420"/>'),
        style("TableCaption", "Table Caption", '<w:keepNext/>' + centred + '<w:spacing w:before="120" w:after="60"/>',
              heiti + sz(21)),
        style("TableHead", "Table Head", centred, sz(18)),
        style("TableText", "Table Text", "", sz(18)),
        style("AfterTable", "After Table", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>', sz(10)),
        style("Formula", "Formula", tabs_formula + '<w:spacing w:before="120" w:after="120"/>'),
        style("Figure", "Figure", centred + '<w:keepNext/>'),
        style("FigureCaption", "Figure Caption", centred + '<w:spacing w:after="120"/>', heiti + sz(21)),
        style("Written", "Formula As Written", "", sz(18)),
        style("Note", "Note", '<w:ind w:left="420"/>', sz(18)),
        style("ListDash", "List Dash", '<w:ind w:left="840" w:hanging="420"/>'),
        style("ListPlain", "List Plain", '<w:ind w:left="420"/>'),
        style("Reference", "Bibliography Entry", '<w:ind w:left="420" w:hanging="420"/>'),
        style("Colophon", "Colophon", '<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr>'
              '<w:spacing w:before="480"/>', sz(16) + '<w:color w:val="555555"/>'),
        style("TermNumber", "Term Number", '<w:keepNext/><w:spacing w:before="120"/>', heiti),
        style("TermTitle", "Term Title", '<w:keepNext/>' + indent, heiti),
        style("CoverCodes", "Cover Codes", "", heiti + sz(21)),
        style("CoverCategory", "Cover Category", centred + '<w:spacing w:before="480" w:after="120"/>',
              heiti + sz(96) + '<w:spacing w:val="40"/>'),
        style("CoverNumber", "Cover Number", right + '<w:spacing w:after="0"/>', heiti + sz(28)),
        style("CoverReplaces", "Cover Replaces", right, sz(21)),
        style("CoverRule", "Cover Rule",
              '<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="000000"/></w:pBdr>'
              '<w:spacing w:after="960"/>'),
        style("CoverTitle", "Cover Title", centred + '<w:spacing w:after="240" w:line="360" w:lineRule="auto"/>',
              heiti + sz(44)),
        style("CoverTitleOther", "Cover Title Other", centred + '<w:spacing w:after="480"/>', sz(28)),
        style("CoverStage", "Cover Stage", centred + '<w:spacing w:after="240"/>', heiti + sz(28)),
        style("CoverNote", "Cover Note", centred, sz(18)),
        style("CoverDates", "Cover Dates",
              f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs><w:spacing w:before="960"/>', heiti + sz(28)),
        style("CoverRuleBottom", "Cover Rule Bottom",
              '<w:pBdr><w:top w:val="single" w:sz="12" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:after="240"/>'),
        style("CoverIssuer", "Cover Issuer", centred, heiti + sz(32)),
        style("Header", "header", right + '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>',
              heiti + sz(21)),
        style("Footer", "footer", centred, sz(18)),
        style("Hyperlink", "Hyperlink", based=None, kind="character", rpr='<w:color w:val="1F3864"/>'),
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
            + "".join(styles) + "</w:styles>")


def _content_types(media: list) -> str:
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    for name, _, ctype in media:
        defaults[name.rsplit(".", 1)[1]] = ctype
    parts = {
        "/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "/word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
        "/word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
        "/word/header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
        "/word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in sorted(defaults.items()))
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts.items()) + "</Types>")


def _rels(items: list) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{x(target)}"/>' for i, t, target in items)
            + "</Relationships>")


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def to_docx(blocks: list, lang: str, title: str, number: str, pages: Optional[dict] = None) -> bytes:
    """The .docx file of the document's blocks. `pages`: anchor -> page number for the TOC's cached
    result (omitted: Word fills them in when it updates the field)."""
    w = _Writer(blocks, lang, pages)
    body = w.body()
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}'
                "</w:body></w:document>")
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>'
              f'{para(run(number), "Header")}</w:hdr>')
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>'
              '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
              '</w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>')
    settings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}" '
                'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
                '<w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/>'
                '<w:characterSpacingControl w:val="compressPunctuation"/>'
                '<m:mathPr><m:mathFont m:val="Cambria Math"/><m:dispDef/></m:mathPr></w:settings>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{x(title)}</dc:title><dc:identifier>{x(number)}</dc:identifier>"
            f"<dc:language>{x(w.loc.html_lang)}</dc:language><cp:keywords>pcrlang</cp:keywords>"
            "</cp:coreProperties>")
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
           'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>pcrlang {x(__version__)}</Application></Properties>")
    doc_rels = [("rIdStyles", _REL + "styles", "styles.xml"), ("rIdSettings", _REL + "settings", "settings.xml"),
                ("rIdHeader", _REL + "header", "header1.xml"), ("rIdFooter", _REL + "footer", "footer1.xml")]
    doc_rels += [(f"rIdImg{k}", _REL + "image", name) for k, (name, _, _) in enumerate(w.media, 1)]
    package_rels = [("rId1", _REL + "officeDocument", "word/document.xml"),
                    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                     "docProps/core.xml"),
                    ("rId3", _REL + "extended-properties", "docProps/app.xml")]
    parts = [("[Content_Types].xml", _content_types(w.media).encode()), ("_rels/.rels", _rels(package_rels).encode()),
             ("docProps/core.xml", core.encode()), ("docProps/app.xml", app.encode()),
             ("word/document.xml", document.encode()), ("word/styles.xml", _styles(lang).encode()),
             ("word/settings.xml", settings.encode()), ("word/header1.xml", header.encode()),
             ("word/footer1.xml", footer.encode()), ("word/_rels/document.xml.rels", _rels(doc_rels).encode())]
    parts += [(f"word/{name}", data) for name, data, _ in w.media]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()
