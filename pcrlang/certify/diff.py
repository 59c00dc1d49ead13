"""`pcr diff OLD NEW`: the semantic difference between two versions of a rule, and its impact.

By clause: what each part of the IR gains, loses or changes (inputs, factors and tables, formulas,
contributions, the boundary's stages and processes, allocations, electricity, recycling,
cut-off thresholds, data quality, grading, the GWP set and its values), compared on the semantic
fields (pcrlang/core/ir.py: what can change a number, a verdict or a refusal); changes of text
alone are listed apart. The impact: both versions run by the exact interpreter on one suite's
inputs (the old version's suite, or one given), the change of the total per case (min, median,
max, the cases that change most) and every case whose outcome or verdicts change.
"""
from __future__ import annotations

import statistics
from fractions import Fraction
from typing import Optional

from ..core import ir
from ..core.serialize import to_data
from ..interpret import CalculationError, calculate

# (part, IR field holding records keyed by name, clause subject prefix)
COLLECTIONS = (("inputs", "inputs", "input"), ("factors", "factors", "factor"), ("tables", "tables", "table"),
               ("formulas", "steps", "quantity"), ("contributions", "contributions", "contribution"),
               ("stages", "stages", "stage"), ("allocations", "allocations", "allocation"),
               ("electricity", "electricity", "electricity"), ("recycling", "recyclings", "recycling"))
# (part, IR field of a single declaration, clause subject)
SINGLES = (("cutoff", "cutoff", "cutoff"), ("data_quality", "data_quality", "data_quality"),
           ("grading", "grading", "grading"))
HEADER = ("identifier", "gwp_set", "gwp_values", "declared_amount", "declared_dimension", "declared_base",
          "production", "per_unit", "biogenic_content", "period_inputs")


def semantic_diff(old: ir.Ruleset, new: ir.Ruleset) -> list:
    """Every change between two versions: {part, name, change (added, removed, changed, text),
    clause (old, new), fields: [{field, old, new}]}, in the order of the parts."""
    out = []
    old_clauses = {c.subject: c.number for c in old.clauses}
    new_clauses = {c.subject: c.number for c in new.clauses}
    for key in HEADER:
        a, b = to_data(getattr(old, key), True), to_data(getattr(new, key), True)
        if a != b:
            out.append(_change("rule", key, "changed", old_clauses.get(_header_subject(key)),
                               new_clauses.get(_header_subject(key)), [_field(key, a, b)]))
    for part, attr, subject in COLLECTIONS:
        a = {x.name: x for x in getattr(old, attr) if _kept(x)}
        b = {x.name: x for x in getattr(new, attr) if _kept(x)}
        for name in list(a) + [n for n in b if n not in a]:
            where = (old_clauses.get(f"{subject}:{name}") or getattr(a.get(name), "clause", None),
                     new_clauses.get(f"{subject}:{name}") or getattr(b.get(name), "clause", None))
            if name not in b:
                out.append(_change(part, name, "removed", where[0], None, []))
            elif name not in a:
                out.append(_change(part, name, "added", None, where[1], _summary(b[name])))
            else:
                fields = _fields(a[name], b[name], True) + _dated(a[name], b[name])
                if fields:
                    out.append(_change(part, name, "changed", *where, fields))
                elif _fields(a[name], b[name], False):
                    out.append(_change(part, name, "text", *where, _fields(a[name], b[name], False)))
    for part, attr, subject in SINGLES:
        x, y = getattr(old, attr), getattr(new, attr)
        if x is None and y is None:
            continue
        where = (old_clauses.get(subject), new_clauses.get(subject))
        if x is None or y is None:
            out.append(_change(part, part, "added" if x is None else "removed", *where, _summary(y) if x is None else []))
        elif _fields(x, y, True):
            out.append(_change(part, part, "changed", *where, _fields(x, y, True)))
    return out


def _header_subject(key: str) -> str:
    return {"gwp_set": "gwp", "gwp_values": "gwp", "production": "declared_unit", "per_unit": "declared_unit",
            "declared_amount": "declared_unit", "declared_dimension": "declared_unit",
            "declared_base": "declared_unit", "biogenic_content": "biogenic_carbon_content",
            "period_inputs": "time_and_geography"}.get(key, "scope")


