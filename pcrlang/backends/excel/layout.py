"""The data-collection workbook's layout, shared by the writer and the reader: sheet names, the
columns of the inputs sheet and of a table's sheet, the cut-off marker, the fixed texts in both
languages. A workbook states its layout version on its `pcrlang` sheet; the reader refuses
another one."""
from __future__ import annotations

FORMAT = 1  # the layout version, on the pcrlang sheet

COVER, INPUTS, LISTS, META = "Cover", "Inputs", "Lists", "pcrlang"
RESERVED = {COVER.lower(), INPUTS.lower(), LISTS.lower(), META.lower()}

# the inputs sheet: (key, header); the header row is row 1, one input per row from row 2
INPUT_COLUMNS = (
    ("clause", "条款 Clause"),
    ("input", "输入 Input"),
    ("name_zh", "名称"),
    ("name_en", "Name"),
    ("unit", "单位 Unit"),
    ("value", "数值 Value"),
    ("cut_off", "舍去 Cut off"),
    ("source", "数据来源 Source"),
    ("bounds", "范围 Bounds"),
    ("requirement", "要求 Requirement"),
)
INPUT_HELP = (("help_zh", "说明"), ("help_en", "Help"))  # after the data-quality criteria, if any
FIRST_INPUT_ROW = 2

# a table's sheet: row 1 its title, row 2 the columns' names (as in the rule), rows 3 and 4 their
# labels in Chinese and English, row 5 the unit, row 6 the help; one table row per sheet row from 7
TABLE_HEADER_ROWS = ("column", "名称", "Name", "单位 Unit", "说明 Help")  # rows 2 to 6, column A
COLUMN_ROW = 2
FIRST_TABLE_ROW = 7
PREPARED_ROWS = 500  # table rows with validation prepared (more rows may be added, unvalidated)
CUT_SUFFIX = ":cut_off"  # the marker column after a flow column: `mass:cut_off`

CUT_MARKS = ("cut off", "舍去")  # what the cut-off marker may say (the drop-down list)
NEVER = "—"  # the marker cell of an input that may never be cut off

WORDS = {
    "required": ("必填", "required"),
    "optional": ("可选，不填按零计", "optional, zero when left empty"),
    "default": ("不填则用缺省值", "empty: the default is used"),
    "primary": ("须为实测数据（初级数据）", "primary data (measured) required"),
    "cut_off": ("可按取舍准则舍去：在“舍去”栏选择，并在数值栏填写估计值", "may be cut off: choose it in the Cut off column and "
                "give an estimate as the value"),
    "never": ("不可舍去", "may never be cut off"),
    "keys": ("可选值", "one of"),
    "rows_min": ("至少 {n} 行", "at least {n} rows"),
    "table": ("数据表，见工作表“{sheet}”", "a table of rows: see the sheet {sheet}"),
    "text": ("文本", "text"),
    "date": ("日期，格式 YYYY-MM-DD", "a date written YYYY-MM-DD"),
    "key_column": ("各行唯一", "unique in the table"),
}

INSTRUCTIONS_ZH = (
    "填写说明",
    "1. 在“Inputs”工作表的“数值 Value”栏填写各项数据，单位以“单位 Unit”栏为准，不做换算。",
    "2. 有缺省值或标为可选的数据可不填；必填数据不可空缺。",
    "3. 可舍去的数据：在“舍去 Cut off”栏选择“舍去”，并在数值栏填写其估计值，计算时按取舍准则判定。",
    "4. 在“数据来源 Source”栏注明数据来源（计量表、台账、供应商报告等）。",
    "5. 数据表（如物料清单）各有一个工作表，每行一条记录。",
    "6. 填好后运行：pcr calc 规则文件 --input 本工作簿.xlsx",
)
INSTRUCTIONS_EN = (
    "How to fill in this workbook",
    "1. Enter each figure in the Value column of the Inputs sheet, in the unit of the Unit column (no unit is "
    "converted).",
    "2. Figures with a default, or marked optional, may be left empty; required figures may not.",
    "3. A flow that may be cut off: choose \"cut off\" in the Cut off column and give its estimate as the value; "
    "the calculation judges it against the cut-off criteria.",
    "4. Say where each figure comes from in the Source column (meter, ledger, supplier report, ...).",
    "5. Each table of rows (a bill of materials, say) has a sheet of its own, one row per entry.",
    "6. Then run: pcr calc RULESET --input this-workbook.xlsx",
)

