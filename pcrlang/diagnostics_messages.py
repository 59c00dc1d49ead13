"""The per-occurrence messages and hints of the diagnostics, in English and Chinese (issue 14).

MESSAGES[code][variant] = (English, Chinese): `str.format` templates with the same named
parameters. A call site passes the code, the variant if the code has several (else "") and the
parameters: `ctx.error("PCR301", msg(name=u), span)` (pcrlang.diagnostics.msg); the English text
is the diagnostic's `message`, the Chinese one is shown under `--lang zh` (CLI, JSON, SARIF, LSP).
A parameter is a name or text quoted from the ruleset, a number, or a `phrase(...)` of PHRASES
(a part of a sentence, such as "input `x`"), rendered in the message's language. A test checks
that both templates of every variant name the same parameters. HINTS, at the end, are the hints
of single occurrences (a diagnostic's `help`), built the same way with `hint(...)`; every call
site passes a `msg(...)` and, where it has one, a `hint(...)` (tests/test_diagnostics_zh.py
checks each call site).
"""
from __future__ import annotations

from .domain import units

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # ---- syntax and files (pcrlang/syntax/parse.py) ----------------------------------------
    "PCR001": {
        "token": ("unexpected `{token}`; expected {expected}", "意外的 `{token}`；应为 {expected}"),
        "end_of_declaration": ("unexpected end of declaration; expected {expected}", "声明意外结束；应为 {expected}"),
        "end_of_file": ("unexpected end of file", "文件意外结束"),
        "symbol": ("{what} takes no `symbol`", "{what} 不接受 `symbol`"),
        "unclosed": ("the `{block}` block opened at {at} is not closed; expected {expected}",
                     "在 {at} 开始的 `{block}` 块没有闭合；应为 {expected}"),
    },
    "PCR002": {"": ("unexpected character `{char}`", "意外的字符 `{char}`")},
    "PCR012": {"": ("full-width `{char}` ({code}) outside a string", "字符串之外的全角字符 `{char}`（{code}）")},
    "PCR003": {
        "stdin": ("cannot read standard input: not valid UTF-8", "无法读取标准输入：不是有效的 UTF-8"),

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
        "check": ("a formula is nested too deeply to check (over about 900 levels)", "公式嵌套过深，无法检查（超过约 900 层）"),

        "levels": ("the formula is nested more than {limit} levels deep", "公式嵌套超过 {limit} 层"),
        "parse": ("a formula is nested too deeply to parse", "公式嵌套过深，无法解析"),
        "tree": ("formula nested more than {limit} levels deep (each operation inside another is a level; "
                 "a sum `a + b + c + ...` counts once)",
                 "公式嵌套超过 {limit} 层（每个运算套在另一个之内算一层；连加 `a + b + c + ...` 只算一次）"),
    },
    "PCR007": {
        "one": ("lone surrogate ({chars}): not Unicode text", "孤立的代理项（{chars}）：不是 Unicode 文本"),
        "many": ("{count} lone surrogates ({chars}): not Unicode text", "{count} 个孤立的代理项（{chars}）：不是 Unicode 文本"),
        "more": ("... and {count:,} more runs of invalid characters", "……另有 {count:,} 处无效字符"),
    },
    "PCR008": {
        "one": ("control character `{text} ({chars})", "控制字符 `{text}（{chars}）"),
        "many": ("{count} control characters `{text} ({chars})", "{count} 个控制字符 `{text}（{chars}）"),
        "more": ("... and {count:,} more runs of invalid characters", "……另有 {count:,} 处无效字符"),
    },
    "PCR009": {
        "one": ("bidirectional control character ({chars})", "双向控制字符（{chars}）"),
        "many": ("{count} bidirectional control characters ({chars})", "{count} 个双向控制字符（{chars}）"),
        "more": ("... and {count:,} more runs of invalid characters", "……另有 {count:,} 处无效字符"),
    },
    "PCR010": {
        "stdin": ("standard input has more than {limit:,} characters; at most {limit:,} are read", "标准输入超过 {limit:,} 个字符；至多读取 {limit:,} 个"),

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
    "PCR202": {
        "listed": ("{what} is listed twice", "{what} 列出了两次"),
        "twice": ("{what} is declared twice", "{what} 声明了两次"),
        "criterion": ("a criterion is listed twice", "某个准则列出了两次"),
        "stage": ("stage `{name}` is already declared", "阶段 `{name}` 已经声明"),
        "process": ("process `{name}` is already declared in stage `{stage}`", "过程 `{name}` 已在阶段 `{stage}` 中声明"),
"": ("`{name}` is already declared at line {line}", "`{name}` 已在第 {line} 行声明")},
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
        "parameter": ("`{name}` is {got}, the formula needs {wanted}", "`{name}` 为{got}，而公式需要{wanted}"),

        "amount": ("the amount of {what} is {got}, not energy", "{what} 的数量为{got}，不是能量"),
        "share": ("the share of supply `{name}` is {got}, not a fraction of the amount", "供应 `{name}` 的份额为{got}，不是总量的比例"),
        "factor": ("the factor of {what} is {got}, not a mass of gas per energy", "{what} 的因子为{got}，不是每单位能量的气体质量"),
        "earlier": ("{what} gives {got}, an earlier one {first}", "{what} 给出{got}，而前一个给出{first}"),
        "rating": ("the rating is {got}, not a plain score", "评分为{got}，不是纯数值分数"),

        "operands": ("{what} of {a} and {b}", "{what}的量纲不一致：{a} 与 {b}"),
    },
    "PCR303": {"": ("`{unit}` is a unit with an offset", "`{unit}` 是带偏移量的单位")},
    "PCR304": {"biogenic": ("the biogenic carbon content is {got}, not a mass of carbon (C)",
                            "生物碳含量为{got}，不是碳（C）的质量"),
               "": ("`{name}` is declared in {unit} ({wanted}) but its formula gives {got}",
                    "`{name}` 声明的单位为 {unit}（{wanted}），但其公式给出{got}")},
    "PCR306": {
        "": ("division by zero", "除以零"),
        "value": ("the value of `{name}` divides by zero", "`{name}` 的值除以零"),
        "row": ("the value for `{key}` divides by zero", "`{key}` 的值除以零"),
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
    "PCR311": {
        "high": ("`{unit}` is more than {limit} times its base unit", "`{unit}` 是其基本单位的 {limit} 倍以上"),
        "low": ("`{unit}` is less than {limit} times its base unit", "`{unit}` 不到其基本单位的 {limit} 倍"),
    },
    "PCR312": {
        "high": ("{what}, {value}, is more than {limit} in base units", "{what}（{value}）换算为基本单位后大于 {limit}"),
        "low": ("{what}, {value}, is less than {limit} in base units", "{what}（{value}）换算为基本单位后小于 {limit}"),
    },
    # ---- inputs and factors ----------------------------------------------------------------
    "PCR530": {
        "electricity": ("unknown electricity factor kind `{kind}`", "未知的电力因子类别 `{kind}`"),
        "heat": ("unknown heat factor kind `{kind}`", "未知的热力因子类别 `{kind}`"),

        "policy": ("unknown energy factor policy `{kind}`", "未知的能源因子政策 `{kind}`"),
        "kind": ("unknown electricity factor kind `{kind}`", "未知的电力因子类别 `{kind}`"),
    },
    "PCR801": {
        "criteria": ("the bounds of the criteria are empty", "准则的界限为空"),

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
    # ---- examples --------------------------------------------------------------------------
    "PCR708": {"verdict": ("`{name}` is neither pass nor fail", "`{name}` 既不是 pass 也不是 fail")},
    "PCR901": {
        "input": ("`{name}` is not an input", "`{name}` 不是输入"),
        "column": ("`{table}` has no column `{column}`", "`{table}` 没有列 `{column}`"),
    },
    "PCR902": {
        "input": ("example \"{title}\" gives no value for required input `{name}`",
                  "算例 \"{title}\" 没有给出必需输入 `{name}` 的值"),
        "cell": ("row {row} of `{table}` gives no value for column `{column}`", "`{table}` 的第 {row} 行没有给出列 `{column}` 的值"),
    },
    "PCR903": {
        "not_rows": ("`{name}` is no table of rows", "`{name}` 不是行表"),
        "rows": ("`{name}` is a table of rows: give its rows", "`{name}` 是行表：请给出其各行"),
        "text": ("column `{column}` is text: give it in quotes", "列 `{column}` 是文本：请加引号给出"),
        "date": ("`{name}` takes a date in quotes, e.g. `{name} = \"2024-01-01\"`",
                 "`{name}` 取带引号的日期，如 `{name} = \"2024-01-01\"`"),
        "key": ("`{name}` takes a key of `{keyset}` in quotes", "`{name}` 取带引号的 `{keyset}` 的键"),
        "number": ("`{name}` takes a number in {unit}", "`{name}` 取以 {unit} 计的数值"),
        "unit": ("`{name}` is measured in {unit} ({dimension}), not in {given}",
                 "`{name}` 以 {unit}（{dimension}）计量，而不是 {given}"),
        "no_unit": ("give the unit of `{name}`, e.g. `{value} {unit}`", "请给出 `{name}` 的单位，如 `{value} {unit}`"),
    },
    "PCR904": {
        "stage": ("unknown stage `{name}`", "未知的阶段 `{name}`"),
        "process": ("unknown process `{name}`", "未知的过程 `{name}`"),
        "gas": ("unknown gas `{name}`", "未知的气体 `{name}`"),
        "kind": ("unknown carbon kind `{name}`", "未知的碳类别 `{name}`"),
        "class": ("`{name}` is not a class of the grading", "`{name}` 不是分级中的等级"),
    },
    "PCR905": {
        "limit": ("a class limit in {unit} is not a mass of CO2e", "以 {unit} 计的等级限值不是 CO2e 质量"),

        "mass": ("expected value in {unit} is {got}, not a mass of CO2e", "以 {unit} 计的期望值为{got}，不是 CO2e 质量"),
        "gas": ("expected value in {unit} is {got}, not a mass of CO2e or of the gas",
                "以 {unit} 计的期望值为{got}，不是 CO2e 或该气体的质量"),
        "tolerance": ("the tolerance in {unit} does not match {expected}", "以 {unit} 计的容差与 {expected} 不相符"),
    },
    "PCR906": {
        "input": ("`{name}` is given twice", "`{name}` 给出了两次"),
        "cell": ("row {row} of `{table}` gives `{column}` twice", "`{table}` 的第 {row} 行给出了两次 `{column}`"),
    },
    "PCR909": {"": ("a second example titled \"{title}\"", "第二个标题为 \"{title}\" 的算例")},
    "PCR910": {"": ("example \"{title}\" gives {count} rows of `{table}`, which needs at least {least}",
                    "算例 \"{title}\" 给出 `{table}` 的 {count} 行，而它至少需要 {least} 行")},
    "PCR911": {"": ("rows {first} and {second} of `{table}` have the same {column} \"{value}\"",
                    "`{table}` 的第 {first} 行和第 {second} 行的 {column} 相同：\"{value}\"")},
    # ---- structure, boundary, contributions, warnings ---------------------------------------
    "PCR101": {"": ("the file has no `ruleset` header", "文件没有 `ruleset` 规则头")},
    "PCR102": {"": ("a second `ruleset` header", "第二个 `ruleset` 规则头")},
    "PCR112": {"": ("a second `{keyword}` block", "第二个 `{keyword}` 块")},
    "PCR123": {
        "name": ("`override` of `{name}`, which no imported or extended module declares", "`override` 了 `{name}`，但导入或扩展的模块都没有声明它"),
"": ("`override` of a declaration no imported or extended module declares",
                    "`override` 的声明在导入或扩展的模块中都没有")},
    "PCR210": {"": ("table `{name}` has no value for {keys}", "表 `{name}` 缺少以下键的值：{keys}")},
    "PCR401": {"": ("the ruleset declares no system boundary", "规则没有声明系统边界")},
    "PCR402": {"": ("unknown boundary type `{kind}`", "未知的边界类型 `{kind}`")},
    "PCR403": {"": ("a {kind} boundary needs a stage for `{phase}`", "{kind} 边界需要 `{phase}` 的阶段")},
    "PCR404": {"": ("phase `{phase}` is outside a {kind} boundary", "阶段类型 `{phase}` 不在 {kind} 边界之内")},
    "PCR405": {"": ("unknown life-cycle phase `{phase}`", "未知的生命周期阶段类型 `{phase}`")},
    "PCR406": {"": ("`{name}` is declared inside the boundary and excluded", "`{name}` 既声明在边界之内又被排除")},
    "PCR407": {"": ("stage `{name}` ({phase}) comes after a later life-cycle phase", "阶段 `{name}`（{phase}）排在更靠后的生命周期阶段之后")},
    "PCR408": {
        "stage": ("unknown stage `{stage}`", "未知的阶段 `{stage}`"),
        "process": ("stage `{stage}` has no process `{process}`", "阶段 `{stage}` 没有过程 `{process}`"),
    },
    "PCR409": {"": ("a second `boundary`", "第二个 `boundary`")},
    "PCR501": {
        "unknown": ("unknown gas `{gas}`", "未知的气体 `{gas}`"),
        "builtin": ("`{gas}` is no gas of a GWP table: name the built-in gas",
                    "`{gas}` 不是 GWP 表中的气体：请写内置的气体名"),
    },
    "PCR502": {
        "transport": ("transport `{name}` names no gas, and its factor does not tell one", "运输 `{name}` 没有指明气体，其因子也未表明气体"),

        "none": ("{what} names no gas", "{what} 没有指明气体"),
        "keyword": ("write the gas as `gas {gas}`", "气体写作 `gas {gas}`"),
    },
    "PCR503": {"": ("unknown carbon kind `{kind}`", "未知的碳类别 `{kind}`")},
    "PCR504": {"": ("{what} names no carbon kind", "{what} 没有指明碳类别")},
    "PCR505": {"": ("the GWP set has no value for `{gas}`", "GWP 值集中没有 `{gas}` 的值")},
    "PCR506": {
        "gas": ("the gas is given twice", "气体给出了两次"),
        "kind": ("the carbon kind is given twice", "碳类别给出了两次"),
    },
    "PCR507": {"": ("offset `{name}` cannot enter a footprint", "抵消量 `{name}` 不能计入碳足迹")},
    "PCR305": {
        "transport": ("transport `{name}` is {gas} but its factor gives {factor_gas}", "运输 `{name}` 为 {gas}，但其因子给出 {factor_gas}"),
"": ("{what} is {gas} but its formula gives {got}", "{what} 为 {gas}，但其公式给出{got}")},
    "PCR705": {"": ("a second `cutoff` block", "第二个 `cutoff` 块")},
    "PCR811": {"": ("factor `{name}` has validity periods but the header gives no reference period",
                    "因子 `{name}` 有有效期，但规则头没有给出报告期")},
    "PCR812": {"": ("no value of `{name}` is in force for the whole reference period {start} to {end}",
                    "`{name}` 没有在整个报告期 {start} 至 {end} 内有效的值")},
    "PCR144": {"": ("the factor `{name}` has a source only in `source zh/en`; add `source \"…\"`",
                    "因子 `{name}` 只有 `source zh/en` 形式的来源；请加上 `source \"…\"`")},
    "PCR-W01": {"": ("input `{name}` is never used", "输入 `{name}` 从未使用")},
    "PCR-W02": {"": ("factor `{name}` has no source", "因子 `{name}` 没有来源")},
    "PCR-W03": {"": ("factor `{name}` is never used", "因子 `{name}` 从未使用")},
    "PCR-W04": {"": ("quantity `{name}` is never used", "量 `{name}` 从未使用")},
    "PCR-W05": {"": ("stage `{name}` has no contributions", "阶段 `{name}` 没有贡献")},
    "PCR-W06": {"": ("the ruleset has no examples", "规则没有算例")},
    "PCR-W07": {"": ("factor `{name}` is marked unverified", "因子 `{name}` 标为未经核实")},
    "PCR-W09": {"": ("no value of `{name}` is in force from {start} to {end}; the rule extrapolates the latest, "
                     "from {latest_start} to {latest_end}",
                     "`{name}` 没有自 {start} 至 {end} 有效的值；规则外推采用最新的值（{latest_start} 至 {latest_end}）")},
    "PCR-W10": {
        "word": ("the {kind} `{old}` is deprecated: write `{new}`", "{kind} `{old}` 已弃用：请改写为 `{new}`"),
        "flow": ("input `{name}` may be cut off, but the rule does not declare it a flow",
                 "输入 `{name}` 可能按取舍准则被舍去，但规则未将其声明为流"),
    },
    "PCR-W11": {"": ("`{factor}` gives {unit} like a grid factor but declares no kind; it reaches {what}{through}",
                     "`{factor}` 以 {unit} 计，像是电网因子，却未声明类别；它{through}进入{what}")},
    "PCR531": {
        "amount": ("{what} gives no `amount`", "{what} 没有给出 `amount`"),
        "source": ("{what} lists no source", "{what} 没有列出来源"),
    },
    "PCR532": {
        "electricity": ("factor `{name}` is used for electricity but declares no kind", "因子 `{name}` 用于电力，但没有声明类别"),
        "heat": ("factor `{name}` is used for heat but declares no kind", "因子 `{name}` 用于热力，但没有声明类别"),
    },
    "PCR533": {"": ("`{name}` is a {kind} factor, but {what} takes {wanted} factors", "`{name}` 是 {kind} 因子，但{what} 采用 {wanted} 因子")},
    "PCR534": {"block": ("{what} takes {kind} factors, but the rule takes {policy} energy factors (`energy_factors {policy}`)",
                         "{what} 采用 {kind} 因子，而规则采用 {policy} 能源因子（`energy_factors {policy}`）"),
               "factor": ("`{factor}` is a {kind} factor and reaches {what}{through}; the rule takes {policy} energy "
                          "factors (`energy_factors {policy}`)",
                          "`{factor}` 是 {kind} 因子，{through}进入{what}；规则采用 {policy} 能源因子（`energy_factors {policy}`）")},
    "PCR535": {
        "reserved": ("a supply of {what} cannot be named `{name}`", "{what} 的供应不能命名为 `{name}`"),
        "rest": ("{what} splits its amount between supplies, so the factor of what they leave is given by `rest`, not `source`",
                 "{what} 把总量分给各项供应，其余部分的因子应由 `rest` 给出，而不是 `source`"),
        "no_supply": ("{what} has a `rest` but no `supply`", "{what} 有 `rest` 但没有 `supply`"),
        "no_rest": ("{what} says no factor for what its supplies leave", "{what} 没有给出各项供应之外其余部分的因子"),
    },
    "PCR536": {"": ("supply `{name}` of {what} claims certificates, so the rest `{rest}` takes a residual-mix factor, not the grid average",
                    "{what} 的供应 `{name}` 认领了绿证，因此其余部分 `{rest}` 应采用剩余组合因子，而不是电网平均因子")},
    "PCR538": {
        "share": ("the share of supply `{name}` of {what} is {value}, outside [0, 1]", "{what} 的供应 `{name}` 的份额为 {value}，超出 [0, 1]"),
        "sum": ("the shares of the supplies of {what} add up to {terms} = {total}, more than the whole amount",
                "{what} 各项供应的份额之和为 {terms} = {total}，超过总量"),
    },
    "PCR540": {
        "mode": ("unknown rounding mode `{mode}`", "未知的修约方式 `{mode}`"),
        "decimals": ("round to a whole number of decimals", "修约到整数位小数"),
    },
    "PCR541": {
        "none": ("the grading declares no class", "分级没有声明等级"),
        "last": ("{what} takes every other {subject}, so it must come last", "{what} 接受其余所有{subject}，因此必须放在最后"),
        "upper": ("a {kind} is an upper limit on the {subject}, not `{op}`", "{kind}是{subject}的上限，不能用 `{op}`"),
        "order": ("the limit of {what} is not above the previous {kind}'s", "{what} 的限值不高于前一个{kind}的限值"),
    },
    "PCR550": {
        "criteria": ("data quality scheme `{name}` declares no criteria", "数据质量方案 `{name}` 没有声明准则"),
        "rating": ("data quality scheme `{name}` gives no `rating` formula", "数据质量方案 `{name}` 没有给出 `rating` 公式"),
    },
    "PCR551": {"none": ("data quality scheme `{name}` declares no levels", "数据质量方案 `{name}` 没有声明级别")},
    "PCR552": {
        "share": ("the primary data share is required as `>= N %` with N from 0 to 100", "初级数据比例的要求写作 `>= N %`，N 在 0 到 100 之间"),
        "level": ("unknown level `{level}`", "未知的级别 `{level}`"),
        "subject": ("`{name}` is neither an input nor `result`", "`{name}` 既不是输入也不是 `result`"),
        "key": ("`{name}` takes a key; only measured data are rated", "`{name}` 取键；只有测得的数据才评级"),
    },
    "PCR601": {
        "": ("unknown allocation method `{method}`", "未知的分配方法 `{method}`"),
    },
    "PCR602": {
        "": ("the fixed shares of `{name}` sum to {total}, not 1", "`{name}` 的固定份额之和为 {total}，不是 1"),
    },
    "PCR603": {
        "": ("allocation `{name}` by economic value has no justification", "按经济价值的分配 `{name}` 没有理由说明"),
    },
    "PCR604": {
        "": ("`{name}` is {got} but `{first}` is {other}", "`{name}` 为{got}，而 `{first}` 为{other}"),
    },
    "PCR605": {
        "coproduct": ("allocation `{name}` needs one `product` and at least one `coproduct`", "分配 `{name}` 需要一个 `product` 和至少一个 `coproduct`"),
        "avoided": ("allocation `{name}` needs one `product` and at least one `avoided` product", "分配 `{name}` 需要一个 `product` 和至少一个 `avoided` 产品"),
    },
    "PCR606": {
        "": ("{where} is already allocated by `{other}`", "{where} 已由 `{other}` 分配"),
    },
    "PCR607": {
        "avoided": ("the avoided emissions of `{name}` are {got}, not a mass of CO2e", "`{name}` 的避免排放为{got}，不是 CO2e 质量"),
        "quantity": ("`{name}` needs its quantity: `{role} {name} = ...`", "`{name}` 需要给出其数量：`{role} {name} = ...`"),
        "method": ("allocation by {method} needs {wanted}, `{name}` is {got}", "按 {method} 分配需要{wanted}，而 `{name}` 为{got}"),
        "fixed": ("fixed shares are numbers, such as 0.7", "固定份额是数值，如 0.7"),
    },
    "PCR608": {
        "": ("allocation `{name}` by substitution names no avoided product", "替代法分配 `{name}` 没有指明被避免的产品"),
    },
    "PCR609": {
        "coproduct": ("a substitution credits avoided products; it has no co-product shares", "替代法抵扣被避免的产品；它没有共生产品份额"),
        "quantity": ("in a substitution the product needs no quantity", "替代法中产品不需要数量"),
        "then": ("a substitution gives no share to pass on: `then by` belongs to partitioning methods", "替代法没有可传递的份额：`then by` 只用于划分法"),
        "avoided": ("`avoided` belongs to substitution, not to allocation by {method}", "`avoided` 属于替代法，而不属于按 {method} 的分配"),
    },
    "PCR610": {
        "": ("`{name}` is not an allocation of this ruleset", "`{name}` 不是本规则的分配"),
    },
    "PCR611": {
        "": ("the allocations {ring} pass their products on in a circle", "分配 {ring} 循环传递其产品"),
    },
    "PCR612": {
        "place": ("`{name}` passes `{product}` on to `{target}`, which does not cover {where}: the allocation there would end at `{product}`, not at the declared product",
                  "`{name}` 把 `{product}` 传给 `{target}`，而后者不覆盖 {where}：那里的分配将止于 `{product}`，而不是声明产品"),
        "substitution": ("`{target}` is a substitution: it credits avoided products and gives the declared product no share of what `{name}` passes on",
                         "`{target}` 是替代法：它抵扣被避免的产品，不给声明产品分配 `{name}` 所传递的份额"),
    },
    "PCR613": {
        "product": ("`{name}` is already a product of allocation `{allocation}` (line {line})", "`{name}` 已是分配 `{allocation}` 的产品（第 {line} 行）"),
        "then": ("allocation `{allocation}` already passes its product on to `{next}`", "分配 `{allocation}` 已把其产品传给 `{next}`"),
    },
    "PCR560": {
        "one": ("transport `{name}` has no `{first}`", "运输 `{name}` 没有 `{first}`"),
        "two": ("transport `{name}` has no `{first}` and no `{second}`", "运输 `{name}` 没有 `{first}`，也没有 `{second}`"),
    },
    "PCR561": {
        "": ("`{key}` is given twice in transport `{name}`", "`{key}` 在运输 `{name}` 中给出了两次"),
    },
    "PCR562": {
        "": ("`{name}` is not a table of rows", "`{name}` 不是行表"),
    },
    "PCR563": {
        "mode": ("the column `mode` of `{name}` is not a key set", "`{name}` 的列 `mode` 不是键集"),
        "missing": ("the legs `{name}` have no column `{column}` ({what})", "运输段 `{name}` 没有列 `{column}`（{what}）"),
        "dimension": ("the column `{column}` of `{name}` is {got}, not {wanted}", "`{name}` 的列 `{column}` 为{got}，不是{wanted}"),
    },
    "PCR564": {
        "table": ("`{name}` is not a table by mode", "`{name}` 不是按运输方式的表"),
        "keyset": ("`{name}` is a table by `{keyset}`, but the legs' modes are `{modes}`", "`{name}` 是按 `{keyset}` 的表，而各段运输的方式为 `{modes}`"),
        "unit": ("`{name}` is {got}, not a gas per t·km", "`{name}` 为{got}，不是每 t·km 的气体量"),
    },
    "PCR565": {
        "dimension": ("the empty-return share is {got}, not a plain number", "空返比例为{got}，不是纯数值"),
        "negative": ("the empty-return share is negative", "空返比例为负"),
    },
    "PCR120": {
        "": ("cannot find `{path}` next to the importing file, on the import path or in the standard library",
             "在导入文件旁、导入路径上和标准库中都找不到 `{path}`"),
    },
    "PCR121": {
        "imports": ("`{path}` imports a module that imports it", "`{path}` 导入的模块又导入了它"),
        "extends": ("`{path}` extends a rule that extends this one", "`{path}` 扩展的规则又扩展了本规则"),
    },
    "PCR122": {
        "": ("`{name}` is already declared in {file}:{line}", "`{name}` 已在 {file}:{line} 声明"),
    },
    "PCR124": {
        "": ("`{path}` is a ruleset, not a library", "`{path}` 是规则，不是库"),
    },
    "PCR125": {
        "": ("`{name}` is declared by two imported modules ({file}:{line} and here)", "`{name}` 由两个导入的模块声明（{file}:{line} 和此处）"),
    },
    "PCR126": {
        "absolute": ("`{path}` is an absolute path; imports stay inside the project, the import path and the standard library",
                     "`{path}` 是绝对路径；导入限于项目、导入路径和标准库之内"),
        "outside": ("`{path}` leads outside the project, the import path and the standard library", "`{path}` 指向项目、导入路径和标准库之外"),
    },
    "PCR127": {
        "imports": ("`{path}` would be the file {count} of a chain of imports; at most {limit} are read",
                    "`{path}` 将是导入链中的第 {count} 个文件；至多读取 {limit} 个"),
        "extends": ("`{path}` would be the file {count} of a chain of imports and extends; at most {limit} are read",
                    "`{path}` 将是导入和扩展链中的第 {count} 个文件；至多读取 {limit} 个"),
    },
    "PCR128": {
        "empty": ("the import path is empty", "导入路径为空"),
        "suffix": ("`{path}` is not a .pcr file", "`{path}` 不是 .pcr 文件"),
    },
    "PCR537": {
        "": ("the rule takes {own} energy factors, but the general rule `{path}` it extends takes {general} ones ({file}:{line})",
             "本规则采用 {own} 能源因子，而它所扩展的通用规则 `{path}` 采用 {general} 能源因子（{file}:{line}）"),
    },
    "PCR520": {
        "": ("unknown recycling approach `{approach}`", "未知的回收方法 `{approach}`"),
    },
    "PCR521": {
        "": ("unknown parameter `{name}` of the Circular Footprint Formula", "循环足迹公式（CFF）没有参数 `{name}`"),
    },
    "PCR522": {
        "share": ("`{name}` = {value} lies outside [0, 1]", "`{name}` = {value} 超出 [0, 1]"),
        "sum": ("R2 + R3 = {value} exceeds 1: more than all of the material is recovered", "R2 + R3 = {value} 超过 1：回收的材料多于全部材料"),
    },
    "PCR523": {
        "required": ("recycling `{name}` needs `{parameter}`", "回收 `{name}` 需要 `{parameter}`"),
        "cff": ("recycling `{name}` by the Circular Footprint Formula needs `A`", "按循环足迹公式的回收 `{name}` 需要 `A`"),
    },
    "PCR524": {
        "": ("the {approach} approach fixes A; remove it or use `by cff`", "{approach} 方法固定了 A；删除它，或改用 `by cff`"),
    },
    "PCR570": {
        "condition": ("check `{name}` compares a condition: `within` takes two amounts", "核查 `{name}` 比较的是条件：`within` 需要两个数量"),
        "sides": ("the two sides of check `{name}` differ: {left} against {right}", "核查 `{name}` 的两边不同：{left} 对 {right}"),
    },
    "PCR571": {
        "": ("the tolerance of check `{name}` is {tolerance} %: it must be below 100 %", "核查 `{name}` 的容差为 {tolerance} %：必须小于 100 %"),
    },
    "PCR701": {
        "": ("{percent} % is not a percentage between 0 and 100", "{percent} % 不是 0 到 100 之间的百分比"),
    },
    "PCR702": {
        "": ("per-flow {per_flow} % exceeds the cumulative {total} % by {basis}", "单项流的 {per_flow} % 超过按 {basis} 的累计 {total} %"),
    },
    "PCR703": {
        "": ("unknown cut-off basis `{basis}`", "未知的取舍依据 `{basis}`"),
    },
    "PCR704": {
        "": ("`{name}` is not an input", "`{name}` 不是输入"),
    },
    "PCR706": {
        "": ("a cut-off threshold is an upper limit, not `{op}`", "取舍阈值是上限，不能用 `{op}`"),
    },
    "PCR707": {
        "": ("the mass basis compares a flow with the product's mass, but the declared unit is {got}",
             "质量依据把流与产品的质量相比较，但声明单位为{got}"),
    },
    "PCR113": {
        "": ("unknown language edition `{edition}`", "未知的语言版本 `{edition}`"),
    },
    "PCR130": {
        "": ("unknown document category `{value}`", "未知的文件类别 `{value}`"),
    },
    "PCR131": {
        "": ("unknown stage `{value}`", "未知的文件阶段 `{value}`"),
    },
    "PCR132": {
        "": ("`released` is not a date: write \"YYYY-MM-DD\"", "`released` 不是日期：写作 \"YYYY-MM-DD\""),
    },
    "PCR133": {
        "": ("the implementation date is before the release date", "实施日期早于发布日期"),
    },
    "PCR134": {
        "": ("ICS code `{value}` is not of the form {form}", "ICS 号 `{value}` 不符合 {form} 的形式"),
    },
    "PCR135": {
        "": ("CCS code `{value}` is not of the form {form}", "CCS 号 `{value}` 不符合 {form} 的形式"),
    },
    "PCR136": {
        "": ("symbol `{symbol}` cannot be typeset: {reason}", "符号 `{symbol}` 无法排版：{reason}"),
    },
    "PCR137": {
        "": ("symbol `{symbol}` is given to both `{first}` and `{second}`", "符号 `{symbol}` 同时给了 `{first}` 和 `{second}`"),
    },
    "PCR138": {
        "field": ("the {field} is given in one language only", "{field}只给出了一种语言"),
        "unit": ("the drafting unit \"{unit}\" is given in one language only", "起草单位 \"{unit}\" 只给出了一种语言"),
    },
    "PCR139": {
        "": ("reference `{code}` is listed twice", "引用文件 `{code}` 列出了两次"),
    },
    "PCR140": {
        "": ("normative reference `{code}` has no title", "规范性引用文件 `{code}` 没有名称"),
    },
    "PCR141": {
        "": ("{stage} without {listed}", "{stage}缺少{listed}"),
    },
    "PCR142": {
        "": ("the source of `{name}` is given in one language only", "`{name}` 的来源只给出了一种语言"),
    },
    "PCR143": {
        "": ("`{code}` is no standard's code: it belongs in the bibliography", "`{code}` 不是标准代号：应列入参考文献"),
    },
    "PCR907": {
        "": ("example \"{title}\" (clause {clause}): {detail}", "算例 \"{title}\"（条款 {clause}）：{detail}"),
    },
    "PCR908": {
        "": ("example \"{title}\" (clause {clause}) is refused: {refusal}{where}", "算例 \"{title}\"（条款 {clause}）被拒绝计算：{refusal}{where}"),
    },
}
MESSAGES["PCR-W08"] = MESSAGES["PCR110"]
for _variant in ("last", "upper", "order"):  # data-quality levels share the checks of grading classes
    MESSAGES["PCR551"][_variant] = MESSAGES["PCR541"][_variant]  # missing translation: an error in the header's title, else a warning


def _dimension(lang: str, dim) -> str:
    return units.describe(dim, lang)


def _list(lang: str, items) -> str:
    from .diagnostics import Phrase
    return ("、" if lang == "zh" else ", ").join(i.render(lang) if isinstance(i, Phrase) else str(i) for i in items)


_FOREWORD_ZH = {"proposer": "提出单位", "committee": "归口单位", "drafting units": "起草单位"}


def _or_list(lang: str, items) -> str:
    """`a, b or c` (the foreword facts a draft lacks, PCR141)."""
    if lang == "zh":
        return "、".join(_FOREWORD_ZH.get(i, i) for i in items)
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]


