"""The batch query: one SELECT that computes every record of an input relation.

Layout (each layer a CTE over the one before, `SELECT *, ...`, so every definition is computed
once and the engine streams the rows):

1. **cells**: each input's cell read from its source column (see `cell_sql`): a tag (0 missing,
   1 number, 2 text, 3 JSON text for the runtime, 4 an integer beyond 2^53, for the runtime),
   the number (DOUBLE) and the text; also the cells of `NAME.cut_off` and `NAME.quality.C`.
2. **validation** (`pcr_site`): runtime.validate's checks as predicates, in declaration order,
   the first problem wins: missing (a default or optional zero fills it), wrong type, not
   finite, out of bounds (compared exactly, see `_inside`), unknown key. A cell only the
   runtime can judge (a cut-off estimate, quality scores, a JSON object, a huge integer) stops
   the search: site -1, the record goes to the runtime.
3. **the program**: the IR's steps, contributions and report fields (translate.py), laid out
   by dependency depth; whether a step refuses (`fails`, a check's condition).
4. **the flag** `pcr_flag`: the record is computed by pcrlang's runtime in Python (the function
   `pcr_exact`, registered by the batch): site -1, a step refused or a figure beyond 1e300
   (confirmed exactly there, as the Python calculator confirms its refusals), the rule grades
   (grading is decided exactly), or the primary data share lies within 1e-6 percentage points
   of its threshold.
5. **the outputs**: pass-through columns first, then the figures named after the IR's report
   fields, the verdicts, the fingerprints and the error columns.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from ...core import expr as cx
from ..translate import comparisons
from ..python.emit import comment  # comment: ruleset text in one line, printable characters only
from ...core import ir
from ...semantics.errors import error_message
from ...semantics.runtime import _interval
from .dialect import MAX_DOUBLE, Dialect, exact_float_equals
from .translate import Translator, Unsupported

# source column categories (each engine maps its types onto these): double, int, bigint (beyond
# 2^53 the runtime judges it), text (a CSV cell: a number if it spells one), string (a typed
# string column), json (DuckDB's JSON type), bool, nested (struct, list, map), date (a DATE column:
# its ISO text, for the runtime), other (refused)
TWO_53 = 9007199254740992.0
PRIMARY_MARGIN = Fraction(1, 10 ** 6)  # percentage points: closer to the threshold, decided exactly
PREFIXES = {"by_stage": "stage", "by_process": "process", "by_gas": "gas", "by_carbon_kind": "kind",
            "separately_reported": "separately"}
ERROR_COLUMNS = ("error_code", "error_field", "error_formula", "error_clause", "error_message")


class PlanError(ValueError):
    """The input does not fit the rule (a column of a type no input can take, a name clash)."""


def column_name(path: tuple) -> str:
    """The output column of a report field: by_stage.x -> stage.x, by_gas.CO2.mass_kg ->
    gas.CO2.mass_kg, ...; the other fields keep their path (allocation.a.shares.p)."""
    head = PREFIXES.get(path[0], path[0])
    return ".".join((head,) + tuple(path[1:]))


@attrs.frozen
class Cell:
    column: Optional[str]  # the source column, or None when the input has none
    category: str  # double, int, bigint, text, json, bool, nested; absent when no column
    fields: Optional[tuple] = None  # a list of structs (nested): its fields' (name, engine type), when known


@attrs.frozen
class InputPlan:
    name: str
    index: int
    spec: ir.Input
    value: Cell
    cut: Optional[Cell]
    quality: tuple  # (criterion, Cell)


@attrs.frozen
class Output:
    name: str
    type: str  # double, text, bool
    exact: bool = True  # computed by the runtime too (the fingerprints are constants)


class Plan:
    """What the batch reads and writes for one rule and one input relation's columns."""

    def __init__(self, rs: ir.Ruleset, fingerprint: str, publication: str, columns: list, structs: dict | None = None):
        """columns: (name, category) of the input relation; structs: for a column that is a list
        of structs, its fields (name, DuckDB type id), so a table of rows can be read as it is."""
        self.rs, self.fingerprint, self.publication = rs, fingerprint, publication
        categories = dict(columns)
        self.structs = structs or {}
        names = [n for n, _ in columns]
        inputs = {i.name for i in rs.inputs}
        taken = set()
        self.inputs = []
        for k, i in enumerate(rs.inputs):
            value = self._cell(i, i.name, categories)
            if i.kind == "rows" and value.category == "nested" and i.name in self.structs:
                value = Cell(value.column, value.category, tuple(self.structs[i.name]))
            cut = self._cell(i, f"{i.name}.cut_off", categories) if f"{i.name}.cut_off" in categories else None
            prefix = f"{i.name}.quality."
            quality = tuple((n[len(prefix):], self._cell(i, n, categories)) for n in names if n.startswith(prefix))
            taken.update(c.column for c in [value, cut] + [q for _, q in quality] if c is not None and c.column)
            self.inputs.append(InputPlan(i.name, k, i, value, cut, quality))
        self.passthrough = [n for n in names if n not in taken]
        self.outputs = self._outputs()
        clash = sorted(set(self.passthrough) & {o.name for o in self.outputs})
        if clash:
            raise PlanError(f"the input column `{clash[0]}` has the name of an output column; rename it")
        self.cells = []  # (column prefix, InputPlan, Cell) in the runtime function's argument order
        for p in self.inputs:
            self.cells.append((f"pcr_{p.index}", p, p.value))
            if p.cut is not None:
                self.cells.append((f"pcr_{p.index}c", p, p.cut))
            for j, (_, q) in enumerate(p.quality):
                self.cells.append((f"pcr_{p.index}q{j}", p, q))
        del inputs

    @staticmethod
    def _cell(i: ir.Input, column: str, categories: dict) -> Cell:
        category = categories.get(column)
        if category is None:
            return Cell(None, "absent")
        if category == "other" or (category == "date" and i.kind != "date"):
            takes = {"key": "a key", "rows": "a table of rows", "date": "a date (YYYY-MM-DD)"}.get(i.kind, "numbers")
            raise PlanError(f"the column `{column}` has a type no input takes; input `{i.name}` takes {takes}: "
                            "convert the column to numbers or text")
        if i.kind == "key" and category in ("double", "int", "bigint"):
            category = "number_for_key"
        return Cell(column, category)

    def _outputs(self) -> list:
        rs = self.rs
        out = [Output(column_name(f.path), "double" if f.kind == "value" else "text") for f in rs.report
               if f.kind != "fixed"]
        out += [Output("cutoff.pass", "bool"), Output("cutoff.exempted_emissions_percent", "double"),
                Output("cutoff.flows", "text")]
        if rs.grading is not None:
            out += [Output("grade.class", "text"), Output("grade.rounded_total", "double")]
        if rs.data_quality is not None:
            out += [Output("quality.pass", "bool"), Output("quality.rating", "double"), Output("quality.level", "text"),
                    Output("quality.primary_share_percent", "double"), Output("quality.violations", "text")]
        out += [Output("ruleset.fingerprint", "text", False), Output("ruleset.publication_fingerprint", "text", False)]
        out += [Output(n, "text") for n in ERROR_COLUMNS]
        names = [o.name for o in out]
        if len(set(names)) != len(names):
            raise PlanError("two report fields map to one output column")
        return out

    @property
    def exact_outputs(self) -> list:
        return [o for o in self.outputs if o.exact]


