"""The keywords of pcrlang, read from the grammar (grammar/pcrlang.lark) through Lark.

Nothing here is written by hand: the words that start a top-level declaration, the fields of a
ruleset or library header, the words of formulas and every other word the grammar spells out
are taken from the terminals and rules Lark compiles from the grammar file. So a declaration
form added to the grammar is known at once to the parser's error recovery (parse.py), to the
syntax highlighter (highlight.py) and to the tests.

Keywords are contextual (a word is a keyword only where the grammar expects it), so these sets
say which words *can* be keywords, not which words are reserved.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import lark

__all__ = [
    "grammar_path", "load_grammar", "DECLARATION_KEYWORDS", "DECLARATION_FOLLOW", "HEADER_FIELDS",
    "FORMULA_KEYWORDS", "KEYWORDS",
]


def grammar_path() -> Path:
    """The grammar ships inside the package (wheel) or sits in grammar/ of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "grammar" / "pcrlang.lark", package.parent / "grammar" / "pcrlang.lark"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("pcrlang.lark not found: the installation is incomplete")


def _cache_file() -> str | bool:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        os.makedirs(os.path.join(base, "pcrlang"), exist_ok=True)
        return os.path.join(base, "pcrlang", "grammar-%s.lark.cache" % lark.__version__)
    except OSError:
        return False  # no writable cache: build the tables each time (about 250 ms)


def load_grammar(**options) -> lark.Lark:
    """The LALR parser of the grammar with the contextual lexer (options: transformer, callbacks).

    Every instance has the same grammar options, so all of them share one cache file."""
    return lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                     cache=_cache_file(), **options)


@lru_cache(maxsize=None)
def _grammar() -> lark.Lark:
    return load_grammar()


_WORD = re.compile(r"[a-z_][a-z0-9_]*")


def _word_of(terminal) -> str | None:
    """The word a keyword terminal spells (`RULESET: "ruleset"`, or an anonymous `"status"`)."""
    pattern = terminal.pattern
    if pattern.type == "str" and _WORD.fullmatch(pattern.value):
        return pattern.value
    return None


class _Analysis:
    """FIRST sets over the compiled rules of the grammar (the textbook fixpoint)."""

    def __init__(self, grammar: lark.Lark) -> None:
        self.rules: dict[str, list[list]] = {}
        for rule in grammar.rules:
            self.rules.setdefault(rule.origin.name, []).append(list(rule.expansion))
        self.terminals = {t.name: t for t in grammar.terminals}
        self.nullable: set[str] = set()
        self.first: dict[str, set[str]] = {name: set() for name in self.rules}
        changed = True
        while changed:
            changed = False
            for name, expansions in self.rules.items():
                for expansion in expansions:
                    first = self.first_of(expansion)
                    if not first <= self.first[name]:
                        self.first[name] |= first
                        changed = True
                    if name not in self.nullable and self.is_nullable(expansion):
                        self.nullable.add(name)
                        changed = True

    def is_nullable(self, symbols) -> bool:
        return all(not s.is_term and s.name in self.nullable for s in symbols)

    def first_of(self, symbols) -> set[str]:
        out: set[str] = set()
        for s in symbols:
            if s.is_term:
                out.add(s.name)
                return out
            out |= self.first.get(s.name, set())
            if s.name not in self.nullable:
                return out
        return out

    def starts(self, name: str, rest: set[str], seen: frozenset = frozenset()) -> dict[str, set[str]]:
        """For each terminal that can begin `name`: the terminals that can come right after it.

        `rest` is what may follow `name` itself (used when the remainder of a rule is empty)."""
        out: dict[str, set[str]] = {}
        if name in seen:
            return out
        for expansion in self.rules.get(name, ()):
            head, tail = expansion[0] if expansion else None, expansion[1:]
            if head is None:
                continue
            after = self.first_of(tail) | (rest if self.is_nullable(tail) else set())
            if head.is_term:
                out.setdefault(head.name, set()).update(after)
            else:
                for terminal, follow in self.starts(head.name, after, seen | {name}).items():
                    out.setdefault(terminal, set()).update(follow)
        return out

    def words_reachable(self, name: str) -> set[str]:
        """Keyword words in the rules reachable from `name`."""
        seen, todo, words = set(), [name], set()
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for expansion in self.rules.get(n, ()):
                for s in expansion:
                    if s.is_term:
                        word = _word_of(self.terminals[s.name]) if s.name in self.terminals else None
                        if word:
                            words.add(word)
                    else:
                        todo.append(s.name)
        return words


def _word_pattern(terminal) -> re.Pattern:
    """A terminal's regular expression; a keyword must not be the start of a longer name."""
    regexp = terminal.pattern.to_regexp()
    if _word_of(terminal) is not None:
        regexp += r"(?![A-Za-z0-9_])"
    return re.compile(regexp)


def _derive():
    analysis = _Analysis(_grammar())
    terminals = analysis.terminals
    starts = analysis.starts("declaration", set())
    declarations: dict[str, tuple[re.Pattern, ...]] = {}
    for terminal, follow in starts.items():
        word = _word_of(terminals[terminal])
        if word is None:
            raise lark.exceptions.GrammarError(f"declaration starts with {terminal}, not a keyword")
        declarations[word] = tuple(_word_pattern(terminals[t]) for t in sorted(follow) if t in terminals)
    header = sorted({_word_of(terminals[t]) for t in analysis.first.get("header_item", ())} - {None})
    formula = sorted(analysis.words_reachable("expr"))
    every = sorted({w for w in map(_word_of, terminals.values()) if w is not None})
    return declarations, tuple(header), tuple(formula), frozenset(every)


_DECLARATIONS, HEADER_FIELDS, FORMULA_KEYWORDS, KEYWORDS = _derive()

#: The words that start a top-level declaration (`ruleset`, `input`, `emission`, `grading`, ...).
DECLARATION_KEYWORDS: tuple[str, ...] = tuple(sorted(_DECLARATIONS))

#: For each declaration keyword, the patterns of the terminals that may come right after it
#: (`input` is followed by a name, `grading` by `zh`, `en` or `{`), so that error recovery does
#: not take the name `electricity` at the start of a formula's second line for a declaration.
DECLARATION_FOLLOW: dict[str, tuple[re.Pattern, ...]] = dict(_DECLARATIONS)
