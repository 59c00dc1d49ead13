"""Tables of rows and the reference period in SQL: the plain records of the shipped cement rule
are computed by the batch query itself (no runtime call), and the others go to the runtime,
which gives its refusal (a duplicate key, a bad date, JSON the runtime reads otherwise) or
computes them (a cut-off cell in a row)."""
from __future__ import annotations

import copy
import json

import pytest

from pcrlang.batch import run_batch
from pcrlang.batch.duck import sql_for

import batch_helpers as bh
from helpers import ROOT
from test_batch_differential import FORMATS, compiled

CEMENT = ROOT / "rulesets" / "cement.pcr"
SHIPPED = json.load(open(ROOT / "rulesets" / "inputs" / "cement.json", encoding="utf-8"))


@pytest.fixture(scope="module")
def cement():
    return compiled(CEMENT)


def _record(**changes) -> dict:
    record = copy.deepcopy(SHIPPED)
    record.update(changes)
    return record


# the rule's example 1 (737.4870524 kg CO2e/t, by hand in rulesets/cement.pcr) plus 50 t of
# clinker at 0.85 kg CO2e/kg = 42 500 kg and its leg, 50 t x 120 km x 0.0903 kg CO2/t.km by road
# = 541.8 kg, for 1 000 t: 737.4870524 + 42.5 + 0.5418 = 780.5288524 kg CO2e/t
BOUGHT = _record(purchased_clinker=[{"supplier": "A", "mass": 50, "footprint": 0.85, "data": "primary"}],
                 inbound_legs=SHIPPED["inbound_legs"] + [{"material": "clinker", "mass": 50, "distance": 120,
                                                          "mode": "road"}])


def _run(c, records, fmt, tmp_path):
    rs = c.ruleset
    source, target = tmp_path / f"in.{fmt}", tmp_path / f"out.{fmt}"
    bh.write(records, rs, str(source), fmt)
    result = run_batch(c, str(source), str(target))
    rows = bh.read(str(target), fmt)
    for k, (record, row) in enumerate(zip(records, rows)):
        bh.compare(rs, c.fingerprint, bh.csv_record(record, rs) if fmt == "csv" else record, row, f"{fmt} {k}")
    return result, rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_plain_records_are_computed_in_sql(cement, fmt, tmp_path):
    result, rows = _run(cement, [SHIPPED, BOUGHT, BOUGHT], fmt, tmp_path)
    assert result["exact"] == 0, "a plain record of a rule with rows and dates goes through Python"
    assert float(rows[0]["total"]) == pytest.approx(737.4870524, rel=1e-9)
    assert float(rows[1]["total"]) == pytest.approx(780.5288524, rel=1e-9)
    assert float(rows[1]["process.raw_materials.purchased_clinker"]) == pytest.approx(42.5, rel=1e-12)
    # 100 t x 800 km x 0.0113 + (100 t x 50 km + 50 t x 120 km) x 0.0903 kg per t.km, per 1 000 t
    assert float(rows[1]["process.raw_materials.inbound_transport"]) == pytest.approx(1.8973, rel=1e-9)


def test_a_table_left_out_is_no_rows(cement, tmp_path):
    record = _record()
    del record["purchased_clinker"]  # optional: no clinker bought
    result, rows = _run(cement, [record], "csv", tmp_path)
    assert result["exact"] == 0 and float(rows[0]["total"]) == pytest.approx(737.4870524, rel=1e-9)


# (record, the runtime's refusal (code, field) or None when it computes the record)
FLAGGED = [
    (_record(purchased_clinker=BOUGHT["purchased_clinker"] * 2), ("duplicate_row", "purchased_clinker[1].supplier")),
    (_record(period_start="2024-02-30"), ("wrong_type", "period_start")),  # no 30 February
    (_record(period_end="2024-12-1"), ("wrong_type", "period_end")),
    (_record(period_start=20240101), ("wrong_type", "period_start")),
    (_record(inbound_legs=[dict(SHIPPED["inbound_legs"][0], mode="ship")]), ("unknown_key", "inbound_legs[0].mode")),
    (_record(inbound_legs=[dict(SHIPPED["inbound_legs"][0], distance=-1)]), ("out_of_bounds", "inbound_legs[0].distance")),
    (_record(inbound_legs=[dict(SHIPPED["inbound_legs"][0], material=5)]), ("wrong_type", "inbound_legs[0].material")),
    (_record(inbound_legs=[dict(SHIPPED["inbound_legs"][0], speed=5)]), ("unknown_input", "inbound_legs[0].speed")),
    (_record(purchased_clinker=[{"supplier": "A", "footprint": 0.85, "data": "primary"}]),
     ("missing_input", "purchased_clinker[0].mass")),
    (_record(purchased_clinker=[dict(BOUGHT["purchased_clinker"][0], mass={"cut_off": 0.5})]), None),  # a flow cut off
]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_what_sql_does_not_decide_goes_to_the_runtime(cement, fmt, tmp_path):
    # JSON lines too: the batch reads dates as text (DuckDB's own reader would take "2024-12-1" as
    # the date 2024-12-01, which every calculator refuses)
    cases = FLAGGED
    result, rows = _run(cement, [r for r, _ in cases], fmt, tmp_path)
    for (record, want), row in zip(cases, rows):
        got = (row["error_code"], row["error_field"]) if row["error_code"] else None
        assert got == want, (record, row["error_message"])
    assert result["exact"] == len(cases)