def _translatable(rs: ir.Ruleset) -> bool:
    """Whether the program translates to SQL: tables of rows whose columns are numbers, keys and
    texts (else the runtime computes those records whole, from their cells)."""
    return all(c.kind in ("number", "key", "text") for i in rs.inputs if i.kind == "rows" for c in i.columns)


# ---- cells -------------------------------------------------------------------------------------
def cell_sql(d: Dialect, cell: Cell, kind: str) -> tuple[str, str, str]:
    """(tag, number, text) of one cell from its source column, for an input of `kind`."""
    null_double, null_text = "CAST(NULL AS DOUBLE)", f"CAST(NULL AS {d.text_type()})"
    if cell.column is None:
        return "0", null_double, null_text
    c = d.ident(cell.column)
    cat = cell.category
    if cat in ("double", "int", "number_for_key"):
        return f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)", f"CAST({c} AS DOUBLE)", null_text
    if cat == "bigint":
        return (f"(CASE WHEN {c} IS NULL THEN 0 WHEN abs(CAST({c} AS DOUBLE)) >= {d.double(TWO_53)} THEN 4 ELSE 1 END)",
                f"CAST({c} AS DOUBLE)", d.to_text(c))
    if cat == "string" or (cat == "text" and kind in ("key", "date")):  # a date is text (YYYY-MM-DD)
        return f"(CASE WHEN {c} IS NULL THEN 0 ELSE 2 END)", null_double, c
    if cat == "date":  # a DATE column (Parquet, or JSON lines whose column reads as dates): its ISO text
        text = f"strftime({c}, '%Y-%m-%d')" if d.name == "duckdb" else f"date_format({c}, 'yyyy-MM-dd')"
        return f"(CASE WHEN {c} IS NULL THEN 0 ELSE 2 END)", null_double, text
    if cat == "text":
        number = d.try_double(c)
        return (f"(CASE WHEN {c} IS NULL THEN 0 WHEN {number} IS NOT NULL THEN 1 "
                f"WHEN substr(ltrim({c}), 1, 1) IN ('{{', '[') THEN 3 ELSE 2 END)", number, c)
    if cat == "json":  # DuckDB's JSON type (JSON lines whose column mixes numbers and objects)
        small = f"abs(TRY_CAST({c} AS DOUBLE)) < {d.double(TWO_53)}"
        return (f"(CASE WHEN {c} IS NULL THEN 0 WHEN json_type({c}) = 'DOUBLE' OR "
                f"(json_type({c}) IN ('BIGINT', 'UBIGINT') AND {small}) THEN 1 "
                f"WHEN json_type({c}) = 'VARCHAR' THEN 2 ELSE 3 END)",
                f"TRY_CAST({c} AS DOUBLE)",
                f"(CASE WHEN json_type({c}) = 'VARCHAR' THEN {c} ->> '$' ELSE CAST({c} AS VARCHAR) END)")
    if cat == "bool":
        return f"(CASE WHEN {c} IS NULL THEN 0 ELSE 3 END)", null_double, f"(CASE WHEN {c} THEN 'true' ELSE 'false' END)"
    if cat == "nested":
        text = f"CAST(to_json({c}) AS VARCHAR)" if d.name == "duckdb" else f"to_json({c})"
        return f"(CASE WHEN {c} IS NULL THEN 0 ELSE 3 END)", null_double, text
    raise PlanError(f"unknown column category {cat}")


def _possible_tags(cell: Cell, kind: str) -> set:
    cat = cell.category
    return {"absent": {0}, "double": {0, 1}, "int": {0, 1}, "number_for_key": {0, 1}, "bigint": {0, 1, 4},
            "text": {0, 2} if kind in ("key", "date") else {0, 1, 2, 3}, "string": {0, 2}, "json": {0, 1, 2, 3},
            "bool": {0, 3}, "nested": {0, 3}, "date": {0, 2}}[cat]


# ---- exact comparisons -------------------------------------------------------------------------
def _above(d: Dialect, x: str, bound: Fraction, inclusive: bool) -> str | None:
    """x (a double standing for repr(x)) > bound (>= if inclusive), exactly; None if always true."""
    if abs(bound) > Fraction(MAX_DOUBLE):
        return None if bound < 0 else "FALSE"
    sign = exact_float_equals(bound)
    at_bound = sign > 0 or (sign == 0 and inclusive)
    return f"{x} {'>=' if at_bound else '>'} {d.double(bound)}"


