"""Worked examples: what they give and expect must fit the rule (PCR90x; running them is the
compiler's, through the reference interpreter)."""
from __future__ import annotations

import datetime

from ..diagnostics import hint, msg, phrase
from ..domain import units
from ..domain.gases import GASES
from ..domain.vocabulary import CARBON_KINDS
from ..source import Span
from ..syntax import ast
from .header import DATE
from .magnitude import check_value


def check_examples(ctx, decls, stages, grading: ast.Grading | None) -> list:
    examples = [d for d in decls if isinstance(d, ast.Example)]
    seen_titles: dict[str, Span] = {}
    required = [name for name, info in ctx.inputs.items() if info.default is None and not info.optional]
    for e in examples:
        if e.title in seen_titles:
            ctx.error("PCR909", msg(title=e.title), e.title_span)
        seen_titles[e.title] = e.span
        ctx.bilingual(e.text, e.title_span, phrase("example", title=e.title))
        given = _check_givens(ctx, e)
        for name in required:
            if name not in given:
                ctx.error("PCR902", msg("input", title=e.title, name=name), e.title_span)
        for x in e.expectations:
            _check_expectation(ctx, x, stages, grading)
    return examples


def _check_givens(ctx, e: ast.Example) -> dict:
    given: dict[str, ast.Given] = {}
    for g in e.givens:
        name = g.name.value
        if name in given:
            ctx.error("PCR906", msg("input", name=name), g.name.span)
            continue
        given[name] = g
        info = ctx.inputs.get(name)
        if info is None:
            if not isinstance(ctx.values.get(name), (ast.Input, ast.RowsInput)) and not ctx.unparsed(name):
                ctx.error("PCR901", msg("input", name=name), g.name.span, ctx.suggest(name, ctx.inputs))
            continue
        if info.columns or isinstance(info.decl, ast.RowsInput):
            _check_rows_given(ctx, e, g, info)
            continue
        if g.kind == "rows":
            ctx.error("PCR903", msg("not_rows", name=name), g.span)
            continue
        _check_given(ctx, g, info, name)
    return given


def _check_rows_given(ctx, e: ast.Example, g: ast.Given, info) -> None:
    """The rows an example gives a table of rows: every required column, each value as for an input."""
    table = g.name.value
    if g.kind != "rows":
        ctx.error("PCR903", msg("rows", name=table), g.span,
                  hint("rows_given", table=table))
        return
    if len(g.value) < info.min_rows:
        ctx.error("PCR910", msg(title=e.title, count=len(g.value), table=table, least=info.min_rows), g.span)
    columns = {c.decl.name.value: c for c in info.columns}
    keys = {}
    for k, row in enumerate(g.value, 1):
        seen = {}
        for cell in row:
            column = cell.name.value
            if column in seen:
                ctx.error("PCR906", msg("cell", row=k, table=table, column=column), cell.name.span)
                continue
            seen[column] = cell
            c = columns.get(column)
            if c is None:
                ctx.error("PCR901", msg("column", table=table, column=column), cell.name.span, ctx.suggest(column, columns))
                continue
            if c.is_text:
                if cell.kind != "key":
                    ctx.error("PCR903", msg("text", column=column), cell.span)
                continue
            _check_given(ctx, cell, c, f"{table}.{column}")
        for column, c in columns.items():
            if column not in seen and c.default is None and not c.optional:
                span = row[0].span if row else g.span
                ctx.error("PCR902", msg("cell", row=k, table=table, column=column), span)
        key = next((c for c in info.columns if c.key), None)
        if key is not None and key.decl.name.value in seen:
            value = seen[key.decl.name.value].value
            if value in keys:
                ctx.error("PCR911", msg(first=keys[value], second=k, table=table, column=key.decl.name.value, value=value),
                          seen[key.decl.name.value].span, hint("row_key"))
            keys.setdefault(value, k)


