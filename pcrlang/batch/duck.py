"""The batch on DuckDB: one COPY (query) TO file, streamed, with the runtime as a function.

The input is read by DuckDB itself (read_parquet, read_csv with every column as text, read_json
for JSON lines); the query (pcrlang/backends/sql) computes every record; the records it flags
call `pcr_exact`, a Python function over pcrlang's runtime (pcrlang/batch/exact.py), which
DuckDB calls only for those rows. The output keeps the input's order.
"""
from __future__ import annotations

import threading
import time

from ..backends.sql import DIALECTS, Plan, PlanError, build
from .exact import Runtime
from .formats import BatchError, duckdb_category

D = DIALECTS["duckdb"]
_TYPES = {"double": "DOUBLE", "text": "VARCHAR", "bool": "BOOLEAN"}


def source_sql(path: str, fmt: str) -> str:
    p = D.string(path)
    if fmt == "parquet":
        return f"read_parquet({p})"
    if fmt == "csv":
        return f"read_csv({p}, header = true, all_varchar = true)"
    # no date or timestamp detection: DuckDB would read "2024-12-1" as DATE 2024-12-01, a date the
    # calculators refuse; as text, each cell is judged as every calculator judges it
    return f"read_json({p}, format = 'newline_delimited', dateformat = 'NONE', timestampformat = 'NONE')"


def _copy_options(fmt: str) -> str:
    return {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "json": "FORMAT json"}[fmt]


def connect():
    try:
        import duckdb
    except ImportError:
        raise BatchError("the batch needs DuckDB: pip install 'pcrlang[batch]'") from None
    con = duckdb.connect(config={"preserve_insertion_order": True})
    return duckdb, con


def describe(con, source: str, fmt: str) -> tuple[list, dict]:
    """The input relation's columns, (name, category), and those that are lists of structs:
    column -> ((field, DuckDB type id), ...), from one look at the relation."""
    import duckdb
    try:
        rel = con.sql(f"SELECT * FROM {source}")
        columns = [(name, duckdb_category(str(t), fmt)) for name, t in zip(rel.columns, rel.types)]
    except duckdb.Error as error:
        raise BatchError(f"cannot read the input: {_first_line(error)}") from None
    structs = {name: tuple((n, x.id) for n, x in t.children[0][1].children)
               for name, t in zip(rel.columns, rel.types) if t.id == "list" and t.children[0][1].id == "struct"}
    return columns, structs


def _first_line(error) -> str:
    text = str(error)
    if "not utf-8 encoded" in text:  # e.g. a spreadsheet's plain "CSV" export in GBK or Windows-1252
        return ("the file is not UTF-8: save it as UTF-8 (a spreadsheet's \"CSV UTF-8\" export) "
                "and run the batch again")
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def plan_for(compilation, con, source: str, fmt: str) -> Plan:
    try:
        return Plan(compilation.ruleset, compilation.fingerprint, compilation.publication_fingerprint,
                    *describe(con, source, fmt))
    except PlanError as error:
        raise BatchError(str(error)) from None


def register(duckdb, con, plan: Plan, query) -> Runtime:
    runtime = Runtime(plan)
    params = []
    for _ in plan.cells:
        params += ["INTEGER", "DOUBLE", "VARCHAR"]
    struct = duckdb.struct_type({o.name: _TYPES[o.type] for o in plan.exact_outputs})
    # DuckDB reads the function's arity from its signature: one named parameter per argument
    names = ", ".join(f"a{k}" for k in range(len(params)))
    function = eval(f"lambda {names}: record({names})", {"record": runtime.record})  # names are a0, a1, ...
    try:
        con.create_function(query.exact_function, function, params, struct, null_handling="special",
                            side_effects=True)
    except duckdb.Error as error:  # DuckDB's Python functions need numpy
        raise BatchError(f"cannot register the runtime with DuckDB: {_first_line(error)} "
                         "(pip install 'pcrlang[batch]')", 4) from None
    return runtime


def run(compilation, input_path: str, in_fmt: str, output_path: str, out_fmt: str, progress, threads=None) -> dict:
    duckdb, con = connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    source = source_sql(input_path, in_fmt)
    plan = plan_for(compilation, con, source, in_fmt)
    query = build(plan, D, source)
    runtime = register(duckdb, con, plan, query)
    statement = f"COPY ({query.sql()}) TO {D.string(output_path)} ({_copy_options(out_fmt)})"
    outcome: dict = {}

    def work():
        try:
            outcome["rows"] = con.execute(statement).fetchone()[0]
        except BaseException as error:  # reported by the caller, in the main thread
            outcome["error"] = error

    started = time.monotonic()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
        try:
            progress.update(con.query_progress() / 100.0)
        except Exception:  # the progress of a query that just ended
            pass
    progress.done()
    seconds = time.monotonic() - started
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, duckdb.Error):
            raise BatchError(f"DuckDB could not run the batch: {_first_line(error)}", 2 if _input_problem(error) else 4)
        raise error
    refused = con.execute(f"SELECT count(error_code) FROM {source_sql(output_path, out_fmt)}").fetchone()[0] \
        if out_fmt != "csv" else con.execute(
            f"SELECT count(error_code) FROM read_csv({D.string(output_path)}, header = true, all_varchar = true)").fetchone()[0]
    return {"records": outcome["rows"], "refused": refused, "exact": runtime.calls, "seconds": seconds}


def _input_problem(error) -> bool:
    text = str(error)
    return any(w in text for w in ("CSV", "Parquet", "parquet", "JSON", "json", "No files found", "Conversion"))


def sql_for(compilation, input_path: str | None, in_fmt: str | None, dialect: str = "duckdb") -> str:
    """The query `pcr batch` runs on this input, or on a relation `input` whose columns are the
    rule's inputs (numbers as DOUBLE, keys as text, dates as DATE)."""
    d = DIALECTS[dialect]
    if input_path is None:
        columns = [(i.name, {"key": "text", "rows": "nested", "date": "date"}.get(i.kind, "double"))
                   for i in compilation.ruleset.inputs]
        source, nested = d.ident("input"), None
    else:
        _, con = connect()
        source = source_sql(input_path, in_fmt)
        columns, nested = describe(con, source, in_fmt)
        nested = nested if dialect == "duckdb" else None
        if dialect == "spark":  # Spark reads JSON lines' mixed columns as text, and the file as a view
            columns = [(n, "text" if c in ("json", "string") and in_fmt == "json" else c) for n, c in columns]
            source = d.ident("pcr_input")
    try:
        plan = Plan(compilation.ruleset, compilation.fingerprint, compilation.publication_fingerprint, columns, nested)
    except PlanError as error:
        raise BatchError(str(error)) from None
    return build(plan, d, source).sql()
