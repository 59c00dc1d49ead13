"""The data-collection workbook: `pcr template` for every shipped ruleset, filled in with
openpyxl as a user would in Excel, read back into the same inputs and the same result as the
interpreter gives on the JSON; tables of rows; the same bytes for the same rule; nothing becomes
a formula; and every malformed or foreign workbook refused with the sheet and cell, never a
traceback."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest

from helpers import ROOT, RULESETS, compile_body
from test_rows import BOM, TWO
from pcrlang.backends import excel
from pcrlang.backends.excel import layout as L
from pcrlang.compiler import compile_file
from pcrlang.core.spec import givens
from pcrlang.interpret import calculate, to_json_numbers
from pcrlang.semantics.runtime import example_inputs

INPUTS = ROOT / "rulesets" / "inputs"
VALUE = 1 + [k for k, _ in L.INPUT_COLUMNS].index("value")
CUT = 1 + [k for k, _ in L.INPUT_COLUMNS].index("cut_off")
NAME = 1 + [k for k, _ in L.INPUT_COLUMNS].index("input")


def fill(data: bytes, raw: dict, rs) -> openpyxl.Workbook:
    """Fill a template in as a user would: values, cut-off marks, quality scores, table rows."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[L.INPUTS]
    criteria = list(rs.data_quality.criteria) if rs.data_quality is not None else []
    rows = {ws.cell(row=r, column=NAME).value: r for r in range(L.FIRST_INPUT_ROW, ws.max_row + 1)}
    for name, x in raw.items():
        i = rs.input(name)
        if i.kind == "rows":
            sheet = wb[next(v for k, v in _meta(wb).items() if k == f"table:{name}")]
            header = {sheet.cell(row=L.COLUMN_ROW, column=c).value: c for c in range(2, sheet.max_column + 1)}
            for k, row in enumerate(x):
                for column, value in row.items():
                    if isinstance(value, dict) and "cut_off" in value:
                        sheet.cell(row=L.FIRST_TABLE_ROW + k, column=header[column + L.CUT_SUFFIX]).value = "cut off"
                        value = value["cut_off"]
                    sheet.cell(row=L.FIRST_TABLE_ROW + k, column=header[column]).value = value
            continue
        row = rows[name]
        if isinstance(x, dict) and "cut_off" in x:
            ws.cell(row=row, column=CUT).value = "舍去"
            x = x["cut_off"]
        elif isinstance(x, dict):
            for k, criterion in enumerate(criteria):
                ws.cell(row=row, column=len(L.INPUT_COLUMNS) + 1 + k).value = x["quality"][criterion]
            x = x["value"]
        ws.cell(row=row, column=VALUE).value = x
    return wb


def _meta(wb) -> dict:
    ws = wb[L.META]
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}


def saved(wb, tmp_path, name="form.xlsx"):
    path = tmp_path / name
    wb.save(path)
    return str(path)


def round_trip(c, raw, tmp_path):
    data = excel.template(c.ruleset, c.fingerprint, c.publication_fingerprint)
    return excel.read(saved(fill(data, raw, c.ruleset), tmp_path), c.ruleset, c.fingerprint)


# ---- every shipped ruleset ---------------------------------------------------------------------
@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_template_round_trips_and_calculates_as_the_interpreter(path, tmp_path):
    c = compile_file(str(path), run_examples=False)
    cases = [json.loads((INPUTS / f"{path.stem}.json").read_text(encoding="utf-8"))]
    cases += [example_inputs(givens(e.givens)) for e in c.ruleset.examples]
    # a workbook cannot tell an optional table left out from one given empty (both an empty sheet,
    # and both mean no rows: tests/test_publish_claims.py); the reader gives the empty table
    optional_tables = {i.name for i in c.ruleset.inputs if i.kind == "rows" and i.optional}
    for raw in cases:
        back = round_trip(c, raw, tmp_path)
        given = {**{t: [] for t in optional_tables}, **raw}
        assert back == given
        assert to_json_numbers(calculate(c.ruleset, back, c.fingerprint)) == \
            to_json_numbers(calculate(c.ruleset, given, c.fingerprint))
        assert calculate(c.ruleset, back, c.fingerprint)["total"] == calculate(c.ruleset, raw, c.fingerprint)["total"]


