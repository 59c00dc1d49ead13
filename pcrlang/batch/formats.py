"""File formats of the batch: CSV, Parquet and JSON lines, told by the file's extension."""
from __future__ import annotations

import os

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "json", ".ndjson": "json",
           ".json": "json"}


class BatchError(Exception):
    """A batch that cannot run: a usage error (exit 2) or an engine failure (exit 4), with a
    message saying what to do."""

    def __init__(self, message: str, status: int = 2):
        Exception.__init__(self, message)
        self.message, self.status = message, status


def format_of(path: str, given: str | None = None, what: str = "input") -> str:
    if given:
        return given
    ext = os.path.splitext(path)[1].lower()
    if ext in FORMATS:
        return FORMATS[ext]
    raise BatchError(f"cannot tell the format of the {what} `{path}` from its extension; name it .csv, .parquet "
                     f"or .jsonl, or give --{'from' if what == 'input' else 'to'} csv|parquet|json")


def check_input(path: str) -> None:
    if not os.path.exists(path):
        raise BatchError(f"no such input file: {path}")
    if os.path.isdir(path):
        raise BatchError(f"the input `{path}` is a directory; give one file")
    if not os.access(path, os.R_OK):
        raise BatchError(f"cannot read the input file {path}: permission denied")


def check_output(path: str) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise BatchError(f"the output's directory does not exist: {parent}")
    if os.path.isdir(path):
        raise BatchError(f"the output `{path}` is a directory; give a file name")


# DuckDB type names -> the query's cell categories (pcrlang/backends/sql/query.py)
def duckdb_category(type_name: str, fmt: str = "csv") -> str:
    """CSV cells are text that may spell a number; in Parquet and JSON lines a string is a string."""
    t = type_name.upper()
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "double"
    if t in ("TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT"):
        return "int"
    if t in ("BIGINT", "UBIGINT", "HUGEINT", "UHUGEINT", "UINTEGER"):
        return "bigint"
    if t == "VARCHAR":
        return "text" if fmt == "csv" else "string"
    if t == "JSON":
        return "json"
    if t == "BOOLEAN":
        return "bool"
    if t == "DATE":
        return "date"
    if t.startswith(("STRUCT", "MAP", "UNION")) or t.endswith("]"):
        return "nested"
    return "other"


def spark_category(data_type) -> str:
    name = type(data_type).__name__
    if name in ("DoubleType", "FloatType", "DecimalType"):
        return "double"
    if name in ("ByteType", "ShortType", "IntegerType"):
        return "int"
    if name == "LongType":
        return "bigint"
    if name == "StringType":
        return "text"
    if name == "BooleanType":
        return "bool"
    if name == "DateType":
        return "date"
    if name in ("StructType", "ArrayType", "MapType"):
        return "nested"
    return "other"
