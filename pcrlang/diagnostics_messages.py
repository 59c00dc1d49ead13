"""The per-occurrence messages of the diagnostics, in English and Chinese (issue 14).

MESSAGES[code][variant] = (English, Chinese): `str.format` templates with the same named
parameters. A call site passes the code, the variant if the code has several (else "") and the
parameters: `ctx.error("PCR301", msg(name=u), span)` (pcrlang.diagnostics.msg); the English text
is the diagnostic's `message`, the Chinese one is shown under `--lang zh` (CLI, JSON, SARIF, LSP).
A parameter is a name or text quoted from the ruleset, a number, or a `phrase(...)` of PHRASES
(a part of a sentence, such as "input `x`"), rendered in the message's language. A test checks
that both templates of every variant name the same parameters. Codes whose call sites still pass
an English string show it in both languages (tests/test_diagnostics_zh.py measures how many).
"""
from __future__ import annotations

from .domain import units

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # ---- syntax and files (pcrlang/syntax/parse.py) ----------------------------------------
    "PCR001": {
        "token": ("unexpected `{token}`; expected {expected}", "意外的 `{token}`；应为 {expected}"),
        "end_of_declaration": ("unexpected end of declaration; expected {expected}", "声明意外结束；应为 {expected}"),
        "end_of_file": ("unexpected end of file", "文件意外结束"),
    },
    "PCR002": {"": ("unexpected character `{char}`", "意外的字符 `{char}`")},
    "PCR003": {
        "os": ("cannot read `{path}`: {reason}", "无法读取 `{path}`：{reason}"),  # the reason is the system's
        "utf8": ("cannot read `{path}`: not valid UTF-8", "无法读取 `{path}`：不是有效的 UTF-8"),
    },
    "PCR004": {
        "malformed": ("invalid number `{number}`", "无效的数字 `{number}`"),
        "range": ("number `{number}` is out of range: at most {digits} digits and an exponent between -{exponent} "
                  "and {exponent}", "数字 `{number}` 超出范围：至多 {digits} 位数字，指数在 -{exponent} 与 {exponent} 之间"),
    },
    "PCR005": {"": ("string is not closed on this line", "字符串未在本行闭合")},
    "PCR006": {
        "levels": ("the formula is nested more than {limit} levels deep", "公式嵌套超过 {limit} 层"),
        "parse": ("a formula is nested too deeply to parse", "公式嵌套过深，无法解析"),
        "tree": ("formula nested more than {limit} levels deep (each operation inside another is a level; "
                 "a sum `a + b + c + ...` counts once)",
                 "公式嵌套超过 {limit} 层（每个运算套在另一个之内算一层；连加 `a + b + c + ...` 只算一次）"),
    },
    "PCR010": {
        "read": ("the file has {count:,} characters; at most {limit:,} are read",
                 "文件有 {count:,} 个字符；至多读取 {limit:,} 个"),
        "more": ("the file has more than {limit:,} characters; at most {limit:,} are read",
                 "文件超过 {limit:,} 个字符；至多读取 {limit:,} 个"),
    },
    "PCR011": {
        "about": ("the file has about {count:,} declarations; at most {limit:,} are checked",
                  "文件约有 {count:,} 个声明；至多检查 {limit:,} 个"),
        "exact": ("the file has {count:,} declarations; at most {limit:,} are checked",
                  "文件有 {count:,} 个声明；至多检查 {limit:,} 个"),
    },
    # ---- header ----------------------------------------------------------------------------
    "PCR103": {"": ("the header has no `{field}`", "规则头缺少 `{field}`")},
    "PCR104": {"": ("version \"{version}\" is not a semantic version", "版本号 \"{version}\" 不是语义化版本号")},
    "PCR105": {"": ("unknown status `{status}`", "未知的状态 `{status}`")},
    "PCR106": {"": ("unknown GWP set `{gwp}`", "未知的 GWP 值集 `{gwp}`")},
    "PCR107": {"": ("`{field}` is given twice", "`{field}` 给出了两次")},
    "PCR108": {"": ("the declared unit's amount must be positive", "声明单位的数量必须为正")},
    "PCR109": {"": ("production `{formula}` is {got}, but the declared unit {unit} is {wanted}",
                    "产量 `{formula}` 为{got}，而声明单位 {unit} 为{wanted}")},
    "PCR110": {
        "missing": ("{what} has no {missing} text", "{what} 缺少{missing}文本"),
    },
    "PCR111": {
        "date": ("\"{date}\" is not a date", "\"{date}\" 不是日期"),
        "period": ("the reference period \"{start}\" to \"{end}\" is not two dates",
                   "报告期 \"{start}\" 至 \"{end}\" 不是两个日期"),
        "reversed": ("the reference period ends before it starts", "报告期的结束早于开始"),
        "validity": ("\"{start}\" to \"{end}\" is not a validity period", "\"{start}\" 至 \"{end}\" 不是有效期"),
    },
    "PCR114": {"": ("`{name}` is not a date input", "`{name}` 不是日期输入")},
    "PCR115": {
        "kind": ("{what} cannot declare a sensitivity range: only a number input or a factor varies",
                 "{what}不能声明敏感性范围：只有数值输入或因子可以变动"),
        "empty": ("the sensitivity range of {what} is empty: {low} is not below {high}",
                  "{what}的敏感性范围为空：{low} 不小于 {high}"),
    },
    "PCR116": {
        "bounds": ("the sensitivity range {low} to {high} of {what} leaves its bounds",
                   "{what}的敏感性范围 {low} 至 {high} 超出其界限"),
        "value": ("the sensitivity range {low} to {high} of {what} does not contain its value",
                  "{what}的敏感性范围 {low} 至 {high} 不含其值"),
    },
    # ---- names -----------------------------------------------------------------------------
    "PCR201": {"": ("unknown name `{name}`", "未知的名称 `{name}`")},
    "PCR202": {"": ("`{name}` is already declared at line {line}", "`{name}` 已在第 {line} 行声明")},
    "PCR203": {"": ("circular definition: {cycle}", "循环定义：{cycle}")},
    "PCR204": {
        "table": ("`{name}` is a table (look it up with `name[key]`), not a value",
                  "`{name}` 是表（用 `name[key]` 查找），不是数值"),
        "keyset": ("`{name}` is a key set, not a value", "`{name}` 是键集，不是数值"),
    },
    "PCR205": {"": ("unknown function `{name}`", "未知的函数 `{name}`")},
    "PCR206": {"": ("`{name}` needs at least two arguments", "`{name}` 至少需要两个参数")},
    "PCR207": {"": ("`{name}` is not a table", "`{name}` 不是表")},
    "PCR208": {
        "keyed": ("table `{name}` is keyed by `{keyset}`, not by {got}", "表 `{name}` 以 `{keyset}` 为键，而不是{got}"),
        "keyset": ("`{name}` is not a key set", "`{name}` 不是键集"),
    },
    "PCR209": {"": ("`{key}` is not a key of `{keyset}`", "`{key}` 不是 `{keyset}` 的键")},
    "PCR211": {
        "key": ("key `{key}` is listed twice", "键 `{key}` 列出了两次"),
        "gas": ("gas `{gas}` is listed twice", "气体 `{gas}` 列出了两次"),
    },
    "PCR212": {"": ("`{name}` is a reserved word", "`{name}` 是保留字")},
    "PCR213": {"": ("`{name}` is not a table of rows", "`{name}` 不是行表")},
    "PCR214": {"": ("`{name}` is no row here", "`{name}` 在此处不是行")},
    "PCR215": {"": ("table `{table}` has no column `{column}`", "表 `{table}` 没有列 `{column}`")},
    "PCR216": {"": ("`{name}` is a table of rows, not a value", "`{name}` 是行表，不是数值")},
    "PCR217": {"": ("column `{column}` is text: it names a row and is not a value",
                    "列 `{column}` 是文本：它标识行，不是数值")},
    "PCR218": {"": ("row variable `{name}` hides the declaration of that name", "行变量 `{name}` 遮蔽了同名的声明")},
    "PCR219": {"": ("a sum over `{table}` inside another over the same table", "在对 `{table}` 的求和之内又对同一表求和")},
    # ---- units and dimensions --------------------------------------------------------------
    "PCR301": {"": ("unknown unit `{unit}`", "未知的单位 `{unit}`")},
    "PCR302": {
        "operands": ("{what} of {a} and {b}", "{what}的量纲不一致：{a} 与 {b}"),
    },
    "PCR303": {"": ("`{unit}` is a unit with an offset", "`{unit}` 是带偏移量的单位")},
    "PCR304": {"": ("`{name}` is declared in {unit} ({wanted}) but its formula gives {got}",
                    "`{name}` 声明的单位为 {unit}（{wanted}），但其公式给出{got}")},
    "PCR306": {
        "": ("division by zero", "除以零"),
        "value": ("the value of `{name}` divides by zero", "`{name}` 的值除以零"),
    },
    "PCR307": {
        "number": ("a condition is used as a number", "条件被当作数值使用"),
        "condition": ("the condition is {got}, not a comparison", "条件为{got}，不是比较"),
    },
    "PCR308": {
        "ordered": ("keys cannot be ordered with `{op}`", "键不能用 `{op}` 比较大小"),
        "compared": ("{key} is compared with {other}", "{key}与{other}相比较"),
    },
    "PCR309": {
        "fraction": ("the exponent of `{unit}` is not a whole number", "`{unit}` 的指数不是整数"),
        "large": ("the exponent of `{unit}` is too large", "`{unit}` 的指数过大"),
    },
    "PCR310": {"": ("{got} is used as a number", "{got}被当作数值使用")},
    "PCR311": {"": ("`{unit}` is {scale} times its base unit", "`{unit}` 是其基本单位的 {scale} 倍")},
    # ---- inputs and factors ----------------------------------------------------------------
    "PCR530": {
        "policy": ("unknown energy factor policy `{kind}`", "未知的能源因子政策 `{kind}`"),
        "kind": ("unknown electricity factor kind `{kind}`", "未知的电力因子类别 `{kind}`"),
    },
    "PCR501": {"builtin": ("`{gas}` is no gas of a GWP table: name the built-in gas",
                           "`{gas}` 不是 GWP 表中的气体：请写内置的气体名")},
    "PCR801": {
        "keys": ("input `{name}` takes keys of `{keyset}` and cannot have bounds",
                 "输入 `{name}` 取 `{keyset}` 的键，不能有界限"),
        "empty": ("the bounds of `{name}` are empty", "`{name}` 的界限为空"),
    },
    "PCR802": {"": ("default {value} lies outside the bounds of `{name}`", "默认值 {value} 超出 `{name}` 的界限")},
    "PCR803": {
        "key": ("the default of `{name}` must be a key of `{keyset}`", "`{name}` 的默认值必须是 `{keyset}` 的键"),
        "number": ("the default of `{name}` must be a number", "`{name}` 的默认值必须是数值"),
    },
    "PCR804": {"": ("`{key}` is given twice", "`{key}` 给出了两次")},
    "PCR805": {"": ("input `{name}` is primary data and cannot have a default", "输入 `{name}` 是初级数据，不能有默认值")},
    "PCR806": {"": ("the default of `{name}` has no source", "`{name}` 的默认值没有来源")},
    "PCR807": {"": ("input `{name}` takes a key of `{keyset}`: left out, it needs a default key",
                    "输入 `{name}` 取 `{keyset}` 的键：可省略时需要默认键")},
    "PCR810": {"": ("the values of `{name}` from {first} and from {second} overlap",
                    "`{name}` 自 {first} 起和自 {second} 起的值相互重叠")},
    "PCR813": {
        "input": ("input `{name}` is text: only a column of a table of rows can be text",
                  "输入 `{name}` 是文本：只有行表的列可以是文本"),
        "date": ("{what} is a date: only an input can be a date", "{what}是日期：只有输入可以是日期"),
        "bounds": ("text column `{name}` takes no bounds or default", "文本列 `{name}` 不能有界限或默认值"),
    },
    "PCR814": {
        "second": ("table `{table}` has a second key column `{name}`", "表 `{table}` 有第二个键列 `{name}`"),
        "input": ("input `{name}` is no column: only a column identifies rows", "输入 `{name}` 不是列：只有列可以标识行"),
        "type": ("key column `{name}` must be text or a key of a key set", "键列 `{name}` 必须是文本或键集的键"),
        "optional": ("key column `{name}` identifies each row: it cannot be left out", "键列 `{name}` 标识每一行：不能省略"),
    },
    "PCR815": {"": ("{what} is declared a flow, but {unit} is not an amount of something",
                    "{what}声明为流，但 {unit} 不是某物的数量")},
    "PCR816": {
        "attribute": ("a table of rows takes no `{key}`; give it to its columns", "行表不接受 `{key}`；请写在其列上"),
        "columns": ("table of rows `{name}` declares no column", "行表 `{name}` 没有声明列"),
    },
    "PCR817": {"": ("column `{column}` is declared twice in `{table}`", "列 `{column}` 在 `{table}` 中声明了两次")},
    "PCR818": {
        "database": ("factor `{name}` names a database: a database dataset is secondary data",
                     "因子 `{name}` 指明了数据库：数据库中的数据集是次级数据"),
        "dataset": ("factor `{name}` names a dataset but not its database", "因子 `{name}` 指明了数据集，但没有指明其数据库"),
    },
    "PCR819": {"": ("{what} says which data are primary: it must be a column of keys `primary` and `secondary`",
                    "{what}标明哪些数据是初级数据：它必须是取 `primary` 和 `secondary` 键的列")},
}
MESSAGES["PCR-W08"] = MESSAGES["PCR110"]  # missing translation: an error in the header's title, else a warning


