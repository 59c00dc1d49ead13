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
    latex: str
    mathml: str  # inner MathML (inside <math>)


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


@frozen
class Bullets:
    items: tuple  # each a tuple of inlines


@frozen
class MathBlock:
    latex: str
    mathml: str
    tag: Optional[str] = None  # equation number, e.g. "1"
    long: bool = False  # set smaller in HTML (MathML has no line breaking)


@frozen
class Figure:
    svg: str
    src: str
    caption: str


@frozen
class Terms:
    entries: tuple  # (term, other-language term, definition)


def anchor(number: str) -> str:
    """The HTML id of a clause: `clause-5-2-1`."""
    return "clause-" + re.sub(r"[^A-Za-z0-9]+", "-", number)


# a validated identifier: the only text that appears in a code span
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Control characters and line breaks become spaces: ruleset text stays inside its block."""
    return _CONTROL.sub(" ", text)
