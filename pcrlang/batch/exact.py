"""The records the query flags, computed by pcrlang's runtime in Python.

The batch query (pcrlang/backends/sql/query.py) hands over each flagged record as the cells of
its inputs (tag, number, text: the same cells its validation read); `Runtime.record` turns them
back into the inputs the calculator takes (a number, a key, {"cut_off": x}, {"value": x,
"quality": {...}}, a JSON value) and computes the full result with the rule's generated Python
calculator: figures in doubles, every verdict (bounds, cut-off, grade, data-quality levels) and
every refusal decided exactly. The result becomes one output row, the same columns the query
writes.
"""
from __future__ import annotations

import json
import types

from ..backends.python import generate
from ..backends.sql import Plan, column_name

MISSING = object()


_LOADED: dict = {}


def load_calculator(rs, fingerprint: str, publication: str) -> types.ModuleType:
    """The rule's Python calculator, generated and loaded as a module (no file); once per rule."""
    key = (id(rs), fingerprint)
    hit = _LOADED.get(key)
    if hit is not None and hit[0] is rs:
        return hit[1]
    module = types.ModuleType("pcrlang_batch_calculator")
    exec(compile(generate(rs, fingerprint, publication), "<pcr batch calculator>", "exec"), module.__dict__)
    if len(_LOADED) > 32:
        _LOADED.clear()
    _LOADED[key] = (rs, module)
    return module


def _without_nulls(x):
    if type(x) is dict:
        return {k: _without_nulls(v) for k, v in x.items() if v is not None}
    if type(x) is list:
        return [_without_nulls(v) for v in x]
    return x


class Runtime:
    def __init__(self, plan: Plan, calculator: types.ModuleType | None = None):
        self.plan = plan
        self.calc = calculator or load_calculator(plan.rs, plan.fingerprint, plan.publication)
        self.outputs = [o.name for o in plan.exact_outputs]
        self.report = [(column_name(f.path), f.path) for f in plan.rs.report if f.kind != "fixed"]
        self.calls = 0

    # ---- cells -> the calculator's inputs ------------------------------------------------------
    def _cell(self, tag, number, text):
        if tag == 0 or tag is None:
            return MISSING
        if tag == 1:
            return number
        if tag == 2:
            return text
        if tag == 4:
            return int(text)
        # 3: a JSON value (an object, a list, true). A null inside an object is a field left out:
        # the engines read JSON lines and nested Parquet columns into structs that fill absent
        # fields with null, so an explicit null cannot be told from an absent field
        return _without_nulls(self.calc.read_json(text))

    def inputs(self, args) -> dict:
        raw, k = {}, 0
        values = {}
        for prefix, p, cell in self.plan.cells:
            try:
                values[prefix] = self._cell(*args[k:k + 3])
            except self.calc.CalculationError as error:
                # a cell of JSON text (a table of rows in CSV) that does not parse: the refusal
                # names the input whose cell it is, as the record's other refusals do
                raise self.calc.CalculationError(error.code, error.message, field=error.field or p.name,
                                                 formula=error.formula, clause=error.clause) from None
            k += 3
        for p in self.plan.inputs:
            x = values[f"pcr_{p.index}"]
            cut = values.get(f"pcr_{p.index}c", MISSING)
            scores = {c: values[f"pcr_{p.index}q{j}"] for j, (c, _) in enumerate(p.quality)}
            scores = {c: v for c, v in scores.items() if v is not MISSING}
            if cut is not MISSING or scores:
                given = {} if x is MISSING else {"value": x}
                if cut is not MISSING:
                    given["cut_off"] = cut
                if scores:
                    given["quality"] = scores
                raw[p.name] = given
            elif x is not MISSING:
                raw[p.name] = x
        return raw

    # ---- one record ------------------------------------------------------------------------
    def record(self, *args) -> dict:
        self.calls += 1
        CalculationError = self.calc.CalculationError
        try:
            result = self.calc.calculate(self.inputs(args))
        except CalculationError as error:
            return self.refused(error)
        return self.row(result)

    def refused(self, error) -> dict:
        row = dict.fromkeys(self.outputs)
        row.update({"error_code": error.code, "error_field": error.field, "error_formula": error.formula,
                    "error_clause": error.clause, "error_message": error.message})
        return row

    def row(self, result: dict) -> dict:
        row = dict.fromkeys(self.outputs)
        for name, path in self.report:
            node = result
            for key in path:
                node = node[key]
            row[name] = node
        cutoff = result["cutoff"]
        row["cutoff.pass"] = cutoff["pass"]
        row["cutoff.exempted_emissions_percent"] = cutoff["exempted_emissions_percent"]
        row["cutoff.flows"] = json.dumps(cutoff["flows"], ensure_ascii=False)
        grade = result.get("grade")
        if self.plan.rs.grading is not None and grade:
            row["grade.class"] = grade["class"]
            row["grade.rounded_total"] = grade["rounded_total"]
        quality = result.get("data_quality")
        if self.plan.rs.data_quality is not None and quality:
            row["quality.pass"] = quality["pass"]
            row["quality.rating"] = quality["result"]["rating"]
            row["quality.level"] = quality["result"]["level"]
            row["quality.primary_share_percent"] = quality["primary_share_percent"]
            row["quality.violations"] = ",".join(v["subject"] for v in quality["violations"])
        return row
