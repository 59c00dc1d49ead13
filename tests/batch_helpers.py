"""Shared by the batch tests: records written as CSV, Parquet or JSON lines, the output read
back, and the comparison of every batch row with the reference interpreter."""
from __future__ import annotations

import csv
import json
import math
import os

from hypothesis import strategies as st

from pcrlang.backends.sql import column_name
from pcrlang.interpret import CalculationError, calculate, to_json_numbers

REL = 1e-9
JUNK = st.one_of(st.just("abc"), st.just(""), st.just(None), st.just(-1e9), st.just(1e20), st.just(float("inf")),
                 st.just(float("nan")), st.just("1e400"), st.just(0.0))


def records(schema: dict, rs, size: int = 15):
    """Lists of records: valid inputs from the input schema, some with one input spoilt (a text,
    missing, out of bounds, not finite) so validation is exercised too."""
    from strategies import from_schema
    names = [i.name for i in rs.inputs if i.kind != "rows"]

    def spoil(record, choice):
        name, junk = choice
        record = dict(record)
        if junk is None or junk == "":
            record.pop(name, None)
        else:
            record[name] = junk
        return record

    base = from_schema(schema)
    if rs.period_inputs is not None:  # the reference period: mostly twelve months, some not
        start, end = rs.period_inputs
        base = st.tuples(base, st.sampled_from(PERIODS)).map(lambda pair: dict(pair[0], **{start: pair[1][0],
                                                                                             end: pair[1][1]}))
    one = st.tuples(base, st.none() | st.tuples(st.sampled_from(names), JUNK)).map(
        lambda pair: pair[0] if pair[1] is None else spoil(*pair))
    return st.lists(one, min_size=1, max_size=size)


def plain_records(schema: dict, rs, size: int = 15):
    """Lists of records the batch query computes itself where nothing else stops it: drawn from
    the input schema, every value plain (a value given with its unit, a cut-off estimate or
    quality scores become the number), a table's rows unique in its key column, a twelve-month
    period. A check of the rule may still refuse one, or a threshold flag it for the runtime."""
    from strategies import from_schema
    tables = {i.name: next((c.name for c in i.columns if c.key), None) for i in rs.inputs if i.kind == "rows"}

    def value(x):
        if isinstance(x, dict):
            return x.get("value", x.get("cut_off"))
        return x

    def plain(pair):
        record, period = pair
        out = {}
        for name, x in record.items():
            if name in tables and isinstance(x, list):
                rows, seen = [], set()
                for row in x:
                    row = {c: value(v) for c, v in row.items()}
                    key = row.get(tables[name]) if tables[name] else None
                    if key is not None and key in seen:
                        continue
                    seen.add(key)
                    rows.append(row)
                out[name] = rows
            else:
                out[name] = value(x)
        if rs.period_inputs is not None:
            out.update(zip(rs.period_inputs, period))
        return out

    return st.lists(st.tuples(from_schema(schema), st.sampled_from(PERIODS[:4])).map(plain), min_size=1, max_size=size)


PERIODS = [("2022-01-01", "2022-12-31"), ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31"),
           ("2023-07-01", "2024-06-30"), ("2023-01-01", "2023-06-30"), ("2023-02-29", "2024-02-28")]


