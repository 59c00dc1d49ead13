"""SPEC: what the runtime (pcrlang/semantics/runtime.py) reads of a rule, as plain data.

Derived from the IR by one function, used by the interpreter in memory and emitted by the
Python backend as a literal (exact numbers as Fractions), so the interpreter and every
calculator validate, judge and assemble from the same tables.
"""
from __future__ import annotations

from .. import __version__
from ..domain import units
from . import expr as cx
from . import ir


def _bounds(b):
    return (b.low, b.high, b.low_inclusive, b.high_inclusive) if b is not None else None


def givens(items) -> tuple:
    """(name, kind, value) of each given of an example, a table's rows as tuples of their givens."""
    return tuple((g.name, g.kind, givens(g.value) if g.kind == "rows" else g.value) for g in items) \
        if items and isinstance(items[0], ir.Given) else tuple(givens(row) for row in items)


def _input(i: ir.Input, clause: str | None = None) -> dict:
    """An input's (or a column's) validation and cut-off data."""
    return {
        "clause": clause or i.clause, "unit": i.unit, "kind": i.kind, "keyset": i.keyset, "keys": tuple(i.keys),
        "bounds": _bounds(i.bounds), "optional": i.optional, "default": i.default,
        "default_source": i.default_source, "cut_off": i.cut_off, "to_base": i.to_base,
        # energy flows count toward the energy basis of the cut-off; a product's properties do not
        "energy_flow": i.kind == "number" and i.dimension == units.ENERGY and not i.product_property,
        "dimension_text": i.kind if i.kind in ("key", "text", "rows") else units.describe(i.dimension),
    }


def spec(rs: ir.Ruleset, fingerprint: str, publication_fingerprint: str | None = None) -> dict:
    report_index = {f.path: k for k, f in enumerate(rs.report)}
    # the report field showing a binding (an allocation share): the first that is a plain reference to it
    shown: dict = {}
    for k, f in enumerate(rs.report):
        if f.kind == "value" and type(f.expr) is cx.Ref:
            shown.setdefault(f.expr.name, k)
    inputs = {}
    for i in rs.inputs:
        inputs[i.name] = _input(i)
        if i.kind == "rows":
            inputs[i.name].update(columns={c.name: _input(c, i.clause) for c in i.columns}, min_rows=i.min_rows,
                                  key=next((c.name for c in i.columns if c.key), None),
                                  provenance=next((c.name for c in i.columns if c.provenance), None))
    contributions = []
    for c in rs.contributions:
        # the share applied (the product of the shares along a chain), as the result reports it
        share = shown[c.share] if c.share is not None else None
        choice = report_index[("electricity", c.electricity, "source")] if c.electricity is not None else None
        contributions.append({
            "name": c.name, "clause": c.clause, "direction": c.direction, "stage": c.stage, "process": c.process,
            "gas": c.gas, "gwp": c.gwp, "carbon_kind": c.carbon_kind, "formula": c.formula,
            "allocation": c.allocation, "factors": tuple(c.factors), "data_inputs": tuple(c.data_inputs),
            "choice_inputs": tuple(tuple(x) for x in c.choice_inputs), "choice": choice, "share": share,
            "rows": c.rows, "secondary_data": c.secondary_data, "choice_secondary": tuple(c.choice_secondary),
        })
    factors = {f.name: {"clause": f.clause, "unit": f.unit, "value": f.value, "source": f.source} for f in rs.factors}
    factors.update({t.name: {"clause": t.clause, "unit": t.unit, "value": None, "source": t.source} for t in rs.tables})
    c = rs.cutoff
    g = rs.grading
    dq = rs.data_quality
    return {
        "ruleset": {"identifier": rs.identifier, "version": rs.version, "status": rs.status,
                    "fingerprint": fingerprint, "publication_fingerprint": publication_fingerprint,
                    "compiler": f"pcrlang {__version__}"},
        "declared": {"amount": rs.declared_amount, "unit": rs.declared_unit, "base": rs.declared_base},
        "gwp_set": rs.gwp_set,
        "period": {"inputs": tuple(rs.period_inputs)} if rs.period_inputs else
        {"start": rs.period[0], "end": rs.period[1]} if rs.period else None,
        "inputs": inputs,
        "order": tuple(i.name for i in rs.inputs),
        "contributions": tuple(contributions),
        "factors": factors,
        "report": tuple((f.path, f.kind, f.choices if f.kind == "choice" else f.value) for f in rs.report),
        "total": report_index[("total",)],
        "cutoff": None if c is None else {
            "clause": c.clause, "per_flow": tuple((t.op, t.percent, t.basis) for t in c.per_flow),
            "total": tuple((t.op, t.percent, t.basis) for t in c.total)},
        "grading": None if g is None else {
            "clause": g.clause, "decimals": g.decimals, "rounding": g.rounding or "half_up",
            "classes": tuple((k.name, k.op, k.limit) for k in g.classes)},
        "data_quality": None if dq is None else {
            "clause": dq.clause, "scheme": dq.name, "criteria": tuple(dq.criteria), "bounds": _bounds(dq.criteria_bounds),
            "levels": tuple((level.name, level.op, level.limit) for level in dq.levels),
            "input_minimums": tuple(tuple(x) for x in dq.input_minimums), "result_minimum": dq.result_minimum,
            "primary_share": tuple(dq.primary_share) if dq.primary_share else None},
        "examples": tuple(
            (e.title, e.clause, givens(e.givens),
             tuple((x.target, tuple(x.subject), x.value, x.measure, x.tolerance, x.relative) for x in e.expectations))
            for e in rs.examples),
    }

