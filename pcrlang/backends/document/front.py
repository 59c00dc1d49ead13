"""The cover, the foreword and chapters 1 to 4: scope, normative references, terms and
definitions, goal of the quantification."""
from __future__ import annotations

from ... import __version__
from ...core.serialize import publication_fingerprint
from ...domain.vocabulary import BOUNDARY_KINDS, STATUSES
from .blocks import Bullets, Heading, Strong, Terms
from .builder import Builder
from .number import num
from .text import TERMS


def cover(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    title = loc.t(rs.title) or rs.identifier
    b.add(Heading(1, None, None, title, "top"))
    other = getattr(rs.title, loc.other)
    b.p(Strong(rs.identifier), f"　{other}" if other and other != title else None, style="cover")


def foreword(b: Builder) -> None:
    rs, loc = b.rs, b.loc
    b.add(Heading(2, None, None, loc.tr("foreword"), "foreword"))
    b.p(loc.tr("drafting"))
    b.p(loc.tr("patents"))
    b.p(loc.tr("generated"))
    b.kv([
        (loc.tr("identifier"), rs.identifier),
        (loc.tr("version"), rs.version),
        (loc.tr("status"), loc.label(STATUSES, rs.status)),
        (loc.tr("issuer"), loc.t(rs.issuer) or loc.tr("not_stated")),
        (loc.tr("effective"), rs.effective or loc.tr("not_stated")),
        (loc.tr("fingerprint"), b.fingerprint),
        (loc.tr("publication_fingerprint"), publication_fingerprint(rs)),
        (loc.tr("compiler"), f"pcrlang {__version__}"),
    ])


def scope(b: Builder, c, name) -> None:
    b.p(b.loc.tr("scope_text"))
    b.p(b.loc.t(b.rs.scope))


def references(b: Builder, c, name) -> None:
    if not b.rs.references:
        b.p(b.loc.tr("no_references"))
        return
    b.p(b.loc.tr("references_intro"))
    b.add(Bullets(tuple((r,) for r in b.rs.references)))


def terms(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("terms_intro"))
    b.add(Terms(tuple((loc.pick((t_zh, t_en)), t_en if loc.gloss else None, loc.pick((d_zh, d_en)))
                      for t_zh, t_en, d_zh, d_en in TERMS)))


def goal(b: Builder, c, name) -> None:
    rs, loc = b.rs, b.loc
    b.p(loc.tr("goal_text", unit=f"{num(rs.declared_amount)} {rs.declared_unit}",
               boundary=loc.label(BOUNDARY_KINDS, rs.boundary_kind)))


CLAUSES = {"scope": scope, "references": references, "terms": terms, "goal": goal}