def odd_json_csv(path) -> None:
    """CSV cells of JSON text with a trailing comma, a comment, an escape, single quotes: the
    first two and the last the runtime refuses (invalid JSON), the escape it reads as c."""
    legs = json.dumps(SHIPPED["inbound_legs"])
    cells = [legs[:-1] + ",]", "[/* legs */" + legs[1:], legs.replace('"coal"', '"\\u0063oal"'), legs.replace('"', "'")]
    header = ",".join(["id"] + [k for k in SHIPPED if k != "inbound_legs"] + ["inbound_legs"])
    lines = []
    for k, cell in enumerate(cells):
        values = [str(v) if not isinstance(v, list) else json.dumps(v) for key, v in SHIPPED.items() if key != "inbound_legs"]
        lines.append(",".join([f"r{k}"] + ['"' + v.replace('"', '""') + '"' for v in values]
                              + ['"' + cell.replace('"', '""') + '"']))
    path.write_text(header + "\n" + "\n".join(lines) + "\n")


ODD_JSON_CODES = ["invalid_json", "invalid_json", None, "invalid_json"]


def test_json_text_the_runtime_reads_otherwise(cement, tmp_path):
    odd_json_csv(tmp_path / "in.csv")
    result = run_batch(cement, str(tmp_path / "in.csv"), str(tmp_path / "out.csv"))
    rows = bh.read(str(tmp_path / "out.csv"), "csv")
    assert result["exact"] == 4
    assert [r["error_code"] for r in rows] == ODD_JSON_CODES
    assert float(rows[2]["total"]) == pytest.approx(737.4870524, rel=1e-9)  # \u0063 is c: the same legs


def test_the_query_computes_rows_and_dates(cement):
    sql = sql_for(cement, None, None)
    assert "list_transform(" in sql and "from_json(" in sql and "regexp_full_match(" in sql


def test_parquet_lists_of_structs_are_read_as_they_are(cement, tmp_path):
    """Parquet lists of structs whose fields are the table's columns are validated and summed as
    they are (no JSON); a null cell (a column a row leaves out), a duplicate key, an unknown mode
    or a number out of bounds goes to the runtime, which refuses the record."""
    cases = [(SHIPPED, None), (BOUGHT, None)] + [
        (r, want) for r, want in FLAGGED
        if want and want[0] in ("duplicate_row", "unknown_key", "out_of_bounds", "missing_input")]
    assert len(cases) == 6
    result, rows = _run(cement, [r for r, _ in cases], "parquet", tmp_path)
    sql = sql_for(cement, str(tmp_path / "in.parquet"), "parquet")
    index = [i.name for i in cement.ruleset.inputs].index("purchased_clinker")
    assert f'"purchased_clinker" AS "pcr_{index}l"' in sql, "the list of structs is read as it is"
    for (record, want), row in zip(cases, rows):
        assert ((row["error_code"], row["error_field"]) if row["error_code"] else None) == want
    assert result["exact"] == 4
    assert float(rows[1]["total"]) == pytest.approx(780.5288524, rel=1e-9)


DIVIDED = '''input materials: rows zh "物料清单" en "Bill of materials" {
  column name: text key zh "物料名称" en "Material"
  column mass: t in [0, 1e9] zh "消耗量" en "Quantity consumed"
  column footprint: kgCO2e/kg in [0, 1000] zh "碳足迹" en "Footprint"
  column share: fraction in [0, 1] zh "得率" en "Yield"
}
emission upstream in raw.mining for m in materials, gas CO2e, fossil
  zh "物料上游排放" en "Upstream emissions of the materials" = m.mass * m.footprint / m.share
'''


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_zero_divisor_in_a_row_is_the_runtimes_refusal(fmt, tmp_path):
    from helpers import compile_body
    c = compile_body(DIVIDED)
    good = {"output": 10, "materials": [{"name": "steel", "mass": 50, "footprint": 2, "share": 0.5}]}
    zero = {"output": 10, "materials": [{"name": "steel", "mass": 50, "footprint": 2, "share": 0.5},
                                        {"name": "slag", "mass": 5, "footprint": 1, "share": 0}]}
    result, rows = _run(c, [good, zero], fmt, tmp_path)
    # 50 t x 1000 kg/t x 2 kgCO2e/kg / 0.5 = 200 000 kg, for 10 t: 20 000 kgCO2e per tonne
    assert float(rows[0]["total"]) == pytest.approx(20000, rel=1e-12)
    assert rows[1]["error_code"] == "division_by_zero" and rows[1]["error_formula"] == "upstream"
    assert result["exact"] == 1  # only the refused record: the query flags it, the runtime refuses it


def test_a_slash_in_a_text_is_plain(cement, tmp_path):
    """Only a comment's // or /* sends JSON text to the runtime, not a slash in a name."""
    record = _record(inbound_legs=[dict(leg, material="coal/coke") for leg in SHIPPED["inbound_legs"]])
    result, rows = _run(cement, [record], "csv", tmp_path)
    assert result["exact"] == 0 and float(rows[0]["total"]) == pytest.approx(737.4870524, rel=1e-9)
