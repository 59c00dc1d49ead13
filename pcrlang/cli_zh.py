"""The command line's help in Chinese: `pcr --lang zh --help`, or a Chinese locale (issue 14).

HELP_ZH maps each English help text of `pcr` and its sub-commands (pcrlang/cli.py,
pcrlang/certify/commands.py) to its Chinese text, the way gettext maps a message id; ARGPARSE_ZH
does the same for argparse's own words (usage, options, its error messages). A test checks that
every help text of the parser has its Chinese text here, so a new option cannot stay English.
Option names, choices and metavariables are the same in both languages."""
from __future__ import annotations

import argparse
import contextlib

HELP_ZH: dict[str, str] = {
    "pcrlang: check and compile product carbon footprint rules": "pcrlang：检查并编译产品碳足迹规则",
    "show this help message and exit": "显示本帮助信息并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
    "language of diagnostics' titles and help and of refusal messages (default: zh when the locale, LC_ALL, "
    "LC_MESSAGES or LANG, starts with zh, else en)":
        "诊断信息、帮助和拒绝计算信息的语言（默认：区域设置 LC_ALL、LC_MESSAGES 或 LANG 以 zh 开头时为 zh，否则为 en）",
    "check rulesets and run their examples": "检查规则并运行其算例",
    "compile a ruleset into a standalone calculator (Python or JavaScript) or its batch SQL":
        "把规则编译为独立的计算器（Python 或 JavaScript）或其批量计算 SQL",
    "a self-contained bilingual data-entry page (HTML) running the JavaScript calculator":
        "运行 JavaScript 计算器的自包含双语数据录入页面（HTML）",
    "compute every record of a CSV, Parquet or JSON-lines file (DuckDB or Spark)":
        "计算 CSV、Parquet 或 JSON Lines 文件中的每条记录（DuckDB 或 Spark）",
    "compute a footprint with the reference interpreter": "用参考解释器计算碳足迹",
    "run examples through the interpreter and the compiled calculator": "用解释器和编译出的计算器运行算例",
    "JSON Schema of the calculator's input and result": "计算器输入和结果的 JSON Schema",
    "the canonical IR as JSON (what the fingerprints hash), or its JSON Schema":
        "规范的中间表示（IR，指纹所散列的内容）的 JSON，或其 JSON Schema",
    "the standard document: Markdown, SVG and HTML (site), Word (docx) or PDF":
        "标准文本：Markdown、SVG 和 HTML（site）、Word（docx）或 PDF",
    "results as PACT v3 footprints (pcr pact RESULT.json --ruleset R --meta M), or check a received one "
    "(pcr pact validate FILE [--ruleset R])":
        "把结果转为 PACT v3 碳足迹（pcr pact RESULT.json --ruleset R --meta M），或检查收到的碳足迹"
        "（pcr pact validate FILE [--ruleset R]）",
    "the data-collection workbook of a rule (.xlsx; needs pcrlang[excel])": "规则的数据收集工作簿（.xlsx；需要 pcrlang[excel]）",
    "rewrite deprecated constructs (PCR-W10): a diff, or the files with --write":
        "改写已弃用的写法（PCR-W10）：输出差异，或用 --write 改写文件",
    "format rulesets in the one canonical layout (--check: report, do not rewrite)":
        "按唯一的规范版式格式化规则（--check：只报告，不改写）",
    "the language server for editors (LSP over standard input and output)": "供编辑器使用的语言服务器（经标准输入输出的 LSP）",
    "a portable conformance suite of a ruleset: cases with expected values": "规则的可移植一致性测试集：带期望值的用例",
    "run a conformance suite through any calculator and report": "用任一计算器运行一致性测试集并出具报告",
    "the semantic difference of two versions of a rule, and its impact on a suite": "规则两个版本的语义差异，及其对测试集的影响",
    "the certification bundle of a rule version, or --check one": "规则某一版本的认证包，或用 --check 检查认证包",
    ".pcr files or directories, or - for standard input": ".pcr 文件或目录，或用 - 表示标准输入",
    "text (default), json (docs/schemas/diagnostics.schema.json) or sarif (SARIF 2.1.0)":
        "text（默认）、json（docs/schemas/diagnostics.schema.json）或 sarif（SARIF 2.1.0）",
    "warnings fail too": "警告也算失败",
    "also show notes (values the rule itself marks unverified); they are counted either way":
        "同时显示提示（规则自己标为未经核实的值）；无论是否显示都会计数",
    "a folder to look for imports in, after the importing file's (repeatable; PCRLANG_PATH's folders follow, "
    "then the standard library)":
        "查找导入模块的目录，在导入文件所在目录之后查找（可重复；其后是 PCRLANG_PATH 的目录，再后是标准库）",
    "allow imports from anywhere (absolute paths, `..` out of the project): only for files you trust; also "
    "PCRLANG_TRUST_IMPORTS=1":
        "允许从任何位置导入（绝对路径、用 `..` 跳出项目）：仅用于可信的文件；也可设 PCRLANG_TRUST_IMPORTS=1",
    "output file (default: standard output)": "输出文件（默认：标准输出）",
    "python: one module, standard library only (default); js: one ES module without dependencies, and its "
    "TypeScript declarations beside -o (calc.mjs -> calc.d.mts); sql: the query `pcr batch` runs":
        "python：一个只用标准库的模块（默认）；js：一个无依赖的 ES 模块，及 -o 旁的 TypeScript 声明"
        "（calc.mjs -> calc.d.mts）；sql：`pcr batch` 运行的查询",
    "SQL dialect (--target sql)": "SQL 方言（--target sql）",
    "with --target sql: the query for this input file's columns": "与 --target sql 一起使用：针对该输入文件各列的查询",
    "the page's first language (default: zh)": "页面的首要语言（默认：zh）",
    "records: .csv, .parquet or .jsonl": "记录：.csv、.parquet 或 .jsonl",
    "results: .csv, .parquet or .jsonl": "结果：.csv、.parquet 或 .jsonl",
    "Spark master URL (default local[*])": "Spark 主节点 URL（默认 local[*]）",
    "input format": "输入格式",
    "output format": "输出格式",
    "DuckDB threads (default: all cores)": "DuckDB 线程数（默认：全部核心）",
    "no progress bar and no summary": "不显示进度条和汇总",
    "JSON file of inputs, - for standard input, or a workbook from `pcr template` (.xlsx)":
        "输入的 JSON 文件，- 表示标准输入，或 `pcr template` 生成的工作簿（.xlsx）",
    "the result (json), or a PACT v3 ProductFootprint (pact, with --meta)": "结果（json），或 PACT v3 ProductFootprint（pact，需 --meta）",
    "with --format pact: what the rule cannot know (company, product, dates); may repeat, later files winning "
    "(see rulesets/inputs/pact_meta.json)":
        "与 --format pact 一起使用：规则无法知道的信息（公司、产品、日期）；可重复，后面的文件优先"
        "（见 rulesets/inputs/pact_meta.json）",
    "with --format pact: decimals of the figures (default: the rule's rounding, else 6)":
        "与 --format pact 一起使用：数值的小数位数（默认：规则的修约规则，否则为 6）",
    "vary each input and factor one at a time (by PERCENT, default 10, or its declared range) and rank the "
    "effect on the total, exactly":
        "逐一变动每个输入和因子（变动 PERCENT，默认 10，或其声明的范围），并精确地按对总量的影响排序",
    "print the JSON Schema of the IR instead": "改为输出 IR 的 JSON Schema",
    "language of the document (default: zh)": "文本的语言（默认：zh）",
    "site: index.md, boundary.svg and standard.html into a directory (default); docx: a Word file; pdf: the "
    "Word file rendered by LibreOffice":
        "site：把 index.md、boundary.svg 和 standard.html 写入目录（默认）；docx：Word 文件；pdf：由 LibreOffice 渲染的 Word 文件",
    "site: the directory to write into; docx, pdf: the file, or a directory for IDENTIFIER.LANG.FORMAT":
        "site：写入的目录；docx、pdf：文件，或存放 IDENTIFIER.LANG.FORMAT 的目录",
    "a result of `pcr calc` or of a calculator (one JSON object, an array, or JSON Lines), or `validate`":
        "`pcr calc` 或计算器的结果（一个 JSON 对象、一个数组或 JSON Lines），或 `validate`",
    "for validate: the footprint to check": "用于 validate：要检查的碳足迹",
    "the rule: the results' rule, or the rule a footprint must agree with": "规则：结果所依据的规则，或碳足迹必须符合的规则",
    "what the rule cannot know (company, product, dates); may repeat, later files winning":
        "规则无法知道的信息（公司、产品、日期）；可重复，后面的文件优先",
    "the results' inputs, for fields META binds to an input": "结果的输入，用于 META 绑定到输入的字段",
    "decimals of the figures (default: the rule's rounding, else 6)": "数值的小数位数（默认：规则的修约规则，否则为 6）",
    "for validate: the official PACT v3 OpenAPI schema (default: $PCRLANG_PACT_SCHEMA, or "
    "shared/pact/openapi-v3.yaml here or in a parent directory)":
        "用于 validate：官方的 PACT v3 OpenAPI 模式（默认：$PCRLANG_PACT_SCHEMA，或本目录或上级目录中的 "
        "shared/pact/openapi-v3.yaml）",
    "for validate: skip the schema, run the other checks": "用于 validate：跳过模式检查，运行其他检查",
    "for validate: the report's format": "用于 validate：报告的格式",
    "the workbook to write (form.xlsx)": "要写入的工作簿（form.xlsx）",
    ".pcr files or directories": ".pcr 文件或目录",
    "rewrite the files instead of printing a diff": "改写文件，而不是输出差异",
    "exit 1 with a diff when a file is not formatted": "文件未格式化时输出差异并以 1 退出",
    "directory (suite.json is written into it) or a .json file": "目录（suite.json 写入其中）或 .json 文件",
    "seed of the random cases (default 0)": "随机用例的种子（默认 0）",
    "number of random cases (default 100)": "随机用例的数量（默认 100）",
    "relative tolerance of figures (default 1e-9)": "数值的相对容差（默认 1e-9）",
    "a suite (file or directory from `pcr suite`), or a ruleset to make one from":
        "测试集（`pcr suite` 生成的文件或目录），或用于生成测试集的规则",
    "a command speaking JSON lines, e.g. \"python calc.py --jsonl\"": "以 JSON Lines 通信的命令，如 \"python calc.py --jsonl\"",
    "an HTTP endpoint taking one JSON input per POST": "每次 POST 接收一个 JSON 输入的 HTTP 端点",
    "directory for report.json, report.en.html and report.zh.html": "存放 report.json、report.en.html 和 report.zh.html 的目录",
    "confirm the suite is for this ruleset's version (fingerprints)": "确认测试集对应本规则的版本（指纹）",
    "compare only these groups (comma-separated): total, by_stage, by_process, by_gas, by_carbon_kind, "
    "separately_reported, allocation, rows, transport, reference_period, data, electricity, recycling, cutoff, "
    "data_quality, grade, error":
        "只比较这些组（逗号分隔）：total、by_stage、by_process、by_gas、by_carbon_kind、separately_reported、"
        "allocation、rows、transport、reference_period、data、electricity、recycling、cutoff、data_quality、grade、error",
    "seconds per case (default 10)": "每个用例的秒数（默认 10）",
    "seconds for the whole suite (default 1800)": "整个测试集的秒数（默认 1800）",
    "the report's date (default: now, or SOURCE_DATE_EPOCH)": "报告的日期（默认：当前时间，或 SOURCE_DATE_EPOCH）",
    "the suite (or ruleset) whose inputs measure the impact (default: OLD's suite)":
        "用其输入衡量影响的测试集（或规则）（默认：OLD 的测试集）",
    "a new directory for the bundle": "存放认证包的新目录",
    "rebuild a bundle from its sources, compare, run its suite": "由来源重建认证包，比较，并运行其测试集",
    "seed of the suite's random cases (default 0)": "测试集随机用例的种子（默认 0）",
    "random cases in the suite (default 100)": "测试集中的随机用例数（默认 100）",
    "seconds per case of the suite (default 10)": "测试集每个用例的秒数（默认 10）",
}