def _text(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


def write(records: list, rs, path: str, fmt: str) -> None:
    """Records into a file: JSON lines as they are; CSV with `NAME.cut_off` columns for flows left
    out; Parquet typed (numbers DOUBLE, keys text), written by DuckDB from the CSV."""
    if fmt == "json":
        with open(path, "w", encoding="utf-8") as f:
            for k, r in enumerate(records):
                f.write(json.dumps(dict(r, record_id=f"r{k}"), allow_nan=True) + "\n")
        return
    columns = ["record_id"]
    for i in rs.inputs:
        columns.append(i.name)
        if any(isinstance(r.get(i.name), dict) and "cut_off" in r[i.name] for r in records):
            columns.append(f"{i.name}.cut_off")
        for criterion in sorted({c for r in records if isinstance(r.get(i.name), dict)
                                 for c in r[i.name].get("quality", {})}):
            columns.append(f"{i.name}.quality.{criterion}")
    rows = []
    for k, r in enumerate(records):
        row = {"record_id": f"r{k}"}
        for name, x in r.items():
            if isinstance(x, dict) and "cut_off" in x:
                row[f"{name}.cut_off"] = _text(x["cut_off"])
            elif isinstance(x, dict):
                row[name] = _text(x["value"])
                for criterion, score in x.get("quality", {}).items():
                    row[f"{name}.quality.{criterion}"] = _text(score)
            elif isinstance(x, list):  # a table of rows: JSON text (a CSV cell the batch reads as JSON),
                row[name] = json.dumps(x, ensure_ascii=False)  # its texts as written (UTF-8, no escapes)
            else:
                row[name] = _text(x)
        rows.append(row)
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, columns)
            w.writeheader()
            w.writerows(rows)
        return
    import duckdb
    kinds = {i.name: i.kind for i in rs.inputs}
    typed = [kinds.get(c.split(".")[0]) == "number" for c in columns]

    def cell(x, number):
        if x is None or not number:
            return x if x is None or isinstance(x, str) else _text(x)
        try:
            return float(x)
        except ValueError:
            return None

    tables = {i.name: i for i in rs.inputs if i.kind == "rows" and nested_rows(records, i)}
    nested = {name: struct_type(i) for name, i in tables.items()}
    for k, r in enumerate(records):  # a table of rows: a list of structs (staged as JSON text, a
        for name, i in tables.items():  # column a row leaves out null, as the engines read it)
            if r.get(name) is not None:
                rows[k][name] = json.dumps([{c.name: row.get(c.name) for c in i.columns} for row in r[name]])
    con = duckdb.connect()
    con.execute("CREATE TABLE t (" + ", ".join('"%s" %s' % (c, "DOUBLE" if n else "VARCHAR")
                                               for c, n in zip(columns, typed)) + ")")
    if rows:
        con.executemany("INSERT INTO t VALUES (" + ", ".join("?" for _ in columns) + ")",
                        [[cell(r.get(c), n) for c, n in zip(columns, typed)] for r in rows])
    select = ", ".join(f'CAST(CAST("{c}" AS JSON) AS {nested[c]}) AS "{c}"' if c in nested else f'"{c}"'
                       for c in columns)
    con.execute(f"COPY (SELECT {select} FROM t) TO '{path}' (FORMAT parquet)")


def struct_type(i) -> str:
    """The Parquet type of a table of rows: a list of structs, numbers DOUBLE, keys and texts VARCHAR."""
    return "STRUCT(" + ", ".join('"%s" %s' % (c.name, "DOUBLE" if c.kind == "number" else "VARCHAR")
                                 for c in i.columns) + ")[]"


def nested_rows(records: list, i) -> bool:
    """Whether the records' tables of `i` fit a list of structs: lists of objects whose cells are
    plain values of their columns (a cell {"cut_off": x} does not fit a typed column: then the
    table is written as text)."""
    kinds = {c.name: c.kind for c in i.columns}
    for r in records:
        x = r.get(i.name)
        if x is None:
            continue
        if not isinstance(x, list):
            return False
        for row in x:
            if not isinstance(row, dict) or set(row) - set(kinds):
                return False
            for c, v in row.items():
                ok = isinstance(v, (int, float)) and not isinstance(v, bool) if kinds[c] == "number" \
                    else isinstance(v, str)
                if not ok:
                    return False
    return True


def parquet_records(records: list, rs) -> list:
    """What a typed Parquet file holds of the records: a text in a number column is no number."""
    out = []
    nested = {i.name for i in rs.inputs if i.kind == "rows" and nested_rows(records, i)}
    for r in records:
        r = dict(r)
        for i in rs.inputs:
            x = r.get(i.name)
            if i.kind == "key" and x is not None and not isinstance(x, (str, dict)):
                r[i.name] = _text(x)  # written into a text column
            if i.kind == "rows" and isinstance(x, list) and i.name not in nested:
                r[i.name] = json.dumps(x)  # a table that does not fit a list of structs is written as text
            if i.kind == "number" and isinstance(x, str):
                try:
                    r[i.name] = float(x)
                except ValueError:
                    r.pop(i.name)
        out.append(r)
    return out


