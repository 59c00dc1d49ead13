"""Annex C, the worked examples: each example's inputs, its results as the reference interpreter
computes them when the document is generated, and the ruleset's expected values beside them."""
from __future__ import annotations

from fractions import Fraction

from ... import __version__
from ...core import ir
from ...domain.vocabulary import CARBON_KINDS, CUTOFF_BASES, EXAMPLE_TARGETS, FACTOR_KINDS
from ...examples import actual_value, example_inputs
from ...interpret import CalculationError, calculate
from .blocks import Strong
from .builder import Builder, code, gas_formula
from .number import num, unit_text
from .text import SEPARATE


def annex(b: Builder, c, name) -> None:
    if not b.rs.examples:
        b.p(b.loc.tr("no_examples"))
        return
    b.p(b.loc.tr("annex_c_intro", version=__version__))


def example(b: Builder, c, name) -> None:
    loc = b.loc
    e = b.examples[c.number]
    if loc.t(e.text) and loc.t(e.text) != e.title:
        b.p(loc.tr("example_title"), e.title, style="note")
    b.p(loc.tr("inputs_given"))
    rows, tables = [], []
    for g in e.givens:
        spec = b.inputs.get(g.name)
        if g.kind == "rows":  # a table of rows: shown as its own table below
            tables.append((spec, g))
            continue
        value, unit, note = given_cell(b, g, spec)
        rows.append(((code(g.name),), (b.link(spec.clause),) if spec else "", value, unit, note))
    head = (loc.tr("input"), loc.tr("clause"), loc.tr("value"), loc.tr("unit"), loc.tr("note"))
    try:
        result = calculate(b.rs, example_inputs(e, Fraction), b.fingerprint)
    except CalculationError as error:
        b.table(head, rows)
        b.p(loc.tr("refused", message=error.message))
        return
    for d in result["data"]["defaults_used"]:
        rows.append(((code(d["input"]),), (b.link(d["clause"]),),
                     d["value"] if isinstance(d["value"], str) else num(d["value"]), d["unit"], loc.tr("defaults_used")))
    for d in result["data"]["optional_left_out"]:
        rows.append(((code(d["input"]),), (b.link(d["clause"]),), "0", unit_text(_unit_of(b, d["input"])) or "—",
                     loc.tr("optional_omitted")))
    b.table(head, rows)
    for spec, g in tables:
        columns = {c.name: c for c in spec.columns}
        b.p(loc.tr("rows_form", table=b.input_title(spec), name=spec.name))
        b.table(tuple([loc.tr("row_number")] + [f"{c.name} ({c.unit})" if c.kind == "number" else c.name
                                                for c in spec.columns]),
                [tuple([str(k)] + [next((given_cell(b, x, columns[c.name])[0] for x in row if x.name == c.name), "—")
                                   for c in spec.columns]) for k, row in enumerate(g.value, 1)])
    results(b, result)
    expectations(b, e, result)


def given_cell(b: Builder, g, spec) -> tuple:
    """(value, unit, note) of one given value (an input, or a column of a row)."""
    unit = (unit_text(spec.unit) or "—") if spec is not None and spec.kind == "number" else "—"
    if g.kind == "key":
        return g.value, unit, ""
    if g.kind == "cut_off":
        return "0", unit, b.loc.tr("cut_off_estimate", value=f"{num(g.value)} {unit}")
    return num(g.value), unit, ""


