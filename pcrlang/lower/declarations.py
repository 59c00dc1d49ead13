"""Declarations: stages, inputs, factors and tables, the cut-off rules."""
from __future__ import annotations

import re
from fractions import Fraction

import attrs

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


def allocation_inputs(ctx: Context) -> set:
    """Inputs the allocation quantities use: never cut (a co-product's output is no flow)."""
    out = set()
    for step in ctx.steps:
        if isinstance(step, ir.Let) and step.role == "allocation":
            out |= ctx.uses[step.name][1]
    return out


def cut_off_basis(m, info, never: bool) -> str:
    """Which per-flow basis can judge a cut-off of this input or column: only flows (amounts of
    material, energy or transport) may be left out; a key, an intensity, a content, a price, a
    share never. A mass is judged against the product's mass (a product in mass), an energy
    against all energy flows, any other amount by its emissions only."""
    if never or info.keyset is not None or info.is_text or not units.is_amount(info.dimension):
        return "never"
    if info.dimension == units.MASS:
        return "mass" if m.declared_dimension == units.MASS else "any"
    return "energy" if info.dimension == units.ENERGY else "any"


def _input(m, name: str, info, clause: str, cut: str, product_property: bool = False, columns=()) -> ir.Input:
    b = info.bounds
    keys = tuple(k.name.value for k in m.keysets[info.keyset].keys) if info.keyset else ()
    kind = "rows" if info.columns or info.unit_text == "rows" else "key" if info.keyset else \
        "text" if info.is_text else "date" if info.is_date else "number"
    return ir.Input(
        name=name, kind=kind, dimension=info.dimension if kind == "number" else (), to_base=info.to_base,
        keyset=info.keyset, keys=keys,
        bounds=ir.Bounds(b.low, b.high, b.low_inclusive, b.high_inclusive) if b is not None else None,
        optional=info.optional or info.default is not None, default=info.default, cut_off=cut,
        product_property=product_property, clause=clause, unit=info.unit_text, primary=info.primary,
        default_source=info.default_source, text=text(info.text),
        key_texts=key_texts(m, info.keyset) if info.keyset else (), columns=columns, min_rows=info.min_rows,
        key=info.key, provenance=info.provenance, sensitivity=sensitivity(info.decl.attributes), span=info.decl.span)


def sensitivity(attributes) -> tuple | None:
    """A declared sensitivity range (low, high) in the declared unit, checked by the checker."""
    for a in attributes:
        if a.key == "sensitivity":
            return (a.value[0][0], a.value[1][0])
    return None


def inputs(ctx: Context, numbers: dict, product_properties: set) -> tuple:
    m = ctx.model
    never = never_cut(m) | allocation_inputs(ctx)
    out = []
    for name, info in m.inputs.items():
        clause = numbers[f"input:{name}"]
        if info.columns or info.unit_text == "rows":
            columns = tuple(_input(m, c.decl.name.value, c, clause,
                                   cut_off_basis(m, c, name in never or not c.flow)) for c in info.columns)
            out.append(_input(m, name, info, clause, "never", columns=columns))
            continue
        cut = cut_off_basis(m, info, name in never or name in product_properties)
        out.append(_input(m, name, info, clause, cut, product_property=name in product_properties))
    return tuple(out)


def factors(ctx: Context, numbers: dict) -> tuple[tuple, tuple]:
    m = ctx.model
    factor_list, tables = [], []
    for d in m.module.declarations:
        info = m.factors.get(d.name.value) if isinstance(d, (ast.Factor, ast.DatedFactor)) else None
        if info is not None and (info.value is not None or info.at_run_time):
            factor_list.append(ir.Factor(
                name=d.name.value, dimension=info.dimension,
                base_value=info.value * info.to_base if info.value is not None else None, kind=info.kind,
                clause=numbers[f"factor:{d.name.value}"], unit=info.unit_text, value=info.value, source=info.source,
                geography=info.geography, vintage=info.vintage, unverified=info.unverified, text=text(info.text),
                validity=tuple((start, end, _value(value), source, now) for start, end, value, source, now in info.validity),
                **_provenance(info), sensitivity=sensitivity(d.attributes), span=d.span))
        elif isinstance(d, ast.Table) and d.name.value in m.tables:
            info = m.tables[d.name.value]
            by_key = {r.key.value: r for r in d.rows}
            rows = tuple(ir.TableRow(k.name.value, by_key[k.name.value].value * info.to_base, by_key[k.name.value].value)
                         for k in m.keysets[d.keyset.value].keys)
            tables.append(ir.Table(
                name=d.name.value, dimension=info.dimension, keyset=d.keyset.value, rows=rows, kind=info.kind,
                clause=numbers[f"table:{d.name.value}"], unit=info.unit_text, source=info.source,
                geography=info.geography, vintage=info.vintage, unverified=info.unverified, text=text(info.text),
                key_texts=key_texts(m, d.keyset.value), **_provenance(info), span=d.span))
    return tuple(factor_list), tuple(tables)


