"""Declared names: duplicates (PCR202), reserved words (PCR212), unknown names (PCR201)."""
from __future__ import annotations

from ..diagnostics import msg
from ..domain.vocabulary import RESERVED
from ..source import Span
from ..syntax import ast

NAMED = (ast.Input, ast.RowsInput, ast.Factor, ast.DatedFactor, ast.Table, ast.Quantity, ast.KeySet, ast.Contribution,
         ast.Allocation, ast.Recycling, ast.Electricity, ast.Transport, ast.DataQuality, ast.GwpValues, ast.Consistency)
NOT_VALUES = (ast.Contribution, ast.Allocation, ast.Transport, ast.Consistency)  # named, but never used in a formula


def declare(ctx, decls) -> dict:
    """name -> its first declaration, for every name a formula can use; duplicates are reported
    (and not checked further: the first declaration of a name is the one used)."""
    values: dict = {}
    seen: dict[str, Span] = {}
    for d in decls:
        if not isinstance(d, NAMED):
            continue
        name = d.name.value
        if name in RESERVED:
            ctx.error("PCR212", msg(name=name), d.name.span)
        if name in seen:
            ctx.error("PCR202", msg(name=name, line=seen[name].line), d.name.span)
            continue
        seen[name] = d.name.span
        if not isinstance(d, NOT_VALUES):
            values[name] = d
    return values


def first(ctx, decls, kind) -> list:
    """The declarations of one kind that own their name (a duplicate, PCR202, is left out)."""
    return [d for d in decls if isinstance(d, kind) and ctx.values.get(d.name.value) is d]


def unknown_value(ctx, name: str, span: Span) -> None:
    if ctx.unparsed(name):
        return  # its declaration has a syntax error, already reported
    ctx.error("PCR201", msg(name=name), span, ctx.suggest(name, ctx.values, "value"))
