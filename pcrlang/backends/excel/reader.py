"""Reading a filled-in data-collection workbook back into a calculator's JSON inputs.

The workbook must be one `pcr template` wrote for this rule (its hidden pcrlang sheet states the
rule's fingerprint). Each value is taken as typed: a number, a key, text; an empty cell leaves
the input out (its default, or zero if optional). A flow marked cut off becomes
`{"cut_off": estimate}`; data-quality scores make `{"value": x, "quality": {...}}`. The inputs are
then validated as every calculator validates them (pcrlang/semantics/runtime.py), and a refusal
names the sheet and cell (`Inputs!F7`) besides the input. A workbook that is not one, or is not
this rule's, is refused with a message, never a traceback.
"""
from __future__ import annotations

import re
from typing import Optional

from ...core import ir
from ...semantics import runtime
from ...semantics.interpret import prepared
from . import layout as L

NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def _error(code: str, message: str, cell: Optional[str] = None, field=None, clause=None, unreadable=False):
    from . import WorkbookError
    return WorkbookError(code, f"{cell}: {message}" if cell else message, cell=cell, field=field, clause=clause,
                         unreadable=unreadable)


class _Reader:
    def __init__(self, path: str, rs: ir.Ruleset, fingerprint: str):
        self.path, self.rs, self.fingerprint = path, rs, fingerprint
        self.cells: dict[str, tuple[str, Optional[str]]] = {}  # field -> (value cell, cut-off marker cell)
        self.values, self.formulas = self._open()

    def _open(self):
        try:
            import openpyxl
        except ImportError:
            raise _error("invalid_workbook", "reading a workbook needs openpyxl: pip install 'pcrlang[excel]'",
                         unreadable=True) from None
        try:
            values = openpyxl.load_workbook(self.path, data_only=True)
            formulas = openpyxl.load_workbook(self.path, data_only=False)
        except FileNotFoundError:
            raise _error("invalid_workbook", f"{self.path}: no such file", unreadable=True) from None
        except Exception as error:  # a zip that is not a workbook, a damaged file, ...: never a traceback
            raise _error("invalid_workbook", f"{self.path}: cannot be read as an .xlsx workbook "
                                             f"({type(error).__name__}: {error})", unreadable=True) from None
        return values, formulas

    def sheet(self, name: str):
        if name not in self.values.sheetnames:
            raise _error("invalid_workbook", f"{self.path} has no sheet {name}: it is not a data-collection workbook "
                                             f"of pcr template, or a sheet was renamed or deleted")
        return self.values[name], self.formulas[name]

    def value(self, sheets, row: int, column: int):
        """A cell's value as typed (a formula's computed value), with its reference."""
        from openpyxl.utils import get_column_letter
        values, formulas = sheets
        ref = f"{values.title}!{get_column_letter(column)}{row}"
        x = values.cell(row=row, column=column).value
        written = formulas.cell(row=row, column=column).value
        if x is None and isinstance(written, str) and written.startswith("="):
            raise _error("invalid_workbook", f"holds the formula {written[:40]} without a computed value: open and "
                                             f"save the workbook in Excel, or type the value", ref)
        if isinstance(x, str):
            x = x.strip()
            if x == "":
                x = None
        return x, ref

    # ---- the checks of the workbook itself ------------------------------------------------------------
    def check_meta(self) -> dict:
        sheets = self.sheet(L.META)
        found = {}
        for row in range(1, sheets[0].max_row + 1):
            key, _ = self.value(sheets, row, 1)
            value, ref = self.value(sheets, row, 2)
            if isinstance(key, str):
                found[key] = (value, ref)
        layout = found.get("pcrlang workbook", (None, f"{L.META}!B1"))
        if layout[0] != L.FORMAT:
            raise _error("invalid_workbook", f"is not a pcrlang data-collection workbook of layout {L.FORMAT}: make "
                                             f"one with pcr template", layout[1])
        rs = self.rs
        fingerprint = found.get("fingerprint", (None, f"{L.META}!B4"))
        if fingerprint[0] != self.fingerprint:
            made = f"{found.get('identifier', ('?',))[0]} {found.get('version', ('?',))[0]}"
            raise _error("invalid_workbook", f"this workbook was made for {made} ({fingerprint[0]}), not for "
                                             f"{rs.identifier} {rs.version} ({self.fingerprint}): make a new one with "
                                             f"pcr template", fingerprint[1])
        return {k[len("table:"):]: v[0] for k, v in found.items() if k.startswith("table:")}

    def _headers(self, sheets, row: int, expected: list, first_column: int = 1) -> None:
        for k, header in enumerate(expected):
            found, ref = self.value(sheets, row, first_column + k)
            if found != header:
                raise _error("invalid_workbook", f"should say {header!r}, not {found!r}: the layout of the sheet "
                                                 f"was changed (make a new workbook with pcr template)", ref)

    # ---- values -----------------------------------------------------------------------------------
    @staticmethod
    def number(x):
        """A cell's number: numbers as they are; text that spells a number (typed in a text cell) too."""
        if isinstance(x, str) and NUMBER.match(x):
            return float(x) if re.search(r"[.eE]", x) else int(x)
        return x

    @staticmethod
    def date(x, ref: str):
        """A date cell: text as typed (the calculation checks it), or the date Excel made of it."""
        import datetime
        if isinstance(x, datetime.datetime):
            if x.time() != datetime.time(0):
                raise _error("invalid_workbook", f"holds the date and time {x.isoformat()}: give the day only, "
                                                 f"YYYY-MM-DD", ref)
            return x.date().isoformat()
        if isinstance(x, datetime.date):
            return x.isoformat()
        return x

    def marked(self, x, ref: str) -> bool:
        if x is None or x == L.NEVER:
            return False
        if isinstance(x, str) and x.lower() in L.CUT_MARKS:
            return True
        raise _error("invalid_workbook", f"says {x!r}: leave it empty, or choose {' or '.join(map(repr, L.CUT_MARKS))}",
                     ref)

    def inputs(self) -> dict:
        rs = self.rs
        sheets = self.sheet(L.INPUTS)
        criteria = list(rs.data_quality.criteria) if rs.data_quality is not None else []
        headers = [h for _, h in L.INPUT_COLUMNS] + criteria + [h for _, h in L.INPUT_HELP]
        self._headers(sheets, 1, headers)
        col = {key: k + 1 for k, (key, _) in enumerate(L.INPUT_COLUMNS)}
        first_criterion = len(L.INPUT_COLUMNS) + 1
        known = {i.name: i for i in rs.inputs}
        raw, seen = {}, {}
        for row in range(L.FIRST_INPUT_ROW, sheets[0].max_row + 1):
            name, name_ref = self.value(sheets, row, col["input"])
            if name is None:
                continue
            if name not in known:
                raise _error("invalid_workbook", f"{name!r} is not an input of {rs.identifier}", name_ref)
            if name in seen:
                raise _error("invalid_workbook", f"{name} is listed twice (first at {seen[name]})", name_ref)
            seen[name] = name_ref
            i = known[name]
            x, ref = self.value(sheets, row, col["value"])
            mark, mark_ref = self.value(sheets, row, col["cut_off"])
            self.cells[name] = (ref, mark_ref)
            if i.kind == "rows":
                if x is not None and not (isinstance(x, str) and x.startswith("→")):
                    raise _error("invalid_workbook", f"{name} is a table of rows: fill it in on the sheet "
                                                     f"{self.tables.get(name, name)}", ref)
                continue
            cut = self.marked(mark, mark_ref)
            if i.kind == "number":
                x = self.number(x)
            elif i.kind == "date":
                x = self.date(x, ref)
            scores = {}
            for k, criterion in enumerate(criteria if i.kind == "number" else ()):
                score, score_ref = self.value(sheets, row, first_criterion + k)
                if score is not None:
                    scores[criterion] = self.number(score)
            if cut:
                if x is None:
                    raise _error("invalid_workbook", f"{name} is marked cut off: give its estimate in {ref}", mark_ref)
                raw[name] = {"cut_off": x}
            elif x is not None:
                raw[name] = {"value": x, "quality": scores} if scores else x
            elif scores:
                raise _error("invalid_workbook", f"{name} has data-quality scores but no value", ref)
        return raw

    def table(self, table: ir.Input, sheet_name: str) -> list:
        sheets = self.sheet(sheet_name)
        self._headers(sheets, L.COLUMN_ROW, [L.TABLE_HEADER_ROWS[0]])
        columns = []  # (column input, sheet column, marker sheet column or None)
        k = 1
        for c in table.columns:
            k += 1
            value, marker = k, None
            self._headers(sheets, L.COLUMN_ROW, [c.name], value)
            if c.kind == "number" and c.cut_off != "never" and self.rs.cutoff is not None:
                k += 1
                marker = k
                self._headers(sheets, L.COLUMN_ROW, [c.name + L.CUT_SUFFIX], marker)
            columns.append((c, value, marker))
        rows = []
        for row in range(L.FIRST_TABLE_ROW, sheets[0].max_row + 1):
            cells = {}
            for c, column, marker in columns:
                x, ref = self.value(sheets, row, column)
                mark, mark_ref = self.value(sheets, row, marker) if marker else (None, None)
                cells[c.name] = (c, x, ref, mark, mark_ref)
            if all(x is None and (mark is None or mark == L.NEVER) for _, x, _, mark, _ in cells.values()):
                continue  # an empty row
            out = {}
            index = len(rows)
            for name, (c, x, ref, mark, mark_ref) in cells.items():
                field = f"{table.name}[{index}].{name}"
                self.cells[field] = (ref, mark_ref)
                cut = self.marked(mark, mark_ref) if mark_ref else False
                if c.kind == "number":
                    x = self.number(x)
                elif c.kind == "text" and x is not None and not isinstance(x, str):
                    x = str(x)  # a name typed as a number (a grade 42) is still a name
                if cut:
                    if x is None:
                        raise _error("invalid_workbook", f"{field} is marked cut off: give its estimate in {ref}",
                                     mark_ref)
                    out[name] = {"cut_off": x}
                elif x is not None:
                    out[name] = x
            rows.append(out)
            self.cells.setdefault(f"{table.name}[{index}]", (f"{sheets[0].title}!A{row}", None))
        self.cells.setdefault(table.name, (f"{sheets[0].title}!A{L.FIRST_TABLE_ROW}", None))
        return rows

    def read(self) -> dict:
        self.tables = self.check_meta()
        raw = self.inputs()
        for i in self.rs.inputs:
            if i.kind == "rows":
                if i.name not in self.tables:
                    raise _error("invalid_workbook", f"the workbook has no sheet for the table {i.name}")
                raw[i.name] = self.table(i, self.tables[i.name])
        spec, _ = prepared(self.rs, self.fingerprint)
        try:
            runtime.validate(spec, raw)
        except runtime.CalculationError as refused:
            raise self.located(refused) from None
        return raw

    def located(self, refused: runtime.CalculationError):
        """A refusal of the inputs, naming the cell of the input it names."""
        from . import WorkbookError
        field = refused.field or ""
        cell = None
        for key in (field, field.rsplit(".", 1)[0], field.split("[", 1)[0]):
            if key in self.cells:
                value, marker = self.cells[key]
                cell = marker if refused.code.startswith("cut_off") and marker else value
                break
        message = f"{cell}: {refused.message}" if cell else refused.message
        return WorkbookError(refused.code, message, cell=cell, field=refused.field, clause=refused.clause)


def read(path: str, rs: ir.Ruleset, fingerprint: str) -> dict:
    """The inputs a filled-in workbook gives, validated; WorkbookError names the sheet and cell."""
    return _Reader(path, rs, fingerprint).read()