_EXPECTED_ZH = {"a name": "名称", "a number": "数字", "a string in quotes": "带引号的字符串", "end of file": "文件结尾",
                "a comparison such as `<`": "比较运算（如 `<`）"}


def _expected(lang: str, names: str) -> str:
    """What the parser would take, as pcrlang/syntax/parse.py lists it (`,`, `=`, a name, ...)."""
    if lang != "zh":
        return names
    return "、".join(_EXPECTED_ZH.get(n, n) for n in names.split(", "))


def _alternatives(lang: str, names) -> str:
    """`a` or `b` (the names a suggestion offers)."""
    return (" 或 " if lang == "zh" else " or ").join(f"`{n}`" for n in names)


def _punctuation(lang: str, char: str) -> str:
    """The name of an ASCII punctuation character (PCR012's hint: "use an ASCII comma `,`")."""
    from .diagnostics import PUNCTUATION_NAMES
    name = PUNCTUATION_NAMES.get(char, "character")
    if lang != "zh":
        return name
    from .diagnostics_zh import PUNCTUATION_NAMES_ZH
    return PUNCTUATION_NAMES_ZH.get(name, "字符")


def _through(lang: str, chain) -> str:
    """The quantities a factor reaches a contribution through (PCR534, PCR-W11), or nothing."""
    if not chain:
        return ""
    names = " -> ".join(f"`{q}`" for q in chain)
    return f"经由量 {names} " if lang == "zh" else f" through quantity {names}"