def _below(d: Dialect, x: str, bound: Fraction, inclusive: bool) -> str | None:
    if abs(bound) > Fraction(MAX_DOUBLE):
        return None if bound > 0 else "FALSE"
    sign = exact_float_equals(bound)
    at_bound = sign < 0 or (sign == 0 and inclusive)
    return f"{x} {'<=' if at_bound else '<'} {d.double(bound)}"


def _inside(d: Dialect, x: str, b: ir.Bounds) -> str:
    parts = [p for p in (_above(d, x, b.low, b.low_inclusive), _below(d, x, b.high, b.high_inclusive)) if p]
    return " AND ".join(parts) if parts else "TRUE"


# ---- dates and tables of rows: the plain case in SQL, anything else for the runtime ---------------
_DAYS_BEFORE = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)  # in a common year, by month
MAX_JSON_BYTES = 64 * 1024 * 1024  # runtime.MAX_JSON_BYTES: a longer cell is the runtime's to refuse


def _date_cell(d: Dialect, layers: "Layers", k: int, t: str, s: str, value_column: str) -> str:
    """A date cell's text as runtime._date reads it, for the plain case: exactly ten characters
    YYYY-MM-DD (ASCII digits) naming a day of the proleptic Gregorian calendar (year 1 on); its
    value is the day number the engines take (date.toordinal(): 0001-01-01 is day 1). Returns the
    column that says the cell is plain (any other text is the runtime's: its wrong_type)."""
    shaped = f"({t} = 2 AND length({s}) = 10 AND {d.matches(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}')})"
    parts = {}
    for x, start, size in (("y", 1, 4), ("m", 6, 2), ("d", 9, 2)):
        parts[x] = layers.add(f"pcr_{k}{x}", f"(CASE WHEN {shaped} THEN {d.try_double(f'substr({s}, {start}, {size})')} END)",
                              [])
    y, m, day = (d.ident(parts[x]) for x in "ymd")
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    length = (f"(CASE WHEN {m} IN (1, 3, 5, 7, 8, 10, 12) THEN 31 WHEN {m} IN (4, 6, 9, 11) THEN 30 "
              f"WHEN {leap} THEN 29 ELSE 28 END)")
    ok = layers.add(f"pcr_{k}ok", f"COALESCE({y} >= 1 AND {m} >= 1 AND {m} <= 12 AND {day} >= 1 AND {day} <= {length}, FALSE)",
                    list(parts.values()))
    before = "(CASE " + " ".join(f"WHEN {m} = {j + 1} THEN {n}" for j, n in enumerate(_DAYS_BEFORE)) + " END)"
    y1 = f"({y} - 1)"
    ordinal = (f"({y1} * 365 + floor({y1} / 4) - floor({y1} / 100) + floor({y1} / 400) + {before} "
               f"+ (CASE WHEN {m} > 2 AND {leap} THEN 1 ELSE 0 END) + {day})")
    layers.add(value_column, f"CAST({ordinal} AS DOUBLE)", list(parts.values()))
    return ok


def _rows_cell(d: Dialect, layers: "Layers", i: ir.Input, k: int, t: str, s: str, value_column: str) -> str:
    """A table of rows from its cell's JSON text (a CSV cell; a nested Parquet or JSON lines column
    is written as JSON first), for the plain case runtime._rows accepts as it is: a JSON array of
    at least min_rows objects, each with exactly the table's columns, every number finite, below
    2^53 in size and inside its column's bounds (compared as _inside compares), every text a
    string, every key one of its keys, the key column's values distinct; no escape, comment,
    control character or trailing comma anywhere in the text (the runtime reads those). A table
    left out is no rows when it is optional. Anything else is the runtime's, which gives its
    refusal (a duplicate key, a cut-off cell, a unit, a wrong type) or computes it. The value is
    the list of rows as structs; returns the column that says the cell is plain. DuckDB's JSON."""
    var = f"pcr_t{k}"
    text = (f"({t} = 3 AND strlen({s}) <= {MAX_JSON_BYTES} AND NOT regexp_matches({s}, {d.string(_ODD_JSON)}) "
            f"AND json_valid({s}) AND json_type({s}) = 'ARRAY')")
    empty = "from_json('[]', '[\"JSON\"]')"
    j = layers.add(f"pcr_{k}j", f"(CASE WHEN {t} = 0 THEN {empty} WHEN {text} THEN from_json({s}, '[\"JSON\"]') END)", [])
    jc = d.ident(j)

    def path(name: str) -> str:
        d.rule_ident(name)  # a column's name is an identifier (the grammar): refuse anything else
        return d.string("$." + name)

    checks = [f"json_type({var}) = 'OBJECT'", f"len(json_keys({var})) = {len(i.columns)}",
              f"list_has_all(json_keys({var}), [{', '.join(d.string(c.name) for c in i.columns)}])"]
    fields = []
    for c in i.columns:
        kind, where = f"json_type({var}, {path(c.name)})", f"json_extract_string({var}, {path(c.name)})"
        x = d.try_double(where) if c.kind == "number" else where
        checks.append(f"{kind} IN ('DOUBLE', 'BIGINT', 'UBIGINT')" if c.kind == "number" else f"{kind} = 'VARCHAR'")
        checks += _row_cell_checks(d, c, x)
        fields.append(f"{d.string(c.name)}: {x}")
    row_ok = " AND ".join(checks)
    conditions = [f"{jc} IS NOT NULL", f"NOT {d.row_any(jc, var, f'NOT ({row_ok})')}"]
    key = next((c.name for c in i.columns if c.key), None)
    if key is not None:
        conditions.append(f"len(list_distinct(list_transform({jc}, lambda {var}: json_extract_string({var}, {path(key)})))) "
                          f"= len({jc})")
    plain = " AND ".join(conditions)
    if i.min_rows:
        plain = f"({plain} AND (len({jc}) >= {int(i.min_rows)}{f' OR {t} = 0' if i.optional else ''}))"
    ok = layers.add(f"pcr_{k}ok", f"COALESCE({plain}, FALSE)", [j])
    layers.add(value_column, f"(CASE WHEN {d.ident(ok)} THEN list_transform({jc}, lambda {var}: {{{', '.join(fields)}}}) END)",
               [j, ok])
    return ok


