"""Modules: `import "lib.pcr"` brings in a library's declarations (factors, tables, key sets,
GWP tables); a ruleset's header may say `extends "general.pcr"` to build on a general rule.

Where an import is looked for, in order: the importing file's folder, the folders of the import
path (`--import-path DIR`, then the PCRLANG_PATH environment variable, os.pathsep-separated),
then pcrlang's standard library (pcrlang/stdlib/). Imports are confined: a file is read only if
it lies inside the folder it was found through - for the first place, the project (the folder
of the file being checked, and below), also after symbolic links are followed. An absolute
path, or `..` leading out, is PCR126 and nothing is read, so a language server or a web checker
never shows a line of `/etc/passwd`; only `.pcr` files are imported (PCR128). A trusted local
user may lift the confinement (`allow_any_import=True`, `--trust-imports`, or
PCRLANG_TRUST_IMPORTS=1). Loading is iterative; imports nest at most MAX_IMPORT_DEPTH deep (PCR127).

Everything is merged into one AST module before checking, with these rules:
- a missing file is PCR120, a cycle PCR121;
- only libraries (files that start with `library`) can be imported (PCR124);
- a name declared by two imported libraries is PCR125 (the same library reached twice is fine);
- a local declaration with the name of an imported or inherited one is silent shadowing
  (PCR122) unless it is written `override ...`; an `override` that replaces nothing is PCR123;
- an extending ruleset inherits the general rule's declarations, its header fields unless it
  gives its own, and its boundary, cut-off, grading and data-quality blocks unless it overrides
  them; the general rule's examples are not inherited (they test the general rule).
"""
from __future__ import annotations

import os
from typing import Iterable

from .syntax import ast
from .diagnostics import Diagnostic, diagnostic, hint, msg
from .source import Span, normalise
from .syntax.parse import parse_file, parse_text, read_source

SINGLETONS = (ast.Boundary, ast.Cutoff, ast.Grading, ast.DataQuality, ast.BiogenicContent)
STDLIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stdlib")
MAX_IMPORT_DEPTH = 100  # files in one chain of imports and extends, the checked file included
MAX_KEPT = 256  # parsed files a Loader's `parsed` keeps (then it starts again)
PATH_VARIABLE = "PCRLANG_PATH"
TRUST_VARIABLE = "PCRLANG_TRUST_IMPORTS"


def import_path_from_environment() -> list[str]:
    return [d for d in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if d]