# The kinds of word a deprecation names (pcrlang/domain/editions.KINDS), for PCR-W10.
_WORD_KINDS = {
    "unit": ("unit", "单位"), "status": ("status", "状态"), "gwp": ("GWP set", "GWP 值集"),
    "boundary": ("boundary type", "边界类型"), "phase": ("life-cycle phase", "生命周期阶段"),
    "allocation": ("allocation method", "分配方法"), "cutoff_basis": ("cut-off basis", "取舍依据"),
    "rounding": ("rounding mode", "修约方式"), "factor_kind": ("factor kind", "因子类别"),
    "recycling": ("recycling approach", "回收方法"), "carbon_kind": ("carbon kind", "碳类别"), "gas": ("gas", "气体"),
}


def _word_kind(lang: str, kind: str) -> str:
    en, zh = _WORD_KINDS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def _hidden(lang: str, counts, file: str) -> str:
    """The line `render_all` adds for a file whose diagnostics are capped: counts is
    ((severity, n), ...) in the order error, warning, note."""
    if lang == "zh":
        words = {"error": "错误", "warning": "警告", "note": "提示"}
        more = "，".join(f"{n:,} 个{words[severity]}" for severity, n in counts)
        return f"……{file} 中另有 {more}未显示（`pcr check --format json` 会列出全部）"
    more = " and ".join(f"{n:,} more {severity}{'s' if n != 1 else ''}" for severity, n in counts)
    return f"... and {more} in {file} (`pcr check --format json` lists them all)"