def _row_cell_checks(d: Dialect, c: ir.Input, x: str) -> list[str]:
    """The plain case of one row's cell `x` (typed) of column `c`, in every reader of a table of
    rows: a number below 2^53 in size and inside its bounds; a text present; a key among its keys."""
    if c.kind == "number":
        bounds = f" AND {_inside(d, x, c.bounds)}" if c.bounds is not None else ""
        return [f"(abs({x}) < {d.double(TWO_53)}{bounds})"]
    checks = [f"{x} IS NOT NULL"]
    if c.kind == "key":
        checks.append(f"{x} IN ({', '.join(d.string(key) for key in c.keys)})")
    return checks


_WHOLE_TYPES = ("bigint", "integer", "smallint", "tinyint", "ubigint", "uinteger", "usmallint", "utinyint")


def _typed_rows(cell: Cell, i: ir.Input) -> bool:
    """Whether a nested column is a list of structs whose fields are exactly the table's columns,
    numbers DOUBLE or integers and texts VARCHAR: then it is read as it is, not through JSON (a
    FLOAT or DECIMAL field, whose JSON text the runtime reads as another double, goes through JSON)."""
    if cell.fields is None:
        return False
    types = dict(cell.fields)
    if len(types) != len(cell.fields) or set(types) != {c.name for c in i.columns}:
        return False
    return all(types[c.name] in (("double",) + _WHOLE_TYPES if c.kind == "number" else ("varchar",)) for c in i.columns)


def _rows_struct(d: Dialect, layers: "Layers", i: ir.Input, k: int, t: str, cell: Cell, value_column: str) -> str:
    """_rows_cell's plain case for a list of structs (Parquet, JSON lines) read as it is: every
    row's cells present (a null is a cell left out: the runtime's), numbers finite, below 2^53 in
    size and inside their bounds, keys among their keys, the key column's values distinct, at
    least min_rows rows; a table left out (optional) is no rows (a null list: row sums of
    nothing). The value: the list, numbers as DOUBLE."""
    var, rows = f"pcr_t{k}", d.ident(f"pcr_{k}l")
    types = dict(cell.fields)
    checks, fields = [], []
    for c in i.columns:
        x = d.field(var, c.name)
        if c.kind == "number" and types[c.name] != "double":
            x = f"CAST({x} AS DOUBLE)"
        checks += _row_cell_checks(d, c, x)
        fields.append(f"{d.string(c.name)}: {x}")
    conditions = [f"{t} = 3", f"NOT {d.row_any(rows, var, 'NOT (' + ' AND '.join(checks) + ')')}"]
    key = next((c.name for c in i.columns if c.key), None)
    if key is not None:
        conditions.append(f"len(list_distinct(list_transform({rows}, lambda {var}: {d.field(var, key)}))) = len({rows})")
    if i.min_rows:
        conditions.append(f"len({rows}) >= {int(i.min_rows)}")
    plain = " AND ".join(conditions)
    if i.optional:
        plain = f"({t} = 0 OR ({plain}))"
    ok = layers.add(f"pcr_{k}ok", f"COALESCE({plain}, FALSE)", [])
    every_double = all(types[c.name] == "double" for c in i.columns if c.kind == "number")
    value = rows if every_double else f"list_transform({rows}, lambda {var}: {{{', '.join(fields)}}})"
    layers.add(value_column, f"(CASE WHEN {d.ident(ok)} THEN {value} END)", [ok])
    return ok


def _rows_cell_spark(d: Dialect, layers: "Layers", i: ir.Input, k: int, t: str, s: str, value_column: str) -> str:
    """_rows_cell's plain case in Spark SQL, whose JSON functions neither tell a number from a
    string nor refuse what Python's reader refuses (single quotes, NaN, duplicate keys): the text
    with its strings blanked (no escape can hide a quote: the text has no backslash) must be one
    array of flat objects, each object's re-serialized text must give each column its key once
    and a value of its kind (a number starts with a digit, a text with a quote), and the rows
    read with the table's typed schema must hold finite numbers inside their bounds and keys
    among their keys, the key column's values distinct."""
    var, text_var = f"pcr_t{k}", f"pcr_u{k}"

    strings, empty = d.string('"[^"]*"'), d.string('""')

    def blank(x: str) -> str:
        return f"regexp_replace({x}, {strings}, {empty})"

    # one array of flat objects, and no single quote outside the (blanked) strings
    flat = r"\s*\[(\s*\{[^\[\]{}']*\}\s*(,\s*\{[^\[\]{}']*\}\s*)*)?\]\s*"
    text = (f"({t} = 3 AND octet_length({s}) <= {MAX_JSON_BYTES} AND NOT ({s} RLIKE {d.string(_ODD_JSON)}) "
            f"AND {d.matches(blank(s), flat)})")
    schema = "ARRAY<STRUCT<" + ", ".join(f"{d.rule_ident(c.name)}: {'DOUBLE' if c.kind == 'number' else 'STRING'}"
                                         for c in i.columns) + ">>"
    typed = f"from_json(CASE WHEN {t} = 0 THEN '[]' WHEN {text} THEN {s} END, {d.string(schema)})"
    raw = f"from_json(CASE WHEN {t} = 0 THEN '[]' WHEN {text} THEN {s} END, 'ARRAY<STRING>')"
    j = layers.add(f"pcr_{k}j", typed, [])
    u = layers.add(f"pcr_{k}u", raw, [])
    jc, uc = d.ident(j), d.ident(u)
    # each object's text: its keys once each (a colon outside strings is a key's), values of their kinds
    text_checks = [f"size(split({blank(text_var)}, ':')) = {len(i.columns) + 1}"]
    checks = []
    for c in i.columns:
        d.rule_ident(c.name)
        start = "-?[0-9]" if c.kind == "number" else '"'
        pattern = '"' + c.name + '"' + r"\s*:\s*" + start
        text_checks.append(f"({text_var} RLIKE {d.string(pattern)})")
        checks += _row_cell_checks(d, c, d.field(var, c.name))
    conditions = [f"{jc} IS NOT NULL", f"{uc} IS NOT NULL", f"size({jc}) = size({uc})",
                  f"NOT {d.row_any(uc, text_var, 'NOT (' + ' AND '.join(text_checks) + ')')}",
                  f"NOT {d.row_any(jc, var, 'NOT (' + ' AND '.join(checks) + ')')}"]
    key = next((c.name for c in i.columns if c.key), None)
    if key is not None:
        conditions.append(f"size(array_distinct(transform({jc}, {var} -> {d.field(var, key)}))) = size({jc})")
    plain = " AND ".join(conditions)
    if i.min_rows:
        plain = f"({plain} AND (size({jc}) >= {int(i.min_rows)}{f' OR {t} = 0' if i.optional else ''}))"
    ok = layers.add(f"pcr_{k}ok", f"COALESCE({plain}, FALSE)", [j, u])
    layers.add(value_column, f"(CASE WHEN {d.ident(ok)} THEN {jc} END)", [j, ok])
    return ok


