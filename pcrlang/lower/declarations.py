"""Declarations: stages, inputs, factors and tables, the cut-off rules."""
from __future__ import annotations

from fractions import Fraction

from ..core import ir
from ..domain import units
from ..syntax import ast
from .context import Context, text


def stages(ctx: Context, numbers: dict) -> tuple:
    m = ctx.model
    out = tuple(ir.Stage(s.name.value, tuple(ir.Process(p.name.value, text(p.text)) for p in s.processes),
                         s.phase.value, numbers[f"stage:{s.name.value}"], text(s.text))
                for s in m.boundary.stages)
    exclusions = tuple(ir.Exclusion(x.name.value, text(x.text), text(x.reason)) for x in m.boundary.exclusions)
    return out, exclusions


def never_cut(m) -> set:
    never = set()
    if m.cutoff is not None:
        for r in m.cutoff.rules:
            if r.kind == "never":
                never |= {n.value for n in r.names}
    return never


def key_texts(m, keyset: str) -> tuple:
    return tuple((k.name.value, text(k.text)) for k in m.keysets[keyset].keys)


def inputs(ctx: Context, numbers: dict, product_properties: set) -> tuple:
    m = ctx.model
    never = never_cut(m)
    out = []
    for name, info in m.inputs.items():
        b = info.bounds
        if info.keyset is not None or name in never or name in product_properties:
            cut = "never"
        elif info.dimension == units.MASS and m.declared_dimension == units.MASS:
            cut = "mass"  # a mass share compares with the product's mass: only for a product in mass
        elif info.dimension == units.ENERGY:
            cut = "energy"
        else:
            cut = "any"
        keys = tuple(k.name.value for k in m.keysets[info.keyset].keys) if info.keyset else ()
        out.append(ir.Input(
            name=name, kind="key" if info.keyset else "number", dimension=() if info.keyset else info.dimension,
            to_base=info.to_base, keyset=info.keyset, keys=keys,
            bounds=ir.Bounds(b.low, b.high, b.low_inclusive, b.high_inclusive) if b is not None else None,
            optional=info.optional or info.default is not None, default=info.default, cut_off=cut,
            product_property=name in product_properties, clause=numbers[f"input:{name}"], unit=info.unit_text,
            primary=info.primary, default_source=info.default_source, text=text(info.text),
            key_texts=key_texts(m, info.keyset) if info.keyset else (), span=info.decl.span))
    return tuple(out)


def factors(ctx: Context, numbers: dict) -> tuple[tuple, tuple]:
    m = ctx.model
    factor_list, tables = [], []
    for d in m.module.declarations:
        info = m.factors.get(d.name.value) if isinstance(d, (ast.Factor, ast.DatedFactor)) else None
        if info is not None and info.value is not None:
            factor_list.append(ir.Factor(
                name=d.name.value, dimension=info.dimension, base_value=info.value * info.to_base, kind=info.kind,
                clause=numbers[f"factor:{d.name.value}"], unit=info.unit_text, value=info.value, source=info.source,
                geography=info.geography, vintage=info.vintage, unverified=info.unverified, text=text(info.text),
                validity=tuple((start, end, _value(value), source, now) for start, end, value, source, now in info.validity),
                span=d.span))
        elif isinstance(d, ast.Table) and d.name.value in m.tables:
            info = m.tables[d.name.value]
            by_key = {r.key.value: r for r in d.rows}
            rows = tuple(ir.TableRow(k.name.value, by_key[k.name.value].value * info.to_base, by_key[k.name.value].value)
                         for k in m.keysets[d.keyset.value].keys)
            tables.append(ir.Table(
                name=d.name.value, dimension=info.dimension, keyset=d.keyset.value, rows=rows, kind=info.kind,
                clause=numbers[f"table:{d.name.value}"], unit=info.unit_text, source=info.source,
                geography=info.geography, vintage=info.vintage, unverified=info.unverified, text=text(info.text),
                key_texts=key_texts(m, d.keyset.value), span=d.span))
    return tuple(factor_list), tuple(tables)


def _value(written) -> Fraction:
    """A dated value by value: the model keeps the literal as written ("0.5366", "44/56")."""
    return written if isinstance(written, Fraction) else Fraction(str(written).replace(" ", ""))


def cutoff(ctx: Context, numbers: dict):
    m = ctx.model
    if m.cutoff is None:
        return None
    rules = m.cutoff.rules
    zh = " ".join(r.text.zh for r in rules if r.kind == "text" and r.text.zh)
    en = " ".join(r.text.en for r in rules if r.kind == "text" and r.text.en)
    return ir.Cutoff(
        tuple(ir.Threshold(r.op, r.percent, r.basis.value) for r in rules if r.kind == "per_flow"),
        tuple(ir.Threshold(r.op, r.percent, r.basis.value) for r in rules if r.kind == "total"),
        tuple(sorted(never_cut(m))), numbers["cutoff"], ir.Text(zh or None, en or None), m.cutoff.span)
