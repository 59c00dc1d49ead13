"""Modules: `import "lib.pcr"` brings in a library's declarations (factors, tables, key sets,
GWP tables); a ruleset's header may say `extends "general.pcr"` to build on a general rule.

Everything is merged into one AST module before checking, with these rules:
- paths are relative to the importing file; a missing file is PCR120, a cycle PCR121;
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

from .syntax import ast
from .diagnostics import Diagnostic, diagnostic
from .syntax.parse import parse_file, parse_text

SINGLETONS = (ast.Boundary, ast.Cutoff, ast.Grading, ast.DataQuality, ast.BiogenicContent)


def key_of(d) -> str | None:
    """The name a declaration claims: its own name, or its kind for one-per-rule blocks."""
    if isinstance(d, SINGLETONS):
        return type(d).__name__.lower()
    name = getattr(d, "name", None)
    return name.value if isinstance(name, ast.Name) else None


class Loader:
    def __init__(self):
        self.diagnostics: list[Diagnostic] = []
        self.texts: dict[str, str] = {}
        self.cache: dict[str, ast.Module | None] = {}
        self.unparsed: set[str] = set()

    def parse(self, path: str) -> ast.Module | None:
        real = os.path.realpath(path)
        if real not in self.cache:
            module, diagnostics, text = parse_file(path)
            self.diagnostics.extend(diagnostics)
            if text is not None:
                self.texts[path] = text
            self.cache[real] = module
            if module is not None:
                self.unparsed |= module.unparsed_names
        return self.cache[real]

    def resolve(self, base_file: str, relative: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(base_file) or ".", relative))

    def imported(self, module: ast.Module, chain: tuple[str, ...]) -> list:
        """Declarations of every library a module imports, recursively (each library once)."""
        out, seen_modules = [], set()
        for imp in (d for d in module.declarations if isinstance(d, ast.Import)):
            path = self.resolve(module.path, imp.path)
            real = os.path.realpath(path)
            if real in chain:
                self.diagnostics.append(diagnostic("PCR121", f"`{imp.path}` imports a module that imports it",
                                                   imp.span))
                continue
            if not os.path.isfile(path):
                self.diagnostics.append(diagnostic("PCR120", f"cannot find `{imp.path}` (looked for {path})",
                                                   imp.span))
                continue
            lib = self.parse(path)
            if lib is None or real in seen_modules:
                continue
            seen_modules.add(real)
            if any(isinstance(d, ast.Header) for d in lib.declarations):
                self.diagnostics.append(diagnostic("PCR124", f"`{imp.path}` is a ruleset, not a library", imp.span))
                continue
            out.extend(self.imported(lib, chain + (real,)))
            out.extend(d for d in lib.declarations if not isinstance(d, (ast.Import, ast.Library)))
        return _dedupe(out)

    def load(self, module: ast.Module, chain: tuple[str, ...]) -> list:
        """The module's declarations merged with what it imports and extends."""
        real = os.path.realpath(module.path)
        chain = chain + (real,)
        inherited = self.imported(module, chain)
        self.check_conflicts(inherited)
        header = next((d for d in module.declarations if isinstance(d, ast.Header)), None)
        extends = next((f for f in header.fields if f.key == "extends"), None) if header else None
        if extends is not None:
            path = self.resolve(module.path, extends.value)
            base_real = os.path.realpath(path)
            if base_real in chain:
                self.diagnostics.append(diagnostic("PCR121", f"`{extends.value}` extends a rule that extends this one",
                                                   extends.span))
            elif not os.path.isfile(path):
                self.diagnostics.append(diagnostic("PCR120", f"cannot find `{extends.value}` (looked for {path})",
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
                "PCR537", f"the rule takes {own.value.value} energy factors, but the general rule `{path}` it extends "
                f"takes {general.value.value} ones ({general.span.file}:{general.span.line})", own.span,
                f"a product rule keeps the general rule's policy: write `energy_factors {general.value.value}` "
                "or leave the line out"))

    def check_conflicts(self, declarations) -> None:
        seen: dict[str, object] = {}
        for d in declarations:
            key = key_of(d)
            if key is None:
                continue
            if key in seen and seen[key] is not d:
                other = seen[key].span
                self.diagnostics.append(diagnostic(
                    "PCR125", f"`{key}` is declared by two imported modules ({other.file}:{other.line} and here)",
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
                    self.diagnostics.append(diagnostic("PCR123", f"`override` of `{key}`, which no imported or "
                                                       "extended module declares", d.span))
                local.append(inner)
                continue
            key = key_of(d)
            if key in by_key:
                first = by_key[key].span
                span = d.name.span if hasattr(d, "name") and isinstance(d.name, ast.Name) else d.span
                self.diagnostics.append(diagnostic(
                    "PCR122", f"`{key}` is already declared in {first.file}:{first.line}", span,
                    f"write `override` before the declaration to replace it on purpose"))
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


def load_file(path: str) -> tuple[ast.Module | None, list[Diagnostic], dict[str, str]]:
    loader = Loader()
    root = loader.parse(path)
    if root is None:
        return None, loader.diagnostics, loader.texts
    return _finish(loader, root)


def load_text(text: str, path: str) -> tuple[ast.Module, list[Diagnostic], dict[str, str]]:
    loader = Loader()
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
