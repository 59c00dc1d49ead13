"""pcr batch on a CSV file as a spreadsheet exports it: a table of rows in one cell as JSON text.

Issue 9: the differential test once wrote a table of rows into CSV as Python's repr
(`[{'name': ...}]`), which is no JSON, and the batch refused it (`invalid_json`) where the
interpreter, given the list itself, computed the record. The batch reads the JSON text a user's
spreadsheet export gives (byte-order mark, CRLF line ends, quotes doubled inside a quoted cell,
Chinese names with commas, `;` as delimiter); a cell that is not JSON is refused naming its
input; a file that is not UTF-8 is a message, not a traceback.
"""
from __future__ import annotations

import duckdb
import pytest

from pcrlang.cli import main

from helpers import HEADER

BODY = '''input materials: rows zh "物料清单" en "Bill of materials" {
  column name: text key zh "物料名称" en "Material"
  column mass: t in [0, 1e9] flow zh "消耗量" en "Quantity consumed"
  column footprint: kgCO2e/kg in [0, 1000] zh "供应商碳足迹" en "Supplier footprint"
  at_least 1 rows
}
emission upstream in raw.mining for m in materials, gas CO2e, fossil
  zh "物料上游排放" en "Upstream emissions of the materials" = m.mass * m.footprint
'''

# Each cell below is what a spreadsheet writes for the JSON text typed in it: the cell is quoted
# and every quote inside it doubled (RFC 4180).
ROWS_A = '"[{""name"": ""钢材, 热轧"", ""mass"": 50, ""footprint"": 2}, {""name"": ""铝 \\""6063\\"""", ""mass"": 5, ""footprint"": 8}]"'
ROWS_B = '"[{""name"": ""浮法玻璃"", ""mass"": 3, ""footprint"": 1.5}]"'
REPR = '"[{\'name\': \'steel\', \'mass\': 50, \'footprint\': 2}]"'


def spreadsheet_csv(delimiter: str = ",") -> str:
    lines = [delimiter.join(["record_id", "output", "materials"]),
             delimiter.join(["a", "10", ROWS_A]),
             delimiter.join(["b", "4", ROWS_B]),
             delimiter.join(["c", "10", REPR])]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"  # Excel's "CSV UTF-8": a byte-order mark, CRLF


def run(tmp_path, text: str, capsys, encoding: str = "utf-8"):
    rule = tmp_path / "rows.pcr"
    rule.write_text(HEADER + BODY, encoding="utf-8")
    source = tmp_path / "in.csv"
    source.write_bytes(text.encode(encoding))
    code = main(["batch", str(rule), str(source), "-o", str(tmp_path / "out.parquet")])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_spreadsheet_export_of_a_table_of_rows(tmp_path, capsys, delimiter):
    code, err = run(tmp_path, spreadsheet_csv(delimiter), capsys)
    assert code == 0, err
    rows = duckdb.sql(f"SELECT record_id, total, error_code, error_field FROM '{tmp_path / 'out.parquet'}'").fetchall()
    assert [r[0] for r in rows] == ["a", "b", "c"]
    # a: (50 t x 2 + 5 t x 8) kgCO2e/kg x 1000 kg/t / 10 t of output = 14 000 kgCO2e per tonne
    assert rows[0][1] == pytest.approx(14000, rel=1e-12) and rows[0][2] is None
    # b: 3 t x 1.5 kgCO2e/kg x 1000 kg/t / 4 t of output = 1 125 kgCO2e per tonne
    assert rows[1][1] == pytest.approx(1125, rel=1e-12) and rows[1][2] is None
    # c: Python's repr is no JSON: refused, naming the input whose cell it is
    assert rows[2][1:] == (None, "invalid_json", "materials")


def test_a_csv_that_is_not_utf8_is_a_message(tmp_path, capsys):
    # a spreadsheet's plain "CSV" export on a Chinese Windows is GBK
    code, err = run(tmp_path, spreadsheet_csv().lstrip("\ufeff"), capsys, encoding="gbk")
    assert code == 2 and "not UTF-8" in err and "CSV UTF-8" in err and "Traceback" not in err