def _dimension(lang: str, dim) -> str:
    return units.describe(dim, lang)


_EXPECTED_ZH = {"a name": "名称", "a number": "数字", "a string in quotes": "带引号的字符串", "end of file": "文件结尾",
                "a comparison such as `<`": "比较运算（如 `<`）"}


def _expected(lang: str, names: str) -> str:
    """What the parser would take, as pcrlang/syntax/parse.py lists it (`,`, `=`, a name, ...)."""
    if lang != "zh":
        return names
    return "、".join(_EXPECTED_ZH.get(n, n) for n in names.split(", "))


# Parts of sentences that messages take as parameters: (English, Chinese) templates, or a
# function of the language and the parameters.
PHRASES: dict[str, object] = {
    # what a message is about
    "input": ("input `{name}`", "输入 `{name}`"),
    "column": ("column `{name}` of `{table}`", "`{table}` 的列 `{name}`"),
    "factor": ("factor `{name}`", "因子 `{name}`"),
    "table_of_rows": ("table of rows `{name}`", "行表 `{name}`"),
    "quantity": ("quantity `{name}`", "量 `{name}`"),
    "stage": ("stage `{name}`", "阶段 `{name}`"),
    "process": ("process `{name}`", "过程 `{name}`"),
    "class": ("class `{name}`", "等级 `{name}`"),
    "check": ("check `{name}`", "核查 `{name}`"),
    "transport": ("transport `{name}`", "运输 `{name}`"),
    "recycling": ("recycling `{name}`", "回收 `{name}`"),
    "supply": ("supply `{name}`", "供应 `{name}`"),
    "emission": ("emission `{name}`", "排放 `{name}`"),
    "removal": ("removal `{name}`", "清除 `{name}`"),
    "excluded": ("the reason for excluding `{name}`", "排除 `{name}` 的理由"),
    "title": ("the title", "标题"),
    "issuer": ("the issuer", "发布者"),
    "scope": ("the scope", "范围"),
    "declared_unit": ("the declared unit", "声明单位"),
    "justification": ("the justification", "理由说明"),
    # which language is missing
    "both": ("Chinese (zh) and English (en)", "中文（zh）和英文（en）"),
    "zh": ("Chinese (zh)", "中文（zh）"),
    "en": ("English (en)", "英文（en）"),
    # what a formula is (pcrlang/check/expressions.describe)
    "condition": ("a condition", "条件"),
    "key_of": ("a key of `{keyset}`", "`{keyset}` 的键"),
    "a_key": ("a key", "键"),
    "zero": ("zero", "零"),
    "a_number": ("a number", "数值"),
    "a_quantity": ("a quantity ({dimension})", "量（{dimension}）"),
    "dimension": _dimension,
    "expected": _expected,
    # the operation whose two sides differ (PCR302)
    "addition": ("addition", "加法"),
    "subtraction": ("subtraction", "减法"),
    "comparison": ("comparison", "比较"),
    "branches": ("branches", "分支"),
    "function": ("`{name}`", "`{name}`"),
}
