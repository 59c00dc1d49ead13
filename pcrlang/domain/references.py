"""Referenced documents and cover codes as GB/T 1.1-2020 writes them (docs/design/publication-fields.md).

The lowering splits a reference into code and year; the checker compares codes (PCR139), tells
a standard's code from other documents (PCR143) and validates the ICS and CCS codes (PCR134,
PCR135). One home for the patterns, so the two agree.
"""
from __future__ import annotations

import re

# "GB/T 24067—2024", "ISO 14067:2018": the code, then the year after an em or en dash, a hyphen or a colon
DATED = re.compile(r"^(?P<code>.*?\S)\s*(?:[—–-]|:)\s*(?P<year>(?:19|20)\d\d)$")
# a standard's code: national, sector and group standards, international and foreign standards bodies
STANDARD_CODE = re.compile(r"^(?:GB|GB/T|GB/Z|HJ|JJF|T/|DB|QB|YB|JC|ISO|IEC|EN|ASTM|ITU|PAS)\b|^[A-Z]{1,5}/[A-Z]?\s?\d")
ICS = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")  # 13.020.40
CCS = re.compile(r"^[A-Z] ?\d{2}$")  # Z 04


def split(written: str) -> tuple[str, str | None]:
    """(code, year) of a reference as written; year None for an undated reference."""
    m = DATED.match(written.strip())
    return (m.group("code"), m.group("year")) if m else (written.strip(), None)
