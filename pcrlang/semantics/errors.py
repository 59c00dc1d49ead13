# ---- run-time errors (pcrlang/semantics/errors.py, copied verbatim into every calculator) --------
# The catalogue of every code a calculation can be refused with: what the interpreter, every
# calculator and every batch target raise, with the same code for the same case. Each code has a
# title and help in English and Chinese, and message variants with named parameters; `fields`
# says what the refusal names (the input, the formula or block, the clause). Standard library only.
# Never rename a code: certifiers and calculators rely on them (docs/errors.md lists them).

ERRORS = {
    "invalid_json": {
        "title": ("invalid JSON", "JSON 无效"),
        "help": ("send one JSON object of the inputs, UTF-8, with each key once",
                 "请提供一个 UTF-8 编码的 JSON 对象，每个键只出现一次"),
        "fields": (),
        "messages": {
            "syntax": ("the input is not valid JSON: {detail}", "输入不是有效的 JSON：{detail}"),
            "utf8": ("the input is not valid UTF-8 (byte {offset})", "输入不是有效的 UTF-8（第 {offset} 字节）"),
            "surrogate": ("the input holds an unpaired surrogate escape (\\u{escape})",
                          "输入包含未配对的代理项转义（\\u{escape}）"),
            "duplicate": ("the key `{key}` is given twice", "键 `{key}` 出现了两次"),
            "depth": ("the input is nested more than {limit} levels deep", "输入嵌套超过 {limit} 层"),
            "size": ("the input is larger than {limit} bytes", "输入大于 {limit} 字节"),
            "constant": ("`{literal}` is not a JSON number", "`{literal}` 不是 JSON 数值"),
            "read": ("cannot read {path}: {detail}", "无法读取 {path}：{detail}"),
        },
    },
    "wrong_type": {
        "title": ("wrong type", "类型错误"),
        "help": ("give numbers as JSON numbers, keys as strings, cut-off flows as {\"cut_off\": estimate}",
                 "数值写为 JSON 数值，键写为字符串，舍去的流写为 {\"cut_off\": 估计值}"),
        "fields": ("field",),
        "messages": {
            "inputs": ("the inputs must be a JSON object", "输入必须是一个 JSON 对象"),
            "number": ("`{field}` must be a number, not {got}", "`{field}` 必须是数值，而不是{got}"),
            "measured": ("`{field}` takes `value` and `quality` only", "`{field}` 只能包含 `value` 和 `quality`"),
            "value": ("`{field}` must be a number", "`{field}` 必须是数值"),
            "cut_off": ("`{field}` must be a number or {{\"cut_off\": estimate}}",
                        "`{field}` 必须是数值或 {{\"cut_off\": 估计值}}"),
            "key": ("`{field}` must be one of the keys of `{keyset}`", "`{field}` 必须是 `{keyset}` 的一个键"),
            "rows": ("`{field}` is a table of rows: give a list of objects, not {got}",
                     "`{field}` 是数据表：应为对象列表，而不是{got}"),
            "row": ("`{field}` must be an object of the row's columns, not {got}", "`{field}` 应为该行各列组成的对象，而不是{got}"),
            "text": ("`{field}` must be text", "`{field}` 必须是文本"),
            "date": ("`{field}` must be a date written YYYY-MM-DD, not {got}", "`{field}` 必须是 YYYY-MM-DD 格式的日期，而不是{got}"),
        },
    },
    "not_finite": {
        "title": ("number not finite", "数值不是有限数"),
        "help": ("give a finite number within binary64 range (about ±1.8e308)", "请给出双精度范围内（约 ±1.8e308）的有限数值"),
        "fields": ("field",),
        "messages": {
            "value": ("`{field}` must be a finite number, not {value}", "`{field}` 必须是有限数值，而不是 {value}"),
            "large": ("`{field}` is too large", "`{field}` 过大"),
        },
    },
    "out_of_bounds": {
        "title": ("value out of bounds", "数值超出范围"),
        "help": ("give a value inside the bounds the rule declares for the input", "请给出规则为该输入规定的范围内的数值"),
        "fields": ("field", "clause"),
        "messages": {
            "bounds": ("`{field}` = {value} {unit} lies outside {interval}", "`{field}` = {value} {unit} 超出范围 {interval}"),
        },
    },
    "unknown_input": {
        "title": ("unknown input", "未知输入"),
        "help": ("give only the inputs the rule declares (see the input schema)", "只能提供规则声明的输入（见输入模式）"),
        "fields": ("field",),
        "messages": {"input": ("`{field}` is not an input of {identifier}", "`{field}` 不是 {identifier} 的输入"),
                     "column": ("`{field}` is not a column of `{table}`", "`{field}` 不是 `{table}` 的列")},
    },
    "missing_input": {
        "title": ("missing input", "缺少输入"),
        "help": ("give every required input", "请提供全部必需的输入"),
        "fields": ("field", "clause"),
        "messages": {"input": ("required input `{field}` is missing", "缺少必需的输入 `{field}`"),
                     "column": ("the row gives no `{field}`, a required column", "该行缺少必需的列 `{field}`")},
    },
    "too_few_rows": {
        "title": ("too few rows", "数据行过少"),
        "help": ("give at least as many rows as the rule's table needs", "请至少提供规则数据表要求的行数"),
        "fields": ("field", "clause"),
        "messages": {"rows": ("`{field}` has {count} rows; the rule needs at least {minimum}",
                              "`{field}` 有 {count} 行；规则要求至少 {minimum} 行")},
    },
    "duplicate_row": {
        "title": ("duplicate row", "重复的数据行"),
        "help": ("each row of a table has its own key; merge the rows or correct the key",
                 "每行的键须唯一；请合并这些行或更正键"),
        "fields": ("field", "clause"),
        "messages": {"row": ("rows {first} and {row} of `{table}` have the same key \"{key}\"",
                             "`{table}` 的第 {first} 行与第 {row} 行键相同（\"{key}\"）")},
    },
    "invalid_period": {
        "title": ("invalid reference period", "核算期无效"),
        "help": ("the reference period is twelve months: from a date to the day before the same date a year later",
                 "核算期为十二个月：自某日起至一年后同日的前一天"),
        "fields": ("field", "clause"),
        "messages": {"months": ("the reference period from `{start}` to `{end}` does not span twelve months "
                                "(365 or 366 days)", "核算期（`{start}` 至 `{end}`）不是十二个月（365 或 366 天）")},
    },
    "no_factor_in_force": {
        "title": ("no factor value in force", "无有效的因子值"),
        "help": ("no value of the factor covers the whole reference period; the rule gives its values by date",
                 "因子没有覆盖整个核算期的数值；规则按日期给出因子值"),
        "fields": ("formula", "clause"),
        "messages": {"source": ("no value of `{formula}` is in force for the whole reference period",
                                "`{formula}` 没有覆盖整个核算期的数值")},
    },
    "unit_mismatch": {
        "title": ("unit does not match", "单位不符"),
        "help": ("give the value in the unit the rule declares for the column (no unit is converted at run time)",
                 "请按规则为该列声明的单位给出数值（运行时不做单位换算）"),
        "fields": ("field", "clause"),
        "messages": {"column": ("`{field}` is given in {unit}; the column is in {expected}",
                                "`{field}` 的单位为 {unit}；该列的单位为 {expected}")},
    },
    "unknown_key": {
        "title": ("unknown key", "未知键"),
        "help": ("use one of the keys of the input's key set", "请使用该输入键集中的一个键"),
        "fields": ("field", "clause"),
        "messages": {"key": ("`{value}` is not a key of `{keyset}`", "`{value}` 不是 `{keyset}` 的键")},
    },
    "cut_off_not_allowed": {
        "title": ("cut-off not allowed", "不允许舍去"),
        "help": ("measure the flow; only flows the rule allows may be left out with an estimate",
                 "请测量该流；只有规则允许的流才能以估计值舍去"),
        "fields": ("field", "clause"),
        "messages": {
            "no_rule": ("the rule allows no cut-off, so `{field}` cannot be left out", "本规则不允许舍去，`{field}` 不能省略"),
            "never": ("`{field}` may never be cut off", "`{field}` 不得舍去"),
            "no_criterion": ("no per-flow criterion of the rule applies to `{field}` ({dimension})",
                             "规则的单项取舍准则均不适用于 `{field}`（{dimension}）"),
        },
    },
    "cut_off_undefined": {
        "title": ("cut-off shares undefined", "舍去比例无定义"),
        "help": ("the cut-off judges shares of a reference that is zero here; give the data", "舍去判定所依据的基准为零；请提供数据"),
        "fields": ("field", "clause"),
        "messages": {
            "emissions": ("the total with all estimates is zero, so emission shares are undefined",
                          "含全部估计值的总量为零，排放比例无定义"),
            "reference": ("the {basis} reference of the cut-off is zero", "舍去判定的{basis}基准为零"),
        },
    },
    "cut_off_exceeded": {
        "title": ("cut-off criteria not met", "不满足取舍准则"),
        "help": ("the flows left out exceed the rule's cut-off criteria; measure them (calculate() shows the report)",
                 "舍去的流超出规则的取舍准则；请测量这些流（calculate() 给出判定报告）"),
        "fields": ("clause",),
        "messages": {"total": ("the flows left out do not meet the cut-off criteria ({flows})",
                               "舍去的流不满足取舍准则（{flows}）")},
    },
    "invalid_quality": {
        "title": ("invalid data-quality scores", "数据质量评分无效"),
        "help": ("give every criterion of the rule's scheme, each inside its bounds", "请给出规则方案的每项准则评分，并在其范围内"),
        "fields": ("field", "clause"),
        "messages": {
            "no_scheme": ("the rule defines no data quality scheme", "本规则未定义数据质量方案"),
            "criteria": ("the quality of `{field}` gives {criteria}", "`{field}` 的质量评分应包含 {criteria}"),
            "bounds": ("{criterion} of `{field}` lies outside [{low}, {high}]", "`{field}` 的 {criterion} 超出范围 [{low}, {high}]"),
        },
    },
    "division_by_zero": {
        "title": ("division by zero", "除以零"),
        "help": ("the data make a formula divide by zero; check the inputs it uses", "数据使公式除以零；请检查其使用的输入"),
        "fields": ("formula", "clause"),
        "messages": {
            "formula": ("`{formula}` divides by zero", "`{formula}` 除以零"),
            "allocation": ("the quantities of allocation `{formula}` sum to zero", "分配 `{formula}` 的各产品数量之和为零"),
            "production": ("the production `{production}` is not positive", "产量 `{production}` 不是正数"),
        },
    },
    "no_admissible_source": {
        "title": ("no admissible source", "无可用来源"),
        "help": ("the data qualify for none of the rule's sources; give the data a source needs",
                 "数据不满足规则任何来源的条件；请提供所需数据"),
        "fields": ("formula", "clause"),
        "messages": {"source": ("the data qualify for no source of `{formula}`", "数据不满足 `{formula}` 的任何来源条件")},
    },
    "invalid_supply_split": {
        "title": ("supplies do not fit the amount", "分项供应与总量不符"),
        "help": ("the supplies of an electricity or heat block (certificates, a direct line, on-site PV) are parts of its "
                 "amount: none negative, shares within [0, 1], together at most the amount; check the metered amounts",
                 "电力或热力的各分项供应（绿证、直供、厂内光伏等）是总量的一部分：不得为负，份额在 [0, 1] 之内，合计不超过总量；请核对计量数据"),
        "fields": ("field", "formula", "clause"),
        "messages": {
            "exceeds": ("the supplies of `{formula}` exceed its amount by {value} {unit}",
                        "`{formula}` 的各分项供应合计超出总量 {value} {unit}"),
            "negative": ("supply `{formula}` is negative ({value} {unit})", "分项供应 `{formula}` 为负（{value} {unit}）"),
            "share": ("the share of supply `{formula}` = {value} lies outside [0, 1]",
                      "分项供应 `{formula}` 的份额 {value} 超出范围 [0, 1]"),
        },
    },
    "inconsistent_data": {
        "title": ("inconsistent data", "数据不一致"),
        "help": ("the data fail a consistency check of the rule (a mass or carbon balance); correct the inputs",
                 "数据未通过规则的一致性检查（质量平衡或碳平衡）；请改正输入"),
        "fields": ("formula", "clause"),
        "messages": {
            "within": ("the data fail the check `{formula}`: {left} differs from {right} by {value} %, more than "
                       "{tolerance} %", "数据未通过检查 `{formula}`：{left} 与 {right} 相差 {value} %，超过 {tolerance} %"),
            "within_zero": ("the data fail the check `{formula}`: {right} is zero and {left} is not",
                            "数据未通过检查 `{formula}`：{right} 为零而 {left} 不为零"),
            "condition": ("the data fail the check `{formula}`: {condition} does not hold",
                          "数据未通过检查 `{formula}`：{condition} 不成立"),
        },
    },
    "parameter_out_of_range": {
        "title": ("parameter out of range", "参数超出范围"),
        "help": ("a share computed from the data lies outside its range; check the inputs", "由数据计算的比例超出范围；请检查输入"),
        "fields": ("formula", "clause"),
        "messages": {"range": ("`{formula}` = {value} lies outside [{low}, {high}]", "`{formula}` = {value} 超出范围 [{low}, {high}]")},
    },
    "negative_allocation_quantity": {
        "title": ("negative allocation quantity", "分配数量为负"),
        "help": ("allocation quantities (masses, energies, prices) cannot be negative", "分配所用的数量（质量、能量、价格）不能为负"),
        "fields": ("formula", "clause"),
        "messages": {"quantity": ("the quantity of `{product}` in `{formula}` is negative",
                                  "分配 `{formula}` 中 `{product}` 的数量为负")},
    },
    "zero_product_quantity": {
        "title": ("allocated product without quantity", "分配的产品数量为零"),
        "help": ("the product an allocation charges (the declared product, or an intermediate passed on to the next "
                 "allocation) needs a quantity above zero: with zero it would carry none of the burden",
                 "分配所计的产品（声明产品，或传给下一分配的中间产品）的数量须大于零：为零时它不承担任何负荷"),
        "fields": ("formula", "clause"),
        "messages": {
            "declared": ("the quantity of `{product}` in `{formula}` is zero: the declared product would carry none "
                         "of the burden", "分配 `{formula}` 中 `{product}` 的数量为零：声明产品将不承担任何负荷"),
            "intermediate": ("the quantity of `{product}` in `{formula}` is zero: nothing would pass on to `{next}`",
                             "分配 `{formula}` 中 `{product}` 的数量为零：没有负荷传给 `{next}`"),
        },
    },
    "overflow": {
        "title": ("result out of range", "结果超出范围"),
        "help": ("results beyond 1e300 kg CO2e per declared unit are refused; check the units of the inputs",
                 "超过每声明单位 1e300 kg CO2e 的结果将被拒绝；请检查输入的单位"),
        "fields": ("formula",),
        "messages": {
            "contribution": ("`{formula}` exceeds 1e300 kg CO2e per declared unit", "`{formula}` 超过每声明单位 1e300 kg CO2e"),
            "figure": ("{formula} exceeds 1e300", "{formula} 超过 1e300"),
        },
    },
}

LANGUAGE = ["en"]  # the language of messages: "en" or "zh" (set_language)

# Words a message takes as a parameter (`got`: what JSON type a value is), in Chinese.
ERROR_WORDS = {"a boolean": "布尔值", "a string": "字符串", "a list": "列表", "an object": "对象"}


def set_language(lang):
    LANGUAGE[0] = "zh" if str(lang).lower().startswith("zh") else "en"


def error_message(code, variant, params, lang=None):
    en, zh = ERRORS[code]["messages"][variant]
    if (lang or LANGUAGE[0]) != "zh":
        return en.format(**params)
    return zh.format(**{k: ERROR_WORDS.get(v, v) if k == "got" else v for k, v in params.items()})
