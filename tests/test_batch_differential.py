"""The batch agrees with the reference interpreter, record by record, on every shipped ruleset.

Batches of random records (drawn from each rule's input schema, some with an input spoilt) go
through `pcr batch` on DuckDB as CSV, Parquet and JSON lines; every row must carry the
interpreter's figures within a relative 1e-9 (of the magnitude of the summed terms), its
cut-off, grade and data-quality verdicts exactly, or its refusal code, field and clause.
The Spark run of the same comparison is in test_batch_spark.py.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.backends.schema import input_schema
from pcrlang.batch import run_batch
from pcrlang.compiler import compile_file

import batch_helpers as bh
from helpers import RULESETS

FORMATS = ("csv", "parquet", "json")
_COMPILED: dict = {}


def compiled(path):
    if path not in _COMPILED:
        _COMPILED[path] = compile_file(str(path), run_examples=False)
    return _COMPILED[path]


def as_read(records: list, rs, fmt: str) -> list:
    """The records as the file of each format gives them to the rule."""
    if fmt == "csv":
        return [bh.csv_record(r, rs) for r in records]
    if fmt == "parquet":
        return bh.parquet_records(records, rs)
    return records


def json_safe(records: list) -> list:
    """JSON has no NaN or infinity: those spoilt values become texts."""
    def fix(x):
        return "abc" if isinstance(x, float) and not math.isfinite(x) else x
    return [{k: fix(v) for k, v in r.items()} for r in records]


def check_batch(c, records, fmt, tmp_path, engine="duckdb"):
    rs = c.ruleset
    if fmt == "json":
        records = json_safe(records)
    source, target = tmp_path / f"in.{fmt}", tmp_path / f"out.{fmt}"
    bh.write(records, rs, str(source), fmt)
    result = run_batch(c, str(source), str(target), engine=engine)
    rows = bh.read(str(target), fmt)
    assert result["records"] == len(records) == len(rows)
    refused = 0
    for k, (record, row) in enumerate(zip(as_read(records, rs, fmt), rows)):
        assert row["record_id"] == f"r{k}", "the output keeps the input's order and its pass-through columns"
        bh.compare(rs, c.fingerprint, record, row, f"{rs.identifier} {fmt} record {k} {record}")
        refused += row["error_code"] is not None
    assert result["refused"] == refused
    return result


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_batch_agrees_with_interpreter(path, tmp_path_factory):
    c = compiled(path)
    rs = c.ruleset

    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.records(input_schema(rs), rs), st.sampled_from(FORMATS))
    def agree(records, fmt):
        check_batch(c, records, fmt, tmp_path_factory.mktemp("batch"))

    agree()


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_plain_random_records_agree_in_sql(path, tmp_path_factory):
    """Random records whose tables of rows and period are plain: the query computes most of them
    (its tables of rows, dates and dated factors in SQL), and agrees with the interpreter. A
    check of the rule (random shares, random contents) or a threshold may still send a record to
    the runtime, so how many do is not asserted here: the shipped inputs' test below asserts
    that plain records make no runtime call."""
    c = compiled(path)
    rs = c.ruleset

    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.plain_records(input_schema(rs), rs), st.sampled_from(FORMATS))
    def agree(records, fmt):
        check_batch(c, records, fmt, tmp_path_factory.mktemp("batch"))

    agree()


def test_shipped_example_inputs_in_every_format(tmp_path):
    """The shipped input of every rule, in every format, gives the interpreter's result, and is
    computed by the query itself (tables of rows and the period as data included): no runtime
    call, except for a rule that grades (its class is decided exactly, by the runtime)."""
    import json
    for path in RULESETS:
        c = compiled(path)
        record = json.load(open(path.parent / "inputs" / f"{path.stem}.json", encoding="utf-8"))
        for fmt in FORMATS:
            result = check_batch(c, [record, record], fmt, tmp_path)
            assert result["exact"] == (2 if c.ruleset.grading is not None else 0), f"{path.stem} {fmt}: runtime calls"


ROWS_BODY = '''keys data_kinds { primary zh "初级数据" en "Primary", secondary zh "次级数据" en "Secondary" }
input materials: rows zh "物料清单" en "Bill of materials" {
  column name: text key zh "物料名称" en "Material"
  column mass: t in [0, 1e9] flow zh "消耗量" en "Quantity consumed"
  column footprint: kgCO2e/kg in [0, 1000] zh "供应商碳足迹" en "Supplier footprint"
  column data: data_kinds provenance default "secondary" source "Rule default" zh "数据类型" en "Data kind"
  at_least 1 rows
}
emission upstream in raw.mining for m in materials, gas CO2e, fossil
  zh "物料上游排放" en "Upstream emissions of the materials" = m.mass * m.footprint
'''


def test_a_table_of_rows_in_every_format(tmp_path_factory):
    """A table of rows: a Parquet list of structs, a JSON lines list, a CSV cell of JSON text."""
    from helpers import compile_body
    c = compile_body(ROWS_BODY)
    rs = c.ruleset
    record = {"output": 10, "materials": [{"name": "steel", "mass": 50, "footprint": 2, "data": "primary"},
                                         {"name": "aluminium", "mass": 5, "footprint": 8}]}
    path = tmp_path_factory.mktemp("rows")
    bh.write([record], rs, str(path / "in.parquet"), "parquet")
    import duckdb
    kind = duckdb.sql(f"DESCRIBE SELECT materials FROM '{path / 'in.parquet'}'").fetchall()[0][1]
    assert kind.startswith("STRUCT(") and kind.endswith("[]")
    run_batch(c, str(path / "in.parquet"), str(path / "out.parquet"))
    # (50 t x 2 + 5 t x 8) kgCO2e/kg x 1000 kg/t / 10 t = 14 000 kgCO2e per tonne
    assert bh.read(str(path / "out.parquet"), "parquet")[0]["total"] == pytest.approx(14000, rel=1e-12)

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.records(input_schema(rs), rs), st.sampled_from(FORMATS))
    def agree(records, fmt):
        check_batch(c, records, fmt, tmp_path_factory.mktemp("batch"))

    agree()