# argparse's own words (Python 3.9-3.13 spell them so); what is not here stays English
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助信息并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个参数",
    "expected at most one argument": "至多需要一个参数",
    "expected at least one argument": "至少需要一个参数",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可匹配 %(matches)s",
}


def translate(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with its descriptions and help texts in Chinese (those HELP_ZH has)."""
    if parser.description:
        parser.description = HELP_ZH.get(parser.description, parser.description)
    for group in parser._action_groups:  # "positional arguments", "options": titled when the parser is made
        if group.title:
            group.title = ARGPARSE_ZH.get(group.title, group.title)
    for action in parser._actions:
        if isinstance(action.help, str) and action.help is not argparse.SUPPRESS:
            action.help = HELP_ZH.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = HELP_ZH.get(choice.help, choice.help)
            for sub in dict.fromkeys(action.choices.values()):
                translate(sub)
    return parser


@contextlib.contextmanager
def argparse_in(lang: str):
    """argparse's own words in `lang` inside the block (its messages go through `argparse._`)."""
    if lang != "zh":
        yield
        return
    before_ = argparse._
    argparse._ = lambda text: ARGPARSE_ZH.get(text, before_(text))
    try:
        yield
    finally:
        argparse._ = before_


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every description and help text of the parser and its sub-commands, in order."""
    out: list[str] = []

    def add(text):
        if isinstance(text, str) and text is not argparse.SUPPRESS and text not in out:
            out.append(text)

    def walk(p):
        add(p.description)
        for action in p._actions:
            add(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    add(choice.help)
                for sub in dict.fromkeys(action.choices.values()):
                    walk(sub)
    walk(parser)
    return out


# The command line's own lines: the summary of `pcr check`, `pcr test` and `pcr pact validate`,
# and what `pcr compile`, `form`, `template`, `doc` and `migrate` wrote. LINES[key] = (English,
# Chinese), `str.format` templates with the same named parameters; `line(key, ...)` gives the
# line in the chosen language (pcr --lang, or the locale: diagnostics.LANGUAGE).
LINES: dict[str, tuple[str, str]] = {
    "ok": ("ok", "通过"),
    "failed": ("FAILED", "未通过"),
    "checked": ("{path}: {status} ({errors} errors, {warnings} warnings{notes}){fingerprint}",
                "{path}：{status}（{errors} 个错误，{warnings} 个警告{notes}）{fingerprint}"),
    "notes": (", {notes} notes", "，{notes} 个提示"),
    "not_compiled": ("{path}: not compiled, {errors} errors", "{path}：未编译，{errors} 个错误"),
    "library": ("{path}: library (no examples to run)", "{path}：库（没有可运行的算例）"),
    "tested": ("{path}: {examples} examples; interpreter {interpreter}; calculator {calculator}",
               "{path}：{examples} 个算例；解释器{interpreter}；计算器{calculator}"),
    "interpreter": ("interpreter: {message}", "解释器：{message}"),
    "validated": ("{label}: {status} ({errors} errors, {warnings} warnings; {where}{rule})",
                  "{label}：{status}（{errors} 个错误，{warnings} 个警告；{where}{rule}）"),
    "official_schema": ("official schema {version} ({schema})", "官方 schema {version}（{schema}）"),
    "schema_not_checked": ("schema not checked", "未对照 schema 检查"),
    "validated_rule": ("; rule {identifier} {version}", "；规则 {identifier} {version}"),
    "wrote": ("wrote {what} ({identifier} {version}, {fingerprint})", "已写入 {what}（{identifier} {version}，{fingerprint}）"),
    "and": ("{first} and {second}", "{first} 和 {second}"),
    "wrote_doc": ("wrote {paths} ({identifier} {version}, {lang})", "已写入 {paths}（{identifier} {version}，{lang}）"),
    "path_separator": (", ", "、"),
    "migrated_one": ("{path}: {count} deprecated construct rewritten", "{path}：已改写 {count} 处已弃用的写法"),
    "batched": ("wrote {output}: {records} records, {refused} refused, {exact} computed by the runtime, {seconds:.2f} s, "
                "{rate:,.0f} records/s ({engine})",
                "已写入 {output}：{records} 条记录，拒绝 {refused} 条，由运行时计算 {exact} 条，用时 {seconds:.2f} 秒，"
                "每秒 {rate:,.0f} 条（{engine}）"),
    "migrated": ("{path}: {count} deprecated constructs rewritten", "{path}：已改写 {count} 处已弃用的写法"),
}


def line(key: str, /, **params) -> str:
    """The line `key` of LINES in the chosen language, with its parameters."""
    from .diagnostics import LANGUAGE
    en, zh = LINES[key]
    return (zh if LANGUAGE[0] == "zh" else en).format(**params)