def _check_given(ctx, g: ast.Given, info, name: str) -> None:
    """One value an example gives an input (or a column of a row)."""
    if info.is_date:
        if g.kind != "key" or not DATE.match(str(g.value)) or not _valid_date(g.value):
            ctx.error("PCR903", msg("date", name=name), g.span)
        return
    if info.keyset is not None:
        keys = ctx.keys(info.keyset)
        if g.kind != "key":
            ctx.error("PCR903", msg("key", name=name, keyset=info.keyset), g.span,
                      hint("key_in_quotes", name=name, key=next(iter(keys))) if keys else None)
        elif g.value not in keys:
            ctx.error("PCR209", msg(key=g.value, keyset=info.keyset), g.span, ctx.suggest(g.value, keys))
        return
    if g.kind in ("key", "rows"):
        ctx.error("PCR903", msg("number", name=name, unit=info.unit_text), g.span)
        return
    if g.unit is not None:
        resolved = ctx.unit(g.unit)
        if resolved is not None and resolved[1] != info.dimension:
            ctx.error("PCR903", msg("unit", name=name, unit=info.unit_text, dimension=phrase("dimension", dim=info.dimension),
                                    given=g.unit.text()), g.unit.span)
        elif resolved is not None:
            check_value(ctx, phrase("given_value", name=name), g.value, None, g.unit, resolved[0], g.span)
    elif info.dimension != units.DIMENSIONLESS:
        ctx.error("PCR903", msg("no_unit", name=name, value=g.value, unit=info.unit_text), g.span)


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _unknown_target(ctx, x: ast.Expectation, stages) -> bool:
    """Report an expectation of a stage, process, gas or carbon kind the rule does not have."""
    subject = [n.value for n in x.subject]
    if x.target == "stage" and stages is not None and subject[0] not in stages:
        ctx.error("PCR904", msg("stage", name=subject[0]), x.subject[0].span, ctx.suggest(subject[0], stages))
    elif x.target == "process" and stages is not None and (subject[0] not in stages or subject[1] not in stages[subject[0]]):
        ctx.error("PCR904", msg("process", name='.'.join(subject)), x.span)
    elif x.target == "gas" and subject[0] not in GASES and subject[0] not in ctx.declared_gases:
        ctx.error("PCR904", msg("gas", name=subject[0]), x.subject[0].span,
                  ctx.suggest(subject[0], [*GASES, *sorted(ctx.declared_gases)]))
    elif x.target == "kind" and subject[0] not in CARBON_KINDS:
        ctx.error("PCR904", msg("kind", name=subject[0]), x.subject[0].span,
                  ctx.suggest(subject[0], CARBON_KINDS))
    else:
        return False
    return True


def _check_expectation(ctx, x: ast.Expectation, stages, grading: ast.Grading | None) -> None:
    subject = [n.value for n in x.subject]
    if x.target == "cutoff":
        if subject[0] not in ("pass", "fail"):
            ctx.error("PCR708", msg("verdict", name=subject[0]), x.subject[0].span)
        return
    if x.target == "grade":
        classes = [c.name.value for c in grading.classes] if grading is not None else []
        if subject[0] not in classes:
            ctx.error("PCR904", msg("class", name=subject[0]), x.subject[0].span,
                      ctx.suggest(subject[0], classes))
        return
    if _unknown_target(ctx, x, stages):
        return  # its unit cannot be judged
    resolved = ctx.unit(x.unit)
    if resolved is None:
        return
    ok_dims = [units.dim(CO2e=1)]
    if x.target == "gas" and (subject[0] in GASES or subject[0] in ctx.declared_gases):
        ok_dims.append(units.gas_mass(subject[0]))
    if resolved[1] not in ok_dims:
        ctx.error("PCR905", msg("gas" if x.target == "gas" else "mass", unit=x.unit.text(),
                                got=phrase("dimension", dim=resolved[1])), x.unit.span)
    else:
        check_value(ctx, phrase("expected_value"), x.value, None, x.unit, resolved[0], x.span)
    if x.tolerance_unit is not None:
        tol = ctx.unit(x.tolerance_unit)
        if tol is not None and tol[1] != resolved[1]:
            ctx.error("PCR905", msg("tolerance", unit=x.tolerance_unit.text(), expected=x.unit.text()),
                      x.tolerance_unit.span)
        elif tol is not None:
            check_value(ctx, phrase("tolerance"), x.tolerance, None, x.tolerance_unit, tol[0], x.tolerance_unit.span)
