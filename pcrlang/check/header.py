"""The ruleset header: its fields, the declared unit and production, the GWP set, the period."""
from __future__ import annotations

import re
from fractions import Fraction

from ..diagnostics import hint, msg, phrase
from ..domain.gases import GASES, GWP_SETS, GWP_SOURCES

GAS_FORMULAS = frozenset(GASES.values())  # the built-in gases' formulas, e.g. CH4 of CH4_fossil
from ..domain.vocabulary import FACTOR_KINDS, STATUSES
from ..source import Span
from ..syntax import ast
from ..syntax.printer import format_expr
from .expressions import describe, described, dimension, is_quantity, numeric
from .magnitude import check_value

SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("status", "title", "gwp", "declared_unit")


def check_header(ctx, h: ast.Header) -> dict:
    """Header field name -> value (the first of each name)."""
    fields: dict = {}
    for f in h.fields:
        if f.key in fields:
            ctx.error("PCR107", msg(field=f.key), f.span)
            continue
        fields[f.key] = f.value
    if not SEMVER.match(h.version):
        ctx.error("PCR104", msg(version=h.version), h.version_span)
    for required in REQUIRED:
        if required not in fields:
            ctx.error("PCR103", msg(field=required), h.identifier_span)
    status = fields.get("status")
    if status is not None and status.value not in STATUSES:
        ctx.error("PCR105", msg(status=status.value), status.span, ctx.suggest(status.value, STATUSES))
    gwp = fields.get("gwp")
    declared_sets = [d.name.value for d in ctx.module.declarations if isinstance(d, ast.GwpValues)]
    if gwp is not None and gwp.value not in GWP_SETS and gwp.value not in declared_sets:
        ctx.error("PCR106", msg(gwp=gwp.value), gwp.span,
                  ctx.suggest(gwp.value, list(GWP_SETS) + declared_sets))
    if "title" in fields:
        ctx.bilingual(fields["title"], fields["title"].span, phrase("title"), code="PCR110")
    for key in ("issuer", "scope"):
        if key in fields:
            ctx.bilingual(fields[key], fields[key].span, phrase(key))
    policy = fields.get("energy_factors")  # applied to every contribution once they are checked (electricity.py)
    if policy is not None and policy.value not in FACTOR_KINDS:
        ctx.error("PCR530", msg("policy", kind=policy.value), policy.span,
                  ctx.suggest(policy.value, FACTOR_KINDS) or hint("energy_policy"))
    effective = fields.get("effective")
    if effective is not None and not DATE.match(effective):
        span = next(f.span for f in h.fields if f.key == "effective")
        ctx.error("PCR111", msg("date", date=effective), span)
    return fields


def check_period(ctx, header: ast.Header | None, fields: dict) -> tuple | None:
    """The reference period (start, end), if the header gives a valid one."""
    period = fields.get("period")
    if period is None:
        return None
    span = next((f.span for f in header.fields if f.key == "period"), header.span) if header else \
        Span(ctx.module.path, 1, 1, 1, 2)
    if isinstance(period, ast.PeriodInputs):  # the period comes with the inputs: two date inputs
        for name in (period.start, period.end):
            info = ctx.inputs.get(name.value)
            ctx.used.add(name.value)
            if info is None or not info.is_date:
                ctx.error("PCR114", msg(name=name.value), name.span,
                          hint("date_input", name=name.value))
                return None
        return period
    start, end = period
    if not (DATE.match(start) and DATE.match(end)):
        ctx.error("PCR111", msg("period", start=start, end=end), span)
        return None
    if start > end:
        ctx.error("PCR111", msg("reversed"), span)
        return None
    return period


def check_declared_unit(ctx, declared: ast.DeclaredUnit | None):
    """(to_base, dimension) of the declared unit, or None."""
    if declared is None:
        return None
    resolved = ctx.unit(declared.unit)
    if declared.amount <= 0:
        ctx.error("PCR108", msg(), declared.span)
    elif resolved is not None:
        check_value(ctx, phrase("declared_unit"), declared.amount, None, declared.unit, resolved[0], declared.span)
    if declared.text is not None:
        ctx.bilingual(declared.text, declared.span, phrase("declared_unit"))
    return resolved


def check_production(ctx, fields: dict, declared_unit) -> str | None:
    """The input that measures the production, when `production` names one."""
    prod = fields.get("production")
    if prod is None:
        return None
    t = dimension(ctx, prod)
    production = prod.name if isinstance(prod, ast.NameRef) and prod.name in ctx.inputs else None
    if declared_unit is not None and is_quantity(t) and numeric(ctx, t, prod.span) and t != declared_unit[1]:
        declared = fields["declared_unit"]
        ctx.error("PCR109", msg(formula=format_expr(prod), got=described(t), unit=declared.unit.text(),
                                wanted=described(declared_unit[1])), prod.span)
    return production


def gwp_table(ctx, decls, chosen) -> tuple[str, str, dict | None]:
    """(name, source, gas -> value) of the GWP set the header names: built in or declared."""
    declared = {d.name.value: d for d in decls if isinstance(d, ast.GwpValues)}
    for d in declared.values():
        seen = set()
        for gas, value in d.values:
            if gas.value not in GASES and gas.value in GAS_FORMULAS:  # CH4 is fossil or not: no third value
                ctx.error("PCR501", msg("builtin", gas=gas.value), gas.span,
                          hint("one_of", names=phrase("alternatives", names=tuple(g for g, f in GASES.items() if f == gas.value))))
            elif gas.value in seen:
                ctx.error("PCR211", msg("gas", gas=gas.value), gas.span)
            seen.add(gas.value)
    if chosen is None:
        return "AR6", GWP_SOURCES["AR6"], None
    if chosen.value in GWP_SETS:
        return chosen.value, GWP_SOURCES[chosen.value], GWP_SETS[chosen.value]
    d = declared.get(chosen.value)
    if d is None:
        return chosen.value, "", None  # reported by the header check
    table = {g.value: v for g, v in d.values if v is not None}
    table.setdefault("CO2", Fraction(1))
    table.setdefault("CO2e", Fraction(1))
    return chosen.value, d.source, table
