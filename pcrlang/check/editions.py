"""The language edition a file states (PCR113), and its deprecated words (PCR-W10, with a fix)."""
from __future__ import annotations

from ..diagnostics import Fix, hint, msg, phrase
from ..domain import editions
from ..source import Span
from ..syntax import ast


def check_edition(ctx, decls) -> int:
    """The edition the checked file is written for: its `language` field, else the current one.
    An edition this compiler does not know is PCR113 (wherever the field comes from)."""
    edition = editions.CURRENT_EDITION
    for d in decls:
        if not isinstance(d, (ast.Header, ast.Library)):
            continue
        for f in d.fields:
            if f.key != "language":
                continue
            if f.value.value not in editions.KNOWN_EDITIONS:
                ctx.error("PCR113", msg(edition=f.value.text), f.span)
            elif ctx.own(f):
                edition = int(f.value.value)
    return edition


def check_deprecations(ctx, decls, edition: int) -> None:
    """Warn about each deprecated word of the checked file (imported and extended modules are
    checked on their own), with the rewrite as a fix that `pcr migrate` applies."""
    table: dict[tuple[str, str], editions.Deprecation] = {
        (d.kind, d.old): d for d in editions.DEPRECATIONS if d.edition <= edition}
    if not table:
        return
    for kind, word, span in words(decls):
        found = table.get((kind, word))
        if found is None or span.file != ctx.module.path:
            continue
        at = Span(span.file, span.line, span.column, span.line, span.column + len(word))
        ctx.error("PCR-W10", msg("word", kind=phrase("word_kind", kind=found.kind), old=found.old, new=found.new), at,
                  hint("deprecated_word", new=found.new, code=found.code, edition=found.edition), Fix(at, found.new))


def words(decls):
    """(kind, word, span) of every word a deprecation can name (editions.KINDS), as written."""
    for d in decls:
        for unit in _units(d):
            for f in unit.factors:
                yield "unit", f.name, f.span
        yield from _vocabulary(d)


def _units(d):
    if isinstance(d, ast.Header):
        declared = next((f.value for f in d.fields if f.key == "declared_unit"), None)
        return [declared.unit] if declared is not None else []
    if isinstance(d, (ast.Input, ast.Factor, ast.DatedFactor, ast.Table)):
        return [d.unit]
    if isinstance(d, ast.Quantity):
        return [d.unit] if d.unit is not None else []
    if isinstance(d, ast.Grading):
        return [c.unit for c in d.classes if c.unit is not None]
    if isinstance(d, ast.Example):
        return [g.unit for g in d.givens if g.unit is not None] + [
            u for x in d.expectations for u in (x.unit, x.tolerance_unit) if u is not None]
    return []


def _vocabulary(d):
    names: list[tuple[str, ast.Name | None]] = []
    if isinstance(d, (ast.Header, ast.Library)):
        names += [(f.key, f.value) for f in d.fields if f.key in ("status", "gwp")]
    elif isinstance(d, ast.Boundary):
        names += [("boundary", d.kind)] + [("phase", s.phase) for s in d.stages]
    elif isinstance(d, ast.Allocation):
        names.append(("allocation", d.method))
    elif isinstance(d, ast.Cutoff):
        names += [("cutoff_basis", r.basis) for r in d.rules]
    elif isinstance(d, ast.Grading):
        names.append(("rounding", d.rounding))
    elif isinstance(d, (ast.Factor, ast.DatedFactor, ast.Table)):
        names += [("factor_kind", a.value) for a in d.attributes if a.key == "kind"]
    elif isinstance(d, ast.Electricity):
        names.append(("factor_kind", d.factor_kind))
    elif isinstance(d, ast.Recycling):
        names.append(("recycling", d.approach))
    elif isinstance(d, ast.Contribution):
        names += [("gas" if a.key == "gas" else "carbon_kind", a.value) for a in d.attributes]
    elif isinstance(d, ast.GwpValues):
        names += [("gas", gas) for gas, _ in d.values]
    elif isinstance(d, ast.Example):
        names += [("gas", x.subject[0]) for x in d.expectations if x.target == "gas"]
    for kind, name in names:
        if isinstance(name, ast.Name):
            yield kind, name.value, name.span