# Parts of sentences that messages take as parameters: (English, Chinese) templates, or a
# function of the language and the parameters.
PHRASES: dict[str, object] = {
    # what a message is about
    "input": ("input `{name}`", "输入 `{name}`"),
    "column": ("column `{name}` of `{table}`", "`{table}` 的列 `{name}`"),
    "factor": ("factor `{name}`", "因子 `{name}`"),
    "table": ("table `{name}`", "表 `{name}`"),
    "example": ("example \"{title}\"", "算例 \"{title}\""),
    "table_of_rows": ("table of rows `{name}`", "行表 `{name}`"),
    "quantity": ("quantity `{name}`", "量 `{name}`"),
    "stage": ("stage `{name}`", "阶段 `{name}`"),
    "process": ("process `{name}`", "过程 `{name}`"),
    "class": ("class `{name}`", "等级 `{name}`"),
    "check": ("check `{name}`", "核查 `{name}`"),
    "transport": ("transport `{name}`", "运输 `{name}`"),
    "recycling": ("recycling `{name}`", "回收 `{name}`"),
    "supply": ("supply `{name}`", "供应 `{name}`"),
    "electricity": ("electricity `{name}`", "电力 `{name}`"),
    "heat": ("heat `{name}`", "热力 `{name}`"),
    "emission": ("emission `{name}`", "排放 `{name}`"),
    "removal": ("removal `{name}`", "清除 `{name}`"),
    "offset": ("offset `{name}`", "抵消量 `{name}`"),
    "level": ("level `{name}`", "级别 `{name}`"),
    "source": ("source `{name}`", "来源 `{name}`"),
    "rest": ("rest `{name}`", "其余部分 `{name}`"),
    "a_class": ("class", "等级"),
    "a_level": ("level", "级别"),
    "class_word": ("class", "等级"),
    "level_word": ("level", "级别"),
    "result": ("result", "结果"),
    "rating": ("rating", "评分"),
    "proposer": ("proposer", "提出单位"),
    "committee": ("committee", "归口单位"),
    "given_value": ("the value given for `{name}`", "给 `{name}` 的值"),
    "expected_value": ("the expected value", "期望值"),
    "tolerance": ("the tolerance", "容差"),
    "lower_bound": ("the lower bound of `{name}`", "`{name}` 的下限"),
    "upper_bound": ("the upper bound of `{name}`", "`{name}` 的上限"),
    "default": ("the default of `{name}`", "`{name}` 的默认值"),
    "value": ("the value of `{name}`", "`{name}` 的值"),
    "value_from": ("the value of `{name}` from {start}", "`{name}` 自 {start} 起的值"),
    "value_for": ("the value of `{name}` for `{key}`", "`{name}` 对 `{key}` 的值"),
    "class_limit": ("the limit of class `{name}`", "等级 `{name}` 的限值"),
    "leg_mass": ("the mass carried", "运载的质量"),
    "leg_distance": ("the distance", "距离"),
    "leg_mode": ("the mode of transport", "运输方式"),
    "text": ("text", "文本"),
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
    "list": _list,
    "or_list": _or_list,
    "draft_for_comment": ("a draft for comment", "征求意见稿"),
    "draft_for_approval": ("a draft for approval", "送审稿"),
    "final_draft": ("a final draft", "报批稿"),
    "published": ("a published standard", "已发布的标准"),
    "stage_itself": ("the stage `{name}` itself", "阶段 `{name}` 本身"),
    # the operation whose two sides differ (PCR302)
    "addition": ("addition", "加法"),
    "subtraction": ("subtraction", "减法"),
    "comparison": ("comparison", "比较"),
    "branches": ("branches", "分支"),
    "function": ("`{name}`", "`{name}`"),
    # what a factor of the wrong kind reaches (PCR534, PCR-W11), besides contributions and blocks
    "supply_of": ("supply `{name}` of {block}", "{block} 的供应 `{name}`"),
    "credit": ("the credit for `{name}` of allocation `{allocation}`", "分配 `{allocation}` 中对 `{name}` 的抵扣"),
    "through": _through,
    "word_kind": _word_kind,
    # parts of hints, and the line for diagnostics left out (diagnostics.render_all)
    "alternatives": _alternatives,
    "punctuation": _punctuation,
    "hidden": _hidden,
}


