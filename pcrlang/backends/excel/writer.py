"""The data-collection workbook of a rule (annex A of a Chinese footprint rule): a cover sheet,
an inputs sheet (one row per input, bounds as cell validation, key inputs as drop-down lists,
help in Chinese and English), a sheet per table of rows, and two hidden sheets (the drop-down
lists, and what the reader checks: the rule's identifier, version and fingerprint).

Deterministic: the same rule gives the same bytes (fixed timestamps in the package and its
properties). Nothing from a rule's text becomes a formula: text starting with = + - @ is written
as text and marked so that Excel keeps it text when the cell is edited.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from fractions import Fraction

from ... import __version__
from ...core import ir
from ...domain.vocabulary import BOUNDARY_KINDS, STATUSES
from ...semantics.runtime import _decimal as exact_text  # the figures as the run-time messages show them
from . import layout as L

FIXED_TIME = datetime(2000, 1, 1)  # every timestamp in the workbook: the same rule gives the same bytes
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FORMULA_START = ("=", "+", "-", "@")


def _openpyxl():
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        from . import WorkbookError
        raise WorkbookError("invalid_workbook", "workbooks need openpyxl: pip install 'pcrlang[excel]'",
                            unreadable=True) from None
    return openpyxl


def put(ws, row: int, column: int, value, bold: bool = False, fill=None):
    """A cell's value; text that could be read as a formula stays text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if bold:
        from openpyxl.styles import Font
        cell.font = Font(bold=True)
    if fill is not None:
        cell.fill = fill
    return cell


def _literal(x: Fraction) -> str:
    """A bound as a number in an Excel formula (15 significant digits, Excel's precision)."""
    return format(float(x), ".15G")


def _interval(b: ir.Bounds) -> str:
    return f"{'[' if b.low_inclusive else '('}{exact_text(b.low)}, {exact_text(b.high)}{']' if b.high_inclusive else ')'}"


def _number_rule(ref: str, b) -> str:
    """The validation formula of a number cell: a number, inside the bounds."""
    parts = [f"ISNUMBER({ref})"]
    if b is not None:
        parts.append(f"{ref}{'>=' if b.low_inclusive else '>'}{_literal(b.low)}")
        parts.append(f"{ref}{'<=' if b.high_inclusive else '<'}{_literal(b.high)}")
    return f"AND({','.join(parts)})"


def _date_rule(ref: str) -> str:
    """The validation formula of a date cell: YYYY-MM-DD typed as text, or a date Excel made of it."""
    return (f"OR(ISNUMBER({ref}),AND(LEN({ref})=10,MID({ref},5,1)=\"-\",MID({ref},8,1)=\"-\","
            f"ISNUMBER(VALUE(LEFT({ref},4)&MID({ref},6,2)&RIGHT({ref},2)))))")


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _validation(ws, ref: str, kind: str, formula: str, title: str, help_zh: str, help_en: str):
    from openpyxl.worksheet.datavalidation import DataValidation
    dv = DataValidation(type=kind, formula1=formula, allow_blank=True, showErrorMessage=True,
                        showInputMessage=True, errorTitle=_clip(title, 32), promptTitle=_clip(title, 32),
                        error=_clip(f"{help_zh}\n{help_en}", 255), prompt=_clip(f"{help_zh}\n{help_en}", 255))
    ws.add_data_validation(dv)
    dv.add(ref)
    return dv


