"""Publication data (docs/design/publication-fields.md): the header's cover and foreword fields,
the references, the symbols of formulas and the factors' bilingual sources, PCR130-PCR143.

None of it changes a number; the checks keep a draft that a committee receives consistent with
GB/T 1.1-2020 (what a draft still lacks is printed as a placeholder, and PCR141 says so first).
"""
from __future__ import annotations

import datetime
import re

from ..diagnostics import hint, msg, phrase
from ..domain.references import CCS, ICS, STANDARD_CODE, split
from ..domain.symbols import SymbolError, parse_symbol
from ..domain.vocabulary import CATEGORIES, STAGES
from ..syntax import ast
from .header import DATE

# the stages from which a draft goes out of the working group, with what the message calls them
SENT_OUT = {"draft_for_comment": "a draft for comment", "draft_for_approval": "a draft for approval",
            "final_draft": "a final draft", "published": "a published standard"}
FOREWORD = ("proposer", "committee", "drafting_units")
SYMBOLED = (ast.Input, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.Contribution)


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if DATE.match(text) else None
    except ValueError:
        return None


def _missing(text: ast.Text) -> str | None:
    """The language a text lacks (blank counts as missing): "en", "zh" or "both" (its phrase), or None."""
    zh, en = (text.zh or "").strip(), (text.en or "").strip()
    return None if zh and en else "en" if zh else "zh" if en else "both"


def _add_text(text: ast.Text):
    """The hint "add the English (en) text"."""
    return hint("add_text", missing=phrase(_missing(text)))


def check_fields(ctx, h: ast.Header, fields: dict) -> None:
    spans = {}
    for f in h.fields:
        spans.setdefault(f.key, f.span)
    for key, words, code, what in (("category", CATEGORIES, "PCR130", "document category"),
                                   ("stage", STAGES, "PCR131", "stage")):
        value = fields.get(key)
        if value is not None and value.value not in words:
            ctx.error(code, msg(value=value.value), value.span, ctx.suggest(value.value, words))
    released = fields.get("released")
    if released is not None and _date(released) is None:
        ctx.error("PCR132", msg(), spans["released"])
    effective = _date(fields["effective"]) if isinstance(fields.get("effective"), str) else None
    if released is not None and effective is not None and _date(released) is not None \
            and effective < _date(released):
        ctx.error("PCR133", msg(), spans["effective"],
                  hint("effective_before", effective=fields["effective"], released=released))
    for key, pattern, code, form in (("ics", ICS, "PCR134", "13.020.40"), ("ccs", CCS, "PCR135", "Z 04")):
        value = fields.get(key)
        if value is not None and not pattern.match(value):
            ctx.error(code, msg(value=value, form=form), spans[key])
    for key in ("proposer", "committee"):
        if key in fields and _missing(fields[key]):
            ctx.error("PCR138", msg("field", field=phrase(key)), fields[key].span,
                      _add_text(fields[key]))
    for unit in fields.get("drafting_units", ()):
        if _missing(unit):
            ctx.error("PCR138", msg("unit", unit=unit.zh or unit.en),
                      unit.span, _add_text(unit))
    stage = fields.get("stage")
    if stage is not None and stage.value in SENT_OUT:
        missing = [k.replace("_", " ") for k in FOREWORD if k not in fields]
        if missing:
            ctx.error("PCR141", msg(stage=phrase(stage.value), listed=phrase("or_list", items=tuple(missing))), stage.span)
    check_references(ctx, fields, spans)


def check_references(ctx, fields: dict, spans: dict) -> None:
    seen: dict[str, int] = {}
    entries = [(r, "normative") for r in fields.get("normative", ())]
    entries += [(r, "bibliography") for r in fields.get("bibliography", ())]
    entries += [(ast.Reference(r, None, spans["references"]), "references") for r in fields.get("references", ())]
    for r, where in entries:
        code = re.sub(r"\s+", " ", split(r.code)[0]).upper()
        if code in seen:
            ctx.error("PCR139", msg(code=r.code), r.span,
                      hint("listed_at", line=seen[code]))
            continue
        seen[code] = r.span.line
        if where != "normative":
            continue
        if r.title is None:
            ctx.error("PCR140", msg(code=r.code), r.span)
        if not STANDARD_CODE.match(r.code.strip()):
            ctx.error("PCR143", msg(code=r.code), r.span)


def check_declarations(ctx, decls) -> None:
    """The symbols (PCR136, PCR137) and bilingual sources (PCR142) of the rule's declarations."""
    named: set[str] = set()
    boxes: dict = {}  # layout box -> the name that declares it
    for d in decls:
        if not isinstance(d, SYMBOLED) or d.name.value in named:
            continue  # a name declared twice is reported (PCR202); its first declaration counts
        named.add(d.name.value)
        attributes = getattr(d, "attributes", ())
        symbol = next(((a.value, a.span) for a in attributes if a.key == "symbol"), None)
        if isinstance(d, (ast.Quantity, ast.Contribution)) and d.symbol is not None:
            symbol = (d.symbol, d.symbol_span or d.name.span)
        for a in attributes:
            if a.key == "source_text" and _missing(a.value):
                ctx.error("PCR142", msg(name=d.name.value), a.span,
                          _add_text(a.value))
        if symbol is None:
            continue
        text, span = symbol
        try:
            box = parse_symbol(text)
        except SymbolError as e:
            ctx.error("PCR136", msg(symbol=text, reason=str(e)), span)
            continue
        key = repr(box)  # boxes hold lists; two texts that typeset alike (spaces aside) are one symbol
        if key in boxes:
            ctx.error("PCR137", msg(symbol=text, first=boxes[key], second=d.name.value), span)
            continue
        boxes[key] = d.name.value
