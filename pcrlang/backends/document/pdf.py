"""The PDF route: the Word file (docx.py) rendered by LibreOffice (`soffice --headless
--convert-to pdf`), so the PDF is the document a drafting group would print from Word: the same
styles, the formulas as Office Math (LibreOffice typesets them with its own math engine), Chinese
text in the installed CJK fonts (Debian: fonts-noto-cjk).

The table of contents gets its page numbers from a first rendering: the text of each page
(pdftotext, poppler-utils) tells on which page each heading fell; the docx is then written again
with those numbers in the TOC field's cached result and rendered a second time. Without
pdftotext the TOC lists the headings without page numbers.

Measured (cement, zh): about 3 s a rendering, two renderings. LibreOffice runs with a private
profile in a temporary directory, so parallel runs do not share one. WeasyPrint was measured
before and rejected (it flattens MathML formulas to text); typst would need its own writer.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from typing import Optional

from .blocks import Heading


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or failed): the message says what to install."""


def soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: bytes, workdir: str, timeout: float = 240) -> bytes:
    """One LibreOffice rendering of a docx to PDF bytes."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("the PDF is rendered by LibreOffice, which is not installed: install it (Debian: apt-get install "
                             "libreoffice-writer-nogui) or write --format docx and print from Word")
    src = os.path.join(workdir, "document.docx")
    with open(src, "wb") as f:
        f.write(docx)
    profile = os.path.join(workdir, "profile")
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
           "--outdir", workdir, src]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, env={**os.environ, "HOME": workdir})
    except subprocess.TimeoutExpired:
        raise PdfUnavailable(f"LibreOffice did not finish converting within {timeout:.0f} s") from None
    out = os.path.join(workdir, "document.pdf")
    if not os.path.exists(out):
        raise PdfUnavailable("LibreOffice could not convert the document: "
                             + (done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"))
    with open(out, "rb") as f:
        data = f.read()
    os.remove(out)
    return data


def page_texts(pdf: bytes, workdir: str) -> list:
    """The text of each page, or [] without pdftotext."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return []
    path = os.path.join(workdir, "pass1.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    done = subprocess.run([exe, "-layout", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=120)
    if done.returncode != 0:
        return []
    return done.stdout.decode("utf-8", "replace").split("\f")


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000.…·]+", "", text)


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def locate(blocks: list, pages: list, lang: str) -> dict:
    """anchor -> printed page number of each heading the TOC lists, from the pages' text: the
    cover is page 1, the front matter is numbered I, II, ..., the body from 1."""
    if not pages:
        return {}
    heads = [b for b in blocks if isinstance(b, Heading) and 2 <= b.level <= 3]
    if not heads:
        return {}
    gap = "\u3000" if lang == "zh" else " "
    norm_pages = [_norm(p) for p in pages]
    # the front matter begins after the TOC: the first page after page 2 that begins with the foreword's title
    first = heads[0]
    start = next((k for k in range(2, len(pages)) if norm_pages[k].startswith(_norm(first.title))), None)
    if start is None:
        return {}
    found = {}
    k = start
    for h in heads:
        if h.label:
            key = _norm(h.label) + _norm(h.title)
        elif h.number is None:
            key = _norm(h.title)
        else:
            key = _norm(f"{h.number}{gap}{h.title}")
        j = next((j for j in range(k, len(pages)) if key in norm_pages[j]), None)
        if j is None:
            return {}
        found[h] = j
        k = j
    body_start = next((found[h] for h in heads if h.number is not None), None)
    out = {}
    for h, j in found.items():
        if body_start is not None and j >= body_start and (h.number is not None or j > body_start):
            out[h.anchor] = str(j - body_start + 1)
        else:
            out[h.anchor] = roman(j - 1)  # physical page 2 (index 1) is front-matter page I
    return out


_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{4,14})")
_ID = re.compile(rb"/ID \[ ?<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)> ?\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")


def deterministic(pdf: bytes) -> bytes:
    """The same document gives the same bytes: LibreOffice's time stamps become 1980-01-01 and the
    file identifier and checksum are derived from the content. Every replacement keeps its length,
    so the cross-reference offsets stay right."""
    out = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + b"19800101000000"[:len(m.group(2))], pdf)
    blank = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)), _ID.sub(
        lambda m: b"/ID [ <" + b"0" * len(m.group(1)) + b">\n<" + b"0" * len(m.group(2)) + b"> ]", out))
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    out = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest[:len(m.group(1))])
                  .replace(m.group(2), digest[:len(m.group(2))]), out)
    return _CHECKSUM.sub(lambda m: b"/DocChecksum /" + digest[:len(m.group(1))], out)


def to_pdf(blocks: list, make_docx, lang: str) -> bytes:
    """The PDF of a document: `make_docx(pages)` writes the docx with the TOC's page numbers."""
    with tempfile.TemporaryDirectory(prefix="pcrlang-pdf-") as workdir:
        first = convert(make_docx(None), workdir)
        pages = locate(blocks, page_texts(first, workdir), lang)
        if not pages:
            return deterministic(first)
        return deterministic(convert(make_docx(pages), workdir))