# what the runtime's JSON reader reads otherwise, or refuses: an escape, a comment (// or /*), a control
# character, a trailing comma (a text containing one of these is the runtime's, even inside a string)
_ODD_JSON = r"[\\\x00-\x1f]|/[*/]|,\s*[\]}]"


# ---- sites: the refusals validation can decide -------------------------------------------------------
class Sites:
    def __init__(self):
        self.items = []  # (code, field, formula, clause, message parts: text or ("value", sql))

    def add(self, code: str, variant: str, field: str, clause: str, value_sql: str | None = None, **params) -> int:
        marker = "\x00"
        if value_sql is not None:
            params["value"] = marker
        params.setdefault("field", field)
        params.setdefault("formula", None)
        message = error_message(code, variant, params, lang="en")
        parts = message.split(marker) if value_sql is not None else [message]
        self.items.append((code, field, None, clause, parts, value_sql))
        return len(self.items)


class Layers:
    """Definitions laid out in layers by dependency depth (a definition one layer after the
    latest it uses), so each is computed once."""

    def __init__(self):
        self.layer: dict = {}
        self.defs: list = []  # (layer, column, sql)

    def add(self, column: str, sql: str, deps) -> str:
        depth = 1 + max((self.layer.get(c, 0) for c in deps), default=0)
        self.layer[column] = depth
        self.defs.append((depth, column, sql))
        return column


def _whole(e, dates: set) -> bool:
    """Whether e is a whole number that doubles compute exactly: integer constants and day numbers
    (of the date inputs `dates`), added and subtracted (far below 2^53)."""
    t = type(e)
    if t is cx.Const:
        return e.value.denominator == 1 and abs(e.value) < 2 ** 40
    if t is cx.Input:
        return e.name in dates
    if t is cx.Binary and e.fn in ("add", "sub"):
        return _whole(e.left, dates) and _whole(e.right, dates)
    if t is cx.Neg:
        return _whole(e.operand, dates)
    return False


def _is_contribution_sum(e) -> bool:
    """A signed sum of contribution values (its size is at most the sum of their sizes)."""
    t = type(e)
    if t is cx.ContributionValue:
        return e.measure == "co2e_kg"
    if t is cx.Sum:
        return all(_is_contribution_sum(a) for a in e.args)
    if t is cx.Binary and e.fn in ("add", "sub"):
        return _is_contribution_sum(e.left) and _is_contribution_sum(e.right)
    if t is cx.Neg:
        return _is_contribution_sum(e.operand)
    return t is cx.Const and e.value == 0


