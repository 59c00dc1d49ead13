"""The shape of the file: one ruleset header, one boundary, at most one block of each kind."""
from __future__ import annotations

import attrs

from ..source import Span
from ..diagnostics import hint, msg
from ..syntax import ast


@attrs.frozen
class Blocks:
    """The declarations a ruleset has one of (the first, when there are more)."""

    header: ast.Header | None
    boundary: ast.Boundary | None
    cutoff: ast.Cutoff | None
    grading: ast.Grading | None
    data_quality: ast.DataQuality | None
    biogenic_content: ast.BiogenicContent | None


def unwrap_overrides(ctx, decls) -> tuple:
    """The declarations with `override` taken off. The module loader resolves an `override`;
    one still here replaces nothing (PCR123)."""
    for d in decls:
        if isinstance(d, ast.Override):
            ctx.error("PCR123", msg(), d.span)
    return tuple(d.declaration if isinstance(d, ast.Override) else d for d in decls)


def is_library(ctx, decls) -> bool:
    """The checked file is a library: it starts with `library`, not `ruleset`."""
    own_library = any(isinstance(d, ast.Library) and ctx.own(d) for d in decls)
    return own_library and not any(isinstance(d, ast.Header) for d in decls)


def check_blocks(ctx, decls) -> Blocks:
    headers = [d for d in decls if isinstance(d, ast.Header)]
    boundaries = [d for d in decls if isinstance(d, ast.Boundary)]
    cutoffs = [d for d in decls if isinstance(d, ast.Cutoff)]
    file_span = Span(ctx.module.path, 1, 1, 1, 2)
    if not headers and not ctx.unparsed("ruleset") and not ctx.library_mode:
        ctx.error("PCR101", msg(), file_span)
    for extra in headers[1:]:
        ctx.error("PCR102", msg(), extra.span)
    if not boundaries and not ctx.unparsed("boundary") and not ctx.library_mode:
        ctx.error("PCR401", msg(), file_span)
    for extra in boundaries[1:]:
        ctx.error("PCR409", msg(), extra.span)
    for extra in cutoffs[1:]:
        ctx.error("PCR705", msg(), extra.span)
    gradings = [d for d in decls if isinstance(d, ast.Grading)]
    qualities = [d for d in decls if isinstance(d, ast.DataQuality)]
    contents = [d for d in decls if isinstance(d, ast.BiogenicContent)]
    for keyword, found in (("grading", gradings), ("data_quality", qualities), ("biogenic_carbon_content", contents)):
        for extra in found[1:]:
            ctx.error("PCR112", msg(keyword=keyword), extra.span, hint("one_block", keyword=keyword))
    first = lambda found: found[0] if found else None
    return Blocks(first(headers), first(boundaries), first(cutoffs), first(gradings), first(qualities),
                  first(contents))
