"""The HTML writer: blocks -> standard.html, one self-contained page (inline CSS, inline SVG,
MathML; no script and no external resource, which its Content-Security-Policy forbids too).

Every string is escaped (`<>&"'` become references; control characters become spaces); MathML
comes escaped from formula.py and the SVG from svg.py.
"""
from __future__ import annotations

import html

from ... import __version__
from .blocks import Bullets, Code, Cover, Figure, Formula, Heading, Link, Math, MathBlock, Para, Strong, Table, Terms, clean
from .locale import locale

def _h(text: str) -> str:
    return html.escape(clean(text), quote=True)


def html_inlines(inlines) -> str:
    out = []
    for x in inlines:
        if isinstance(x, str):
            out.append(_h(x))
        elif isinstance(x, Code):
            out.append(f"<code>{_h(x.name).replace('_', '_<wbr>')}</code>")
        elif isinstance(x, Formula):
            out.append(f"<code>{_h(x.text)}</code>")
        elif isinstance(x, Link):
            out.append(f'<a href="#{_h(x.anchor)}">{_h(x.text)}</a>')
        elif isinstance(x, Strong):
            out.append(f"<strong>{_h(x.text)}</strong>")
        elif isinstance(x, Math):
            out.append(f'<math>{x.mathml}</math>')
        else:
            raise TypeError(x)
    return "".join(out)