def _kept(x) -> bool:
    """Records a person reads as parts of the rule: quantities, not the lowering's own bindings."""
    return type(x) is not ir.Check and (type(x) is not ir.Let or x.role == "quantity")


def _change(part, name, change, old_clause, new_clause, fields) -> dict:
    return {"part": part, "name": name, "change": change, "clause": {"old": old_clause, "new": new_clause},
            "fields": fields}


def _fields(a, b, semantic: bool) -> list:
    """The fields whose values differ ({field, old, new}) as a person reads them: formulas as
    written, factors in their unit, bounds as intervals, thresholds as the rule writes them."""
    x, y = to_data(a, semantic), to_data(b, semantic)
    if not isinstance(x, dict):
        return [] if x == y else [_field("value", x, y)]
    out = []
    for key in list(x) + [k for k in y if k not in x]:
        if x.get(key) == y.get(key):
            continue
        if key == "base_value" and hasattr(a, "unit"):
            out.append(_field("value", f"{_number(a.value)} {a.unit}", f"{_number(b.value)} {b.unit}"))
        elif key in ("to_base", "dimension") and hasattr(a, "unit"):
            if not any(f["field"] == "unit" for f in out):
                out.append(_field("unit", a.unit, b.unit))
        elif key == "columns":  # a table of rows: column by column
            old_columns, new_columns = {c.name: c for c in a.columns}, {c.name: c for c in b.columns}
            for name in list(old_columns) + [n for n in new_columns if n not in old_columns]:
                u, v = old_columns.get(name), new_columns.get(name)
                if u is None or v is None:
                    out.append(_field(f"column {name}", u and "declared", v and "declared"))
                else:
                    out += [dict(f, field=f"column {name}: {f['field']}") for f in _fields(u, v, semantic)]
        elif key == "rows":
            old_rows, new_rows = {r.key: r for r in a.rows}, {r.key: r for r in b.rows}
            for k in list(old_rows) + [k for k in new_rows if k not in old_rows]:
                u, v = old_rows.get(k), new_rows.get(k)
                if u is None or v is None or u.base_value != v.base_value:
                    out.append(_field(f"row {k}", u and f"{_number(u.value)} {a.unit}", v and f"{_number(v.value)} {b.unit}"))
        elif key in ("expr", "value", "condition", "rating", "amount") and getattr(a, "formula", None) is not None \
                and isinstance(x.get(key), dict):
            out.append(_field("formula", a.formula, b.formula))
        else:
            out.append(_field(key, x.get(key), y.get(key)))
    return out


def _dated(a, b) -> list:
    """The dated values of a factor chosen at run time for the reference period (semantic, though
    held with the publication's fields), value by value."""
    if type(a) is not ir.Factor or (a.base_value is not None and b.base_value is not None):
        return []
    old = {(v[0], v[1]): v[2] for v in a.validity}
    new = {(v[0], v[1]): v[2] for v in b.validity}
    return [_field(f"value from {w[0]} to {w[1]}", w in old and f"{_number(old[w])} {a.unit}",
                   w in new and f"{_number(new[w])} {b.unit}")
            for w in sorted(old.keys() | new.keys()) if old.get(w) != new.get(w)]


def _field(name, old, new) -> dict:
    return {"field": name, "old": _short(old), "new": _short(new)}


def _number(x) -> str:
    f = Fraction(x)
    return str(f.numerator) if f.denominator == 1 else repr(float(f))


