"""Diagnostic messages and hints in Chinese: the catalogues of messages and hints
(pcrlang/diagnostics_messages.py), the golden cases rendered with `--lang zh`, and that every
call site is migrated (issue 14)."""
from __future__ import annotations

import ast as pyast
import re
import string
from pathlib import Path

import pytest

from pcrlang.diagnostics import CATALOGUE, Phrase, as_lang, help_of, message_of, render, render_all
from pcrlang.diagnostics_messages import HINTS, MESSAGES, PHRASES

from test_diagnostics import CASES, CEMENT, diagnose, edit

PACKAGE = Path(__file__).resolve().parent.parent / "pcrlang"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_has_both_languages_with_the_same_parameters():
    assert set(MESSAGES) <= set(CATALOGUE)
    for code, variants in MESSAGES.items():
        for variant, (en, zh) in variants.items():
            assert _fields(en) == _fields(zh), (code, variant)
            assert CJK.search(zh), (code, variant)  # written in Chinese, not copied
    for key, entry in PHRASES.items():
        if not callable(entry):
            assert _fields(entry[0]) == _fields(entry[1]), key
    for key, (en, zh) in HINTS.items():
        assert _fields(en) == _fields(zh), key
        assert CJK.search(zh), key
        assert "，" not in en and "：" not in en, key  # full-width punctuation belongs to the Chinese text


def _leaves(params) -> list[str]:
    """The parameters' texts: names and source text, and a dimension as shown (its currencies)."""
    out = []
    for _, value in params:
        if isinstance(value, Phrase):
            if callable(PHRASES[value.key]) and value.key != "list":
                out.append(value.render("zh"))  # a dimension: its words are in Chinese (units.describe)
            else:
                out.extend(_leaves(value.params))
        elif isinstance(value, tuple):
            out.extend(_leaves(tuple(enumerate(value))))
        else:
            out.append(str(value))
    return out


# Words that stay as they are in a Chinese message: abbreviations, keywords, the names of formats.
KEPT = {"UTF", "Unicode", "CO2e", "GWP", "pass", "fail", "zh", "en"}


def _english_words(text: str, params=(), kept=KEPT) -> list[str]:
    """The English words of a Chinese text once quoted source text and parameters are removed."""
    for leaf in sorted(_leaves(params), key=len, reverse=True):
        if leaf:
            text = text.replace(leaf, " ")
    text = re.sub(r"`[^`]*`|\"[^\"]*\"|(?<![A-Za-z0-9_])\d[\d.]*(?:e[-+]?\d+)?", " ", text)  # quoted text, numbers (1e-300)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if w not in kept and not re.search(r"\d", w)]


def _english_left(d) -> list[str]:
    """The English words of the Chinese message once quoted source text and parameters are removed."""
    return _english_words(message_of(d, "zh"), d.template.params)