# The hints of single occurrences (a diagnostic's `help` when the catalogue's general help is not
# enough): HINTS[key] = (English, Chinese), `str.format` templates with the same named parameters,
# as the messages. A call site passes `hint(key, **params)` (pcrlang.diagnostics.hint); the English
# text is the diagnostic's `help`, the Chinese one is shown under `--lang zh`. Braces that are
# ruleset text are doubled ({{ }}).
HINTS: dict[str, tuple[str, str]] = {
    # suggestions and the parser (pcrlang/syntax/parse.py)
    "did_you_mean": ("did you mean {names}?", "是否想写 {names}？"),
    "one_of": ("{names}", "请写 {names}"),
    "ascii": ("use an ASCII {name} `{char}`", "请使用半角{name} `{char}`"),
    "close_block": ("close the block with `}}`", "用 `}}` 闭合该块"),
    # header, publication fields and blocks
    "energy_policy": ("write `energy_factors life_cycle` (GB/T 24067) or `energy_factors combustion`",
                      "写作 `energy_factors life_cycle`（GB/T 24067）或 `energy_factors combustion`"),
    "date_input": ("declare `input {name}: date zh \"...\" en \"...\"`", "声明 `input {name}: date zh \"...\" en \"...\"`"),
    "effective_before": ("`effective` \"{effective}\" is before `released` \"{released}\"",
                         "实施日期 `effective` \"{effective}\" 早于发布日期 `released` \"{released}\""),
    "add_text": ("add the {missing} text", "补上{missing}文本"),
    "listed_at": ("it is already listed at line {line}", "它已在第 {line} 行列出"),
    "one_block": ("a ruleset has one `{keyword}` block", "一个规则只有一个 `{keyword}` 块"),
    # editions and modules
    "deprecated_word": ("write `{new}` ({code}, deprecated in edition {edition}); `pcr migrate FILE --write` rewrites it",
                        "改写为 `{new}`（{code}，自第 {edition} 版起弃用）；`pcr migrate FILE --write` 会改写它"),
    "add_flow": ("add `flow` after its unit ({code}, deprecated in edition 1: only declared flows may be cut off); "
                 "`pcr migrate FILE --write` adds it",
                 "在其单位之后加上 `flow`（{code}，自第 1 版起弃用：只有声明为流的输入才可按取舍准则舍去）；"
                 "`pcr migrate FILE --write` 会加上它"),
    "keep_policy": ("a product rule keeps the general rule's policy: write `energy_factors {general}` or leave the line out",
                    "产品规则沿用通用规则的能源因子政策：写 `energy_factors {general}`，或删去这一行"),
    "override": ("write `override` before the declaration to replace it on purpose", "如需有意替换，请在声明前写 `override`"),
    # inputs, factors and tables of rows
    "declare_columns": ("declare its columns: `column mass: t in [0, 1e9] flow`", "声明其各列：`column mass: t in [0, 1e9] flow`"),
    "one_key_column": ("one column identifies the rows", "只能有一列用于标识各行"),
    "text_input": ("declare a key set for a choice of values, or a column `name: text` in a table",
                   "取值的选择请声明键集，或在行表中声明 `name: text` 列"),
    "optional_key": ("replace `optional` with `default \"KEY\" source \"...\"`", "把 `optional` 改为 `default \"KEY\" source \"...\"`"),
    "key_bounds": ("remove the bounds: a key-set input takes one of the keys", "删除界限：键集输入取其中一个键"),
    "not_flow": ("a flow is an amount of material, energy or transport (t, kWh, tkm), not a ratio, a share or a price; "
                 "remove `flow`", "流是材料、能源或运输的数量（t、kWh、tkm），不是比率、比例或价格；删除 `flow`"),
    "provenance": ("declare `keys data_kinds {{ primary ..., secondary ... }}` and `column data: data_kinds provenance`",
                   "声明 `keys data_kinds {{ primary ..., secondary ... }}` 和 `column data: data_kinds provenance`"),
    "table_sensitivity": ("remove `sensitivity`; `pcr calc --sensitivity` varies a table's columns as a whole",
                          "删除 `sensitivity`；`pcr calc --sensitivity` 把表的各列作为整体变动"),
    "low_first": ("write the low value first: `sensitivity LOW to HIGH`", "先写低值：`sensitivity LOW to HIGH`"),
    "range_in_bounds": ("a variation the calculation would refuse tells nothing: keep the range inside the bounds",
                        "计算会拒绝的变动说明不了任何问题：范围应在界限之内"),
    "range_around_value": ("the range is the plausible values around the factor's value", "范围是因子值附近的合理取值"),
    "secondary_database": ("write `secondary database \"...\"`", "写作 `secondary database \"...\"`"),
    "database_dataset": ("write `database \"NAME\" version \"...\" dataset \"...\"`",
                         "写作 `database \"NAME\" version \"...\" dataset \"...\"`"),
    "value_for_period": ("add a value for the period, or allow `extrapolate latest` in the header",
                         "为报告期给出一个值，或在规则头中允许 `extrapolate latest`"),
    # formulas
    "sum_rows": ("sum over its rows: `sum(row in {name}: row.COLUMN)`", "对其各行求和：`sum(row in {name}: row.COLUMN)`"),
    "rows_input": ("sum over the rows of an input declared `: rows {{ column ... }}`",
                   "对声明为 `: rows {{ column ... }}` 的输入的各行求和"),
    "row_variable": ("name the row variable differently, e.g. `row`", "给行变量换个名称，如 `row`"),
    "column_inside": ("a column is read inside `sum({var} in TABLE: ...)` or a contribution `for {var} in TABLE`",
                      "列只能在 `sum({var} in TABLE: ...)` 或贡献 `for {var} in TABLE` 之内读取"),
    "key_compare": ("compare keys only with == or !=", "键只能用 == 或 != 比较"),
    # contributions and gases
    "gas_mass": ("the formula must give a mass of {gas} (e.g. kg{gas})", "公式须给出 {gas} 的质量（如 kg{gas}）"),
    "declared_gas_mass": ("the formula must give the mass of {gas} released (e.g. kg): the GWP table declares it",
                          "公式须给出所释放的 {gas} 的质量（如 kg）：GWP 表声明了该气体"),
    "declared_gases": ("a gas outside the built-in ones needs a GWP table that lists it (`gwp_values`, e.g. the standard "
                       "library's refrigerants.pcr) chosen by the header's `gwp`",
                       "内置气体之外的气体需要一个列出它的 GWP 表（`gwp_values`，如标准库的 refrigerants.pcr），"
                       "并由规则头的 `gwp` 选用"),
    "carbon_mass": ("give it in kgC or tC", "以 kgC 或 tC 给出"),
    "state_kind": ("state it: `, fossil`", "写明碳类别：`, fossil`"),
    # transport
    "transport_symbol": ("its legs are contributions named by the transport and the row: remove the symbol",
                         "其各运输段是以运输和行命名的贡献：删除该符号"),
    "first_at": ("the first is at line {line}", "第一次出现在第 {line} 行"),
    "transport_gas": ("use a factor of kg{gas} per t·km, or state `gas {factor_gas}`",
                      "使用每 t·km 若干 kg{gas} 的因子，或写明 `gas {factor_gas}`"),
    "transport_state_gas": ("state the gas: `, gas CH4_fossil`", "写明气体：`, gas CH4_fossil`"),
    "legs_rows": ("declare the legs as `input legs: rows {{ column mass: t  column distance: km  column mode: MODES }}`",
                  "把运输段声明为 `input legs: rows {{ column mass: t  column distance: km  column mode: MODES }}`"),
    "add_column": ("add `column {column}: {unit}` to the table of rows", "在行表中加上 `column {column}: {unit}`"),
    "mode_keys": ("declare the modes as keys (`keys modes {{ road, rail }}`) and the column `mode: modes`",
                  "把运输方式声明为键（`keys modes {{ road, rail }}`），并声明列 `mode: modes`"),
    "mass_unit": ("give {what} in t or kg", "以 t 或 kg 给出{what}"),
    "distance_unit": ("give {what} in km", "以 km 给出{what}"),
    "mode_table": ("give the factors as `table NAME: kgCO2e/tkm by MODES {{ road = ... }}`",
                   "把因子写作 `table NAME: kgCO2e/tkm by MODES {{ road = ... }}`"),
    "mode_keyset": ("use a table by `{modes}`, or the same key set for the mode column",
                    "使用以 `{modes}` 为键集的表，或让 mode 列使用同一键集"),
    "freight_unit": ("declare its unit as kgCO2e/tkm or kgCO2/tkm", "把其单位声明为 kgCO2e/tkm 或 kgCO2/tkm"),
    "empty_share": ("give the share of the laden emission the empty trip adds, e.g. `empty_return 0.3`",
                    "给出空载返程在满载排放之上增加的比例，如 `empty_return 0.3`"),
    "empty_positive": ("an empty trip adds emissions: 0 or more", "空载返程只会增加排放：取 0 或更大的值"),
    # consistency checks, grading, data quality
    "tolerance_100": ("a balance within 100 % or more of one side checks nothing", "容差达到一侧的 100 % 或以上时，平衡核查不起作用"),
    "same_kind": ("compare amounts of one kind, e.g. two masses", "比较同一种类的数量，例如两个质量"),
    "classes_order": ("list classes from the lowest footprint to the highest", "按碳足迹从低到高列出等级"),
    "levels_order": ("list levels from the best rating to the worst", "从最好的评分到最差的评分列出级别"),
    # electricity and heat
    "reserved_supply": ("`source`, `factor` and `rest` name the block's own figures; choose another name",
                        "`source`、`factor` 和 `rest` 是该块自身各项的名称；请换一个名称"),
    "metered_supply": ("write `supply NAME = AMOUNT` for a metered amount", "计量的电量写作 `supply NAME = AMOUNT`"),
    "share_supply": ("write `supply NAME share FRACTION` for a share of the amount", "总量的份额写作 `supply NAME share FRACTION`"),
    "write_rest": ("write `rest {name} ...`", "写作 `rest {name} ...`"),
    "write_source": ("without supplies the sources take the whole amount: write `source {name} ...`",
                     "没有分项供应时，各来源承担全部电量：写作 `source {name} ...`"),
    "add_rest": ("add `rest grid factor ...`: the rest of the amount, e.g. from the grid",
                 "加上 `rest grid factor ...`：总量的其余部分，例如来自电网"),
    "share_fraction": ("a share is a fraction of the amount: write 0.3 for 30 %", "份额是总量的比例：30 % 写作 0.3"),
    "shares_sum": ("the shares are parts of one amount: together at most 1", "各份额是同一总量的组成部分：合计不超过 1"),
    "add_kind": ("add `kind combustion` or `kind life_cycle` to the factor", "在因子上加上 `kind combustion` 或 `kind life_cycle`"),
    "kinds_mixed": ("a combustion-only grid factor and a life-cycle factor cannot be mixed", "仅含燃烧排放的电网因子与生命周期因子不能混用"),
    "residual_mix": ("use the residual-mix factor `{name}`: the average still counts the green power the certificates sold",
                     "使用剩余组合因子 `{name}`：电网平均因子仍计入了绿证已售出的绿色电力"),
    "declare_residual_mix": ("declare the grid's residual-mix factor with `residual_mix` and use it here: the average "
                             "still counts the green power the certificates sold",
                             "用 `residual_mix` 声明电网的剩余组合因子并在此使用：电网平均因子仍计入了绿证已售出的绿色电力"),
    "block_policy": ("write `{policy}` and give the block {policy} factors", "写作 `{policy}`，并为该块给出 {policy} 因子"),
    "declare_policy_factor": ("declare a factor with `kind {policy}` and use it instead", "声明一个 `kind {policy}` 的因子并改用它"),
    "declare_policy_factor_cn_grid": (
        "declare a factor with `kind {policy}` and use it instead (the standard library's `cn_grid.pcr` has the 2023 "
        "life-cycle electricity factors)",
        "声明一个 `kind {policy}` 的因子并改用它（标准库的 `cn_grid.pcr` 提供 2023 年的生命周期电力因子）"),
    "use_policy_factor": ("use a {policy} factor instead, such as {names}", "改用 {policy} 因子，如 {names}"),
    "use_policy_factor_gas": ("use a {policy} factor instead, such as {names}; it gives kg{gas}, so the contribution's gas "
                              "becomes {gas}", "改用 {policy} 因子，如 {names}；它给出 kg{gas}，贡献的气体随之变为 {gas}"),
    "declare_kind_policy": ("if it is a factor of purchased electricity, declare `kind {policy}` on it (the rule takes "
                            "{policy} energy factors)",
                            "如果它是外购电力的因子，请在其上声明 `kind {policy}`（规则采用 {policy} 能源因子）"),
    # allocation
    "then_once": ("a product goes on to one allocation; chain them: `then by` in each",
                  "一个产品只传递给一个分配；要串联多个分配，请在每个分配中各写一个 `then by`"),
    "chain_end": ("the last allocation of a chain is the one of the declared product: remove its `then by`",
                  "分配链的最后一个分配是声明产品的分配：删除其 `then by`"),
    "pass_to_partition": ("pass the product on to a partitioning allocation (mass, energy, economic or fixed)",
                          "把产品传递给按比例划分的分配（mass、energy、economic 或 fixed）"),
    "add_places": ("add {where} to the places of `{target}`", "把 {where} 加入 `{target}` 所分配的过程"),
    "then_by_order": ("if `{name}` splits further what `{other}` gives its product, write `then by {name}` in `{other}` "
                      "(or `then by {other}` in `{name}` for the other order)",
                      "如果 `{name}` 进一步分配 `{other}` 分给其产品的部分，请在 `{other}` 中写 `then by {name}`"
                      "（顺序相反时，在 `{name}` 中写 `then by {other}`）"),
    # examples
    "rows_given": ("write `given {table} = rows {{ row COLUMN = ..., COLUMN = ... }}`",
                   "写作 `given {table} = rows {{ row COLUMN = ..., COLUMN = ... }}`"),
    "row_key": ("each row of a table has its own key", "表的每一行都有自己的键"),
    "key_in_quotes": ("write the key in quotes, e.g. `{name} = \"{key}\"`", "键要加引号，如 `{name} = \"{key}\"`"),
}
