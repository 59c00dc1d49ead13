"""pcr batch and pcr compile --target sql: the command line, bad inputs, hostile rulesets."""
from __future__ import annotations

import json

import duckdb
import pytest

from pcrlang.backends.sql import DIALECTS
from pcrlang.cli import main

from helpers import HEADER, ROOT, compile_body

CEMENT = str(ROOT / "tests" / "data" / "cement_v1.pcr")  # the superseded cement rule, frozen as a fixture
GOOD = "id,cement_output,clinker_output,cao_content,mgo_content,coal,electricity,quarry_diesel\n" \
       "a,1000,800,0.65,0.02,100,90000,2\nb,1000,800,1.5,0.02,100,90000,2\n"


def test_batch_csv_to_parquet_counts_refused_records(tmp_path, capsys):
    (tmp_path / "in.csv").write_text(GOOD)
    assert main(["batch", CEMENT, str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.parquet")]) == 0
    assert "2 records, 1 refused" in capsys.readouterr().err
    rows = duckdb.sql(f"SELECT id, total, error_code, error_field, error_clause FROM '{tmp_path / 'out.parquet'}'").fetchall()
    assert rows[0][0] == "a" and abs(rows[0][1] - 724.9060285714286) < 1e-9
    assert rows[1] == ("b", None, "out_of_bounds", "cao_content", "6.1.3")


@pytest.mark.parametrize("content, message", [
    (None, "no such input file"),
    (b"PAR1garbage", "cannot read the input"),
])
def test_bad_inputs_are_messages_not_tracebacks(tmp_path, capsys, content, message):
    path = tmp_path / "in.parquet"
    if content is not None:
        path.write_bytes(content)
    assert main(["batch", CEMENT, str(path), "-o", str(tmp_path / "out.parquet")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_format_and_clashing_column(tmp_path, capsys):
    (tmp_path / "in.txt").write_text(GOOD)
    assert main(["batch", CEMENT, str(tmp_path / "in.txt"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    (tmp_path / "in.csv").write_text("total," + GOOD.split("\n")[0] + "\n1," + GOOD.split("\n")[1] + "\n")
    assert main(["batch", CEMENT, str(tmp_path / "in.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "`total` has the name of an output column" in capsys.readouterr().err


def test_a_column_of_a_type_no_input_takes(tmp_path, capsys):
    path = tmp_path / "in.parquet"
    duckdb.sql(f"COPY (SELECT DATE '2024-01-01' AS cement_output) TO '{path}' (FORMAT parquet)")
    assert main(["batch", CEMENT, str(path), "-o", str(tmp_path / "o.parquet")]) == 2
    assert "convert the column" in capsys.readouterr().err


def test_compile_target_sql_prints_the_query(capsys):
    assert main(["compile", CEMENT, "--target", "sql"]) == 0
    sql = capsys.readouterr().out
    assert sql.startswith("-- PCRLANG-CEMENT-001") and 'FROM "input" AS pcr_src' in sql
    assert main(["compile", CEMENT, "--target", "sql", "--dialect", "spark"]) == 0
    assert "`cement_output`" in capsys.readouterr().out


HOSTILE_HEADER = HEADER.replace('ruleset "T-TEST 1"', 'ruleset "T\'; DROP TABLE x; -- \\\\ \\" \'\'"')
HOSTILE = '''
keys grade_set { a_b zh "甲'; --" en "x\\\\'y", c }
input kind: grade_set zh "种类" en "kind '); --"
input mass: t in [0, 1e6] zh "质量" en "mass \\\\"
factor f: kgCO2/t = 0.1 source "src'; DROP TABLE y; --\\\\"
table g: kgCO2/t by grade_set source "t\\\\'" {
  a_b = 1
  c = 2
}
emission e in make.smelting, gas CO2, fossil zh "排放" en "emission" =
  mass * f + (if kind == "a_b" then mass * g[kind] else mass * f)
'''


def test_hostile_texts_stay_inert(tmp_path):
    """Quotes, `--`, `;` and backslashes in texts and keys: the SQL stays valid and computes."""
    c = compile_body(HOSTILE, HOSTILE_HEADER)
    from pcrlang.batch import run_batch
    (tmp_path / "in.csv").write_text("output,kind,mass\n1,a_b,10\n1,zz,10\n")
    run_batch(c, str(tmp_path / "in.csv"), str(tmp_path / "out.jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert abs(rows[0]["total"] - (10 * 1000 * 0.1 + 10 * 1000 * 1) / 1000) < 1e-9
    assert rows[1]["error_code"] == "unknown_key" and rows[1]["error_field"] == "kind"
    from pcrlang.batch.duck import sql_for
    for dialect in ("duckdb", "spark"):
        sql = sql_for(c, None, None, dialect)
        assert "DROP TABLE x" in sql.splitlines()[0] and "\n" not in sql.splitlines()[0]


def test_string_literals_escape_everything():
    hostile = "a'b\\c\n--;\u2028"
    assert DIALECTS["duckdb"].string(hostile) == "'a''b\\c\n--;\u2028'"
    assert duckdb.connect().execute("SELECT " + DIALECTS["duckdb"].string(hostile)).fetchone()[0] == hostile
    assert DIALECTS["spark"].string(hostile) == "'a\\'b\\\\c\\u000a--;\\u2028'"


def test_double_literals_are_exact():
    import random
    d = DIALECTS["duckdb"]
    rnd = random.Random(7)
    values = [rnd.uniform(-1e6, 1e6) for _ in range(200)] + [1e-300, 5e-324, 1.7976931348623157e308, 0.1, -0.0]
    sql = "SELECT " + ", ".join(d.double(x) for x in values)
    assert list(duckdb.connect().execute(sql).fetchone()) == values