def trusted_from_environment() -> bool:
    return os.environ.get(TRUST_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def _real(path: str) -> str:
    """The real path (symbolic links followed); a path the system cannot take (a NUL in a name
    passed by a program) stays as it is, and is then found nowhere."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.normpath(os.path.join(os.getcwd(), path))


def _inside(path: str, folder: str) -> bool:
    """Whether a real path lies in a real folder (or is it)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


def key_of(d) -> str | None:
    """The name a declaration claims: its own name, or its kind for one-per-rule blocks."""
    if isinstance(d, SINGLETONS):
        return type(d).__name__.lower()
    name = getattr(d, "name", None)
    return name.value if isinstance(name, ast.Name) else None


class Loader:
    def __init__(self, root_file: str, import_path: Iterable[str] | None = None,
                 allow_any_import: bool | None = None):
        self.diagnostics: list[Diagnostic] = []
        self.texts: dict[str, str] = {}
        self.cache: dict[str, ast.Module | None] = {}
        self.unparsed: set[str] = set()
        self.trusted = trusted_from_environment() if allow_any_import is None else allow_any_import
        folders = list(import_path or ()) + import_path_from_environment()
        self.search = [_real(d) for d in folders] + [_real(STDLIB)]
        # the folder that confines the relative imports of each module read (by real path)
        self.root_of: dict[str, str] = {_real(root_file): _real(os.path.dirname(root_file) or ".")}
        self.expanded: dict[str, list] = {}  # a library's declarations with everything it imports
        # parsed files kept across loaders by (path, text) (the language server's, one per document:
        # an imported file is read at each edit but parsed again only when its text changed)
        self.parsed: dict | None = None

    def parse(self, path: str) -> ast.Module | None:
        real = _real(path)
        if real not in self.cache:
            module, diagnostics, text = parse_file(path) if self.parsed is None else self._parse_kept(path)
            self.diagnostics.extend(diagnostics)
            if text is not None:
                self.texts[path] = text
            self.cache[real] = module
            if module is not None:
                self.unparsed |= module.unparsed_names
        return self.cache[real]

    def _parse_kept(self, path: str):
        """parse_file, with the parse of an unchanged text taken from `self.parsed`."""
        text, diagnostics = read_source(path)
        if text is None:
            return None, diagnostics, None
        key = (path, text)
        found = self.parsed.get(key)
        if found is None:
            if len(self.parsed) >= MAX_KEPT:
                self.parsed.clear()
            found = self.parsed[key] = parse_text(text, path)
        return found[0], list(found[1]), text

    def find(self, importing: str, relative: str, span: Span) -> str | None:
        """The file an import (or `extends`) names, or None and a diagnostic; never reads a file
        outside the place it was found through, unless trusted."""
        if not relative.strip():
            self.diagnostics.append(diagnostic("PCR128", msg("empty"), span))
            return None
        if os.path.isabs(relative) and not self.trusted:
            self.diagnostics.append(diagnostic(
                "PCR126", msg("absolute", path=relative), span))
            return None
        if not relative.endswith(".pcr"):
            self.diagnostics.append(diagnostic("PCR128", msg("suffix", path=relative), span))
            return None
        if os.path.isabs(relative):  # trusted
            return relative if os.path.isfile(relative) else self._not_found(relative, span)
        base = os.path.dirname(importing) or "."
        here = self.root_of.get(_real(importing), _real(base))
        outside = False
        for folder, root in [(base, here)] + [(d, d) for d in self.search]:
            candidate = os.path.normpath(os.path.join(folder, relative))
            real = _real(candidate)
            if not self.trusted and not _inside(real, root):
                outside = True
                continue
            if os.path.isfile(real):
                self.root_of.setdefault(real, root if not self.trusted else os.path.dirname(real))
                return candidate
        if outside:
            self.diagnostics.append(diagnostic(
                "PCR126", msg("outside", path=relative), span))
            return None
        return self._not_found(relative, span)

    def _not_found(self, relative: str, span: Span) -> None:
        self.diagnostics.append(diagnostic(
            "PCR120", msg(path=relative), span))
        return None

    def imported(self, module: ast.Module, chain: tuple[str, ...]) -> list:
        """Declarations of every library a module imports, recursively (each library once).

        Iterative, depth first, so that a long chain of imports cannot exhaust the stack; a
        library's expansion is kept, so one reached along many paths is expanded once."""
        out: list = []
        stack = [(module, chain, iter([d for d in module.declarations if isinstance(d, ast.Import)]), out, set())]
        while stack:
            current, current_chain, imports, collected, seen = stack[-1]
            imp = next(imports, None)
            if imp is None:
                stack.pop()
                result = _dedupe(collected)
                if stack:
                    real = _real(current.path)
                    self.expanded[real] = result
                    parent_collected = stack[-1][3]
                    parent_collected.extend(result)
                    parent_collected.extend(_own(current))
                else:
                    out[:] = result
                continue
            if len(current_chain) >= MAX_IMPORT_DEPTH:
                self.diagnostics.append(diagnostic(
                    "PCR127", msg("imports", path=imp.path, count=len(current_chain) + 1, limit=MAX_IMPORT_DEPTH),
                    imp.span))
                continue
            path = self.find(current.path, imp.path, imp.span)
            if path is None:
                continue
            real = _real(path)
            if real in current_chain:
                self.diagnostics.append(diagnostic("PCR121", msg("imports", path=imp.path),
                                                   imp.span))
                continue
            lib = self.parse(path)
            if lib is None or real in seen:
                continue
            seen.add(real)
            if any(isinstance(d, ast.Header) for d in lib.declarations):
                self.diagnostics.append(diagnostic("PCR124", msg(path=imp.path), imp.span))
                continue
            if real in self.expanded:
                collected.extend(self.expanded[real])
                collected.extend(_own(lib))
                continue
            stack.append((lib, current_chain + (real,), iter([d for d in lib.declarations if isinstance(d, ast.Import)]),
                          [], set()))
        return out

    def load(self, module: ast.Module, chain: tuple[str, ...]) -> list:
        """The module's declarations merged with what it imports and extends."""
        real = _real(module.path)
        chain = chain + (real,)
        inherited = self.imported(module, chain)
        self.check_conflicts(inherited)
        header = next((d for d in module.declarations if isinstance(d, ast.Header)), None)
        extends = next((f for f in header.fields if f.key == "extends"), None) if header else None
        path = None
        if extends is not None and len(chain) >= MAX_IMPORT_DEPTH:
            self.diagnostics.append(diagnostic(
                "PCR127", msg("extends", path=extends.value, count=len(chain) + 1, limit=MAX_IMPORT_DEPTH),
                extends.span))
        elif extends is not None:
            path = self.find(module.path, extends.value, extends.span)
        if path is not None:
            base_real = _real(path)
            if base_real in chain:
                self.diagnostics.append(diagnostic("PCR121", msg("extends", path=extends.value),
                                                   extends.span))
            else:
                base = self.parse(path)
                if base is not None:
                    base_decls = self.load(base, chain)
                    base_header = next((d for d in base_decls if isinstance(d, ast.Header)), None)
                    if base_header is not None and header is not None:
                        self.check_policy(header, base_header, extends.value)
                        header = _inherit_header(header, base_header)
                    inherited = _dedupe(inherited + [d for d in base_decls
                                                     if not isinstance(d, (ast.Header, ast.Example))])
        return self.merge(module, header, inherited)

    def check_policy(self, header: ast.Header, base: ast.Header, path: str) -> None:
        """A rule inherits the general rule's energy-factor policy (GB/T 24067 wants life-cycle
        factors); it may state it again, not change it."""
        own = next((f for f in header.fields if f.key == "energy_factors"), None)
        general = next((f for f in base.fields if f.key == "energy_factors"), None)
        if own is not None and general is not None and own.value.value != general.value.value:
            self.diagnostics.append(diagnostic(
                "PCR537", msg(own=own.value.value, path=path, general=general.value.value, file=general.span.file,
                              line=general.span.line), own.span,
                hint("keep_policy", general=general.value.value)))

    def check_conflicts(self, declarations) -> None:
        seen: dict[str, object] = {}
        for d in declarations:
            key = key_of(d)
            if key is None:
                continue
            if key in seen and seen[key] is not d:
                other = seen[key].span
                self.diagnostics.append(diagnostic(
                    "PCR125", msg(name=key, file=other.file, line=other.line),
                    getattr(d, "name", d).span if hasattr(d, "name") else d.span))
            seen.setdefault(key, d)

    def merge(self, module: ast.Module, header, inherited: list) -> list:
        by_key = {key_of(d): d for d in inherited if key_of(d) is not None}
        replaced: set[int] = set()
        local = []
        for d in module.declarations:
            if isinstance(d, (ast.Import,)):
                continue
            if isinstance(d, ast.Header):
                local.append(header)
                continue
            if isinstance(d, ast.Override):
                inner = d.declaration
                key = key_of(inner)
                if key in by_key:
                    replaced.add(id(by_key[key]))
                else:
                    self.diagnostics.append(diagnostic("PCR123", msg("name", name=key), d.span))
                local.append(inner)
                continue
            key = key_of(d)
            if key in by_key:
                first = by_key[key].span
                span = d.name.span if hasattr(d, "name") and isinstance(d.name, ast.Name) else d.span
                self.diagnostics.append(diagnostic(
                    "PCR122", msg(name=key, file=first.file, line=first.line), span,
                    hint("override")))
                replaced.add(id(by_key[key]))  # the local one is checked; the error stands
            local.append(d)
        return [d for d in inherited if id(d) not in replaced] + local


def _dedupe(declarations: list) -> list:
    seen, out = set(), []
    for d in declarations:
        if id(d) not in seen:
            seen.add(id(d))
            out.append(d)
    return out


def _inherit_header(header: ast.Header, base: ast.Header) -> ast.Header:
    own = {f.key for f in header.fields}
    fields = tuple(f for f in base.fields if f.key not in own and f.key != "extends") + header.fields
    return ast.Header(header.identifier, header.version, fields, header.span, header.identifier_span,
                      header.version_span)


def _own(library: ast.Module) -> list:
    return [d for d in library.declarations if not isinstance(d, (ast.Import, ast.Library))]


def load_file(path: str, import_path: Iterable[str] | None = None, allow_any_import: bool | None = None
              ) -> tuple[ast.Module | None, list[Diagnostic], dict[str, str]]:
    """Parse a file and everything it imports or extends. `import_path`: folders searched after
    the importing file's (PCRLANG_PATH's follow); `allow_any_import`: lift the confinement of
    imports (None: as PCRLANG_TRUST_IMPORTS says)."""
    loader = Loader(path, import_path, allow_any_import)
    root = loader.parse(path)
    if root is None:
        return None, loader.diagnostics, loader.texts
    return _finish(loader, root)


def load_text(text: str, path: str, import_path: Iterable[str] | None = None, allow_any_import: bool | None = None
              ) -> tuple[ast.Module, list[Diagnostic], dict[str, str]]:
    """As load_file, for text not read from a file; `path`'s folder is the project."""
    loader = Loader(path, import_path, allow_any_import)
    text = normalise(text)
    root, diagnostics = parse_text(text, path)
    loader.diagnostics.extend(diagnostics)
    loader.texts[path] = text
    loader.unparsed |= root.unparsed_names
    return _finish(loader, root)


def _finish(loader: Loader, root: ast.Module):
    if not any(isinstance(d, (ast.Import, ast.Override)) for d in root.declarations) and not any(
            isinstance(d, ast.Header) and any(f.key == "extends" for f in d.fields) for d in root.declarations):
        return root, loader.diagnostics, loader.texts  # nothing to merge: the common case stays cheap
    declarations = loader.load(root, ())
    return ast.Module(root.path, tuple(declarations), frozenset(loader.unparsed)), loader.diagnostics, loader.texts