class _Writer:
    def __init__(self, rs: ir.Ruleset, fingerprint: str, publication_fingerprint):
        openpyxl = _openpyxl()
        from openpyxl.styles import PatternFill
        self.rs, self.fingerprint, self.publication = rs, fingerprint, publication_fingerprint
        self.wb = openpyxl.Workbook()
        self.fixed = PatternFill("solid", fgColor="EEEEEE")  # what the rule says
        self.entry = PatternFill("solid", fgColor="FFF8DC")  # what the company fills in
        self.lists: dict[str, str] = {}  # keyset (or the cut-off marks) -> its range on the lists sheet
        self.sheets = self._table_sheets()

    def _table_sheets(self) -> dict:
        """A sheet name per table of rows: its name, unless Excel would not take it."""
        out, used = {}, set(L.RESERVED)
        for i in self.rs.inputs:
            if i.kind != "rows":
                continue
            name = re.sub(r"[\[\]:*?/\\']", "_", i.name)[:31]
            k = 1
            while name.lower() in used:
                k += 1
                name = f"{i.name[:27]}_{k}"
            used.add(name.lower())
            out[i.name] = name
        return out

    def write(self) -> bytes:
        wb = self.wb
        cover = wb.active
        cover.title = L.COVER
        inputs = wb.create_sheet(L.INPUTS)
        for table in (i for i in self.rs.inputs if i.kind == "rows"):
            wb.create_sheet(self.sheets[table.name])
        lists = wb.create_sheet(L.LISTS)
        meta = wb.create_sheet(L.META)
        self._lists(lists)
        self._cover(cover)
        self._inputs(inputs)
        for table in (i for i in self.rs.inputs if i.kind == "rows"):
            self._table(wb[self.sheets[table.name]], table)
        self._meta(meta)
        lists.sheet_state = meta.sheet_state = "hidden"
        wb.active = 1
        wb.properties.creator = "pcrlang"
        wb.properties.created = wb.properties.modified = FIXED_TIME
        wb.properties.title = f"{self.rs.identifier} {self.rs.version}"
        out = io.BytesIO()
        wb.save(out)
        return _normalized(out.getvalue())

    # ---- sheets -------------------------------------------------------------------------------
    def _lists(self, ws) -> None:
        column = 0
        keysets = {}
        for i in self.rs.inputs:
            for x in (i, *i.columns):
                if x.kind == "key" and x.keyset not in keysets:
                    keysets[x.keyset] = x.keys
        for name, keys in [("cut_off", L.CUT_MARKS)] + sorted(keysets.items()):
            column += 1
            put(ws, 1, column, name, bold=True)
            for k, key in enumerate(keys):
                put(ws, k + 2, column, key)
            from openpyxl.utils import get_column_letter
            letter = get_column_letter(column)
            self.lists[name] = f"{L.LISTS}!${letter}$2:${letter}${len(keys) + 1}"

    def _cover(self, ws) -> None:
        rs = self.rs
        put(ws, 1, 1, rs.title.zh or "", bold=True)
        put(ws, 2, 1, rs.title.en or "", bold=True)
        put(ws, 3, 1, "数据收集表（附录 A）  Data collection workbook (annex A)")
        status = STATUSES.get(rs.status)
        boundary = BOUNDARY_KINDS.get(rs.boundary_kind)
        declared = f"{exact_text(rs.declared_amount)} {rs.declared_unit}"
        rows = [
            ("规则编号 Identifier", rs.identifier),
            ("版本 Version", rs.version),
            ("状态 Status", f"{status.zh} {status.en}" if status else rs.status),
            ("声明单位 Declared unit", declared + (f"（{rs.declared_text.zh}） {rs.declared_text.en or ''}"
                                                   if rs.declared_text else "")),
            ("系统边界 Boundary", f"{boundary.zh} {boundary.en}" if boundary else rs.boundary_kind),
            ("GWP", rs.gwp_set),
            ("语义指纹 Semantic fingerprint", self.fingerprint),
            ("发布指纹 Publication fingerprint", self.publication or ""),
            ("编译器 Compiler", f"pcrlang {__version__}"),
        ]
        if rs.period:
            rows.append(("核算期 Reference period", f"{rs.period[0]} – {rs.period[1]}"))
        for k, (label, value) in enumerate(rows):
            put(ws, 5 + k, 1, label, bold=True, fill=self.fixed)
            put(ws, 5 + k, 2, value)
        row = 6 + len(rows)
        for text in L.INSTRUCTIONS_ZH + ("",) + L.INSTRUCTIONS_EN:
            put(ws, row, 1, text, bold=text in (L.INSTRUCTIONS_ZH[0], L.INSTRUCTIONS_EN[0]))
            row += 1
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 80

    def _help(self, i: ir.Input, in_table: bool = False) -> tuple[str, str]:
        zh, en = [], []

        def say(key, **kw):
            z, e = L.WORDS[key]
            zh.append(z.format(**kw))
            en.append(e.format(**kw))
        if i.kind == "rows":
            say("table", sheet=self.sheets[i.name])
            if i.min_rows:
                say("rows_min", n=i.min_rows)
            return "；".join(zh), "; ".join(en)
        if in_table:  # the inputs sheet says it in its Requirement column
            say("default" if i.default is not None else "optional" if i.optional else "required")
        if i.primary:
            say("primary")
        if i.key:
            say("key_column")
        if i.kind == "key":
            names = [f"{k}（{t.zh}）" if t.zh else k for k, t in i.key_texts] or list(i.keys)
            names_en = [f"{k} ({t.en})" if t.en else k for k, t in i.key_texts] or list(i.keys)
            zh.append(f"{L.WORDS['keys'][0]}：{'、'.join(names)}")
            en.append(f"{L.WORDS['keys'][1]}: {', '.join(names_en)}")
        if i.kind == "date":
            say("date")
        if self.rs.cutoff is not None and i.kind == "number":
            say("cut_off" if i.cut_off != "never" else "never")
        return "；".join(zh), "; ".join(en)

    def _requirement(self, i: ir.Input) -> str:
        if i.kind == "rows":
            return f"数据表 table ({self.sheets[i.name]})"
        if i.default is not None:
            value = i.default if isinstance(i.default, str) else exact_text(i.default)
            return f"缺省值 default {value}" + (f" ({i.default_source})" if i.default_source else "")
        return "可选 optional" if i.optional else "必填 required"

    def _inputs(self, ws) -> None:
        rs = self.rs
        criteria = rs.data_quality.criteria if rs.data_quality is not None else ()
        headers = [h for _, h in L.INPUT_COLUMNS] + list(criteria) + [h for _, h in L.INPUT_HELP]
        for k, header in enumerate(headers):
            put(ws, 1, k + 1, header, bold=True, fill=self.fixed)
        col = {key: k + 1 for k, (key, _) in enumerate(L.INPUT_COLUMNS)}
        first_criterion = len(L.INPUT_COLUMNS) + 1
        help_zh, help_en = first_criterion + len(criteria), first_criterion + len(criteria) + 1
        from openpyxl.utils import get_column_letter
        for n, i in enumerate(i for i in rs.inputs):
            row = L.FIRST_INPUT_ROW + n
            zh, en = self._help(i)
            put(ws, row, col["clause"], i.clause)
            put(ws, row, col["input"], i.name)
            put(ws, row, col["name_zh"], i.text.zh or "")
            put(ws, row, col["name_en"], i.text.en or "")
            put(ws, row, col["unit"], i.unit if i.kind == "number" else "")
            put(ws, row, col["bounds"], _interval(i.bounds) if i.bounds is not None else "")
            put(ws, row, col["requirement"], self._requirement(i))
            put(ws, row, help_zh, zh)
            put(ws, row, help_en, en)
            value = f"{get_column_letter(col['value'])}{row}"
            title = i.name
            if i.kind == "rows":
                put(ws, row, col["value"], "→ " + self.sheets[i.name], fill=self.fixed)
                put(ws, row, col["cut_off"], L.NEVER, fill=self.fixed)
                continue
            ws.cell(row=row, column=col["value"]).fill = self.entry
            ws.cell(row=row, column=col["source"]).fill = self.entry
            if i.kind == "key":
                _validation(ws, value, "list", self.lists[i.keyset], title, zh, en)
            elif i.kind == "date":  # a text cell, so that Excel keeps the date as typed (2023-01-01)
                ws.cell(row=row, column=col["value"]).number_format = "@"
                _validation(ws, value, "custom", _date_rule(value), title, *L.WORDS["date"])
            else:
                _validation(ws, value, "custom", _number_rule(value, i.bounds), title,
                            f"数值，单位 {i.unit}" + (f"，范围 {_interval(i.bounds)}" if i.bounds else ""),
                            f"a number in {i.unit}" + (f" in {_interval(i.bounds)}" if i.bounds else ""))
            marker = f"{get_column_letter(col['cut_off'])}{row}"
            if rs.cutoff is not None and i.kind == "number" and i.cut_off != "never":
                ws.cell(row=row, column=col["cut_off"]).fill = self.entry
                _validation(ws, marker, "list", self.lists["cut_off"], title, L.WORDS["cut_off"][0],
                            L.WORDS["cut_off"][1])
            else:
                put(ws, row, col["cut_off"], L.NEVER, fill=self.fixed)
            if i.kind == "number" and rs.data_quality is not None:
                b = rs.data_quality.criteria_bounds
                for k, criterion in enumerate(criteria):
                    ref = f"{get_column_letter(first_criterion + k)}{row}"
                    ws.cell(row=row, column=first_criterion + k).fill = self.entry
                    _validation(ws, ref, "custom", _number_rule(ref, b), criterion,
                                f"数据质量评分 {_interval(b)}", f"a data-quality score in {_interval(b)}")
        widths = {"clause": 8, "input": 26, "name_zh": 28, "name_en": 36, "unit": 12, "value": 14, "cut_off": 10,
                  "source": 30, "bounds": 16, "requirement": 30}
        for key, width in widths.items():
            ws.column_dimensions[get_column_letter(col[key])].width = width
        ws.column_dimensions[get_column_letter(help_zh)].width = 40
        ws.column_dimensions[get_column_letter(help_en)].width = 50
        ws.freeze_panes = "C2"

    def _table(self, ws, table: ir.Input) -> None:
        from openpyxl.utils import get_column_letter
        rs = self.rs
        put(ws, 1, 1, f"{table.text.zh or ''} {table.text.en or ''} ({table.clause})".strip(), bold=True)
        for k, label in enumerate(L.TABLE_HEADER_ROWS):
            put(ws, L.COLUMN_ROW + k, 1, label, bold=True, fill=self.fixed)
        col = 1
        last = L.FIRST_TABLE_ROW + L.PREPARED_ROWS - 1
        for c in table.columns:
            col += 1
            zh, en = self._help(c, in_table=True)
            bounds = f" {_interval(c.bounds)}" if c.bounds is not None else ""
            for k, text in enumerate((c.name, c.text.zh or "", c.text.en or "", c.unit if c.kind == "number" else "",
                                      f"{zh}{bounds}\n{en}{bounds}")):
                put(ws, L.COLUMN_ROW + k, col, text, bold=k == 0, fill=self.fixed)
            letter = get_column_letter(col)
            ref = f"{letter}{L.FIRST_TABLE_ROW}:{letter}{last}"
            top = f"{letter}{L.FIRST_TABLE_ROW}"
            if c.kind == "key":
                _validation(ws, ref, "list", self.lists[c.keyset], c.name, zh, en)
            elif c.kind == "number":
                _validation(ws, ref, "custom", _number_rule(top, c.bounds), c.name,
                            f"数值，单位 {c.unit}{bounds}", f"a number in {c.unit}{bounds}")
            ws.column_dimensions[letter].width = 18
            if c.kind == "number" and c.cut_off != "never" and rs.cutoff is not None:
                col += 1
                letter = get_column_letter(col)
                for k, text in enumerate((c.name + L.CUT_SUFFIX, "舍去", "cut off", "",
                                          f"{L.WORDS['cut_off'][0]}\n{L.WORDS['cut_off'][1]}")):
                    put(ws, L.COLUMN_ROW + k, col, text, bold=k == 0, fill=self.fixed)
                _validation(ws, f"{letter}{L.FIRST_TABLE_ROW}:{letter}{last}", "list", self.lists["cut_off"],
                            c.name, L.WORDS["cut_off"][0], L.WORDS["cut_off"][1])
                ws.column_dimensions[letter].width = 10
        ws.column_dimensions["A"].width = 24
        ws.freeze_panes = f"B{L.FIRST_TABLE_ROW}"

    def _meta(self, ws) -> None:
        rs = self.rs
        rows = [("pcrlang workbook", L.FORMAT), ("identifier", rs.identifier), ("version", rs.version),
                ("fingerprint", self.fingerprint), ("publication_fingerprint", self.publication or ""),
                ("compiler", f"pcrlang {__version__}")]
        rows += [(f"table:{name}", sheet) for name, sheet in self.sheets.items()]
        for k, (key, value) in enumerate(rows):
            put(ws, k + 1, 1, key)
            put(ws, k + 1, 2, value)


def _normalized(data: bytes) -> bytes:
    """The package with fixed timestamps: the zip entries' and the core properties' modified time
    (openpyxl stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, body)
    return out.getvalue()


def template(rs: ir.Ruleset, fingerprint: str, publication_fingerprint=None) -> bytes:
    """The workbook of a rule, as the bytes of an .xlsx file."""
    return _Writer(rs, fingerprint, publication_fingerprint).write()
