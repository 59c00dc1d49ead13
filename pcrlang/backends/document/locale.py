"""The document's language: which ruleset text to show, the fixed text, and the punctuation and
joining in which Chinese and English differ.

There is one frozen `Locale` per language. The builder, the diagram and the writers ask it for a
separator or a bracket instead of testing the language, so a sentence is assembled the same way
in both languages and only the locale's pieces differ.
"""
from __future__ import annotations

from typing import Optional

import attrs

from ...core import ir
from .text import TEXT

LANGS = ("zh", "en")


@attrs.frozen(slots=True)
class Locale:
    lang: str
    other: str  # the other language of the ruleset's texts
    html_lang: str  # the lang attribute of the HTML page
    sep: str  # between the items of a list: 、 or ", "
    comma: str  # between the parts of one item: ， or ", "
    semicolon: str  # ； or "; "
    colon: str  # ： or ": "
    stop: str  # the end of a sentence: 。 or "."
    open: str  # an aside in brackets: （ or " ("
    close: str  # ） or ")"
    gloss: bool  # a term is given with its English equivalent (GB/T 1.1 clause 3)

    @property
    def index(self) -> int:
        return LANGS.index(self.lang)

    def t(self, text: Optional[ir.Text]) -> Optional[str]:
        """A ruleset text in the document's language, else in the other one."""
        if text is None:
            return None
        first, second = getattr(text, self.lang), getattr(text, self.other)
        return first if first else (second or None)

    def tr(self, key: str, **kw) -> str:
        """A fixed text (see text.py), formatted with `kw`."""
        text = TEXT[key][self.index]
        return text.format(**kw) if kw else text

    def pick(self, pair: tuple):
        """The member of a (zh, en) pair for this language."""
        return pair[self.index]

    def label(self, vocabulary: dict, name: str) -> str:
        """The label of a word of a domain vocabulary (name -> Term); the name itself if unknown."""
        term = vocabulary.get(name)
        return term.label(self.lang) if term is not None else name

    def aside(self, text: str) -> str:
        """`text` in brackets after what precedes it: （text） or ` (text)`."""
        return f"{self.open}{text}{self.close}"


LOCALES = {
    "zh": Locale("zh", "en", "zh-CN", sep="、", comma="，", semicolon="；", colon="：", stop="。",
                 open="（", close="）", gloss=True),
    "en": Locale("en", "zh", "en", sep=", ", comma=", ", semicolon="; ", colon=": ", stop=".",
                 open=" (", close=")", gloss=False),
}


def locale(lang: str) -> Locale:
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return LOCALES[lang]


def choose(text: Optional[ir.Text], lang: str) -> Optional[str]:
    """A ruleset text in the language `lang`, else in the other one."""
    return locale(lang).t(text)


def tr(key: str, lang: str, **kw) -> str:
    return locale(lang).tr(key, **kw)


def pick(pair: tuple, lang: str):
    return locale(lang).pick(pair)