def results(b: Builder, result: dict) -> None:
    loc = b.loc
    b.p(loc.tr("results"))
    rows = [((Strong(loc.tr("total")),), "", (Strong(num(result["total"])),))]
    for s in b.rs.stages:
        rows.append(((loc.t(s.text) or s.name,), (b.link(s.clause),), num(result["by_stage"][s.name])))
        for key, value in result["by_process"].items():
            stage, _, process = key.partition(".")
            if stage == s.name and process:
                rows.append((("· ", b.process_title(stage, process), " ", code(process)), "", num(value)))
    b.table((loc.tr("item"), loc.tr("clause"), loc.tr("co2e")), rows, "results")
    gases = [(b.gas(g), num(v["mass_kg"]), num(v["co2e_kg"])) for g, v in result["by_gas"].items()]
    b.table((loc.tr("by_gas"), loc.tr("gas_mass"), loc.tr("co2e")), gases, "results")
    kinds = [(loc.label(CARBON_KINDS, k), num(result["by_carbon_kind"][k])) for k in CARBON_KINDS]
    b.table((loc.tr("by_kind"), loc.tr("co2e")), kinds, "results")
    separate = [(loc.pick(SEPARATE.get(k, (k, k))), num(v)) for k, v in result["separately_reported"].items()]
    b.table((loc.tr("separate"), loc.tr("co2e")), separate, "results")
    shares = []
    for a in result["allocation"].values():
        for product, share in (a["shares"] or {}).items():
            shares.append(((b.link(a["clause"]),), (code(product),), num(share)))
        if a.get("then"):  # where it passes its product on: the declared product's share along the chain
            shares.append(((b.link(a["clause"]),), (loc.tr("declared_share_chain"),), num(a["declared_product_share"])))
    if shares:
        b.table((loc.tr("allocation"), loc.tr("products"), loc.tr("share")), shares, "results")
    grade = result.get("grade")
    if isinstance(grade, dict) and grade.get("class") is not None:
        b.p(loc.tr("grade_result", value=num(grade["rounded_total"]), grade=str(grade["class"])))
    electricity = result.get("electricity") or {}
    if electricity:
        b.table((loc.tr("electricity_result"), loc.tr("clause"), loc.tr("name"), loc.tr("factor_kind")),
                [((code(n),), (b.link(e["clause"]),), (code(str(e["source"])),), loc.label(FACTOR_KINDS, e["factor_kind"]))
                 for n, e in electricity.items()], "results")
        for n, e in electricity.items():  # a split block: each supply and the rest, per declared unit
            if "supplies" not in e:
                continue
            unit = "GJ" if e.get("carrier") == "heat" else "kWh"
            b.table((loc.tr("supply"), loc.tr("supply_amount"), loc.tr("factor_col"), loc.tr("co2e")),
                    [((code(f"{n}.{s}"),), f"{num(x[f'amount_{unit}'])} {unit}",
                      f"{num(x[f'factor_kg_per_{unit}'])} kg/{unit}", num(x["co2e_kg"]))
                     for s, x in e["supplies"].items()], "results")
    quality = result.get("data_quality")
    if isinstance(quality, dict) and quality.get("result"):
        rated = quality["result"]
        b.p(loc.tr("dq_result", rating=num(rated["rating"]) if rated.get("rating") is not None else "—",
                   level=str(rated.get("level") or "—"), verdict=verdict(b, quality.get("pass"))))
    cut = result["cutoff"]
    if cut["flows"]:
        b.p(loc.tr("cutoff_verdict", verdict=verdict(b, cut["pass"]), percent=num(cut["exempted_emissions_percent"])))
        rows = [((code(f["input"]),), (b.link(f["clause"]),), f"{num(f['estimate'])} {f['unit']}",
                 loc.semicolon.join(f"{loc.label(CUTOFF_BASES, basis)} {num(v)}"
                                    for basis, v in f["shares_percent"].items()),
                 verdict(b, f["pass"])) for f in cut["flows"]]
        b.table((loc.tr("flows"), loc.tr("clause"), loc.tr("estimate"), loc.tr("shares_percent"), loc.tr("verdict")),
                rows, "results")


def verdict(b: Builder, passed) -> str:
    return b.loc.tr("pass" if passed else "fail")


def expectations(b: Builder, e: ir.Example, result: dict) -> None:
    loc = b.loc
    if not e.expectations:
        return
    b.p(loc.tr("expected"))
    rows = []
    for x in e.expectations:
        what = loc.label(EXAMPLE_TARGETS, x.target)
        if x.target == "grade":
            computed = (result.get("grade") or {}).get("class")
            rows.append((what, str(x.subject[0]) if x.subject else "", "—", str(computed),
                         "✓" if x.subject and computed == x.subject[0] else "✗"))
            continue
        actual = actual_value(result, x)
        if x.target == "cutoff":
            rows.append((what, verdict(b, x.value), "—", verdict(b, actual), "✓" if actual == x.value else "✗"))
            continue
        subject = ".".join(x.subject)
        if x.target == "stage":
            subject = b.process_title(x.subject[0], None)
        elif x.target == "process":
            subject = b.process_title(x.subject[0], x.subject[1] if len(x.subject) > 1 else None)
        elif x.target == "gas":
            subject = b.gas(x.subject[0])
        elif x.target == "kind":
            subject = loc.label(CARBON_KINDS, x.subject[0])
        unit = "kg CO₂e" if x.measure == "co2e" else f"kg {gas_formula(x.subject[0])}"
        allowed = x.tolerance * abs(x.value) if x.relative else x.tolerance
        tolerance = f"{num(x.tolerance * 100)} %" if x.relative else f"{num(x.tolerance)} {unit}"
        ok = abs(Fraction(actual) - x.value) <= allowed
        rows.append((f"{what} {subject}".strip(), f"{num(x.value)} {unit}", tolerance, f"{num(actual)} {unit}",
                     "✓" if ok else "✗"))
    b.table((loc.tr("expectation"), loc.tr("expected_col"), loc.tr("tolerance"), loc.tr("computed"),
             loc.tr("agrees")), rows, "results")


CLAUSES = {"annex:examples": annex, "example": example}


def _unit_of(b, name: str):
    """The unit of an input, or of a cell `table[k].column` of a table of rows (an optional column left out)."""
    if name in b.inputs:
        return b.inputs[name].unit
    table, _, rest = name.partition("[")
    column = rest.partition("].")[2]
    spec = b.inputs.get(table)
    return next((c.unit for c in getattr(spec, "columns", ()) if c.name == column), None)
