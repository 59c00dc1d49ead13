"""The cover, the foreword and chapters 1 to 4: scope, normative references, terms and
definitions, goal of the quantification; the bibliography and the colophon after the annexes.

What the rule does not give (proposer, committee, drafting units, drafters, dates) is printed as a
visible placeholder 【待填写：…】, so a drafting group sees what is still to be completed."""
from __future__ import annotations

import re

from ... import __version__
from ...core import ir
from ...core.serialize import publication_fingerprint
from ...domain.vocabulary import BOUNDARY_KINDS, CATEGORIES, PARTIAL_BOUNDARIES, STAGES
from .blocks import Bullets, Cover, Heading, Para, Terms
from .builder import Builder
from .number import num, unit_text
from .text import TERM_SOURCES, TERMS

PARTIAL = PARTIAL_BOUNDARIES  # GB/T 24067: the result is a partial carbon footprint


def document_number(identifier: str) -> str:
    """The number as GB/T 1.1 prints it: the year after an em dash (T/CNIA 0123—2025)."""
    return re.sub(r"\s*[-–]\s*((?:19|20)\d\d)$", r"—\1", identifier.strip())


def reference_code(r: ir.Reference) -> str:
    if r.year is None:
        return r.code
    sep = ":" if re.match(r"^(ISO|IEC|EN|ITU)\b", r.code) else "—"
    return f"{r.code}{sep}{r.year}"


def cover(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    title = loc.t(rs.title) or rs.identifier
    other = getattr(rs.title, loc.other)
    stage = rs.stage
    if stage is None:
        stage = "published" if rs.status == "issued" else "working_draft"
    stage_label = loc.label(STAGES, stage) if stage != "published" else None
    issuer = loc.t(rs.issuer)
    b.add(Heading(1, None, None, title, "top"))
    b.add(Cover(
        category=loc.label(CATEGORIES, rs.category or "group"), number=document_number(rs.identifier),
        ics=rs.ics, ccs=rs.ccs, title=title, other_title=other if other and other != title else None,
        stage=stage_label, stage_note=loc.tr("stage_note") if stage == "draft_for_comment" else None,
        released=loc.tr("released_on", date=rs.released or loc.tr("placeholder", what=loc.tr("ph_date"))),
        implemented=loc.tr("implemented_on", date=rs.effective or loc.tr("placeholder", what=loc.tr("ph_date"))),
        issuer=loc.tr("issued_by", who=issuer or loc.tr("placeholder", what=loc.tr("ph_issuer"))),
        replaces=rs.replaces))


def foreword(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    b.add(Heading(2, None, None, loc.tr("foreword"), "foreword"))
    b.p(loc.tr("drafted_by"))
    if rs.replaces:
        b.p(loc.tr("replaces_text", number=rs.replaces))
    b.p(loc.tr("patents"))

    def who(value, what):
        return value or loc.tr("placeholder", what=loc.tr(what))
    b.p(loc.tr("proposed_by", who=who(loc.t(rs.proposer), "ph_proposer")))
    b.p(loc.tr("committee_by", who=who(loc.t(rs.committee), "ph_committee")))
    units = loc.sep.join(loc.t(u) for u in rs.drafting_units if loc.t(u))
    b.p(loc.tr("drafting_units", who=who(units, "ph_units")))
    b.p(loc.tr("drafters", who=who(loc.sep.join(rs.drafters), "ph_drafters")))


def product_subject(b: Builder) -> str:
    """What the document quantifies: 水泥产品部分碳足迹量化 (the product from the declared unit's text)."""
    rs, loc = b.rs, b.loc
    title = loc.t(rs.title) or ""
    product = re.sub(r"(产品)?(部分)?碳足迹.*$", "", title) if loc.lang == "zh" else \
        re.sub(r"^.*\bfor\s+", "", title, flags=re.I)
    product = product.strip() or (loc.t(rs.declared_text) or "")
    key = "subject_partial" if rs.boundary_kind in PARTIAL else "subject_full"
    return loc.tr(key, product=product)


def scope(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("scope_subject", subject=product_subject(b)))
    text = loc.t(b.rs.scope)
    if text:
        if loc.lang == "zh" and text.startswith("适用于"):
            text = loc.tr("scope_applies", text=text)
        elif loc.lang == "en" and text.lower().startswith("applies to"):
            text = loc.tr("scope_applies", text="a" + text[1:])
        b.p(text)


def references(b: Builder, c, name) -> None:
    loc = b.loc
    if not b.rs.normative:
        b.p(loc.tr("no_references"))
        return
    b.p(loc.tr("references_intro"))
    items = []
    for r in b.rs.normative:
        title = loc.t(r.title)
        items.append((reference_code(r) + ("\u3000" + title if title else ""),))
    b.add(Bullets(tuple(items), plain=True))


def terms(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("terms_intro"))
    entries = []
    k = 0
    for t_zh, t_en, d_zh, d_en in TERMS:
        if t_zh == "产品部分碳足迹" and b.rs.boundary_kind not in PARTIAL:
            continue
        k += 1
        source = TERM_SOURCES.get(t_en)
        if source and loc.lang == "zh":
            source = source.replace(", ", "，")
        entries.append((f"{c.number}.{k}", loc.pick((t_zh, t_en)), t_en if loc.gloss else None,
                        loc.pick((d_zh, d_en)), source))
    for t in b.rs.terms:
        k += 1
        entries.append((f"{c.number}.{k}", loc.t(t.term) or "", t.term.en if loc.gloss else None,
                        loc.t(t.definition) or "", t.source))
    b.add(Terms(tuple(entries)))


def goal(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    key = "goal_text_partial" if rs.boundary_kind in PARTIAL else "goal_text"
    b.p(loc.tr(key, unit=f"{num(rs.declared_amount)} {unit_text(rs.declared_unit)}",
               boundary=loc.label(BOUNDARY_KINDS, rs.boundary_kind)))


def bibliography(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    if not rs.bibliography:
        return
    b.add(Heading(2, None, None, loc.tr("bibliography"), "bibliography"))
    for k, r in enumerate(rs.bibliography, 1):
        title = loc.t(r.title)
        b.p(f"[{k}]\u3000{reference_code(r)}" + (f"{loc.comma if loc.lang == 'zh' else ', '}{title}" if title else ""),
            style="reference")


def colophon(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    b.add(Para((loc.tr("colophon", version=__version__, identifier=rs.identifier, rule_version=rs.version,
                       fingerprint=b.fingerprint, publication=publication_fingerprint(rs)),), "colophon"))


CLAUSES = {"scope": scope, "references": references, "terms": terms, "goal": goal}