def test_the_same_rule_gives_the_same_bytes_and_no_formula():
    c = compile_file(str(ROOT / "rulesets" / "copper.pcr"), run_examples=False)
    a = excel.template(c.ruleset, c.fingerprint, c.publication_fingerprint)
    assert a == excel.template(c.ruleset, c.fingerprint, c.publication_fingerprint)
    wb = openpyxl.load_workbook(io.BytesIO(a))
    # copper's three tables of rows (concentrates, other purchased materials, transport legs) have a
    # sheet each, in the order the rule declares them
    assert wb.sheetnames == [L.COVER, L.INPUTS, "concentrates", "purchased_materials", "legs", L.LISTS, L.META]
    assert [wb[s].sheet_state for s in (L.LISTS, L.META)] == ["hidden", "hidden"]
    for ws in wb.worksheets:
        assert not [cell.coordinate for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
    ws = wb[L.INPUTS]
    names = [ws.cell(row=r, column=NAME).value for r in range(L.FIRST_INPUT_ROW, ws.max_row + 1)]
    assert names == [i.name for i in c.ruleset.inputs]
    # bounds as validation: cathode_output in (0, 1e9], the third input (row 4, after the period's
    # two date inputs)
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert names[2] == "cathode_output"
    assert rules["F4"].formula1 == "AND(ISNUMBER(F4),F4>0,F4<=1000000000)"
    # the criteria of the rule's data-quality scheme are columns, before the help in both languages
    headers = [ws.cell(row=1, column=k).value for k in range(1, ws.max_column + 1)]
    assert headers[-6:] == ["TeR", "GR", "TiR", "P", "说明", "Help"]
    assert _meta(wb)["fingerprint"] == c.fingerprint


def test_key_inputs_are_drop_down_lists_and_flows_have_a_cut_off_marker():
    c = compile_file(str(ROOT / "rulesets" / "pv_module.pcr"), run_examples=False)
    wb = openpyxl.load_workbook(io.BytesIO(excel.template(c.ruleset, c.fingerprint)))
    ws = wb[L.INPUTS]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=NAME).value == "silicon_supply")
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    listed = rules[f"F{row}"]
    assert listed.type == "list" and listed.formula1.startswith("Lists!$")
    lists = wb[L.LISTS]
    column = listed.formula1.split("$")[1]
    keys = [lists[f"{column}{r}"].value for r in range(2, lists.max_row + 1) if lists[f"{column}{r}"].value]
    assert keys == list(c.ruleset.input("silicon_supply").keys)
    flow = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=NAME).value == "metallurgical_silicon")
    assert rules[f"G{flow}"].type == "list" and ws.cell(row=2, column=CUT).value == L.NEVER


# ---- tables of rows ------------------------------------------------------------------------------
ROWS = TWO + [{"name": "paint", "mass": {"cut_off": 0.5}, "footprint": 3}]  # test_rows' bill of materials


def test_a_table_of_rows_has_its_sheet_and_round_trips(tmp_path):
    c = compile_body(BOM)
    raw = {"output": 100, "fuel": 1, "materials": ROWS}
    data = excel.template(c.ruleset, c.fingerprint)
    wb = fill(data, raw, c.ruleset)
    sheet = wb["materials"]
    assert [sheet.cell(row=L.COLUMN_ROW, column=k).value for k in range(1, 7)] == \
        ["column", "name", "mass", "mass:cut_off", "footprint", "data"]
    sheet.cell(row=L.FIRST_TABLE_ROW + 5, column=2).value = "   "  # a blank row further down is skipped
    back = excel.read(saved(wb, tmp_path), c.ruleset, c.fingerprint)
    assert back == raw
    # steel 50 t x 2 + aluminium 5 t x 8 = 140 000 kg, fuel 3 000 kg (paint cut off): 1 430 kg CO2e per t
    assert to_json_numbers(calculate(c.ruleset, back, c.fingerprint))["total"] == pytest.approx(1430, rel=1e-12)


def test_a_bad_cell_in_a_table_is_named_by_sheet_and_cell(tmp_path):
    c = compile_body(BOM)
    wb = fill(excel.template(c.ruleset, c.fingerprint), {"output": 100, "fuel": 1, "materials": ROWS}, c.ruleset)
    wb["materials"].cell(row=L.FIRST_TABLE_ROW + 1, column=5).value = 5000  # aluminium's footprint, above 1000
    with pytest.raises(excel.WorkbookError) as e:
        excel.read(saved(wb, tmp_path), c.ruleset, c.fingerprint)
    assert e.value.code == "out_of_bounds" and e.value.cell == f"materials!E{L.FIRST_TABLE_ROW + 1}"
    assert e.value.field == "materials[1].footprint" and e.value.message.startswith("materials!E8: ")