# ---- the query ---------------------------------------------------------------------------------
def build(plan: Plan, d: Dialect, source: str, exact_function: str | None = "pcr_exact", carry: tuple = ()) -> "Query":
    """The query over `source`. With exact_function None the query calls no function: flagged rows
    get no figures, and the query also returns `pcr_flag` and the cells, for the caller to compute
    those rows with the runtime (Spark does). `carry`: source columns kept first (a row number)."""
    layers = Layers()
    sites = Sites()
    columns = {}
    cells = []  # (column, sql) of layer 0
    for prefix, p, cell in plan.cells:
        tag, number, text = cell_sql(d, cell, p.spec.kind)
        cells += [(prefix + "t", tag), (prefix + "n", number), (prefix + "s", text)]

    # validation: the first problem in declaration order (site), and each input's value
    whens = []
    site_deps = []
    extras = []  # more columns of layer 0 (a table of rows as the list of structs it is), not for the runtime
    translated = _translatable(plan.rs)
    for p in plan.inputs:
        i, k = p.spec, p.index
        t, n, s = (d.ident(f"pcr_{k}{x}") for x in "tns")
        value_column = f"pcr_v{k}"
        columns[("input", i.name)] = value_column
        # a cut-off estimate or quality scores beside the value: the runtime judges the record
        beside = ([f"{d.ident(f'pcr_{k}ct')} <> 0"] if p.cut is not None else []) + [
            f"{d.ident(f'pcr_{k}q{j}t')} <> 0" for j in range(len(p.quality))]
        odd = ([f"{t} >= 3"] if _possible_tags(p.value, i.kind) & {3, 4} else []) + beside
        if i.kind in ("date", "rows"):
            if beside:
                whens.append((" OR ".join(beside), "-1"))
            if i.default is None and not i.optional:
                whens.append((f"{t} = 0", str(sites.add("missing_input", "input", i.name, i.clause))))
            elif i.kind == "date" or i.default is not None:
                whens.append((f"{t} = 0", "-1"))
            if i.kind == "date":
                plain = _date_cell(d, layers, k, t, s, value_column)
            elif translated and d.name == "duckdb" and _typed_rows(p.value, i):
                extras.append((f"pcr_{k}l", d.ident(p.value.column)))
                plain = _rows_struct(d, layers, i, k, t, p.value, value_column)
            elif translated:
                plain = (_rows_cell if d.name == "duckdb" else _rows_cell_spark)(d, layers, i, k, t, s, value_column)
            else:  # the runtime computes the record (the program is not translated: _translatable)
                layers.add(value_column, "CAST(NULL AS DOUBLE)", [])
                plain = None
            # not the plain case: the runtime judges the record (its refusal, or its result)
            whens.append((f"NOT {d.ident(plain)}" if plain else "TRUE", "-1"))
            if plain:
                site_deps.append(plain)
            continue
        if odd:
            whens.append((" OR ".join(odd), "-1"))
        tags = _possible_tags(p.value, i.kind)
        if i.default is None and not i.optional and 0 in tags:
            whens.append((f"{t} = 0", str(sites.add("missing_input", "input", i.name, i.clause))))
        if i.kind == "key":
            if 1 in tags:
                whens.append((f"{t} = 1", str(sites.add("wrong_type", "key", i.name, i.clause, keyset=i.keyset))))
            keys = ", ".join(d.string(key) for key in i.keys)
            whens.append((f"{t} = 2 AND {s} NOT IN ({keys})",
                          str(sites.add("unknown_key", "key", i.name, i.clause, value_sql=s, keyset=i.keyset))))
            default = d.string(i.default) if isinstance(i.default, str) else f"CAST(NULL AS {d.text_type()})"
            layers.add(value_column, f"COALESCE({s}, {default})", [])
            continue
        if 2 in tags:
            whens.append((f"{t} = 2", str(sites.add("wrong_type", "number", i.name, i.clause, got="a string"))))
        shown = f"(CASE WHEN isnan({n}) THEN 'nan' WHEN {n} > 0 THEN 'inf' ELSE '-inf' END)"
        whens.append((f"{t} = 1 AND NOT (abs({n}) <= {d.double(MAX_DOUBLE)})",
                      str(sites.add("not_finite", "value", i.name, i.clause, value_sql=shown))))
        if i.bounds is not None:
            show = f"printf('%g', {n})" if d.name == "duckdb" else d.to_text(n)
            whens.append((f"{t} = 1 AND NOT ({_inside(d, n, i.bounds)})",
                          str(sites.add("out_of_bounds", "bounds", i.name, i.clause, value_sql=show, unit=i.unit,
                                        interval=_interval((i.bounds.low, i.bounds.high, i.bounds.low_inclusive,
                                                            i.bounds.high_inclusive))))))
        fallback = i.default if i.default is not None else (Fraction(0) if i.optional else None)
        layers.add(value_column, f"COALESCE({n}, {d.double(fallback)})" if fallback is not None else n, [])
    site = "(CASE " + " ".join(f"WHEN {w} THEN {v}" for w, v in whens) + " ELSE 0 END)" if whens else "0"
    layers.add("pcr_site", site, site_deps)

    program = _program(plan, d, layers, columns) if translated else None
    flag_parts = ["pcr_site = -1"]
    if program is None:
        flag_parts = ["TRUE"]
    else:
        fails, deps = program
        if fails:
            flag_parts.append(f"(pcr_site = 0 AND COALESCE({fails}, TRUE))")
    flag = " OR ".join(flag_parts)
    deps = list(layers.layer)  # the flag comes after everything else
    layers.add("pcr_flag", f"({flag})", deps)
    exact_args = ", ".join(d.ident(c) for c, _ in cells)
    if exact_function is not None:
        layers.add("pcr_x", f"(CASE WHEN pcr_flag THEN {exact_function}({exact_args}) END)", ["pcr_flag"])

    def from_runtime(name: str) -> str:
        return f"WHEN pcr_flag THEN pcr_x.{d.ident(name)} " if exact_function is not None else "WHEN pcr_flag THEN NULL "

    # the outputs
    values = dict(program[1]) if program is not None else {}
    select = [d.ident(c) for c in tuple(carry) + tuple(plan.passthrough)]
    for o in plan.outputs:
        if o.name == "ruleset.fingerprint":
            select.append(f"{d.string(plan.fingerprint)} AS {d.ident(o.name)}")
            continue
        if o.name == "ruleset.publication_fingerprint":
            select.append(f"{d.string(plan.publication)} AS {d.ident(o.name)}")
            continue
        if o.name in ERROR_COLUMNS:
            k = ERROR_COLUMNS.index(o.name)
            whens = []
            for j, (code, field, formula, clause, parts, value_sql) in enumerate(sites.items, 1):
                if k == 4:
                    text = " || ".join(d.string(x) if m % 2 == 0 else f"COALESCE({value_sql}, '')"
                                       for m, x in enumerate(_interleave(parts)))
                else:
                    fixed = (code, field, formula, clause)[k]
                    text = d.string(fixed) if fixed is not None else None
                if text is not None:
                    whens.append(f"WHEN {j} THEN {text}")
            local = f"(CASE pcr_site {' '.join(whens)} END)" if whens else f"CAST(NULL AS {d.text_type()})"
            select.append(f"(CASE {from_runtime(o.name)}ELSE {local} END) AS {d.ident(o.name)}")
            continue
        computed = values.get(o.name)
        local = f"WHEN pcr_site = 0 THEN {computed} " if computed is not None else ""
        select.append(f"(CASE {from_runtime(o.name)}{local}END) AS {d.ident(o.name)}")
    if exact_function is None:
        select += ["pcr_flag"] + [d.ident(c) for c, _ in cells]
    return Query(plan, d, source, cells, layers, select, exact_function or "", tuple(carry), tuple(extras))


def _interleave(parts: list) -> list:
    """Message parts around each value: [text, value, text, ...] (the value's SQL is the site's)."""
    out = []
    for m, x in enumerate(parts):
        if m:
            out.append(None)
        out.append(x)
    return out


