"""The SQL backend: core IR -> one batch query for DuckDB or Spark SQL.

`translate.py` turns core expressions into SQL (a value, and whether evaluating it refuses);
`query.py` assembles the query: the cells of each input read from the input relation, the
runtime's validation as predicates in its order, the program's steps, contributions and report
fields, and the outputs; `dialect.py` is the small table of what DuckDB and Spark spell
differently. The batch (pcrlang/batch/) runs the query and computes the records it flags with
pcrlang's runtime in Python, so every verdict is decided exactly.
"""
from .dialect import DIALECTS, Dialect, DuckDB, Spark
from .query import Output, Plan, PlanError, Query, build, column_name
from .translate import Unsupported

__all__ = ["DIALECTS", "Dialect", "DuckDB", "Output", "Plan", "PlanError", "Query", "Spark", "Unsupported", "build",
           "column_name"]
