"""Batch calculation: `pcr batch RULESET INPUT -o OUTPUT` on DuckDB (embedded) or Spark.

Every record of a CSV, Parquet or JSON-lines file gets the total, the breakdowns, the cut-off
verdict, the fingerprints, or its refusal in error columns; the query comes from the core IR
(pcrlang/backends/sql); records whose verdicts need exact arithmetic are computed by pcrlang's
runtime (exact.py). docs/batch.md is the user's page.
"""
from __future__ import annotations

import os

from .formats import BatchError, check_input, check_output, format_of
from .progress import Progress

__all__ = ["BatchError", "run_batch"]


def run_batch(compilation, input_path: str, output_path: str, engine: str = "duckdb", in_fmt: str | None = None,
              out_fmt: str | None = None, master: str | None = None, progress: Progress | None = None,
              threads: int | None = None) -> dict:
    """Run one batch; returns {records, refused, exact, seconds}. Raises BatchError."""
    check_input(input_path)
    check_output(output_path)
    in_fmt = format_of(input_path, in_fmt, "input")
    out_fmt = format_of(output_path, out_fmt, "output")
    if os.path.abspath(input_path) == os.path.abspath(output_path):
        raise BatchError("the output would overwrite the input; give another output file")
    progress = progress or Progress(enabled=False)
    if engine == "spark":
        from . import spark
        return spark.run(compilation, input_path, in_fmt, output_path, out_fmt, progress, master)
    from . import duck
    return duck.run(compilation, input_path, in_fmt, output_path, out_fmt, progress, threads)