def _program(plan: Plan, d: Dialect, layers: Layers, columns: dict):
    """The steps, contributions, report fields and sections; returns (fails, {output: sql})."""
    rs = plan.rs
    for k, s in enumerate(rs.steps):
        if type(s) is ir.Let and s.rows is None:
            columns[("binding", s.name)] = f"pcr_b{k}"
    for k, c in enumerate(rs.contributions):
        columns[("gas", c.name)] = f"pcr_g{k}"
        columns[("co2e", c.name)] = f"pcr_e{k}" if c.gwp != 1 else f"pcr_g{k}"
    tables = {p.name: (f"pcr_v{p.index}", f"pcr_t{p.index}") for p in plan.inputs if p.spec.kind == "rows"}
    tr = Translator(d, columns, {f.name: f.base_value for f in rs.factors},
                    {t.name: tuple((r.key, r.base_value) for r in t.rows) for t in rs.tables}, tables,
                    {s.name: s.expr for s in rs.steps if type(s) is ir.Let and s.rows is not None})
    dates = {p.name for p in plan.inputs if p.spec.kind == "date"}
    fails = []

    def define(column: str, e, check: bool = False, rows: Optional[str] = None):
        """column := e (over the rows of the table `rows`, summed: a per-row contribution), and
        whether e refuses; a check defines only whether it refuses."""
        tr.used = set()
        sql = tr.value(e) if rows is None else tr.row_sum(rows, e)
        failure = tr.fails(e) if rows is None else tr.row_fails(rows, e)
        if check:
            failure = f"({failure} OR NOT COALESCE({sql}, FALSE))" if failure else f"(NOT COALESCE({sql}, FALSE))"
            # within rounding of its boundary the check is decided exactly, by the runtime (as the
            # Python calculator does: pcrlang/backends/python/__init__.py _near); a comparison of
            # whole numbers that doubles hold exactly (day numbers) is decided here
            for c in comparisons(e):
                if _whole(c.left, dates) and _whole(c.right, dates):
                    continue
                a, b = tr.value(c.left), tr.value(c.right)
                failure = (f"({failure} OR COALESCE(NOT ({a} = 0 AND {b} = 0) AND abs({a} - {b}) <= "
                           f"{d.double(Fraction(1, 10 ** 12))} * greatest(abs({a}), abs({b})), FALSE))")
        deps = set(tr.used)
        if not check:
            layers.add(column, sql, deps)
        if failure is not None:
            fails.append(layers.add(f"{column}f", failure, deps))

    checks = 0
    for k, s in enumerate(rs.steps):
        if type(s) is ir.Let and s.rows is not None:  # a binding per row: whether it refuses for a row
            tr.used = set()
            failure = tr.row_fails(s.rows, s.expr)
            if failure is not None:
                fails.append(layers.add(f"pcr_b{k}f", failure, set(tr.used)))
        elif type(s) is ir.Let:
            define(f"pcr_b{k}", s.expr)
        else:
            define(f"pcr_c{checks}", s.condition, check=True)
            checks += 1
    sizes = []  # the magnitude of each contribution's CO2e: of a per-row one, the sum of its rows'
    for k, c in enumerate(rs.contributions):
        define(f"pcr_g{k}", c.value, rows=c.rows)
        if c.gwp != 1:
            layers.add(f"pcr_e{k}", f"({d.ident(f'pcr_g{k}')} * {d.double(c.gwp)})", [f"pcr_g{k}"])
        if c.rows is None:
            sizes.append((f"abs({d.ident(columns[('co2e', c.name)])})", columns[("co2e", c.name)]))
        else:
            tr.used = set()
            rows, var = tr.row_list(c.rows)
            size = d.row_sum(rows, var, f"abs({tr.value(c.value)} * {d.double(c.gwp)})")
            sizes.append((d.ident(layers.add(f"pcr_a{k}", size, set(tr.used))), f"pcr_a{k}"))
    magnitude = " + ".join(x for x, _ in sizes) or d.double(0)
    layers.add("pcr_mag", f"({magnitude})", [c for _, c in sizes])
    out = {}
    range_checks = [f"NOT ({d.ident('pcr_mag')} <= 1.0E300)"]  # every contribution and every sum of them
    for k, f in enumerate(rs.report):
        if f.kind == "fixed":
            continue
        name = column_name(f.path)
        column = f"pcr_r{k}"
        define(column, f.expr)
        if f.kind == "choice":
            whens = " ".join(f"WHEN {d.ident(column)} = {d.double(j)} THEN {d.string(choice)}"
                             for j, choice in enumerate(f.choices))
            out[name] = f"(CASE {whens} END)"
        else:
            out[name] = d.ident(column)
            if not _is_contribution_sum(f.expr):
                range_checks.append(f"NOT (abs({d.ident(column)}) <= 1.0E300)")
    fails.append(layers.add("pcr_rangef", "(" + " OR ".join(range_checks) + ")", ["pcr_mag"] + [
        f"pcr_r{k}" for k, f in enumerate(rs.report) if f.kind != "fixed"]))
    out["cutoff.pass"] = "TRUE"
    out["cutoff.exempted_emissions_percent"] = d.double(0)
    out["cutoff.flows"] = "'[]'"
    extra = []
    if rs.grading is not None:
        extra.append("TRUE")  # grades are decided exactly, by the runtime
    if rs.data_quality is not None:
        extra += _quality(plan, d, layers, columns, out, tr)
    failing = [d.ident(c) for c in fails] + extra
    return ("(" + " OR ".join(failing) + ")" if failing else None), out


