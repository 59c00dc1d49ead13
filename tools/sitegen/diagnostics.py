"""The diagnostics catalogue (docs/diagnostics.md).

Every code in the diagnostics CATALOGUE has an example (`DIAGNOSTIC_EXAMPLES`): a small snippet
that, checked as part of a minimal ruleset, produces that code. The page shows the snippet and
the diagnostic exactly as `pcr check` renders it, so the catalogue cannot drift from the checker:
tests assert that every example still produces its code.

The snippets are files under examples/, one per code, in the folder of the place the snippet
goes (see PLACES): examples/body/PCR201.pcr is appended to the minimal ruleset (itself in
examples/minimal/), examples/header/PCR104.pcr replaces its header, and so on. Library files the
module examples import are in examples/lib/. The notes shown with some examples are in NOTES.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import NamedTuple

from pcrlang.compiler import compile_file, compile_text
from pcrlang.diagnostics import CATALOGUE, CATALOGUE_ZH, ERROR, WARNING, Diagnostic, render

from pcrlang.modules import MAX_IMPORT_DEPTH
from pcrlang.source import MAX_TEXT_CHARS
from pcrlang.syntax.parse import MAX_DECLARATIONS

from .common import GENERATED_NOTE, cell

EXAMPLES = Path(__file__).resolve().parent / "examples"
EXAMPLE_FILE = "example.pcr"


def _read(relative: str) -> str:
    return (EXAMPLES / relative).read_text(encoding="utf-8")


# ---- the minimal ruleset ------------------------------------------------------------------
# The same text as tests/helpers.py HEADER (a test checks it): header, boundary, one input.
MINIMAL_HEADER = _read("minimal/header.pcr")
MINIMAL_BOUNDARY = _read("minimal/boundary.pcr")
MINIMAL_OUTPUT = _read("minimal/output.pcr")
MINIMAL = MINIMAL_HEADER + MINIMAL_BOUNDARY + MINIMAL_OUTPUT
DEEP = 2000  # nesting of the PCR006 example


# Where a snippet goes: after the whole minimal ruleset ("body"), between the header and the
# rest ("boundary": the snippet brings its own boundary), before the boundary ("header": the
# snippet is the ruleset header), or alone ("file").
PLACES = {
    "body": (MINIMAL, ""),
    "boundary": (MINIMAL_HEADER + MINIMAL_OUTPUT, ""),
    "header": ("", MINIMAL_BOUNDARY + MINIMAL_OUTPUT),
    "file": ("", ""),
}
PLACE_NOTES = {
    "body": "appended to the minimal ruleset",
    "boundary": "in place of the minimal ruleset's boundary",
    "header": "in place of the minimal ruleset's header",
    "file": "a whole file",
}


class Example(NamedTuple):
    place: str  # a key of PLACES, or "unreadable" (PCR003), or "generated" (shown text differs)
    source: str
    shown: str | None = None  # what the page shows, when the source is too long to show
    note: str | None = None  # a sentence for the page
    files: dict | None = None  # other files beside example.pcr (modules), by relative path


# a small library for the module examples
LIB_GRID = _read("lib/grid.pcr")

# sentences shown above an example
NOTES = {
    "PCR001": "The colon between the name and the unit is missing.",
    "PCR003": "The file was saved in the GBK encoding; pcrlang reads UTF-8 only.",
    "PCR006": "The formula nests 2 000 additions; split such a formula into named quantities.",
    "PCR007": "A program passed text holding half of a surrogate pair (the first half of an emoji); a file read "
              "as UTF-8 never holds one.",
    "PCR008": "The English text starts with an ANSI escape sequence (ESC, U+001B) that would turn a terminal red; "
              "diagnostics show such characters escaped.",
    "PCR009": "A right-to-left override (U+202E) makes the rest of the line display reversed.",
    "PCR010": "The file is longer than 2 000 000 characters.",
    "PCR011": "The file has more than 20 000 declarations.",
    "PCR012": "A Chinese input method typed a full-width colon (U+FF1A); outside strings, write ASCII punctuation.",
    "PCR126": "The library lies outside the project, the folder of `example.pcr`: put its folder on the import "
              "path (`--import-path ../shared`) instead.",
    "PCR109": "The minimal ruleset's `output` is measured in tonnes.",
    "PCR113": "Without `language`, a ruleset is read as the current edition.",
    "PCR311": "`Mt^12` is 1e108 kg¹²; three of them make a unit of 1e324 base units, more than a calculator's "
              "numbers hold.",
    "PCR312": "1e-299 kg CO2 per t³ is 1e-308 kg CO2 per kg³ in base units.",
    "PCR305": "`coal * 2.5` is a mass of coal, not a mass of CO2: the factor needs its unit (tCO2/t).",
    "PCR505": "A GWP table declared with `gwp_values` gives no value for SF6.",
    "PCR604": "Yuan and dollars are different dimensions: no exchange rate is exact.",
    "PCR612": "The anode copper carries the mining burden too, but the refinery does not split the mining: there "
              "the chain would stop at the anode, and the declared product would be charged the anode's share.",
    "PCR908": "The input `output` is declared `in (0, 1e9]`, so the interpreter refuses zero.",
    "PCR-W06": "The minimal ruleset has no `example` block; the warning points at its header.",
    "PCR534": "The header says `energy_factors life_cycle` (GB/T 24067); the 2022 grid factor counts combustion only.",
    "PCR537": "`general.pcr` is the minimal ruleset with `energy_factors life_cycle` in its header.",
    "PCR-W11": "The header says `energy_factors life_cycle`; the factor per kWh states no kind.",
}
# files beside example.pcr that a module example imports
FILES = {
    "PCR121": {"b.pcr": _read("lib/b.pcr")},
    "PCR122": {"grid.pcr": LIB_GRID},
    "PCR123": {"grid.pcr": LIB_GRID},
    "PCR124": {"cement.pcr": MINIMAL.replace("T-TEST 1", "T-CEMENT")},
    "PCR125": {"grid.pcr": LIB_GRID, "other_grid.pcr": LIB_GRID.replace("LIB-GRID", "LIB-OTHER-GRID")},
    "PCR537": {"general.pcr": _read("lib/general.pcr")},
    # a chain of imports one file too long: example.pcr and chain1.pcr to chain99.pcr, which imports chain100.pcr
    "PCR127": {f"chain{i}.pcr": f'library "CHAIN-{i}" version "1.0.0" {{ title zh "链{i}" en "Chain {i}" }}\n'
                                f'import "chain{i + 1}.pcr"\n' for i in range(1, MAX_IMPORT_DEPTH)},
}


def _examples() -> dict[str, Example]:
    """One example per code, from the files under examples/ (a test checks that every code of the
    catalogue has one and that each still produces its code)."""
    out = {}
    for place in (*PLACES, "unreadable"):
        for path in sorted((EXAMPLES / place).glob("*.pcr")):
            code = path.stem
            out[code] = Example(place, path.read_text(encoding="utf-8"), None, NOTES.get(code), FILES.get(code))
    # the formula nesting 2 000 levels deep is made here; the file holds what the page shows
    out["PCR006"] = Example("generated", MINIMAL + "quantity deep: t = " + "(output + " * DEEP + "output" + ")" * DEEP
                            + "\n", shown=_read("generated/PCR006.pcr"), note=NOTES["PCR006"])
    # characters a file cannot hold, or too many to show: made here; the files hold what the page shows
    generated = {
        "PCR007": 'input coal: t in [0, 1e6] zh "燃煤" en "Coal \ud83d"\n',
        "PCR008": 'input coal: t in [0, 1e6] zh "燃煤" en "\x1b[31mCoal"\n',
        "PCR009": 'input coal: t in [0, 1e6] zh "燃煤" en "Coal \u202e(kg)"\n',
        "PCR010": "# " + "x" * MAX_TEXT_CHARS + "\n",
        "PCR011": "".join(f"input x{i}: t\n" for i in range(MAX_DECLARATIONS)),
    }
    for code, source in generated.items():
        out[code] = Example("generated", MINIMAL + source, shown=_read(f"generated/{code}.pcr"), note=NOTES[code])
    # the warning of a ruleset without examples: the minimal ruleset's own header
    out["PCR-W06"] = Example("header", MINIMAL_HEADER, note=NOTES["PCR-W06"])
    # no construct of edition 1 is deprecated yet: the page says how the warning will arise
    out["PCR-W10"] = Example("unreachable", "", note="No construct of edition 1 is deprecated yet. When an edition "
                             "deprecates one (`pcrlang/domain/editions.py`), the checker warns where it is written, "
                             "with a fix that `pcr migrate` applies; see [Stability](stability.md).")
    return dict(sorted(out.items()))


DIAGNOSTIC_EXAMPLES: dict[str, Example] = _examples()

SERIES = (
    ("PCR0", "Syntax and files", "语法与文件"),
    ("PCR1", "Header", "规则头"),
    ("PCR2", "Names", "名称"),
    ("PCR3", "Units and dimensions", "单位与量纲"),
    ("PCR4", "Boundary", "系统边界"),
    ("PCR5", "Contributions and gases", "排放项与温室气体"),
    ("PCR6", "Allocation", "分配"),
    ("PCR7", "Cut-off", "取舍准则"),
    ("PCR8", "Inputs and factors", "输入与因子"),
    ("PCR9", "Examples", "计算示例"),
    ("PCR-W", "Warnings and notes", "警告与提示"),
    # finer series, matched before the ones above (the longest prefix wins)
    ("PCR12", "Modules", "模块"),
    ("PCR13", "Publication", "出版信息"),
    ("PCR14", "Publication", "出版信息"),
    ("PCR52", "Recycling", "再生利用"),
    ("PCR53", "Electricity and heat", "电力与热力"),
    ("PCR54", "Grading", "分级"),
    ("PCR55", "Data quality", "数据质量"),
    ("PCR81", "Factors in force for a period", "因子有效期"),
)


def series_of(code: str, lang: str = "en") -> str:
    matches = [(len(prefix), en if lang == "en" else zh) for prefix, en, zh in SERIES if code.startswith(prefix)]
    return max(matches)[1] if matches else ("Other" if lang == "en" else "其他")


class Outcome(NamedTuple):
    """An example checked: every diagnostic, and those of its code as the page shows them."""

    code: str
    example: Example
    diagnostics: list  # every Diagnostic of the compilation, positions as in the checked text
    shown: list  # (Diagnostic, rendered text) of the example's code, positions as in the snippet
    inside: bool  # every diagnostic of the code points into the snippet as shown


def run_example(code: str) -> Outcome | None:
    """Check the example of `code`; None when the code has no runnable example."""
    example = DIAGNOSTIC_EXAMPLES[code]
    if example.place == "unreachable":
        return None
    if example.place == "generated":
        diagnostics = compile_text(example.source, EXAMPLE_FILE).diagnostics
        mine = [d for d in diagnostics if d.code == code]
        return Outcome(code, example, diagnostics, [(d, render(d, None)) for d in mine], True)
    with tempfile.TemporaryDirectory() as tmp:
        def local(d: Diagnostic) -> Diagnostic:  # paths as the reader sees them, relative to example.pcr
            strip = lambda text: text.replace(tmp + os.sep, "").replace(tmp, ".")
            return Diagnostic(d.code, strip(d.message), d.span._replace(file=strip(d.span.file)),
                              strip(d.help) if d.help else d.help)
        for name, text in (example.files or {}).items():
            target = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
        path = os.path.join(tmp, EXAMPLE_FILE)
        if example.place == "unreadable":
            with open(path, "wb") as f:
                f.write(example.source.encode("gbk"))
            diagnostics = [local(d) for d in compile_file(path).diagnostics]
            mine = [d for d in diagnostics if d.code == code]
            return Outcome(code, example, diagnostics, [(d, render(d, None)) for d in mine], True)
        before, after = PLACES[example.place]
        with open(path, "w", encoding="utf-8") as f:
            f.write(before + example.source + after)
        diagnostics = [local(d) for d in compile_file(path).diagnostics]
    offset = before.count("\n")
    snippet_lines = example.source.count("\n") + (not example.source.endswith("\n"))
    shown, inside = [], True
    for d in diagnostics:
        if d.code != code:
            continue
        line, end_line = d.span.line - offset, d.span.end_line - offset
        if d.span.file == EXAMPLE_FILE and 1 <= line <= snippet_lines:
            moved = Diagnostic(d.code, d.message, d.span._replace(line=line, end_line=end_line), d.help)
            shown.append((moved, render(moved, example.source)))
        elif d.span.file in (example.files or {}):  # in another file the page shows
            shown.append((d, render(d, example.files[d.span.file])))
        else:
            inside = False
            shown.append((d, render(d, None)))
    return Outcome(code, example, diagnostics, shown, inside)


# the page's fixed text in English (docs/diagnostics.md) and Chinese (docs/zh/diagnostics.md)
PAGE_TEXT = {
    "en": {
        "title": "Diagnostics",
        "intro": ("Every problem `pcr check` can find has a stable code. Codes are never renumbered, so editors, CI "
                  "scripts and this page can rely on them; the title and help of each code are fixed, the message "
                  "names the particular case. Errors stop compilation. Warnings do not, unless `pcr check --strict` "
                  "is used. Notes never fail a check, not even with `--strict`: they point out something worth "
                  "knowing that the rule already states, such as a factor marked `unverified`. "
                  "`pcr check --format json` gives the same diagnostics as JSON (code, severity, title, message, "
                  "span, help).\n\n"),
        "examples": ("Each code below comes with a small example and the diagnostic `pcr check` prints for it, "
                     "generated by running the checker (`python -m tools.sitegen`). Unless it says otherwise, an "
                     "example is appended to this minimal ruleset, and line numbers count from the example's first "
                     "line:\n\n"),
        "counts": "{errors} errors, {warnings} warnings and {notes} notes.\n\n",
        "head": "| code | severity | title | help |\n|---|---|---|---|\n",
        "help": "help", "example": "Example", "no_example": "No example yet.",
        "unreachable": "No example can produce this code.",
        "gone": "This example no longer produces the code.",
        "saved_beside": ", saved as `example.pcr` beside ",
        "where": {"unreadable": "the file's text (saved as GBK)", "generated": "appended to the minimal ruleset, shortened or escaped here"},
        "places": PLACE_NOTES,
    },
    "zh": {
        "title": "诊断目录",
        "intro": ("`pcr check` 能发现的每一类问题都有一个稳定的代码。代码永不重新编号，编辑器、CI 脚本和本页都可以依赖它；"
                  "每个代码的标题和帮助文字固定不变，消息则说明具体情况。错误（error）使编译失败；警告（warning）不会，"
                  "除非使用 `pcr check --strict`；提示（note）即使在 `--strict` 下也不会使检查失败，它指出规则本身已经声明、"
                  "但值得注意的事项，例如标为 `unverified` 的因子。`pcr check --format json` 以 JSON 给出同样的诊断"
                  "（代码、严重程度、标题、消息、位置、帮助）。\n\n"
                  "!!! note \"消息的语言\"\n    每个代码的标题和帮助为中文（`pcrlang/diagnostics_zh.py`）；"
                  "诊断的消息（指明名称、单位、数值的那一行）和针对该处的提示（如“是否想写 `t`？”）由消息目录 "
                  "`pcrlang/diagnostics_messages.py` 给出中英两种文本。"
                  "`pcr check --lang zh`（或中文区域设置）以中文显示这些文字，下面的示例按英文输出显示。"
                  "英文目录见 [Diagnostics](../diagnostics.md)。\n\n"),
        "examples": ("下面每个代码都附有一个小示例以及 `pcr check` 对它打印的诊断，由运行检查器生成（`python -m tools.sitegen`）。"
                     "除另有说明外，示例附加在下面这个最小规则集之后，行号从示例的第一行算起：\n\n"),
        "counts": "共 {errors} 个错误、{warnings} 个警告和 {notes} 个提示。\n\n",
        "head": "| 代码 | 严重程度 | 标题 | 帮助 |\n|---|---|---|---|\n",
        "help": "帮助", "example": "示例", "no_example": "暂无示例。",
        "unreachable": "没有示例能产生此代码。",
        "gone": "该示例已不再产生此代码。",
        "saved_beside": "，保存为 `example.pcr`，与下列文件同目录：",
        "where": {"unreadable": "文件文本（以 GBK 保存）", "generated": "附加在最小规则集之后，此处已缩短或转义"},
        "places": {"body": "附加在最小规则集之后", "boundary": "替换最小规则集的系统边界",
                   "header": "替换最小规则集的规则头", "file": "完整文件"},
    },
}


def diagnostics_page(lang: str = "en") -> str:
    t = PAGE_TEXT[lang]
    codes = list(CATALOGUE)
    out = [GENERATED_NOTE, f"# {t['title']}\n\n", t["intro"], t["examples"],
           "```pcrlang\n", MINIMAL, "```\n\n",
           t["counts"].format(errors=sum(CATALOGUE[c][0] == ERROR for c in codes),
                              warnings=sum(CATALOGUE[c][0] == WARNING for c in codes),
                              notes=sum(CATALOGUE[c][0] not in (ERROR, WARNING) for c in codes)),
           t["head"]]
    def entry(code):  # severity, title and help, in Chinese where the catalogue has them
        severity, title, help_text = CATALOGUE[code]
        return (severity, *CATALOGUE_ZH[code]) if lang == "zh" and code in CATALOGUE_ZH else (severity, title, help_text)
    for code in codes:
        severity, title, help_text = entry(code)
        out.append(f"| [{code}](#{code}) | {severity} | {cell(title)} | {cell(help_text)} |\n")
    current = None
    for code in codes:
        series = series_of(code, lang)
        if series != current:
            current = series
            out.append(f"\n## {series}\n")
        severity, title, help_text = entry(code)
        out.append(f"\n### {code}: {title} {{ #{code} }}\n\n")
        out.append(f"**{severity}** · {t['help']}: {help_text}\n\n")
        example = DIAGNOSTIC_EXAMPLES.get(code)
        if example is None:
            out.append(t["no_example"] + "\n")
            continue
        outcome = run_example(code)
        if outcome is None:
            out.append((example.note or t["unreachable"]) + "\n")
            continue
        if example.note:
            out.append(example.note + "\n\n")
        place = t["where"].get(example.place) or t["places"][example.place]
        files = list((example.files or {}).items())
        if len(files) > 3:  # a long chain of files: the first two and the last, where the diagnostic is
            place += t["saved_beside"] + f"`{files[0][0]}` … `{files[-1][0]}` ({len(files)})"
            files = files[:2] + [("…", f"# … {len(files) - 3}\n")] + files[-1:]
        elif files:
            place += t["saved_beside"] + ", ".join(f"`{n}`" for n, _ in files)
        out.append(f"{t['example']} ({place}):\n\n" if lang == "en" else f"{t['example']}（{place}）：\n\n")
        out.append("```pcrlang\n" + (example.shown or example.source) + "```\n\n")
        for name, text in files:
            out.append(f'```pcrlang title="{name}"\n{text}```\n\n' if name != "…" else f"```pcrlang\n{text}```\n\n")
        if outcome.shown:
            out.append("```text\n" + "\n\n".join(text for _, text in outcome.shown) + "\n```\n")
        else:
            out.append(t["gone"] + "\n")
    text = "".join(out)
    if lang != "en":  # the page is one folder down (docs/zh/): links to the other pages go up
        text = re.sub(r"\]\((?![a-z]+:|#|\.\./)([\w./-]+\.md)", r"](../\1", text)
    return text

