"""One analysis of an open document: the compilation `pcr check` makes (same codes, spans, help),
and an index of the names it declares and uses, for hover, definition, completion and rename.

Editor-free: positions are the compiler's (lines and columns count characters from 1); the
server converts them to the client's units.
"""
from __future__ import annotations

import os
import re
from typing import Iterator, Optional

import attrs

from .. import compiler, modules
from ..modules import load_text
from .incremental import IncrementalParser
from ..source import Span, normalise
from ..syntax import ast

# declarations whose `name` names something formulas, places or examples refer to
DEFINES = (ast.Input, ast.RowsInput, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.Contribution,
           ast.KeySet, ast.Allocation, ast.Recycling, ast.Electricity, ast.Transport, ast.DataQuality,
           ast.Stage, ast.Process, ast.GwpValues)

_IMPORT = re.compile(r'^[ \t]*import[ \t]+("[^"\n]*")', re.M)

KIND = {
    ast.Input: "input", ast.RowsInput: "input (table of rows)", ast.Factor: "factor", ast.DatedFactor: "factor (dated)",
    ast.Table: "table", ast.Quantity: "quantity", ast.KeySet: "key set", ast.Allocation: "allocation",
    ast.Recycling: "recycling", ast.Electricity: "electricity", ast.Transport: "transport",
    ast.DataQuality: "data quality", ast.Stage: "stage", ast.Process: "process", ast.GwpValues: "GWP values",
}


@attrs.frozen
class Symbol:
    name: str
    kind: str
    node: object  # the declaration
    name_span: Span  # where its name is written
    parent: Optional[str] = None  # a process's stage


@attrs.frozen
class Occurrence:
    name: str
    span: Span
    definition: bool


def _kind(node) -> str:
    if isinstance(node, ast.Contribution):
        return node.direction
    return KIND[type(node)]


def walk(node, parent=None) -> Iterator[tuple[object, object]]:
    """Every attrs node under `node` (with its parent), depth first, in the order of the fields."""
    stack = [(node, parent)]
    while stack:
        n, p = stack.pop()
        if isinstance(n, (tuple, list)):
            stack.extend((x, p) for x in reversed(n))
            continue
        if not attrs.has(type(n)):
            continue
        yield n, p
        children = []
        for f in attrs.fields(type(n)):
            v = getattr(n, f.name)
            if isinstance(v, (tuple, list)) or attrs.has(type(v)):
                children.append((v, n))
        stack.extend(reversed(children))