def _quality(plan: Plan, d: Dialect, layers: Layers, columns: dict, out: dict, tr: Translator) -> list:
    """The data-quality section of a record that gives no scores: no ratings, the primary data
    share from which inputs took defaults, and the violations; returns the flag's band test.
    A contribution per row is judged row by row (runtime.primary_share): a row is primary when
    the contribution is and the table's provenance column, if any, says `primary` (a plain table
    has no defaults nor estimates in its rows)."""
    rs, dq = plan.rs, plan.rs.data_quality
    by_name = {p.name: p for p in plan.inputs}
    index = {f.path: k for k, f in enumerate(rs.report)}

    def measured(used, none: str = "FALSE") -> str:
        numbers = [n for n in used if by_name[n].spec.kind == "number"]
        if not numbers:
            return none
        defaulted = [f"{d.ident(f'pcr_{by_name[n].index}t')} = 0" for n in numbers if by_name[n].spec.default is not None]
        return f"(NOT ({' OR '.join(defaulted)}))" if defaulted else "TRUE"

    terms, deps = [], ["pcr_mag"]
    for k, c in enumerate(rs.contributions):
        e = d.ident(columns[("co2e", c.name)])
        deps.append(columns[("co2e", c.name)])
        if c.rows is not None:
            condition = "FALSE" if c.secondary_data else measured(c.data_inputs, "TRUE")
            if condition == "FALSE":
                continue
            tr.used = set()
            rows, var = tr.row_list(c.rows)
            size = f"abs({tr.value(c.value)} * {d.double(c.gwp)})"
            provenance = next((x.name for x in by_name[c.rows].spec.columns if x.provenance), None)
            if provenance is not None:
                size = f"(CASE WHEN {d.field(var, provenance)} = 'primary' THEN {size} ELSE {d.double(0)} END)"
            deps += sorted(tr.used)
            term = d.row_sum(rows, var, size)
            terms.append(term if condition == "TRUE" else f"(CASE WHEN {condition} THEN {term} ELSE {d.double(0)} END)")
            continue
        if c.electricity is not None:
            choice = f"pcr_r{index[('electricity', c.electricity, 'source')]}"
            deps.append(choice)
            # a source whose factor is a secondary dataset makes the contribution secondary
            whens = " ".join(f"WHEN {d.ident(choice)} = {d.double(j)} THEN "
                             + ("FALSE" if c.choice_secondary[j] else measured(sorted(set(c.data_inputs) | set(inputs))))
                             for j, inputs in enumerate(c.choice_inputs))
            condition = f"(CASE {whens} ELSE FALSE END)"
        else:
            # a factor or table declared `secondary` (a database dataset) makes it secondary
            condition = "FALSE" if c.secondary_data else measured(c.data_inputs)
        if condition == "TRUE":
            terms.append(f"abs({e})")
        elif condition != "FALSE":
            terms.append(f"(CASE WHEN {condition} THEN abs({e}) ELSE {d.double(0)} END)")
    measured_sum = " + ".join(terms) or d.double(0)
    mag = d.ident("pcr_mag")
    primary = f"(CASE WHEN {mag} = 0.0E0 THEN CAST(NULL AS DOUBLE) ELSE {d.divide(f'({measured_sum})', mag)} * 1.0E2 END)"
    layers.add("pcr_primary", primary, deps)
    p = d.ident("pcr_primary")
    subjects = [name for name, _ in dq.input_minimums] + (["result"] if dq.result_minimum is not None else [])
    parts = [d.string(",".join(subjects))] if subjects else []
    band = []
    if dq.primary_share is not None:
        op, percent = dq.primary_share
        ok = f"{p} {'>' if op == '>' else '>='} {d.double(percent)}"
        parts.append(f"(CASE WHEN {p} IS NULL OR NOT ({ok}) THEN 'primary_share' END)")
        violated = f"({p} IS NULL OR NOT ({ok}))"
        band.append(f"({p} IS NOT NULL AND abs({p} - {d.double(percent)}) <= {d.double(PRIMARY_MARGIN)})")
    else:
        violated = "FALSE"
    out["quality.pass"] = "FALSE" if subjects else f"(NOT {violated})"
    out["quality.rating"] = "CAST(NULL AS DOUBLE)"
    out["quality.level"] = f"CAST(NULL AS {d.text_type()})"
    out["quality.primary_share_percent"] = p
    out["quality.violations"] = f"concat_ws(',', {', '.join(parts)})" if parts else "''"
    return [layers.add("pcr_bandf", band[0], ["pcr_primary"])] if band else []


@attrs.frozen
class Query:
    plan: Plan
    dialect: Dialect
    source: str
    cells: list
    layers: Layers
    select: list
    exact_function: str
    carry: tuple = ()
    extras: tuple = ()  # (column, sql) of layer 0 beside the cells

    @property
    def exact_arguments(self) -> list:
        """The runtime function's arguments (tag, number, text of each cell), in order."""
        return [c for c, _ in self.cells]

    def sql(self) -> str:
        d = self.dialect
        passthrough = [d.ident(c) for c in self.plan.passthrough]
        first = ",\n    ".join([d.ident(c) for c in self.carry] + passthrough
                                 + [f"{sql} AS {d.ident(c)}" for c, sql in tuple(self.cells) + tuple(self.extras)])
        ctes = [f"pcr_l0 AS (\n  SELECT\n    {first}\n  FROM {self.source} AS pcr_src\n)"]
        depth = max((x[0] for x in self.layers.defs), default=0)
        for level in range(1, depth + 1):
            defs = [f"{sql} AS {d.ident(c)}" for k, c, sql in self.layers.defs if k == level]
            body = ",\n    ".join(["*"] + defs)
            ctes.append(f"pcr_l{level} AS (\n  SELECT\n    {body}\n  FROM pcr_l{level - 1}\n)")
        head = (f"-- {comment(self.plan.rs.identifier)} {comment(self.plan.rs.version)}: the batch query ({d.name}), generated by pcrlang\n"
                f"-- from the core IR; semantic fingerprint {self.plan.fingerprint}.\n"
                + (f"-- Rows with pcr_flag are computed by the runtime through {self.exact_function}() (pcr batch registers it).\n"
                   if self.exact_function else "-- Rows with pcr_flag are computed by the runtime from the cells (pcr batch does it).\n"))
        return head + "WITH\n" + ",\n".join(ctes) + "\nSELECT\n  " + ",\n  ".join(self.select) + f"\nFROM pcr_l{depth}"


def compile_query(rs: ir.Ruleset, fingerprint: str, publication: str, columns: list, dialect: Dialect,
                  source: str) -> Query:
    return build(Plan(rs, fingerprint, publication, columns), dialect, source)


__all__ = ["Plan", "PlanError", "Query", "Unsupported", "build", "column_name", "compile_query", "cell_sql"]
