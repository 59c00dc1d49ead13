"""Annex A, the data collection form, and annex B, the emission factors and factor tables."""
from __future__ import annotations

from fractions import Fraction

from ...core import ir
from ...domain.vocabulary import FACTOR_KINDS
from . import formula as fm
from .blocks import Math
from .builder import Builder, clause_key, code, default_text
from .number import num, unit_text


def data_collection_form(b: Builder, c, name) -> None:
    loc = b.loc
    b.p(loc.tr("annex_a_intro"))
    rows = []
    for k, i in enumerate(b.rs.inputs, 1):
        if i.default is not None:
            need = loc.tr("default_short", value=default_text(i))
        else:
            need = loc.tr("optional_short") if i.optional else loc.tr("required_short")
        rows.append((str(k), (b.link(i.clause),), b.input_title(i), (code(i.name),),
                     (unit_text(i.unit) or "—") if i.kind == "number" else "—", b.bounds(i),
                     loc.tr("primary_short") if i.primary else loc.tr("secondary_short"), need, "", ""))
    b.table((loc.tr("row_number"), loc.tr("clause"), loc.tr("data_item"), loc.tr("symbol"), loc.tr("unit"),
             loc.tr("admissible"), loc.tr("data_type"), loc.tr("requirement"), loc.tr("entered"),
             loc.tr("data_source")), rows, "form")
    for i in (i for i in b.rs.inputs if i.kind == "rows"):  # a table of rows: its own form, a column each
        b.p(loc.tr("rows_form", table=b.input_title(i), name=i.name))
        head = [loc.tr("row_number")] + [f"{loc.t(c.text) or c.name} ({c.unit})" if c.kind == "number"
                                         else loc.t(c.text) or c.name for c in i.columns]
        b.table(tuple(head), [tuple([str(k)] + [""] * len(i.columns)) for k in (1, 2, 3)], "form")


def factors(b: Builder, c, name) -> None:
    loc = b.loc
    values = sorted(list(b.rs.factors) + list(b.rs.tables), key=lambda f: clause_key(f.clause))
    if not values:
        b.p(loc.tr("no_factors"))
        return
    b.p(loc.tr("annex_b_intro"))
    rows = []
    for f in values:
        value = factor_value(f, loc) if isinstance(f, ir.Factor) else loc.tr("see_table", clause=f.clause)
        rows.append(((b.link(f.clause),), loc.t(f.text) or f.name, (code(f.name),), value, unit_text(f.unit) or "—",
                     factor_source(b, f), f.geography or "—", f.vintage or "—"))
    b.table((loc.tr("clause"), loc.tr("name"), loc.tr("symbol"), loc.tr("value"), loc.tr("unit"),
             loc.tr("source"), loc.tr("geography_col"), loc.tr("vintage_col")), rows, "factors")


def factor_source(b: Builder, f) -> str:
    """The source in the document's language when the rule gives it in both, else as written."""
    return b.loc.t(getattr(f, "source_text", None)) or f.source or b.loc.tr("not_stated")


def exact_value(x: Fraction) -> str:
    """A value by value: its exact decimal, or the reduced fraction with its decimal (44/56 is 11/14)."""
    exact = fm.decimal_text(x)
    return exact if exact is not None else f"{x.numerator}/{x.denominator} ≈ {num(x)}"


def factor_value(f: ir.Factor, loc=None) -> str:
    if f.value is None:  # a dated factor chosen at run time for the reference period the inputs give
        return loc.tr("chosen_for_period") if loc is not None else "—"
    return exact_value(f.value)


def factor_properties(b: Builder, f) -> list:
    loc = b.loc
    rows = [(loc.tr("symbol"), (b.sym("factor", f.name), " ", code(f.name)))]
    if isinstance(f, ir.Factor):
        rows.append((loc.tr("value"), factor_value(f, loc)))
    rows += [
        (loc.tr("unit"), unit_text(f.unit) or "—"),
        (loc.tr("quantity_kind"), b.dimension(f)),
        (loc.tr("source"), factor_source(b, f)),
        (loc.tr("geography_col"), f.geography or loc.tr("not_stated")),
        (loc.tr("vintage_col"), f.vintage or loc.tr("not_stated")),
    ]
    if getattr(f, "kind", None):
        rows.append((loc.tr("factor_kind"), loc.label(FACTOR_KINDS, f.kind)))
    if f.provenance is not None:  # where the value comes from: a supplier's own data, or a database
        rows.append((loc.tr("data_type"), loc.tr("data_primary" if f.provenance == "primary" else "data_secondary")))
    if f.database:
        rows.append((loc.tr("database"), f.database + (f" {f.database_version}" if f.database_version else "")))
    if f.dataset:
        rows.append((loc.tr("dataset"), f.dataset))
    if f.unverified:
        rows.append((loc.tr("unverified"), loc.tr("yes")))
    users = b.used_in.get(("factor", f.name), [])
    if users:
        rows.append((loc.tr("used_in"), tuple(b.links(users))))
    return rows


def properties(b: Builder, f) -> None:
    """The properties of a factor or factor table, and the note if its value awaits checking."""
    b.kv(factor_properties(b, f))
    if f.unverified:
        b.p(b.loc.tr("unverified_note"), style="note")


def factor(b: Builder, c, name) -> None:
    loc = b.loc
    f = b.factors[name]
    properties(b, f)
    validity = getattr(f, "validity", ())
    if validity:
        b.p(loc.tr("validity"))
        b.table((loc.tr("valid_from"), loc.tr("valid_to"), loc.tr("value"), loc.tr("source"), loc.tr("in_force")),
                [(str(start), str(end), exact_value(value), source or "—", "✓" if in_force else "")
                 for start, end, value, source, in_force in validity])


def table(b: Builder, c, name) -> None:
    loc = b.loc
    t = b.tables[name]
    properties(b, t)
    b.p(loc.tr("table_rows", keyset=t.keyset))
    b.table((loc.tr("key"), f"{loc.tr('value')} ({unit_text(t.unit) or '—'})"),
            [((code(r.key), b.key_note(t.key_texts, r.key)), exact_value(r.value)) for r in t.rows])


CLAUSES = {"annex:data_collection": data_collection_form, "annex:factors": factors, "factor": factor, "table": table}
