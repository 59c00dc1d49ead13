"""The batch on Spark (local mode) agrees with the reference interpreter on every shipped rule.

Slow (a Spark session starts once, ~10 s, and each batch is a few Spark jobs), so marked `slow`
and `spark`; CI installs pyspark and Java and sets PCRLANG_REQUIRE_SPARK=1, which turns a missing
pyspark or Java into a failure instead of a skip. Without them the tests are skipped with the
reason shown (pytest -rs).
"""
from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.backends.schema import input_schema

import batch_helpers as bh
from helpers import RULESETS
from test_batch_differential import FORMATS, check_batch, compiled


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java (install openjdk-17-jre-headless)"
    return None


MISSING = _spark_missing()
if MISSING and os.environ.get("PCRLANG_REQUIRE_SPARK") == "1":
    raise RuntimeError(f"PCRLANG_REQUIRE_SPARK=1 but {MISSING}")
pytestmark = [pytest.mark.slow, pytest.mark.spark, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


@pytest.mark.parametrize("k, path", list(enumerate(RULESETS)), ids=[p.stem for p in RULESETS])
def test_spark_batch_agrees_with_interpreter(k, path, tmp_path_factory):
    c = compiled(path)
    rs = c.ruleset

    @settings(max_examples=1, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.records(input_schema(rs), rs, size=20))
    def agree(records):
        check_batch(c, records, FORMATS[k % 3], tmp_path_factory.mktemp("spark"), engine="spark")

    agree()


def test_spark_shipped_inputs(tmp_path):
    import json
    path = RULESETS[0]
    record = json.load(open(path.parent / "inputs" / f"{path.stem}.json", encoding="utf-8"))
    for fmt in FORMATS:
        check_batch(compiled(path), [record, dict(record, **{next(iter(record)): "x"})], fmt, tmp_path, engine="spark")


@pytest.mark.parametrize("fmt", FORMATS)
def test_spark_computes_dates_in_sql(fmt, tmp_path):
    """The reference period on Spark: the query validates the dates and chooses the dated factor
    (test_batch_period.py's cases); the runtime only refuses what steps refuse and the bad dates."""
    from pcrlang.batch import run_batch
    from helpers import compile_body
    from test_batch_period import BODY, CASES, PERIOD_HEADER, _check, _records
    rule = compile_body(BODY, PERIOD_HEADER)
    source, target = tmp_path / f"in.{fmt}", tmp_path / f"out.{fmt}"
    bh.write(_records(), rule.ruleset, str(source), fmt)
    result = run_batch(rule, str(source), str(target), engine="spark")
    assert result["records"] == len(CASES) and result["refused"] == 6 and result["exact"] == 5
    _check(rule, bh.read(str(target), fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_spark_computes_tables_of_rows_in_sql(fmt, tmp_path):
    """The shipped cement rule on Spark: plain records (tables of rows, the period) in SQL, no
    runtime call; in CSV the cases test_batch_rows.py sends to the runtime too, with its refusals."""
    from test_batch_rows import BOUGHT, CEMENT, FLAGGED, SHIPPED
    c = compiled(CEMENT)
    extra = [r for r, _ in FLAGGED] if fmt == "csv" else []
    result = check_batch(c, [SHIPPED, BOUGHT, BOUGHT] + extra, fmt, tmp_path, engine="spark")
    assert result["exact"] == len(extra)
    if extra:
        rows = bh.read(str(tmp_path / "out.csv"), "csv")[3:]
        assert [(r["error_code"], r["error_field"]) if r["error_code"] else None for r in rows] == [w for _, w in FLAGGED]


def test_spark_json_text_the_runtime_reads_otherwise(tmp_path):
    """JSON text the calculator refuses and Spark's reader may take (a trailing comma, a comment,
    single quotes): on Spark too those cells go to the runtime, which refuses them."""
    from pcrlang.batch import run_batch
    from test_batch_rows import CEMENT, ODD_JSON_CODES, odd_json_csv
    odd_json_csv(tmp_path / "in.csv")
    result = run_batch(compiled(CEMENT), str(tmp_path / "in.csv"), str(tmp_path / "out.csv"), engine="spark")
    assert result["exact"] == 4
    assert [r["error_code"] for r in bh.read(str(tmp_path / "out.csv"), "csv")] == ODD_JSON_CODES


@pytest.mark.parametrize("name", ["cement", "aluminium", "mobile_phone"])
def test_spark_plain_random_records_agree(name, tmp_path_factory):
    """Random plain records (tables of rows, the period) through Spark's SQL agree with the interpreter."""
    c = compiled(next(p for p in RULESETS if p.stem == name))
    rs = c.ruleset

    @settings(max_examples=2, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.plain_records(input_schema(rs), rs, size=20), st.sampled_from(FORMATS))
    def agree(records, fmt):
        check_batch(c, records, fmt, tmp_path_factory.mktemp("spark"), engine="spark")

    agree()