# ---- dates (the reference period as data) --------------------------------------------------------------
def test_date_inputs_are_text_cells_and_excel_dates_read_as_days(tmp_path):
    import datetime
    from test_period import BODY, PERIOD_HEADER
    c = compile_body(BODY, PERIOD_HEADER)
    raw = {"output": 1, "electricity": 1000, "period_start": "2022-01-01", "period_end": "2022-12-31"}
    data = excel.template(c.ruleset, c.fingerprint)
    ws = openpyxl.load_workbook(io.BytesIO(data))[L.INPUTS]
    cell = ws.cell(row=row_of(ws, "period_start"), column=VALUE)
    assert cell.number_format == "@"  # text, so that Excel keeps 2022-01-01 as typed
    assert "YYYY-MM-DD" in ws.cell(row=row_of(ws, "period_start"), column=len(L.INPUT_COLUMNS) + 2).value
    assert round_trip(c, raw, tmp_path) == raw
    # 1 000 kWh x 0.5366 kg/kWh, the 2022 grid factor = 536.6 kg CO2e (test_period)
    assert to_json_numbers(calculate(c.ruleset, round_trip(c, raw, tmp_path), c.fingerprint))["total"] == \
        pytest.approx(536.6, rel=1e-12)
    typed = dict(raw, period_start=datetime.datetime(2022, 1, 1), period_end=datetime.date(2022, 12, 31))
    assert excel.read(saved(fill(data, typed, c.ruleset), tmp_path), c.ruleset, c.fingerprint) == raw
    for value, code in (("2022-02-30", "wrong_type"), (datetime.datetime(2022, 1, 1, 8), "invalid_workbook")):
        wb = fill(data, dict(raw, period_start=value), c.ruleset)
        with pytest.raises(excel.WorkbookError) as e:
            excel.read(saved(wb, tmp_path), c.ruleset, c.fingerprint)
        assert (e.value.code, e.value.cell) == (code, f"Inputs!F{row_of(wb[L.INPUTS], 'period_start')}"), e.value


def test_transport_legs_have_their_sheet_and_round_trip(tmp_path):
    from test_transport import BODY, legs
    c = compile_body(BODY)
    raw = {"output": 10, "empty_share": 30, "legs": legs((100, 200, "road"), (100, 1000, "rail"))}
    back = round_trip(c, raw, tmp_path)
    assert back == raw
    # road 20 000 tkm x 0.09 + rail 100 000 tkm x 0.01 = 2 800 kg, x 1.3 = 3 640 kg / 10 t (test_transport)
    assert to_json_numbers(calculate(c.ruleset, back, c.fingerprint))["total"] == pytest.approx(364, rel=1e-12)


# ---- nothing from the rule's text becomes a formula --------------------------------------------------
def test_text_that_looks_like_a_formula_stays_text():
    c = compile_body('input coal: t in [0, 1e6] primary zh "=1+1" en "@SUM(A1:A9)"\n'
                     'factor ef: tCO2/t = 2 source "=HYPERLINK(\\"http://x\\")" zh "因子" en "-factor"\n'
                     'emission burn in make.smelting, gas CO2, fossil zh "燃煤" en "Coal" = coal * ef\n')
    data = excel.template(c.ruleset, c.fingerprint)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[L.INPUTS]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=NAME).value == "coal")
    for column, text in ((3, "=1+1"), (4, "@SUM(A1:A9)")):
        cell = ws.cell(row=row, column=column)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    raw_xml = __import__("zipfile").ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in raw_xml


# ---- malformed and foreign workbooks ------------------------------------------------------------------
@pytest.fixture()
def cement():
    return compile_file(str(ROOT / "rulesets" / "cement.pcr"), run_examples=False)


def cement_workbook(cement):
    raw = json.loads((INPUTS / "cement.json").read_text())
    return fill(excel.template(cement.ruleset, cement.fingerprint), raw, cement.ruleset)


def row_of(ws, name):
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=NAME).value == name)


@pytest.mark.parametrize("change, code, where, words", [
    (lambda ws: ws.cell(row=row_of(ws, "coal"), column=VALUE, value="a lot"), "wrong_type", "coal", "a number"),
    (lambda ws: ws.cell(row=row_of(ws, "cao_content"), column=VALUE, value=1.5), "out_of_bounds", "cao_content",
     "outside"),
    (lambda ws: setattr(ws.cell(row=row_of(ws, "clinker_output"), column=VALUE), "value", None), "missing_input",
     "clinker_output", ""),
    (lambda ws: ws.cell(row=row_of(ws, "cement_output"), column=CUT, value="cut off"), "cut_off_not_allowed",
     "cement_output:cut", ""),
    (lambda ws: ws.cell(row=row_of(ws, "quarry_diesel"), column=CUT, value="maybe"), "invalid_workbook",
     "quarry_diesel:cut", "leave it empty"),
    (lambda ws: ws.cell(row=row_of(ws, "coal"), column=VALUE, value="=B2*2"), "invalid_workbook", "coal",
     "without a computed value"),
    (lambda ws: ws.cell(row=row_of(ws, "coal"), column=NAME, value="coals"), "invalid_workbook", "coal:name",
     "not an input"),
    (lambda ws: ws.cell(row=1, column=VALUE, value="Wert"), "invalid_workbook", "header", "layout of the sheet"),
])
def test_malformed_inputs_are_refused_naming_sheet_and_cell(cement, tmp_path, change, code, where, words):
    wb = cement_workbook(cement)
    ws = wb[L.INPUTS]
    name = where.split(":")[0]
    if where == "header":
        expected = "Inputs!F1"
    else:
        row = row_of(ws, name)
        expected = f"Inputs!{'G' if where.endswith(':cut') else 'B' if where.endswith(':name') else 'F'}{row}"
    change(ws)
    with pytest.raises(excel.WorkbookError) as e:
        excel.read(saved(wb, tmp_path), cement.ruleset, cement.fingerprint)
    assert (e.value.code, e.value.cell) == (code, expected), e.value.message
    assert e.value.message.startswith(expected + ": ") and words in e.value.message


