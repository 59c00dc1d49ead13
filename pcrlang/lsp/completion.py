"""Completion: the names the document declares (and imports), units, gases, stage phases, and
the grammar's keywords. After `gas` only gases are offered, after `:` in an input or factor units."""
from __future__ import annotations

from ..domain import gases, units, vocabulary
from .analysis import Analysis
from .words import DECLARATION_KEYWORDS, KEYWORDS


def candidates(analysis: Analysis | None, line_text: str) -> list[tuple[str, str, str]]:
    """(label, kind, detail) for the text of the line up to the cursor."""
    before = line_text.rstrip()
    words = before.replace(",", " ").split()
    word_typed = line_text and (line_text[-1].isalnum() or line_text[-1] == "_")
    previous = words[-2] if word_typed and len(words) >= 2 else (words[-1] if words and not word_typed else "")
    gas_items = [(g, "gas", "greenhouse gas") for g in sorted(gases.GASES)]
    if previous == "gas":
        return gas_items
    unit_items = [(u, "unit", units.describe(units.lookup(u)[1])) for u in sorted(units.suggestions())]
    if previous.endswith(":") and words and words[0] in ("input", "factor", "table", "quantity", "column"):
        return unit_items
    out: list[tuple[str, str, str]] = []
    if analysis is not None:
        for name, symbol in sorted(analysis.symbols.items()):
            out.append((name, symbol.kind, symbol.kind))
    out += [(k, "keyword", "declaration") for k in DECLARATION_KEYWORDS]
    out += [(k, "keyword", "keyword") for k in sorted(KEYWORDS - set(DECLARATION_KEYWORDS))]
    out += unit_items + gas_items
    out += [(p, "phase", "life-cycle stage") for p in sorted(vocabulary.PHASES)]
    seen, unique = set(), []
    for item in out:
        if item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    return unique