CSS = """
:root { --ink: #1a1a1a; --rule: #9aa5b8; --accent: #2b5797; }
html { background: #e9ecf1; }
body { margin: 0; color: var(--ink); line-height: 1.6; font-size: 15px;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "Noto Serif", Georgia, serif; }
main { max-width: 980px; margin: 24px auto; padding: 40px 56px 64px; background: #fff;
  box-shadow: 0 1px 6px rgba(0,0,0,.18); }
h1, h2, h3, h4, h5, h6, nav, table, figcaption, .cover {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "PingFang SC", "Noto Sans", sans-serif; }
html:lang(en) body { font-family: "Noto Serif", "DejaVu Serif", Georgia, "Noto Serif CJK SC", serif; }
html:lang(en) :is(h1, h2, h3, h4, h5, h6, nav, table, figcaption, .cover) {
  font-family: "Noto Sans", "DejaVu Sans", Arial, "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 26px; text-align: center; margin: 24px 0 8px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h2.annex { text-align: center; border-bottom: none; }
h2.annex .num { display: block; font-size: 17px; }
h3 { font-size: 17px; margin: 26px 0 8px; }
h4, h5, h6 { font-size: 15.5px; margin: 20px 0 6px; }
.num { margin-right: .6em; color: var(--accent); }
.cover { text-align: center; color: #222; margin-bottom: 28px; }
.cover .codes { text-align: left; font-size: 13px; } .cover .number { text-align: right; font-weight: 600; }
.cover .category { font-size: 30px; letter-spacing: .5em; margin: 8px 0 0; }
.cover .number { border-bottom: 2px solid #000; padding-bottom: 4px; }
.cover .stage { font-size: 17px; } .cover .stage-note { font-size: 13px; }
.cover .dates { display: flex; justify-content: space-between; border-bottom: 2px solid #000; padding-bottom: 4px; }
.cover .issuer { font-size: 18px; }
p.table-caption { text-align: center; font-weight: 600; margin: 14px 0 0; }
ul.plain { list-style: none; padding-left: 0; }
p.colophon { font-size: 12px; color: #555; border-top: 1px solid var(--rule); padding-top: 8px; margin-top: 40px;
  overflow-wrap: anywhere; }
dd.source { font-size: 13.5px; }
dt .term-number { display: block; }
nav.toc { border: 1px solid var(--rule); padding: 8px 20px; margin: 16px 0 24px; font-size: 14px; }
nav.toc ol { list-style: none; padding-left: 0; margin: 4px 0; columns: 2; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: 10px 0 16px; font-size: 13.5px; width: 100%; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #eef2f8; font-weight: 600; }
table.properties th:first-child, table.properties td:first-child { width: 24%; white-space: nowrap; }
table.form, table.factors { font-size: 12.5px; }
table.form td:nth-last-child(-n+2) { min-width: 5em; }
table.results td:last-child, table.results td:nth-last-child(2) { font-variant-numeric: tabular-nums; }
code { font-family: "Noto Sans Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: .9em;
  background: #f2f4f7; padding: 0 3px; border-radius: 3px; }
figure { margin: 16px 0; text-align: center; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 14px; margin-top: 6px; }
.equation { display: flex; align-items: center; margin: 12px 0; padding: 4px 0; overflow-x: auto; overflow-y: hidden; }
.equation math { flex: 1; font-size: 17px; }
.equation .tag { margin-left: 1em; }
.equation.long math { font-size: 14.5px; }
math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", "Noto Sans Math", math; }
mtable.cases mtd { text-align: left; padding: 2px 8px 2px 0; }
mtable.lines mtd { text-align: left; padding: 2px 0; }
mtable.lines mtd:first-child { text-align: right; padding-right: 0.3em; }
p.written, p.note { font-size: 13.5px; color: #444; }
dl.terms dt { font-weight: bold; margin-top: 10px; }
dl.terms dd { margin: 2px 0 0 2em; }
@media print { html { background: #fff; } main { box-shadow: none; margin: 0; max-width: none; } }
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def to_html(blocks: list, lang: str, title: str) -> str:
    loc = locale(lang)
    out: list = []
    toc = [b for b in blocks if isinstance(b, Heading) and b.level == 2]
    for b in blocks:
        if isinstance(b, Cover):
            codes = " ".join(v for v in (b.ics and f"ICS {b.ics}", b.ccs and f"CCS {b.ccs}") if v)
            parts = [f'<p class="codes">{_h(codes)}</p>' if codes else "",
                     f'<p class="category">{_h(b.category)}</p>', f'<p class="number">{_h(b.number)}</p>',
                     f'<p class="other-title">{_h(b.other_title)}</p>' if b.other_title else "",
                     f'<p class="stage">{_h(loc.aside(b.stage).strip())}</p>' if b.stage else "",
                     f'<p class="stage-note">{_h(b.stage_note)}</p>' if b.stage_note else "",
                     f'<p class="dates"><span>{_h(b.released or "")}</span><span>{_h(b.implemented or "")}</span></p>',
                     f'<p class="issuer">{_h(b.issuer)}</p>' if b.issuer else ""]
            out.append('<div class="cover">' + "".join(parts) + "</div>")
            entries = "".join(f'<li><a href="#{_h(h.anchor)}">{_h(" ".join(x for x in (h.label or h.number, h.title) if x))}</a></li>'
                              for h in toc)
            out.append(f'<nav class="toc"><strong>{_h(loc.tr("contents"))}</strong><ol>{entries}</ol></nav>')
        elif isinstance(b, Heading):
            level = max(1, min(b.level, 6))
            prefix = b.label or b.number
            cls = ' class="annex"' if b.label else ""
            num_html = f'<span class="num">{_h(prefix)}</span>' if prefix else ""
            out.append(f'<h{level} id="{_h(b.anchor)}"{cls}>{num_html}{_h(b.title)}</h{level}>')
            if level == 1:
                continue
        elif isinstance(b, Para):
            cls = f' class="{_h(b.style)}"' if b.style else ""
            out.append(f"<p{cls}>{html_inlines(b.inlines)}</p>")
        elif isinstance(b, Bullets):
            cls = ' class="plain"' if b.plain else ""
            out.append(f"<ul{cls}>" + "".join(f"<li>{html_inlines(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            cls = f' class="{_h(b.style)}"' if b.style else ""
            if b.caption:
                out.append(f'<p class="table-caption">{_h(loc.tr("table_caption", number=b.number or "", title=b.caption))}</p>')
            head = "".join(f"<th>{html_inlines(c)}</th>" for c in b.head)
            rows = "".join("<tr>" + "".join(f"<td>{html_inlines(c)}</td>" for c in r) + "</tr>" for r in b.rows)
            out.append(f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(b, MathBlock):
            tag = f'<span class="tag">{_h(loc.tr("formula_tag", number=b.tag))}</span>' if b.tag else ""
            cls = "equation long" if b.long else "equation"
            out.append(f'<div class="{cls}"><math display="block">{b.mathml}</math>{tag}</div>')
        elif isinstance(b, Figure):
            out.append(f"<figure>{b.svg.strip()}<figcaption>{_h(b.caption)}</figcaption></figure>")
        elif isinstance(b, Terms):
            items = []
            for number, term, other, definition, source in b.entries:
                src = f'<dd class="source">{_h(loc.tr("term_source", source=source))}</dd>' if source else ""
                items.append(f'<dt><span class="num term-number">{_h(number)}</span>{_h(term)}{" " + _h(other) if other else ""}'
                             f"</dt><dd>{_h(definition)}</dd>{src}")
            out.append('<dl class="terms">' + "".join(items) + "</dl>")
        else:
            raise TypeError(b)
    return ("<!DOCTYPE html>\n"
            f'<html lang="{loc.html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="pcrlang {_h(__version__)}">\n'
            f"<title>{_h(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(out) + "\n</main>\n</body>\n</html>\n")
