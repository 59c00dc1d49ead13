"""The pipeline in one place: parse, check, lower; run examples through the interpreter."""
from __future__ import annotations

from fractions import Fraction

import attrs

from .core import ir
from .core.serialize import fingerprint, publication_fingerprint
from .check import check
from .diagnostics import Diagnostic, diagnostic, msg
from .examples import example_inputs, failures
from .interpret import CalculationError, calculate
from .lower import lower
from .syntax import ast
from .modules import load_file, load_text
from .source import Span


@attrs.define
class Compilation:
    path: str
    text: str | None
    diagnostics: list[Diagnostic]
    ruleset: ir.Ruleset | None = None
    fingerprint: str | None = None  # semantic: what a calculator implements
    publication_fingerprint: str | None = None  # the whole published rule, texts included
    texts: dict = attrs.Factory(dict)  # path -> text of every file read (imports too), for rendering
    library: bool = False  # a library checks clean but compiles to nothing
    # lowering left for later (the language server, when no example needs the IR): () -> ir.Ruleset
    lower_later: object = attrs.field(default=None, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        return (self.ruleset is not None or self.library) and not any(d.is_error for d in self.diagnostics)

    def text_of(self, path: str) -> str | None:
        return self.texts.get(path, self.text if path == self.path else None)


def compile_text(text: str, path: str = "<string>", run_examples: bool = True, **imports) -> Compilation:
    """`imports`: `import_path` and `allow_any_import`, as for modules.load_text."""
    module, diagnostics, texts = load_text(text, path, **imports)
    return _finish(module, diagnostics, text, path, run_examples, texts)


def compile_file(path: str, run_examples: bool = True, **imports) -> Compilation:
    """`imports`: `import_path` and `allow_any_import`, as for modules.load_file."""
    module, diagnostics, texts = load_file(path, **imports)
    if module is None:
        return Compilation(path, None, diagnostics, texts=texts)
    return _finish(module, diagnostics, texts.get(path), path, run_examples, texts)


def _finish(module, diagnostics, text, path, run_examples, texts, fingerprints: bool = True,
            lazy: bool = False) -> Compilation:
    """`fingerprints=False` (the language server, which needs only the diagnostics) leaves the
    fingerprints out: hashing the canonical IR is a quarter of the time of a check. `lazy` (the
    language server, for a text without examples) leaves the lowering to `lower_later`: no
    diagnostic comes from it, only the examples' (PCR907, PCR908) need the IR."""
    try:
        return _check_and_lower(module, diagnostics, text, path, run_examples, texts, fingerprints, lazy)
    except RecursionError:
        # every pass walks formulas recursively; thousands of nested operations exhaust the stack
        span = Span(path, 1, 1, 1, 2)
        return Compilation(path, text, diagnostics + [diagnostic(
            "PCR006", msg("check"), span)], texts=texts)


def _check_and_lower(module, diagnostics, text, path, run_examples, texts, fingerprints=True,
                     lazy=False) -> Compilation:
    model, more = check(module)
    diagnostics = diagnostics + more
    result = Compilation(path, text, diagnostics, texts=texts)
    result.library = any(isinstance(d, ast.Library) and d.span.file == path for d in module.declarations) and not any(
        isinstance(d, ast.Header) for d in module.declarations)
    if model is None or any(d.is_error for d in diagnostics):
        result.diagnostics = sorted(diagnostics, key=_order(path))
        return result
    if lazy and not fingerprints:
        result.lower_later = lambda: lower(model)
        result.diagnostics.sort(key=_order(path))
        return result
    result.ruleset = lower(model)
    if fingerprints:
        result.fingerprint = fingerprint(result.ruleset)
        result.publication_fingerprint = publication_fingerprint(result.ruleset)
    if run_examples:
        result.diagnostics.extend(example_diagnostics(result.ruleset, result.fingerprint or ""))
    result.diagnostics.sort(key=_order(path))
    return result


def _order(path: str):
    """Diagnostics of the file checked first, then those of each imported file; each by position."""
    return lambda d: (d.span.file != path, d.span.file, d.span.line, d.span.column, d.code)


def example_diagnostics(rs: ir.Ruleset, fingerprint: str) -> list[Diagnostic]:
    """Every example must check: run each through the reference interpreter."""
    out = []
    for example in rs.examples:
        try:
            outcome = calculate(rs, example_inputs(example, Fraction), fingerprint)
        except CalculationError as error:
            where = f" (clause {error.clause})" if error.clause else ""
            out.append(diagnostic("PCR908", msg(title=example.title, clause=example.clause,
                                                refusal=error.message, where=where),
                                  example.span))
            continue
        for expectation in example.expectations:  # each failing `expect` is shown where it is written
            one = attrs.evolve(example, expectations=(expectation,))
            for message in failures(one, outcome):
                out.append(diagnostic("PCR907", msg(title=example.title, clause=example.clause, detail=message),
                                      expectation.span or example.span))
    return out
