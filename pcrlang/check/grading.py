"""Grading: classes as upper limits on the result, from the lowest up, and rounding (PCR54x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import ROUNDING_MODES
from ..diagnostics import hint, msg, phrase  # noqa: F401
from ..syntax import ast
from .magnitude import check_value


def check_grading(ctx, g: ast.Grading) -> None:
    if g.rounding is not None and g.rounding.value not in ROUNDING_MODES:
        ctx.error("PCR540", msg("mode", mode=g.rounding.value), g.rounding.span,
                  ctx.suggest(g.rounding.value, ROUNDING_MODES))
    if g.rounding is not None and g.decimals is None:
        ctx.error("PCR540", msg("decimals"), g.rounding.span)
    if not g.classes:
        ctx.error("PCR541", msg("none"), g.span)
    names = set()
    for c in g.classes:
        if c.name.value in names:
            ctx.error("PCR202", msg("twice", what=phrase("class", name=c.name.value)), c.name.span)
        names.add(c.name.value)
    check_upper_limits(ctx, g.classes, "PCR541", "class", "result", hint("classes_order"),
                       lambda c: _limit(ctx, c))
    for c in g.classes:
        if c.op is not None and c.text is not None:
            ctx.bilingual(c.text, c.name.span, phrase("class", name=c.name.value))


def _limit(ctx, c: ast.GradeClass):
    """A class's limit in base units (kg CO2e), as comparable as the unit allows."""
    resolved = ctx.unit(c.unit)
    if resolved is None:
        return c.limit
    if resolved[1] != units.dim(CO2e=1):
        ctx.error("PCR905", msg("limit", unit=c.unit.text()), c.unit.span)
    check_value(ctx, phrase("class_limit", name=c.name.value), c.limit, None, c.unit, resolved[0], c.span)
    return c.limit * resolved[0]


def check_upper_limits(ctx, items, code: str, kind: str, subject: str, order_help,
                       limit_of=lambda item: item.limit) -> None:
    """Grading classes or data-quality levels: upper limits on the `subject`, each above the one
    before it, and the one that takes everything else (`otherwise`) last."""
    last = None
    for k, item in enumerate(items):
        if item.op is None:
            if k != len(items) - 1:
                ctx.error(code, msg("last", what=phrase(kind, name=item.name.value), subject=phrase(subject)),
                          item.name.span)
            continue
        if item.op not in ("<", "<="):
            ctx.error(code, msg("upper", kind=phrase("a_" + kind), subject=phrase(subject), op=item.op), item.span)
        limit = limit_of(item)
        if last is not None and limit <= last:
            ctx.error(code, msg("order", what=phrase(kind, name=item.name.value), kind=phrase(kind + "_word")), item.span,
                      order_help)
        last = limit