def test_foreign_and_damaged_workbooks_are_refused(cement, tmp_path):
    plain = openpyxl.Workbook()
    with pytest.raises(excel.WorkbookError, match="has no sheet pcrlang"):
        excel.read(saved(plain, tmp_path, "plain.xlsx"), cement.ruleset, cement.fingerprint)
    (tmp_path / "text.xlsx").write_text("not a workbook")
    with pytest.raises(excel.WorkbookError) as e:
        excel.read(str(tmp_path / "text.xlsx"), cement.ruleset, cement.fingerprint)
    assert e.value.unreadable and "cannot be read as an .xlsx workbook" in e.value.message
    lime = compile_file(str(ROOT / "rulesets" / "lime.pcr"), run_examples=False)
    (tmp_path / "lime.xlsx").write_bytes(excel.template(lime.ruleset, lime.fingerprint))
    with pytest.raises(excel.WorkbookError) as e:
        excel.read(str(tmp_path / "lime.xlsx"), cement.ruleset, cement.fingerprint)
    assert e.value.cell == "pcrlang!B4" and "made for PCRLANG-LIME-001" in e.value.message


def pcr(*args):
    return subprocess.run([sys.executable, "-m", "pcrlang", *args], capture_output=True, text=True, cwd=ROOT)


def test_command_line_template_and_calc_from_the_workbook(cement, tmp_path):
    cement_pcr = str(ROOT / "rulesets" / "cement.pcr")
    form = tmp_path / "form.xlsx"
    made = pcr("template", cement_pcr, "-o", str(form))
    assert made.returncode == 0 and "wrote" in made.stderr
    wb = fill(form.read_bytes(), json.loads((INPUTS / "cement.json").read_text()), cement.ruleset)
    wb.save(form)
    from_workbook = pcr("calc", cement_pcr, "--input", str(form))
    from_json = pcr("calc", cement_pcr, "--input", str(INPUTS / "cement.json"))
    assert from_workbook.returncode == 0 and json.loads(from_workbook.stdout) == json.loads(from_json.stdout)
    pact = pcr("calc", cement_pcr, "--input", str(form), "--format", "pact", "--meta",
               str(INPUTS / "pact_meta.json"))
    assert pact.returncode == 0 and json.loads(pact.stdout)["pcf"]["fossilGhgEmissions"] == "737.487052"  # example 1 of rulesets/cement.pcr, by hand (737.4870524: 736.1315524 + the coal's transport 100 t x 800 km x 0.0113 + 100 t x 50 km x 0.0903 = 1 355.5 kg / 1 000 t)
    wb[L.INPUTS].cell(row=row_of(wb[L.INPUTS], "coal"), column=VALUE).value = -1
    wb.save(form)
    refused = pcr("calc", cement_pcr, "--input", str(form))
    error = json.loads(refused.stdout)["error"]
    assert refused.returncode == 3 and error["cell"].startswith("Inputs!F") and error["code"] == "out_of_bounds"
    (tmp_path / "bad.xlsx").write_text("no")
    unreadable = pcr("calc", cement_pcr, "--input", str(tmp_path / "bad.xlsx"))
    assert unreadable.returncode == 2 and "Traceback" not in unreadable.stderr
    assert json.loads(unreadable.stdout)["error"]["code"] == "invalid_workbook"
    assert pcr("template", cement_pcr, "-o", str(tmp_path / "no" / "such" / "dir.xlsx")).returncode == 2


def test_the_worked_example_in_the_docs_is_what_the_template_writes(cement):
    page = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    table = page[page.index("| Clause | Input | Name |"):].split("\n\n")[0].splitlines()[2:]
    shown = [[cell.strip() for cell in line.strip("|").split("|")] for line in table]
    ws = openpyxl.load_workbook(io.BytesIO(excel.template(cement.ruleset, cement.fingerprint)))[L.INPUTS]
    written = [[ws.cell(row=r, column=k).value or "" for k in (1, 2, 4, 5, 6, 7, 8, 9, 10, ws.max_column)]
               for r in range(L.FIRST_INPUT_ROW, ws.max_row + 1)]
    assert shown == [[str(x) for x in row] for row in written]
