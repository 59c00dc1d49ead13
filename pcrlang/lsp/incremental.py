"""Parsing as the writer types: only the declarations that changed are parsed again.

The text is cut into top-level declarations as the parser's error recovery cuts it
(`split_declarations`); each is parsed on its own, padded so that its spans are the file's, and
kept by (its text, its first line, its indentation). An edit within a line re-parses one
declaration; an edit that adds or removes lines re-parses the declarations after it. A text
whose declarations all parse alone parses whole to the same declarations (the grammar is a
sequence of declarations; no token crosses a cut). When one does not, the steps of `parse_text`
follow: the whole text, then (it fails) declaration by declaration, the good ones from the cache;
so the declarations and diagnostics are always those of `pcr check` (a test compares them).
"""
from __future__ import annotations

import re

from lark.exceptions import UnexpectedInput

from ..source import collector_paused
from ..syntax import ast
from ..syntax import parse as _parse
from ..syntax.build import InvalidNumber


_SCAN = re.compile(r'\n|#[^\n]*|"(?:[^"\\\n]|\\.)*"?|[{}]|\w+', re.S)


def split_declarations(text: str) -> list[tuple[int, int, int]]:
    """`pcrlang.syntax.parse.split_declarations` with a regular expression instead of a loop over
    the characters (a test checks that the two always agree): a 2 000-line text in a few ms."""
    starts: list[tuple[int, int]] = []
    depth = 0
    line = 1
    keywords = _parse.TOP_LEVEL_KEYWORDS
    for m in _SCAN.finditer(text):
        token = m.group()
        ch = token[0]
        if ch == "\n":
            line += 1
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch in '#"':
            continue
        elif (ch.isalpha() or ch == "_") and token in keywords:
            i = m.start()
            line_start = text.rfind("\n", 0, i) + 1
            first_on_line = not text[line_start:i].strip()
            if (depth == 0 and first_on_line) or token == "ruleset" or line_start == i:
                depth = 0
                starts.append((i, line))
    n = len(text)
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, 1))
    out = []
    for k, (s, ln) in enumerate(starts):
        e = starts[k + 1][0] if k + 1 < len(starts) else n
        out.append((s, e, ln))
    return out


class IncrementalParser:
    def __init__(self, limit: int = 20000):
        self.cache: dict[tuple, tuple] = {}
        self.limit = limit
        self.reused = 0  # declarations taken from the cache in the last parse (for tests)

    def parse(self, text: str, path: str) -> tuple[ast.Module, list]:
        with collector_paused():
            return self._parse(text, path)

    def _parse(self, text: str, path: str):
        p = _parse.parser()
        fresh: dict[tuple, tuple] = {}
        self.reused = 0
        pieces = []  # (declarations or None, chunk, line) per declaration of the text
        failed = False
        for start, end, line in split_declarations(text):
            chunk = text[start:end]
            prefix = _parse._line_prefix(text, start)
            key = (path, chunk, line, len(prefix))
            found = self.cache.get(key)
            if found is None:
                _parse._BUILDER.file = path
                try:
                    found = tuple(p.parse("\n" * (line - 1) + prefix + chunk))
                except RecursionError:
                    return _parse.parse_text(text, path)
                except (UnexpectedInput, InvalidNumber) as error:
                    found = error
                    failed = True
            else:
                self.reused += 1
            if not isinstance(found, Exception):
                fresh[key] = found
            pieces.append((found, chunk, line, prefix))
        self.cache = fresh if len(fresh) < self.limit else {}
        if not failed:
            return ast.Module(path, tuple(d for found, *_ in pieces for d in found)), []
        # as parse_text: the whole text first (a cut can fall inside a declaration that parses whole)
        _parse._BUILDER.file = path
        try:
            return ast.Module(path, tuple(p.parse(text))), []
        except (UnexpectedInput, InvalidNumber):
            pass
        except RecursionError:
            return _parse.parse_text(text, path)
        # then as its slow path, declaration by declaration, with the parsed ones taken from the cache
        declarations: list = []
        diagnostics: list = []
        unparsed: set[str] = set()
        for found, chunk, line, prefix in pieces:
            if not isinstance(found, Exception):
                declarations.extend(found)
                continue
            padded = "\n" * (line - 1) + prefix + chunk
            if isinstance(found, UnexpectedInput):
                diagnostics.append(_parse._syntax_diagnostic(found, path, padded, 0))
            else:
                tok = found.token
                diagnostics.append(_parse.diagnostic(
                    "PCR004", f"number `{tok}` is out of range: at most {_parse.MAX_DIGITS} digits and an exponent "
                    f"between -{_parse.MAX_EXPONENT} and {_parse.MAX_EXPONENT}",
                    _parse.Span(path, tok.line, tok.column, tok.end_line, tok.end_column)))
            unparsed |= _parse._declared_names(chunk.lstrip())
        return ast.Module(path, tuple(declarations), frozenset(unparsed)), diagnostics
