"""The Markdown writer: blocks -> index.md (headings with anchors, tables, formulas as LaTeX between
`$$` lines for pymdownx.arithmatex, the boundary figure by reference).

Every string is escaped: characters with a structural meaning become character references,
which CommonMark and Python-Markdown (mkdocs) both show as the character and never parse as
syntax (`\\ ` * _ [ ] | $ # ~ ^ { } !`, `<>&`, `://`, `www.`), a list, quote, heading or table marker
at the start of a line too, and newlines become spaces. Only validated identifiers appear in code
spans, and a formula as written only when it holds safe characters alone.
"""
from __future__ import annotations

import re

from .blocks import (IDENT, Bullets, Code, Cover, Figure, Formula, Heading, Link, Math, MathBlock, Para, Strong, Table,
                     Terms, clean)

_SAFE_FORMULA = re.compile(r'^[A-Za-z0-9_ .+\-*/()<>=!\[\],"]*$')

_MD_ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_[]|$#~^{}!"}
_MD_ESCAPES.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_MD_RE = re.compile("|".join(re.escape(c) for c in _MD_ESCAPES) + r"|://|(?i:www)\.")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=:?])|(\d+)([.)]))")


def md_text(text: str) -> str:
    text = re.sub(" {2,}", " ", clean(text))

    def sub(m):
        s = m.group(0)
        if s == "://":
            return "&#58;//"
        if s.lower() == "www.":
            return s[:3] + "&#46;"
        return _MD_ESCAPES[s]
    return _MD_RE.sub(sub, text)


def _md_line(text: str) -> str:
    """Protect the start of a line: no list, quote, heading, table or setext marker."""
    text = text.lstrip(" ")

    def sub(m):
        if m.group(2):
            return f"&#{ord(m.group(2))};"
        return f"{m.group(3)}&#{ord(m.group(4))};"
    return _MD_LINE_START.sub(sub, text, count=1)


def md_inlines(inlines, line_start: bool = True) -> str:
    out = []
    for x in inlines:
        if isinstance(x, str):
            out.append(md_text(x))
        elif isinstance(x, Code):
            out.append(f"`{x.name}`" if IDENT.match(x.name) else md_text(x.name))
        elif isinstance(x, Formula):
            out.append(f"`{x.text}`" if _SAFE_FORMULA.match(x.text) and x.text.strip() else md_text(x.text))
        elif isinstance(x, Link):
            out.append(f"[{md_text(x.text)}](#{x.anchor})")
        elif isinstance(x, Strong):
            text = md_text(x.text.strip())
            out.append(f"**{text}**" if text else "")
        elif isinstance(x, Math):
            out.append(f"${x.latex}$")
        else:
            raise TypeError(x)
    text = "".join(out)
    return _md_line(text) if line_start else text.strip(" ")


def to_markdown(blocks: list, lang: str = "zh") -> str:
    from .locale import locale
    loc = locale(lang)
    out: list = []
    for b in blocks:
        if isinstance(b, Cover):
            facts = [f"**{md_text(b.number)}**"]
            if b.other_title:
                facts.append(md_text(b.other_title))
            line2 = [md_text(v) for v in (b.category, b.ics and f"ICS {b.ics}", b.ccs and f"CCS {b.ccs}", b.stage,
                                          b.released, b.implemented, b.issuer) if v]
            out.append(_md_line("　".join(facts)) + "\n\n" + _md_line(" · ".join(line2)) + "\n")
        elif isinstance(b, Heading):
            if b.anchor and b.level > 1:
                out.append(f'<a id="{b.anchor}"></a>\n')
            prefix = " ".join(p for p in (b.label or b.number, ) if p)
            text = md_text(b.title)
            out.append("#" * b.level + " " + (f"{md_text(prefix)} {text}" if prefix else text) + "\n")
        elif isinstance(b, Para):
            out.append(md_inlines(b.inlines) + "\n")
        elif isinstance(b, Bullets):
            if b.plain:
                out.append("\n".join(md_inlines(item) + "\n" for item in b.items))
            else:
                out.append("".join(f"- {md_inlines(item)}\n" for item in b.items))
        elif isinstance(b, Table):
            if b.caption:
                out.append(f'<p class="table-caption" markdown>{md_text(loc.tr("table_caption", number=b.number or "", title=b.caption))}</p>\n')

            def row(cells):
                return "| " + " | ".join(md_inlines(c, line_start=False) or " " for c in cells) + " |"
            lines = [row(b.head), "|" + "|".join("---" for _ in b.head) + "|"]
            lines += [row(r) for r in b.rows]
            out.append("\n".join(lines) + "\n")
        elif isinstance(b, MathBlock):
            tag = rf" \tag{{{b.tag}}}" if b.tag else ""
            out.append(f"$$\n{b.latex}{tag}\n$$\n")
        elif isinstance(b, Figure):
            out.append(f"![{md_text(b.caption)}]({b.src})\n\n{md_inlines((b.caption,))}\n")
        elif isinstance(b, Terms):
            for number, term, other, definition, source in b.entries:
                head = f"**{md_text(number)}**\n\n**{md_text(term)}**" + (f" {md_text(other)}" if other else "")
                tail = f"\n\n{md_text(loc.tr('term_source', source=source))}" if source else ""
                out.append(f"{head}\n\n{md_inlines((definition,))}{tail}\n")
        else:
            raise TypeError(b)
    return "\n".join(out)
