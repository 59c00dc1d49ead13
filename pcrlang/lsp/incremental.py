"""Parsing as the writer types: only the declarations that changed are parsed again.

The text is cut into top-level declarations as the parser's error recovery cuts it
(`split_declarations`); each is parsed on its own, as that recovery parses it (the builder told
the declaration's line and column, so its spans are the file's), and kept by (its text, its line,
its column). An edit within a line re-parses one declaration; an edit that adds or removes lines
re-parses the declarations after it. A text whose declarations all parse alone parses whole to
the same declarations (the grammar is a sequence of declarations; no token crosses a cut).
A declaration that does not parse alone is reported as `parse_text` reports it when the whole
text does not parse (declaration by declaration, `parse.parse_declaration`), and its diagnostic
is kept with it, so a half-typed declaration costs the parse of that one declaration. Anything
else (invalid characters, a file past the limits, a formula too deep for Python's stack) goes
through `parse_text` itself, so the declarations and diagnostics are always those of
`pcr check` (a test compares them).
"""
from __future__ import annotations

from ..source import MAX_TEXT_CHARS, collector_paused, invalid_runs, normalise
from ..syntax import ast
from ..syntax import parse as _parse


class IncrementalParser:
    def __init__(self, limit: int = 20000):
        self.cache: dict[tuple, tuple] = {}
        self.limit = limit
        self.reused = 0  # declarations taken from the cache in the last parse (for tests)
        self.imported: dict = {}  # (path, text) -> parse_text's answer, for the files the document imports

    def parse(self, text: str, path: str) -> tuple[ast.Module, list]:
        with collector_paused():
            try:
                found = self._parse(text, path)
            finally:
                b = _parse._BUILDER
                b.depths.clear()
                b.line_offset = b.column_offset = 0
        return found if found is not None else _parse.parse_text(text, path)

    def _parse(self, text: str, path: str):
        text = normalise(text)
        if len(text) > MAX_TEXT_CHARS or any(True for _ in invalid_runs(text)):
            return None
        fresh: dict[tuple, tuple] = {}
        self.reused = 0
        declarations: list = []
        diagnostics: list = []
        unparsed: set[str] = set()
        chunks = _parse.split_declarations(text)
        if len(chunks) > _parse.MAX_DECLARATIONS:
            return None
        for start, end, line, column in chunks:
            chunk = text[start:end]
            key = (path, chunk, line, column)
            found = self.cache.get(key)
            if found is None:
                if _parse._blank(chunk):  # as parse_text's declaration-by-declaration path skips it
                    found = ((), [], frozenset())
                else:
                    found = _parse.parse_declaration(chunk, path, line, column)
                if any(d.code == "PCR006" and not d.message.startswith("formula nested") for d in found[1]):
                    self.cache = {**self.cache, **fresh} if len(self.cache) < self.limit else fresh
                    return None  # too deep for Python's stack: parse_text decides, as `pcr check` does
            else:
                self.reused += 1
            fresh[key] = found
            declarations.extend(found[0])
            diagnostics.extend(found[1])
            unparsed |= found[2]
        self.cache = fresh
        if len(declarations) > _parse.MAX_DECLARATIONS:
            return None
        return ast.Module(path, tuple(declarations), frozenset(unparsed)), diagnostics