def _short(value):
    """A value as a person reads it in a diff: numbers as decimals, bounds as intervals,
    thresholds as written, expressions by their kind."""
    if isinstance(value, str) and value.replace("/", "", 1).lstrip("-").isdigit():
        return _number(value) if "/" in value else int(value)
    if isinstance(value, dict) and {"low", "high", "low_inclusive", "high_inclusive"} <= set(value):
        return (("[" if value["low_inclusive"] else "(") + f"{_number(value['low'])}, {_number(value['high'])}"
                + ("]" if value["high_inclusive"] else ")"))
    if isinstance(value, dict) and {"op", "percent", "basis"} <= set(value):
        return f"{value['op']} {_number(value['percent'])} % by {value['basis']}"
    if isinstance(value, dict) and "op" in value and "type" in value:
        return f"<{value['op']} expression>"
    if isinstance(value, list):
        return [_short(v) for v in value]
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items() if k not in ("span", "type")}
    return value


def _summary(x) -> list:
    """What a person reads first of something added: its unit and value, place, gas and formula."""
    data = to_data(x, True)
    fields = []
    if getattr(x, "unit", None):
        fields.append(_field("unit", None, x.unit))
    if isinstance(x, ir.Factor):
        fields.append(_field("value", None, f"{_number(x.value)} {x.unit}"))
    keep = ("kind", "bounds", "optional", "default", "stage", "process", "gas", "method", "per_flow", "total",
            "classes", "levels")
    fields += [_field(k, None, data[k]) for k in keep if isinstance(data, dict) and data.get(k) is not None]
    if getattr(x, "formula", None):
        fields.append(_field("formula", None, x.formula))
    return fields


# ---- impact -------------------------------------------------------------------------------------------
def impact(old: tuple, new: tuple, inputs: list, top: int = 5) -> dict:
    """Both versions on the same inputs: per case the totals and their change; statistics."""
    (rs_old, fp_old), (rs_new, fp_new) = old, new
    rows = []
    for case_id, value in inputs:
        a, b = _outcome(rs_old, fp_old, value), _outcome(rs_new, fp_new, value)
        row = {"id": case_id, "old": _describe(a), "new": _describe(b)}
        if not isinstance(a, CalculationError) and not isinstance(b, CalculationError):
            change = b["total"] - a["total"]
            row["change"] = float(change)
            row["relative"] = float(change / abs(a["total"])) if a["total"] else (0.0 if change == 0 else None)
            flips = _verdict_flips(a, b)
            if flips:
                row["verdicts"] = flips
        rows.append(row)
    computed = [r for r in rows if "change" in r]
    changes = [r["change"] for r in computed]
    relatives = [r["relative"] for r in computed if r["relative"] is not None]
    outcome_changes = [r for r in rows if ("error" in r["old"]) != ("error" in r["new"]) or
                       (r["old"].get("error") != r["new"].get("error"))]
    ranked = sorted(computed, key=lambda r: (-abs(r["relative"]) if r["relative"] is not None else float("-inf"),
                                             -abs(r["change"]), r["id"]))
    return {
        "cases": len(rows), "computed_by_both": len(computed),
        "changed": sum(1 for r in computed if r["change"] != 0),
        "total_change": _stats(changes), "relative_change": _stats(relatives),
        "most_changed": [r for r in ranked if r["change"] != 0][:top],
        "outcome_changed": outcome_changes,
        "verdicts_changed": [r for r in computed if r.get("verdicts")],
    }


def _outcome(rs, fp, value):
    try:
        return calculate(rs, value, fp)
    except CalculationError as error:
        return error


def _describe(outcome) -> dict:
    if isinstance(outcome, CalculationError):
        return {"error": outcome.code, "field": outcome.field or outcome.formula}
    return {"total": float(outcome["total"])}


def _verdict_flips(a: dict, b: dict) -> dict:
    out = {}
    if a["cutoff"]["pass"] != b["cutoff"]["pass"]:
        out["cutoff"] = [a["cutoff"]["pass"], b["cutoff"]["pass"]]
    grade_a, grade_b = (a.get("grade") or {}).get("class"), (b.get("grade") or {}).get("class")
    if grade_a != grade_b:
        out["grade"] = [grade_a, grade_b]
    dq_a, dq_b = a.get("data_quality"), b.get("data_quality")
    if dq_a and dq_b and dq_a["pass"] != dq_b["pass"]:
        out["data_quality"] = [dq_a["pass"], dq_b["pass"]]
    return out