def _provenance(info) -> dict:
    database, version = info.database if info.database else (None, None)
    return {"provenance": info.provenance, "database": database, "database_version": version,
            "dataset": info.dataset}


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


# ---- publication fields (GB/T 1.1-2020: cover, foreword, references; docs/design/publication-fields.md) ----
_DATED = re.compile(r"^(?P<code>.*?\S)\s*(?:[—–-]|:)\s*(?P<year>(?:19|20)\d\d)$")
_STANDARD_CODE = re.compile(r"^(?:GB|GB/T|GB/Z|HJ|JJF|T/|DB|QB|YB|JC|ISO|IEC|EN|ASTM|ITU|PAS)\b|^[A-Z]{1,5}/[A-Z]?\s?\d")


def reference(written: str, title=None) -> ir.Reference:
    """A referenced document from its code as written: "GB/T 24067—2024" -> code, year 2024."""
    m = _DATED.match(written.strip())
    code, year = (m.group("code"), m.group("year")) if m else (written.strip(), None)
    return ir.Reference(code, year, text(title) if title is not None else None)


def references(fields: dict) -> tuple[tuple, tuple]:
    """(normative, bibliography): the `normative { ... }` and `bibliography { ... }` entries; the old
    `references "..."` list is split, a standard's code normative and anything else (IPCC
    guidelines, papers) informative."""
    normative = [reference(r.code, r.title) for r in fields.get("normative", ())]
    bibliography = [reference(r.code, r.title) for r in fields.get("bibliography", ())]
    for r in fields.get("references", ()):
        (normative if _STANDARD_CODE.match(r) else bibliography).append(reference(r))
    return tuple(normative), tuple(bibliography)


def publication(fields: dict) -> dict:
    """The publication fields of the header, as keyword arguments of ir.Ruleset."""
    def name(key):
        value = fields.get(key)
        return getattr(value, "value", value)
    normative, bibliography = references(fields)
    return dict(
        category=name("category"), ics=fields.get("ics"), ccs=fields.get("ccs"), stage=name("stage"),
        released=fields.get("released"), replaces=fields.get("replaces"),
        proposer=text(fields["proposer"]) if "proposer" in fields else None,
        committee=text(fields["committee"]) if "committee" in fields else None,
        drafting_units=tuple(text(t) for t in fields.get("drafting_units", ())),
        drafters=tuple(fields.get("drafters", ())), normative=normative, bibliography=bibliography,
    )


def symbols(rs: ir.Ruleset, m) -> ir.Ruleset:
    """The rule's `symbol "..."` of inputs, factors, tables, quantities and contributions, and a
    factor's source in both languages, on the IR records."""
    declared, sources = {}, {}
    for d in m.module.declarations:
        name = getattr(getattr(d, "name", None), "value", None)
        if name is None:
            continue
        symbol = getattr(d, "symbol", None)
        for a in getattr(d, "attributes", ()) or ():
            if getattr(a, "key", None) == "symbol":
                symbol = a.value
            elif getattr(a, "key", None) == "source_text":
                sources[name] = text(a.value)
        if symbol:
            declared[name] = symbol
    if not declared and not sources:
        return rs

    def with_symbol(x):
        changes = {}
        if x.name in declared:
            changes["symbol"] = declared[x.name]
        if x.name in sources and hasattr(x, "source_text"):
            changes["source_text"] = sources[x.name]
        return attrs.evolve(x, **changes) if changes else x
    steps = tuple(with_symbol(s) if isinstance(s, ir.Let) and s.role == "quantity" else s for s in rs.steps)
    return attrs.evolve(rs, inputs=tuple(map(with_symbol, rs.inputs)), factors=tuple(map(with_symbol, rs.factors)),
                        tables=tuple(map(with_symbol, rs.tables)), steps=steps,
                        contributions=tuple(map(with_symbol, rs.contributions)))
