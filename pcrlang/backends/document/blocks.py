"""The document model: the blocks (headings, paragraphs, tables, lists, formulas, a figure, the
terms) and the inlines inside them. Their text is plain strings; the writers escape every string
they emit (markdown.py, html.py), so no ruleset text can become markup.
"""
from __future__ import annotations

import re
from typing import Optional

import attrs

frozen = attrs.frozen(slots=True)


@frozen
class Code:
    name: str  # an identifier


@frozen
class Formula:
    text: str  # a formula as written in the ruleset: a code span when it holds only safe characters


@frozen
class Link:
    text: str
    anchor: str


@frozen
class Strong:
    text: str


@frozen
class Math:
    """A formula inline: its layout box (formula.py), written by each writer as LaTeX, MathML or
    OMML from the same tree."""
    box: tuple

    @property
    def latex(self) -> str:
        return _fm().latex(self.box).strip()

    @property
    def mathml(self) -> str:  # inner MathML (inside <math>)
        return _fm().mathml(self.box)

    @property
    def omml(self) -> str:  # inner OMML (inside <m:oMath>)
        return _fm().omml(self.box)


@frozen
class Heading:
    level: int
    number: Optional[str]
    label: Optional[str]  # the annex label, e.g. "Annex A (normative)"
    title: str
    anchor: str


@frozen
class Para:
    inlines: tuple
    style: str = ""


@frozen
class Table:
    head: tuple  # cells; a cell is a tuple of inlines
    rows: tuple
    style: str = ""
    caption: str = ""  # the table's title (GB/T 1.1: 表 1　title), numbered by outline.py
    number: Optional[str] = None  # "1", "A.1"


@frozen
class Cover:
    """The cover page (GB/T 1.1-2020, 8.1): the facts a writer lays out as it can."""
    category: str  # 团体标准 / Group standard
    number: str  # T/XXX nnnn—yyyy
    ics: Optional[str]
    ccs: Optional[str]
    title: str
    other_title: Optional[str]  # the title in the other language
    stage: Optional[str]  # 征求意见稿 ... ; None when published
    stage_note: Optional[str]  # the patent request on a draft for comment
    released: Optional[str]  # "2025-06-30 发布"
    implemented: Optional[str]  # "2025-10-01 实施"
    issuer: Optional[str]  # "中国××协会　发布"
    replaces: Optional[str] = None


@frozen
class Bullets:
    items: tuple  # each a tuple of inlines
    plain: bool = False  # a list without dashes (the normative references)


@frozen
class MathBlock:
    box: tuple  # the layout box of the whole equation
    tag: Optional[str] = None  # equation number, e.g. "1" or "A.1" (numbered by outline.py)
    long: bool = False  # set smaller in HTML (MathML has no line breaking)

    @property
    def latex(self) -> str:
        return _fm().latex(self.box).strip()

    @property
    def mathml(self) -> str:
        return _fm().mathml(self.box)

    @property
    def omml(self) -> str:
        return _fm().omml(self.box)


@frozen
class Figure:
    svg: str
    src: str
    caption: str


@frozen
class Terms:
    entries: tuple  # (number, term, other-language term, definition, source or None)


def _fm():
    from . import formula
    return formula


def anchor(number: str) -> str:
    """The HTML id of a clause: `clause-5-2-1`."""
    return "clause-" + re.sub(r"[^A-Za-z0-9]+", "-", number)


# a validated identifier: the only text that appears in a code span
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Control characters and line breaks become spaces: ruleset text stays inside its block."""
    return _CONTROL.sub(" ", text)
