"""The batch reads the reference period as data: `: date` inputs from CSV text, Parquet text or
DATE columns, and JSON lines (read as text: DuckDB's reader alone takes an all-date column for DATE), and refuses a bad
period with the interpreter's codes, field and clause."""
from __future__ import annotations

import json

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrlang.backends.schema import input_schema
from pcrlang.batch import run_batch
from pcrlang.batch.duck import sql_for

import batch_helpers as bh
from helpers import HEADER, compile_body
from test_batch_differential import FORMATS, check_batch

PERIOD_HEADER = HEADER.replace("  production output\n", "  production output\n  period period_start to period_end\n")
BODY = '''input period_start: date zh "核算期起" en "Start of the period"
input period_end: date zh "核算期止" en "End of the period"
input electricity: kWh in [0, 1e9] zh "用电" en "Electricity"
factor grid: kgCO2/kWh source "MEE and NBS" zh "电网" en "Grid" {
  from "2022-01-01" to "2022-12-31" = 0.5366
  from "2023-01-01" to "2023-12-31" = 0.5306
}
emission power in make.smelting, gas CO2, fossil zh "用电" en "Power" = electricity * grid
'''

# (record, the total by hand or the refusal's (code, field))
CASES = [
    ({"period_start": "2022-01-01", "period_end": "2022-12-31"}, 536.6),  # 1 000 kWh x 0.5366 kgCO2/kWh / 1 t
    ({"period_start": "2023-01-01", "period_end": "2023-12-31"}, 530.6),  # 1 000 kWh x 0.5306
    ({"period_start": "2024-01-01", "period_end": "2024-12-31"}, ("no_factor_in_force", None)),  # no 2024 value
    ({"period_start": "2022-07-01", "period_end": "2023-06-30"}, ("no_factor_in_force", None)),  # two values in it
    ({"period_start": "2022-01-01", "period_end": "2022-06-30"}, ("invalid_period", "period_end")),  # 181 days
    ({"period_start": "2022-02-30", "period_end": "2022-12-31"}, ("wrong_type", "period_start")),  # no 30 February
    ({"period_start": "2022/01/01", "period_end": "2022-12-31"}, ("wrong_type", "period_start")),
    ({"period_end": "2022-12-31"}, ("missing_input", "period_start")),
]


@pytest.fixture(scope="module")
def rule():
    return compile_body(BODY, PERIOD_HEADER)


def _records():
    return [dict(r, output=1, electricity=1000) for r, _ in CASES]


def _check(rule, rows):
    assert len(rows) == len(CASES)
    for (record, want), row in zip(CASES, rows):
        if isinstance(want, tuple):
            assert (row["error_code"], row["error_field"]) == want, (record, row["error_message"])
            assert row["total"] is None
        else:
            assert row["error_code"] is None, (record, row["error_message"])
            assert float(row["total"]) == pytest.approx(want, rel=1e-12)
        bh.compare(rule.ruleset, rule.fingerprint, dict(record, output=1, electricity=1000), row, str(record))


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_as_text_in_every_format(rule, fmt, tmp_path):
    source, target = tmp_path / f"in.{fmt}", tmp_path / f"out.{fmt}"
    bh.write(_records(), rule.ruleset, str(source), fmt)
    result = run_batch(rule, str(source), str(target))
    assert result["records"] == len(CASES) and result["refused"] == 6
    # the query decides the two periods with a value in force and the missing date; the runtime
    # the refusals of steps (no value in force twice, a short period) and the two bad dates
    assert result["exact"] == 5
    _check(rule, bh.read(str(target), fmt))


def test_date_typed_columns(rule, tmp_path):
    """A Parquet DATE column (made by DuckDB from JSON lines whose period columns it reads as dates),
    and the same JSON lines, which the batch reads as text."""
    good = [(r, want) for r, want in CASES[:5]]
    records = [dict(r, output=1, electricity=1000) for r, _ in good]
    lines = tmp_path / "in.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records))
    con = duckdb.connect()
    types = dict(con.sql(f"DESCRIBE SELECT * FROM read_json('{lines}', format = 'newline_delimited')").fetchall()[k][:2]
                 for k in range(4))
    assert types["period_start"] == "DATE"  # the column the batch must read as a date
    con.execute(f"COPY (SELECT * FROM read_json('{lines}', format = 'newline_delimited')) TO '{tmp_path / 'in.parquet'}' "
                "(FORMAT parquet)")
    for source, target in ((lines, tmp_path / "out.jsonl"), (tmp_path / "in.parquet", tmp_path / "out.parquet")):
        result = run_batch(rule, str(source), str(target))
        assert result["refused"] == 3 and result["exact"] == 3  # the refusals of steps, as above
        rows = bh.read(str(target), "json" if source == lines else "parquet")
        for (record, want), row in zip(good, rows):
            if isinstance(want, tuple):
                assert (row["error_code"], row["error_field"]) == want
            else:
                assert row["total"] == pytest.approx(want, rel=1e-12)
            bh.compare(rule.ruleset, rule.fingerprint, dict(record, output=1, electricity=1000), row, str(record))


def test_the_query_of_a_rule_with_dates(rule):
    sql = sql_for(rule, None, None)
    assert "pcr_exact" in sql and "period_start" in sql


def test_random_records_agree_with_the_interpreter(rule, tmp_path_factory):
    rs = rule.ruleset

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(bh.records(input_schema(rs), rs), st.sampled_from(FORMATS))
    def agree(records, fmt):
        check_batch(rule, records, fmt, tmp_path_factory.mktemp("batch"))

    agree()
