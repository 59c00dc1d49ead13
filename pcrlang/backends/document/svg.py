"""The system boundary diagram (SVG): stages left to right in order, their processes in boxes
below, the declared product on the right, exclusions in a dashed box underneath.

Text is escaped for XML (`<>&"'`, control characters become spaces) and wrapped by an upper
estimate of its width (wide CJK characters 1 em, others 0.6 em).
"""
from __future__ import annotations

import html
import re

from ...core import ir
from ...domain.vocabulary import BOUNDARY_KINDS
from .blocks import clean
from .locale import locale
from .number import num

SVG_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans', sans-serif"


def _xml(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _width(text: str, size: float) -> float:
    """An upper estimate of the rendered width: wide (CJK) characters 1 em, others 0.6 em."""
    return sum(size if _wide(ch) else 0.6 * size for ch in text)


def _wide(ch: str) -> bool:
    o = ord(ch)
    return (0x1100 <= o <= 0x115F or 0x2E80 <= o <= 0xA4CF or 0xAC00 <= o <= 0xD7A3 or 0xF900 <= o <= 0xFAFF
            or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6 or o >= 0x20000)


def _wrap(text: str, width: float, size: float, max_lines: int = 4) -> list:
    """Lines of at most `width`: breaks at spaces, or anywhere next to a wide character."""
    text = " ".join(clean(text).split())
    tokens = [(m.group(1), m.group(2)) for m in re.finditer(
        r"(\s*)([^\s\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60]+|\S)", text)]
    lines: list = []
    line = ""
    for space, tok in tokens:
        sep = " " if line and space else ""
        if line and _width(line + sep + tok, size) > width:
            lines.append(line)
            line = tok
        else:
            line = line + sep + tok
        while _width(line, size) > width and len(line) > 1:  # a single token too long: cut it
            cut = len(line)
            while cut > 1 and _width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines or [""]


def boundary_svg(rs: ir.Ruleset, lang: str, standalone: bool = False) -> str:
    """The system boundary: stages left to right in order, their processes in boxes below,
    the declared product on the right, exclusions in a dashed box underneath."""
    loc = locale(lang)

    def t(text, fallback: str) -> str:
        return loc.t(text) or fallback
    size, small = 14.0, 12.0
    col, gap, pad = 210.0, 44.0, 16.0
    line_h, small_h = 18.0, 16.0
    margin = 20.0
    kind = rs.boundary_kind
    title = loc.tr("svg_title", kind=loc.label(BOUNDARY_KINDS, kind)) if kind in BOUNDARY_KINDS else kind
    stages = []
    for s in rs.stages:
        head = _wrap(f"{s.clause} {t(s.text, s.name)}", col - 2 * pad + 8, size, 3)
        procs = [_wrap(t(p.text, p.name), col - 2 * pad - 8, small, 4) for p in s.processes]
        stages.append((s, head, procs))
    n = max(len(stages), 1)
    head_h = max([len(h) for _, h, _ in stages] + [1]) * line_h + 14
    body_h = max([sum(len(p) * small_h + 16 + 10 for p in procs) for _, _, procs in stages] + [0])
    top = margin + 34.0
    inner_top = top + 30.0
    boundary_h = 30.0 + head_h + 14 + body_h + 10
    product_w = 150.0
    declared = f"{num(rs.declared_amount)} {rs.declared_unit}"
    product_lines = _wrap(t(rs.declared_text, declared), product_w - 16, small, 4)
    boundary_w = n * col + (n - 1) * gap + 2 * pad
    width = margin + boundary_w + gap + product_w + margin
    out: list = []
    excl_lines = []
    for x in rs.exclusions:
        reason = loc.t(x.reason)
        label = t(x.text, x.name) + (loc.colon + reason if reason else "")
        excl_lines.extend(_wrap("× " + label, boundary_w - 2 * pad, small, 3))
    excl_h = (len(excl_lines) * small_h + 40) if rs.exclusions else 0
    height = top + boundary_h + (24 + excl_h if rs.exclusions else 0) + margin
    label = loc.tr("boundary_alt")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    out.append(f'{head}<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
               f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{_xml(label)}" '
               f'font-family="{_xml(SVG_FONT)}" font-size="{size:g}">')
    out.append(f"<title>{_xml(label)}</title>")
    out.append('<defs><marker id="pcr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
               'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>')
    out.append(f'<text x="{margin:g}" y="{margin + 16:g}" font-size="16" font-weight="bold" fill="#222">{_xml(title)}</text>')
    bx = margin
    out.append(f'<rect x="{bx:g}" y="{top:g}" width="{boundary_w:g}" height="{boundary_h:g}" rx="8" '
               f'fill="#f7f9fc" stroke="#2b5797" stroke-width="2"/>')
    for k, (s, head_lines, procs) in enumerate(stages):
        x = bx + pad + k * (col + gap)
        y = inner_top
        out.append(f'<rect x="{x:g}" y="{y:g}" width="{col:g}" height="{head_h:g}" rx="4" fill="#2b5797"/>')
        for j, ln in enumerate(head_lines):
            out.append(f'<text x="{x + col / 2:g}" y="{y + 22 + j * line_h:g}" text-anchor="middle" fill="#fff" '
                       f'font-weight="bold">{_xml(ln)}</text>')
        if k:
            ay = y + head_h / 2
            out.append(f'<line x1="{x - gap + 4:g}" y1="{ay:g}" x2="{x - 4:g}" y2="{ay:g}" stroke="#444" '
                       f'stroke-width="2" marker-end="url(#pcr-arrow)"/>')
        py = y + head_h + 14
        for lines in procs:
            h = len(lines) * small_h + 16
            out.append(f'<rect x="{x + 8:g}" y="{py:g}" width="{col - 16:g}" height="{h:g}" rx="3" fill="#fff" '
                       f'stroke="#6b84b3"/>')
            for j, ln in enumerate(lines):
                out.append(f'<text x="{x + col / 2:g}" y="{py + 20 + j * small_h:g}" text-anchor="middle" '
                           f'font-size="{small:g}" fill="#222">{_xml(ln)}</text>')
            py += h + 10
    # the declared product
    px = bx + boundary_w + gap
    ph = len(product_lines) * small_h + 40
    py = inner_top
    out.append(f'<line x1="{bx + boundary_w - pad + 4:g}" y1="{py + head_h / 2:g}" x2="{px - 4:g}" '
               f'y2="{py + head_h / 2:g}" stroke="#444" stroke-width="2" marker-end="url(#pcr-arrow)"/>')
    out.append(f'<rect x="{px:g}" y="{py:g}" width="{product_w:g}" height="{ph:g}" rx="4" fill="#fff" '
               f'stroke="#2b5797" stroke-width="2"/>')
    out.append(f'<text x="{px + product_w / 2:g}" y="{py + 20:g}" text-anchor="middle" font-size="{small:g}" '
               f'font-weight="bold" fill="#2b5797">{_xml(declared)}</text>')
    for j, ln in enumerate(product_lines):
        out.append(f'<text x="{px + product_w / 2:g}" y="{py + 38 + j * small_h:g}" text-anchor="middle" '
                   f'font-size="{small:g}" fill="#222">{_xml(ln)}</text>')
    if rs.exclusions:
        ey = top + boundary_h + 24
        excl_title = loc.tr("svg_excluded")
        clause = next((c.number for c in rs.clauses if c.subject == "exclusions"), "")
        out.append(f'<rect x="{bx:g}" y="{ey:g}" width="{boundary_w:g}" height="{excl_h:g}" rx="6" fill="#fff" '
                   f'stroke="#888" stroke-width="1.5" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{bx + pad:g}" y="{ey + 22:g}" font-size="{small:g}" font-weight="bold" fill="#555">'
                   f'{_xml(f"{excl_title} ({clause})" if clause else excl_title)}</text>')
        for j, ln in enumerate(excl_lines):
            out.append(f'<text x="{bx + pad:g}" y="{ey + 42 + j * small_h:g}" font-size="{small:g}" fill="#555">'
                       f'{_xml(ln)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