def read(path: str, fmt: str) -> list:
    import duckdb
    con = duckdb.connect()
    source = {"parquet": f"read_parquet('{path}')", "csv": f"read_csv('{path}', header = true, all_varchar = true)",
              "json": f"read_json('{path}', format = 'newline_delimited')"}[fmt]
    rel = con.sql(f"SELECT * FROM {source}")
    return [dict(zip(rel.columns, row)) for row in rel.fetchall()]


def _number(x):
    if x is None or isinstance(x, (int, float)):
        return x
    return float(x)


def _bool(x):
    return x if x is None or isinstance(x, bool) else {"true": True, "false": False}[x]


def expected(rs, fingerprint: str, record: dict, fmt: str) -> dict:
    """The interpreter's result as the batch writes it (numbers from CSV cells are read as
    doubles, as the calculator reads JSON numbers)."""
    try:
        return {"result": to_json_numbers(calculate(rs, record, fingerprint))}
    except CalculationError as error:
        return {"error": error}


def csv_record(record: dict, rs) -> dict:
    """A record as the CSV cells say it: a text that reads as a number is that number."""
    out = {}
    kinds = {i.name: i.kind for i in rs.inputs}
    for name, x in record.items():
        if kinds.get(name) == "key" and not isinstance(x, (str, dict)):
            x = _text(x)  # a CSV cell of a key input is text
        if isinstance(x, str) and kinds.get(name) == "number":
            try:
                x = float(x)
            except ValueError:
                pass
        out[name] = x
    return out


def compare(rs, fingerprint: str, record: dict, row: dict, where: str) -> None:
    want = expected(rs, fingerprint, record, "")
    if "error" in want:
        e = want["error"]
        got = (row["error_code"], row["error_field"], row["error_clause"])
        assert got == (e.code, e.field, e.clause), f"{where}: interpreter refuses {e.code} {e.field} {e.clause} " \
                                                   f"({e.message}); batch {got} {row['error_message']}"
        assert row["total"] is None, where
        return
    result = want["result"]
    assert row["error_code"] is None, f"{where}: batch refuses {row['error_code']}: {row['error_message']}"
    scale = math.fsum(abs(t["co2e_kg"]) for t in result["trace"])
    for f in rs.report:
        if f.kind == "fixed":
            continue
        node = result
        for key in f.path:
            node = node[key]
        got = row[column_name(f.path)]
        if f.kind == "choice":
            assert got == node, f"{where}: {column_name(f.path)} {got!r} != {node!r}"
            continue
        got = _number(got)
        assert abs(got - node) <= REL * max(abs(node), abs(got), scale) + 1e-300, \
            f"{where}: {column_name(f.path)}: interpreter {node!r}, batch {got!r}"
    assert _bool(row["cutoff.pass"]) == result["cutoff"]["pass"], where
    exempted = _number(row["cutoff.exempted_emissions_percent"])
    assert abs(exempted - result["cutoff"]["exempted_emissions_percent"]) <= REL * 100, where
    assert [f["pass"] for f in json.loads(row["cutoff.flows"])] == [f["pass"] for f in result["cutoff"]["flows"]], where
    if rs.grading is not None:
        assert row["grade.class"] == result["grade"]["class"], where
    if rs.data_quality is not None:
        dq = result["data_quality"]
        assert _bool(row["quality.pass"]) == dq["pass"], where
        assert row["quality.level"] == dq["result"]["level"], where
        assert (row["quality.violations"] or "") == ",".join(v["subject"] for v in dq["violations"]), where
        share = _number(row["quality.primary_share_percent"])
        if dq["primary_share_percent"] is None:
            assert share is None, where
        else:
            assert abs(share - dq["primary_share_percent"]) <= REL * 100, where
    assert row["ruleset.fingerprint"] == fingerprint, where