def _stats(values: list) -> Optional[dict]:
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def suite_inputs(suite: dict) -> list:
    return [(c["id"], c["input"]) for c in suite["cases"]]


def diff(old, new, suite: Optional[dict] = None, random: int = 100, seed: int = 0) -> dict:
    """The whole report: both versions' identity, the changes by clause, and the impact on the
    given suite's inputs (else the old version's suite, made here)."""
    from .suite import build
    if suite is None:
        suite = build(old.ruleset, old.fingerprint, old.publication_fingerprint, seed=seed, random=random)
    return {
        "pcrlang_diff": 1,
        "old": _identity(old), "new": _identity(new),
        "same_semantics": old.fingerprint == new.fingerprint,
        "changes": semantic_diff(old.ruleset, new.ruleset),
        "impact": dict(impact((old.ruleset, old.fingerprint), (new.ruleset, new.fingerprint), suite_inputs(suite)),
                       suite={"ruleset": suite["ruleset"]["identifier"], "version": suite["ruleset"]["version"],
                              "seed": suite["generator"]["seed"], "cases": len(suite["cases"])}),
    }


def _identity(c) -> dict:
    return {"identifier": c.ruleset.identifier, "version": c.ruleset.version, "fingerprint": c.fingerprint,
            "publication_fingerprint": c.publication_fingerprint, "path": c.path}


def text(report: dict) -> str:
    """The report for people."""
    o, n = report["old"], report["new"]
    lines = [f"{o['identifier']} {o['version']} -> {n['identifier']} {n['version']}",
             f"  old {o['fingerprint']}", f"  new {n['fingerprint']}"]
    if report["same_semantics"]:
        lines.append("same semantics: every number, verdict and refusal is unchanged")
    changes = report["changes"]
    semantic = [c for c in changes if c["change"] != "text"]
    lines.append(f"\n{len(semantic)} semantic changes" + (f", {len(changes) - len(semantic)} changes of text only"
                                                          if len(changes) > len(semantic) else "") + ":")
    for c in changes:
        clause = c["clause"]["new"] or c["clause"]["old"] or "-"
        if clause != (c["clause"]["old"] or clause):
            clause = f"{c['clause']['old']} -> {clause}"
        lines.append(f"  [{clause}] {c['part']} `{c['name']}` {c['change']}")
        for f in c["fields"][:8]:
            if c["change"] == "added":
                lines.append(f"      {f['field']}: {_render(f['new'])}")
            else:
                lines.append(f"      {f['field']}: {_render(f['old'])} -> {_render(f['new'])}")
    i = report["impact"]
    lines.append(f"\nimpact on {i['cases']} cases (suite of {i['suite']['ruleset']} {i['suite']['version']}, "
                 f"seed {i['suite']['seed']}): {i['changed']} of {i['computed_by_both']} totals change")
    if i["total_change"]:
        t, r = i["total_change"], i["relative_change"]
        lines.append(f"  change of the total (kg CO2e per declared unit): min {t['min']:.6g}, median {t['median']:.6g}, "
                     f"max {t['max']:.6g}")
        if r:
            lines.append(f"  relative change: min {r['min']:.4%}, median {r['median']:.4%}, max {r['max']:.4%}")
    for row in i["most_changed"]:
        rel = f" ({row['relative']:+.4%})" if row["relative"] is not None else ""
        lines.append(f"  {row['id']}: {row['old']['total']:.10g} -> {row['new']['total']:.10g}{rel}")
    for row in i["outcome_changed"][:10]:
        lines.append(f"  {row['id']}: {_outcome_text(row['old'])} -> {_outcome_text(row['new'])}")
    for row in i["verdicts_changed"][:10]:
        flips = ", ".join(f"{k} {v[0]} -> {v[1]}" for k, v in row["verdicts"].items())
        lines.append(f"  {row['id']}: {flips}")
    return "\n".join(lines) + "\n"


def _render(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _outcome_text(o: dict) -> str:
    return f"refused ({o['error']}: {o['field']})" if "error" in o else f"{o['total']:.10g}"