class Analysis:
    def __init__(self, text: str, path: str, run_examples: bool = True, parser: Optional[IncrementalParser] = None):
        self.text = text
        self.path = path
        if parser is None:
            module, diagnostics, texts = load_text(text, path)
        else:  # as modules.load_text, with the declarations parsed incrementally
            loader = modules.Loader(path)
            loader.parsed = parser.imported  # an imported file is parsed again only when its text changed
            text = normalise(text)
            root, diagnostics = parser.parse(text, path)
            loader.diagnostics.extend(diagnostics)
            loader.texts[path] = text
            loader.unparsed |= root.unparsed_names
            module, diagnostics, texts = modules._finish(loader, root)
        self.module = module
        # what `pcr check` reports, less the fingerprints (no diagnostic depends on them)
        # a text without examples is not lowered for its diagnostics: hover lowers it (self.ruleset)
        examples = run_examples and any(isinstance(d, ast.Example) for d in module.declarations)
        self.compilation = compiler._finish(module, diagnostics, text, path, run_examples, texts, fingerprints=False,
                                            lazy=not examples)
        self.texts = dict(self.compilation.texts)
        self.texts[path] = text
        self._symbols: Optional[dict[str, Symbol]] = None
        self._occurrences: list[Occurrence] = []
        self._imports: Optional[list[tuple[ast.Import, str]]] = None

    @property
    def ruleset(self):
        """The IR of the document (None while it has errors), lowered on the first question."""
        c = self.compilation
        if c.ruleset is None and c.lower_later is not None:
            later, c.lower_later = c.lower_later, None
            try:
                c.ruleset = later()
            except RecursionError:  # as compiler._finish: too deep to lower; hover goes without it
                c.ruleset = None
        return c.ruleset

    # the index is built on the first question, not for the diagnostics of each edit
    @property
    def symbols(self) -> dict[str, Symbol]:
        if self._symbols is None:
            self._symbols = {}
            self._index()
        return self._symbols

    @property
    def occurrences(self) -> list[Occurrence]:
        self.symbols
        return self._occurrences

    @property
    def imports(self) -> list[tuple[ast.Import, str]]:
        if self._imports is None:
            self._imports = []
            base = os.path.dirname(self.path) or "."
            # the loader merges imported declarations in and leaves the imports out: read them here
            for m in _IMPORT.finditer(self.text):
                line = self.text.count("\n", 0, m.start(1)) + 1
                column = m.start(1) - (self.text.rfind("\n", 0, m.start(1)) + 1) + 1
                span = Span(self.path, line, column, line, column + len(m.group(1)))
                relative = m.group(1)[1:-1]
                # where the loader finds it: the file's folder, the import path, the standard library
                found = modules.Loader(self.path).find(self.path, relative, span) if relative.strip() else None
                self._imports.append((ast.Import(relative, span), os.path.normpath(found or os.path.join(base, relative))))
        return self._imports

    # ---- the index -----------------------------------------------------------------------------
    def _index(self) -> None:
        names: list[tuple[str, Span, bool]] = []
        for declaration in self.module.declarations:
            for node, parent in walk(declaration):
                if isinstance(node, DEFINES):
                    symbol = Symbol(node.name.value, _kind(node), node, node.name.span,
                                    parent.name.value if isinstance(node, ast.Process) and isinstance(parent, ast.Stage) else None)
                    if isinstance(node, ast.Process) and symbol.parent:
                        # a process is referred to as stage.process; index it under both
                        self._symbols.setdefault(f"{symbol.parent}.{symbol.name}", symbol)
                    if not isinstance(node, ast.Process):
                        self._symbols.setdefault(symbol.name, symbol)
                    names.append((node.name.value, node.name.span, True))
                elif isinstance(node, ast.Name):
                    names.append((node.value, node.span, False))
                elif isinstance(node, ast.NameRef):
                    names.append((node.name, node.span, False))
        seen = set()
        for name, span, definition in names:
            if (span, name) in seen:
                continue
            seen.add((span, name))
            self._occurrences.append(Occurrence(name, span, definition))
        self._occurrences.sort(key=lambda o: (o.span.file, o.span.line, o.span.column))

    # ---- queries -------------------------------------------------------------------------------
    def occurrence_at(self, line: int, column: int) -> Optional[Occurrence]:
        """The name written at a position of this document (line and column from 1)."""
        for o in self.occurrences:
            s = o.span
            if s.file == self.path and s.line == line == s.end_line and s.column <= column <= s.end_column:
                return o
        return None

    def symbol_of(self, occurrence: Occurrence) -> Optional[Symbol]:
        """The declaration a name refers to; a process named after `stage.` is that stage's."""
        s = occurrence.span
        line_text = self.line_of(s.file, s.line)
        before = line_text[:s.column - 1]
        if before.endswith("."):
            stage = before[:-1].split()[-1].split(",")[-1] if before[:-1].split() else ""
            stage = "".join(c for c in stage if c.isalnum() or c == "_")
            found = self.symbols.get(f"{stage}.{occurrence.name}")
            if found is not None:
                return found
        symbol = self.symbols.get(occurrence.name)
        if symbol is None:  # a process named alone
            symbol = next((v for k, v in self.symbols.items() if "." in k and k.split(".", 1)[1] == occurrence.name), None)
        return symbol

    def import_at(self, line: int, column: int) -> Optional[str]:
        for node, resolved in self.imports:
            s = node.span
            if s.line <= line <= s.end_line and (line != s.line or column >= s.column):
                return resolved
        return None

    def line_of(self, path: str, line: int) -> str:
        text = self.texts.get(path)
        if text is None:
            return ""
        lines = text.split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def text_of(self, span: Span) -> str:
        """The source text of a span (on one line or over several)."""
        text = self.texts.get(span.file)
        if text is None:
            return ""
        lines = text.split("\n")
        if span.line == span.end_line:
            return lines[span.line - 1][span.column - 1:span.end_column - 1]
        first = lines[span.line - 1][span.column - 1:]
        middle = lines[span.line:span.end_line - 1]
        last = lines[span.end_line - 1][:span.end_column - 1]
        return "\n".join([first, *middle, last])

    def references(self, symbol: Symbol) -> list[Occurrence]:
        """Where a symbol's name is written: its definition and every use (this file and its imports)."""
        out = []
        for o in self.occurrences:
            if o.name != symbol.name:
                continue
            if o.definition and o.span != symbol.name_span:
                continue  # another declaration of the same word (a key, a column)
            found = self.symbol_of(o)
            if found is symbol or (found is not None and found.name_span == symbol.name_span):
                out.append(o)
        return out
