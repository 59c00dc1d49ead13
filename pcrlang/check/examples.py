"""Worked examples: what they give and expect must fit the rule (PCR90x; running them is the
compiler's, through the reference interpreter)."""
from __future__ import annotations

from ..domain import units
from ..domain.gases import GASES
from ..domain.vocabulary import CARBON_KINDS
from ..source import Span
from ..syntax import ast
from .magnitude import check_value


def check_examples(ctx, decls, stages, grading: ast.Grading | None) -> list:
    examples = [d for d in decls if isinstance(d, ast.Example)]
    seen_titles: dict[str, Span] = {}
    required = [name for name, info in ctx.inputs.items() if info.default is None and not info.optional]
    for e in examples:
        if e.title in seen_titles:
            ctx.error("PCR909", f"a second example titled \"{e.title}\"", e.title_span)
        seen_titles[e.title] = e.span
        given = _check_givens(ctx, e)
        for name in required:
            if name not in given:
                ctx.error("PCR902", f"example \"{e.title}\" gives no value for required input `{name}`", e.title_span)
        for x in e.expectations:
            _check_expectation(ctx, x, stages, grading)
    return examples


def _check_givens(ctx, e: ast.Example) -> dict:
    given: dict[str, ast.Given] = {}
    for g in e.givens:
        name = g.name.value
        if name in given:
            ctx.error("PCR906", f"`{name}` is given twice", g.name.span)
            continue
        given[name] = g
        info = ctx.inputs.get(name)
        if info is None:
            if not isinstance(ctx.values.get(name), ast.Input) and not ctx.unparsed(name):
                ctx.error("PCR901", f"`{name}` is not an input", g.name.span, ctx.suggest(name, ctx.inputs))
            continue
        if info.keyset is not None:
            keys = ctx.keys(info.keyset)
            if g.kind != "key":
                ctx.error("PCR903", f"`{name}` takes a key of `{info.keyset}` in quotes", g.span,
                          f"write the key in quotes, e.g. `{name} = \"{next(iter(keys))}\"`" if keys else None)
            elif g.value not in keys:
                ctx.error("PCR209", f"`{g.value}` is not a key of `{info.keyset}`", g.span, ctx.suggest(g.value, keys))
            continue
        if g.kind == "key":
            ctx.error("PCR903", f"`{name}` takes a number in {info.unit_text}", g.span)
            continue
        if g.unit is not None:
            resolved = ctx.unit(g.unit)
            if resolved is not None and resolved[1] != info.dimension:
                ctx.error("PCR903", f"`{name}` is measured in {info.unit_text} ({units.describe(info.dimension)}), "
                          f"not in {g.unit.text()}", g.unit.span)
            elif resolved is not None:
                check_value(ctx, f"the value given for `{name}`", g.value, None, g.unit, resolved[0], g.span)
        elif info.dimension != units.DIMENSIONLESS:
            ctx.error("PCR903", f"give the unit of `{name}`, e.g. `{g.value} {info.unit_text}`", g.span)
    return given


def _unknown_target(ctx, x: ast.Expectation, stages) -> bool:
    """Report an expectation of a stage, process, gas or carbon kind the rule does not have."""
    subject = [n.value for n in x.subject]
    if x.target == "stage" and stages is not None and subject[0] not in stages:
        ctx.error("PCR904", f"unknown stage `{subject[0]}`", x.subject[0].span, ctx.suggest(subject[0], stages))
    elif x.target == "process" and stages is not None and (subject[0] not in stages or subject[1] not in stages[subject[0]]):
        ctx.error("PCR904", f"unknown process `{'.'.join(subject)}`", x.span)
    elif x.target == "gas" and subject[0] not in GASES:
        ctx.error("PCR904", f"unknown gas `{subject[0]}`", x.subject[0].span, ctx.suggest(subject[0], GASES))
    elif x.target == "kind" and subject[0] not in CARBON_KINDS:
        ctx.error("PCR904", f"unknown carbon kind `{subject[0]}`", x.subject[0].span,
                  ctx.suggest(subject[0], CARBON_KINDS))
    else:
        return False
    return True


def _check_expectation(ctx, x: ast.Expectation, stages, grading: ast.Grading | None) -> None:
    subject = [n.value for n in x.subject]
    if x.target == "cutoff":
        if subject[0] not in ("pass", "fail"):
            ctx.error("PCR708", f"`{subject[0]}` is neither pass nor fail", x.subject[0].span)
        return
    if x.target == "grade":
        classes = [c.name.value for c in grading.classes] if grading is not None else []
        if subject[0] not in classes:
            ctx.error("PCR904", f"`{subject[0]}` is not a class of the grading", x.subject[0].span,
                      ctx.suggest(subject[0], classes))
        return
    if _unknown_target(ctx, x, stages):
        return  # its unit cannot be judged
    resolved = ctx.unit(x.unit)
    if resolved is None:
        return
    ok_dims = [units.dim(CO2e=1)]
    if x.target == "gas" and subject[0] in GASES:
        ok_dims.append(units.dim(**{GASES[subject[0]]: 1}))
    if resolved[1] not in ok_dims:
        ctx.error("PCR905", f"expected value in {x.unit.text()} is {units.describe(resolved[1])}, "
                  "not a mass of CO2e" + (" or of the gas" if x.target == "gas" else ""), x.unit.span)
    else:
        check_value(ctx, "the expected value", x.value, None, x.unit, resolved[0], x.span)
    if x.tolerance_unit is not None:
        tol = ctx.unit(x.tolerance_unit)
        if tol is not None and tol[1] != resolved[1]:
            ctx.error("PCR905", f"the tolerance in {x.tolerance_unit.text()} does not match {x.unit.text()}",
                      x.tolerance_unit.span)
        elif tol is not None:
            check_value(ctx, "the tolerance", x.tolerance, None, x.tolerance_unit, tol[0], x.tolerance_unit.span)
