"""Data quality: the rating scheme, its levels from best to worst, and requirements (PCR55x)."""
from __future__ import annotations

from ..domain import units
from ..syntax import ast
from ..diagnostics import hint, msg, phrase
from .expressions import ANY, describe, described, dimension, numeric
from .grading import check_upper_limits


def check_data_quality(ctx, q: ast.DataQuality) -> None:
    names = [c.value for c in q.criteria]
    if not names:
        ctx.error("PCR550", msg("criteria", name=q.name.value), q.name.span)
    if len(set(names)) != len(names):
        ctx.error("PCR202", msg("criterion"), q.name.span)
    b = q.criteria_bounds
    if b is not None and b.low > b.high:
        ctx.error("PCR801", msg("criteria"), b.span)
    if q.rating is None:
        ctx.error("PCR550", msg("rating", name=q.name.value), q.name.span)
    else:
        t = dimension(ctx, q.rating, criteria=frozenset(names))  # the criteria read as plain scores
        if t is not None and t is not ANY and numeric(ctx, t, q.rating.span) and t != units.DIMENSIONLESS:
            ctx.error("PCR302", msg("rating", got=described(t)), q.rating.span)
    levels = _check_levels(ctx, q)
    subjects = None  # the inputs and `result`, listed for a suggestion only when one is needed
    for r in q.requirements:
        if r.level is None:
            if r.op not in (">", ">=") or not (0 <= r.percent <= 100):
                ctx.error("PCR552", msg("share"), r.span)
            continue
        if r.level.value not in levels:
            ctx.error("PCR552", msg("level", level=r.level.value), r.level.span, ctx.suggest(r.level.value, levels))
        for subject in r.subjects:
            if subject.value != "result" and subject.value not in ctx.inputs:
                subjects = subjects or [*ctx.inputs, "result"]
                ctx.error("PCR552", msg("subject", name=subject.value), subject.span,
                          ctx.suggest(subject.value, subjects))
            elif subject.value in ctx.inputs and ctx.inputs[subject.value].keyset is not None:
                ctx.error("PCR552", msg("key", name=subject.value), subject.span)


def _check_levels(ctx, q: ast.DataQuality) -> dict:
    """Level name -> level; the levels are upper limits on the rating, best first."""
    check_upper_limits(ctx, q.levels, "PCR551", "level", "rating", hint("levels_order"))
    levels = {level.name.value: level for level in q.levels}
    if not levels:
        ctx.error("PCR551", msg("none", name=q.name.value), q.name.span)
    return levels
