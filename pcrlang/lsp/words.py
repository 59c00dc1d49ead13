"""The words an editor offers and highlights, all read from the grammar (never a hand list).

`pcrlang.syntax.keywords` (the keywords derived from the Lark grammar) is used when it exists;
until then the same words are read here from the terminals Lark compiles from the grammar.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[a-z_][a-z0-9_]*")


def _derive() -> tuple[frozenset, tuple]:
    from ..syntax.parse import parser
    p = parser()
    terminals = {t.name: t for t in p.terminals}

    def word(name):
        t = terminals.get(name)
        if t is not None and t.pattern.type == "str" and _WORD.fullmatch(t.pattern.value):
            return t.pattern.value
        return None

    every = frozenset(w for w in map(word, terminals) if w)
    rules: dict[str, list] = {}
    for rule in p.rules:
        rules.setdefault(rule.origin.name, []).append(rule.expansion)
    starts = set()
    for expansion in rules.get("declaration", ()):
        head = expansion[0] if expansion else None
        if head is None:
            continue
        if head.is_term:
            starts.add(word(head.name))
        else:
            starts |= {word(e[0].name) for e in rules.get(head.name, ()) if e and e[0].is_term}
    return every, tuple(sorted(w for w in starts if w))


try:  # the keywords module of the syntax package, where it exists
    from ..syntax.keywords import DECLARATION_KEYWORDS, KEYWORDS  # type: ignore[attr-defined]
except ImportError:
    KEYWORDS, DECLARATION_KEYWORDS = _derive()

#: every word the grammar spells out (contextual keywords: usable as names elsewhere)
KEYWORDS = frozenset(KEYWORDS)
#: the words that start a top-level declaration
DECLARATION_KEYWORDS = tuple(DECLARATION_KEYWORDS)