def _vocabulary() -> set[str]:
    """Words of the language a Chinese help names as written (unquoted in the catalogue's help):
    the words of the vocabularies (allocation methods, phases, example targets, ...), gases, GWP
    sets, parameters of the CFF, base units and the codes of standards; no keyword such as `and`."""
    from pcrlang.domain import recycling as cff, vocabulary
    from pcrlang.domain.gases import GASES, GWP_SETS
    words = set(GASES) | set(GWP_SETS) | set(cff.PARAMETERS) | set(vocabulary.FUNCTIONS)
    for table in (vocabulary.STATUSES, vocabulary.CATEGORIES, vocabulary.STAGES, vocabulary.PHASES,
                  vocabulary.BOUNDARY_KINDS, vocabulary.ALLOCATION_METHODS, vocabulary.CUTOFF_BASES,
                  vocabulary.CARBON_KINDS, vocabulary.ROUNDING_MODES, vocabulary.FACTOR_KINDS,
                  vocabulary.RECYCLING_APPROACHES, vocabulary.EXAMPLE_TARGETS):
        words |= set(table)
    assert not words & {"and", "or", "in", "the", "of", "to", "is"}
    return words | {"t", "kg", "kWh", "GJ", "K", "m", "s", "J", "ISO", "GB", "IEC", "HJ", "GHG", "Protocol"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_golden_cases_in_chinese_leave_no_english(case):
    """Each golden case's message is in Chinese under `--lang zh`, and its English text is the
    golden one (tests/test_diagnostics.py checks it word for word)."""
    diagnostics = [d for d in diagnose(case.text) if d.code == case.code]
    assert diagnostics
    for d in diagnostics:
        assert d.template is not None, f"{case.id}: {d.message!r} is not from the catalogue of messages"
        assert message_of(d, "en") == d.message
        zh = message_of(d, "zh")
        assert CJK.search(zh) or not re.search(r"[A-Za-z]{3,}", zh.replace("`", "")), zh
        assert _english_left(d) == [], (case.id, zh)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_golden_help_lines_in_chinese_leave_no_english(case):
    """The help line of each golden case under `--lang zh` (`  = 标题；帮助：...`): the occurrence's
    hint from the catalogue of hints, else the code's Chinese help, with no English words but
    the words of the language and what is quoted; the English hint is the golden one."""
    kept = KEPT | _vocabulary()
    for d in [d for d in diagnose(case.text) if d.code == case.code]:
        assert help_of(d, "en") == (d.help if d.help is not None else CATALOGUE[d.code][2])
        if d.help is not None:
            assert d.hint is not None, f"{case.id}: the hint {d.help!r} is not from the catalogue of hints"
        line = render(d, None, lang="zh").splitlines()[-1]
        assert line.startswith("  = ") and "；帮助：" in line, line
        params = d.hint.params if d.hint is not None else ()
        assert _english_words(line, params, kept) == [], (case.id, line)


def _one(text, code):
    (d,) = [d for d in diagnose(text) if d.code == code]
    return d


def test_some_chinese_messages_exactly():
    # an unknown name, with its suggestion
    d = _one(edit(CEMENT, ("  coal * coal_ncv * coal_ef", "  coal * coal_nvc * coal_ef")), "PCR201")
    assert message_of(d, "zh") == "未知的名称 `coal_nvc`"
    assert message_of(d, "en") == "unknown name `coal_nvc`"  # English unchanged
    rendered = render(d, None, lang="zh").splitlines()
    assert rendered[0] == "error[PCR201]: 未知的名称 `coal_nvc`"
    assert rendered[-1] == "  = 未知的名称；帮助：是否想写 `coal_ncv`？"
    # a syntax error: the expected tokens listed with Chinese words for the terminals
    d = _one(edit(CEMENT, ("input coal: t in [0, 1e9]", "input coal: t in [0 1e9]")), "PCR001")
    assert message_of(d, "zh") == "意外的 `1e9`；应为 `,`"
    # a missing translation: the subject and the missing language are phrases in Chinese
    d = _one(edit(CEMENT, ('raw_material_acquisition zh "原材料获取" en', 'raw_material_acquisition en')), "PCR-W08")
    assert d.message == "stage `raw_materials` has no Chinese (zh) text"
    assert message_of(d, "zh") == "阶段 `raw_materials` 缺少中文（zh）文本"


def test_an_offset_without_gas_in_chinese():
    """An offset is PCR507, and its missing gas and kind name it as an offset (a fuzz finding:
    the phrase of the contribution's direction was missing for offsets)."""
    text = edit(CEMENT, ("emission power in production.grinding, gas CO2, fossil",
                         "offset power in production.grinding"))
    found = {d.code: d for d in diagnose(text)}
    assert found["PCR502"].message == "offset `power` names no gas"
    assert message_of(found["PCR502"], "zh") == "抵消量 `power` 没有指明气体"


def test_a_dimension_mismatch_names_the_dimensions_in_chinese():
    d = _one(edit(CEMENT, ("  coal * coal_ncv * coal_ef", "  coal * coal_ncv * coal_ef + coal")), "PCR302")
    assert d.message.startswith("addition of ")
    zh = message_of(d, "zh")
    assert zh.startswith("加法的量纲不一致：") and "质量" in zh, zh


def test_json_output_in_chinese():
    d = _one(edit(CEMENT, ("  coal * coal_ncv * coal_ef", "  coal * coal_nvc * coal_ef")), "PCR201")
    assert d.as_dict("zh")["message"] == "未知的名称 `coal_nvc`"
    assert d.as_dict("en")["message"] == "unknown name `coal_nvc`"
    with as_lang("zh"):
        assert d.as_dict()["message"] == "未知的名称 `coal_nvc`"


# ---- coverage of the migration ---------------------------------------------------------------

REPORTERS = {"error", "diagnostic", "report"}  # ctx.error(code, message, span, help, fix), diagnostic(...)
# What a help argument may be: a hint of the catalogue, or a function giving one (a suggestion)
HINT_MAKERS = {"hint", "suggestion", "suggest", "did_you_mean", "_instead", "_add_text"}


def _name(call) -> str | None:
    return call.func.attr if isinstance(call.func, pyast.Attribute) else getattr(call.func, "id", None)


def _is_hint(node) -> bool:
    """A help argument from the catalogue of hints: None, `hint(...)` or a function giving a hint,
    a name passing its caller's on, or a choice (`a or b`, `a if c else b`) between such."""
    if isinstance(node, pyast.Constant):
        return node.value is None
    if isinstance(node, pyast.Call):
        return _name(node) in HINT_MAKERS
    if isinstance(node, pyast.Name):
        return True
    if isinstance(node, pyast.BoolOp):
        return all(_is_hint(v) for v in node.values)
    if isinstance(node, pyast.IfExp):
        return _is_hint(node.body) and _is_hint(node.orelse)
    return False  # a string, an f-string, a concatenation


def call_sites():
    """(file, line, what, code, migrated) of every call that reports a diagnostic with a literal
    code (what: "message", or "hint" when it passes a help), and of every `ctx.bilingual(...)`
    (PCR-W08 / PCR110): migrated when the message is `msg(...)` (for bilingual: the subject a
    `phrase(...)`) and the help a hint (`_is_hint`)."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name.startswith("diagnostics"):
            continue
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for node in pyast.walk(tree):
            if not isinstance(node, pyast.Call):
                continue
            name = _name(node)
            args = node.args
            if name == "bilingual" and len(args) >= 3:
                migrated = isinstance(args[2], pyast.Call) or isinstance(args[2], pyast.Name)
                out.append((path.name, node.lineno, "message", "PCR-W08", migrated))
            elif name in REPORTERS and len(args) >= 2 and (
                    isinstance(args[0], pyast.Constant) and args[0].value in CATALOGUE
                    or isinstance(args[0], (pyast.Name, pyast.IfExp)) and path.parent.name in ("check", "syntax")):
                message = args[1]
                if isinstance(message, pyast.Name) and path.name == "context.py":
                    continue  # Context.error, which passes its caller's message on
                migrated = all(isinstance(m, pyast.Call) and getattr(m.func, "id", None) == "msg"
                               for m in ([message.body, message.orelse] if isinstance(message, pyast.IfExp) else [message]))
                code = args[0].value if isinstance(args[0], pyast.Constant) else "(a code chosen at run time)"
                out.append((path.name, node.lineno, "message", code, migrated))
                help_ = next((k.value for k in node.keywords if k.arg == "help"), args[3] if len(args) >= 4 else None)
                if help_ is not None and not (isinstance(help_, pyast.Constant) and help_.value is None):
                    out.append((path.name, node.lineno, "hint", code, _is_hint(help_)))
    return out


def test_every_message_and_hint_is_migrated():
    sites = call_sites()
    messages = [s for s in sites if s[2] == "message"]
    hints = [s for s in sites if s[2] == "hint"]
    print(f"call sites: {len(messages)} messages, {len(hints)} hints")
    assert len(messages) > 300 and len(hints) > 100  # the walk finds them (320 and 110 when every one was migrated)
    assert [s for s in sites if not s[4]] == []


def test_the_scan_tells_a_hint_from_an_english_text():
    parse = lambda text: pyast.parse(text, mode="eval").body
    assert _is_hint(parse('hint("state_kind")')) and _is_hint(parse("ctx.suggest(x, xs) or hint('one_of')"))
    assert _is_hint(parse('hint("a") if x else None'))
    assert not _is_hint(parse('"state it: `, fossil`"'))
    assert not _is_hint(parse('f"write `rest {name}`"'))
    assert not _is_hint(parse('ctx.suggest(x, xs) or "declare it"'))
    assert not _is_hint(parse('"a" + b'))


def test_every_hint_key_is_used_and_in_the_catalogue():
    """Each `hint("key", ...)` of the package names a hint of the catalogue, and each hint of the
    catalogue is used somewhere (keys chosen at run time are listed here)."""
    used = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in pyast.walk(pyast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, pyast.Call) and _name(node) == "hint" and node.args:
                key = node.args[0]
                if isinstance(key, pyast.Constant):
                    used.add(key.value)
                elif isinstance(key, pyast.IfExp):
                    used |= {key.body.value, key.orelse.value}
    chosen_at_run_time = {"mass_unit", "distance_unit"}  # transport.py: hint(f"{column}_unit", ...)
    assert used - set(HINTS) == set()
    assert set(HINTS) - used - chosen_at_run_time == set()


def test_every_kind_of_deprecated_word_has_its_words():
    from pcrlang.diagnostics_messages import _WORD_KINDS
    from pcrlang.domain.editions import KINDS
    assert set(_WORD_KINDS) == set(KINDS)
    for en, zh in _WORD_KINDS.values():
        assert en and CJK.search(zh), (en, zh)


def _case(case_id):
    (case,) = [c for c in CASES if c.id == case_id]
    (d,) = [d for d in diagnose(case.text) if d.code == case.code]
    return d


@pytest.mark.parametrize("case_id, english, chinese", [
    ("PCR305", "the formula must give a mass of CO2 (e.g. kgCO2)", "公式须给出 CO2 的质量（如 kgCO2）"),
    ("PCR308-order", "compare keys only with == or !=", "键只能用 == 或 != 比较"),
    ("PCR612-place", "add `production.kiln` to the places of `mill_split`", "把 `production.kiln` 加入 `mill_split` 所分配的过程"),
    ("PCR112-grading", "a ruleset has one `grading` block", "一个规则只有一个 `grading` 块"),
    ("PCR903-number-for-key", 'write the key in quotes, e.g. `region = "north"`', '键要加引号，如 `region = "north"`'),
    ("PCR501", "did you mean `CO2`?", "是否想写 `CO2`？"),
])
def test_some_chinese_hints_exactly(case_id, english, chinese):
    d = _case(case_id)
    assert (d.help, help_of(d, "en"), help_of(d, "zh")) == (english, english, chinese)
    assert d.as_dict("en")["help"] == english and d.as_dict("zh")["help"] == chinese
    with as_lang("zh"):
        assert d.as_dict()["help"] == chinese
        assert render(d, None).splitlines()[-1].endswith(f"；帮助：{chinese}")


def test_a_suggestion_of_two_names_and_a_full_width_comma_in_chinese():
    # CH4 is two gases: both are offered, joined with 或
    d = _one(edit(CEMENT, ("in production.grinding, gas CO2", "in production.grinding, gas CH4")), "PCR501")
    assert d.help == "did you mean `CH4_fossil` or `CH4_non_fossil`?"
    assert help_of(d, "zh") == "是否想写 `CH4_fossil` 或 `CH4_non_fossil`？"
    # a full-width comma (PCR012) names the ASCII character in Chinese
    d = _one(edit(CEMENT, ("input coal: t in [0, 1e9]", "input coal: t in [0， 1e9]")), "PCR012")
    assert (d.help, help_of(d, "zh")) == ("use an ASCII comma `,`", "请使用半角逗号 `,`")
    # a block left open
    d = _one(CEMENT.rstrip().rstrip("}"), "PCR001")
    assert (d.help, help_of(d, "zh")) == ("close the block with `}`", "用 `}` 闭合该块")


def test_the_line_for_diagnostics_left_out_in_both_languages():
    """render_all caps the diagnostics of a file; the line saying how many more there are is in
    the chosen language (here: 3 unknown units shown at most 1, so 2 errors more)."""
    text = edit(CEMENT, ("input coal: t in [0, 1e9]", "input coal: tt in [0, 1e9]"),
                ("input coal_ncv: GJ/t in", "input coal_ncv: GJ/tt in"), ("factor coal_ef: kgCO2/TJ", "factor coal_ef: kgCO2/TJJ"))
    found = [d for d in diagnose(text) if d.code == "PCR301"]
    assert len(found) == 3
    assert render_all(found, lambda f: text, limit=1, lang="en")[-1] == \
        "... and 2 more errors in t.pcr (`pcr check --format json` lists them all)"
    assert render_all(found, lambda f: text, limit=1, lang="zh")[-1] == \
        "……t.pcr 中另有 2 个错误未显示（`pcr check --format json` 会列出全部）"
