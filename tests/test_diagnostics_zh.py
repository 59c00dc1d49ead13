"""Diagnostic messages in Chinese: the catalogue of messages (pcrlang/diagnostics_messages.py),
the golden cases rendered with `--lang zh`, and how many call sites are migrated (issue 14)."""
from __future__ import annotations

import ast as pyast
import re
import string
from pathlib import Path

import pytest

from pcrlang.diagnostics import CATALOGUE, Phrase, as_lang, message_of, render
from pcrlang.diagnostics_messages import MESSAGES, PHRASES

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


def _english_left(d) -> list[str]:
    """The English words of the Chinese message once quoted source text and parameters are removed."""
    text = message_of(d, "zh")
    for leaf in sorted(_leaves(d.template.params), key=len, reverse=True):
        if leaf:
            text = text.replace(leaf, " ")
    text = re.sub(r"`[^`]*`|\"[^\"]*\"", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if w not in KEPT and not re.search(r"\d", w)]


@pytest.mark.parametrize("case", [c for c in CASES if c.code in MESSAGES], ids=lambda c: c.id)
def test_golden_cases_in_chinese_leave_no_english(case):
    """For every migrated code, each golden case's message is in Chinese under `--lang zh`, and
    its English text is the golden one (tests/test_diagnostics.py checks it word for word)."""
    diagnostics = [d for d in diagnose(case.text) if d.code == case.code]
    assert diagnostics
    for d in diagnostics:
        assert d.template is not None, f"{case.id}: {d.message!r} is not from the catalogue of messages"
        assert message_of(d, "en") == d.message
        zh = message_of(d, "zh")
        assert CJK.search(zh) or not re.search(r"[A-Za-z]{3,}", zh.replace("`", "")), zh
        assert _english_left(d) == [], (case.id, zh)


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

REPORTERS = {"error", "diagnostic", "report"}  # ctx.error(code, message, ...), diagnostic(code, message, ...)


def call_sites():
    """(file, line, code, migrated) of every call that reports a diagnostic with a literal code,
    and of every `ctx.bilingual(...)` (PCR-W08 / PCR110): migrated when the message is `msg(...)`
    (for bilingual: the subject a `phrase(...)`)."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name.startswith("diagnostics"):
            continue
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for node in pyast.walk(tree):
            if not isinstance(node, pyast.Call):
                continue
            name = node.func.attr if isinstance(node.func, pyast.Attribute) else getattr(node.func, "id", None)
            args = node.args
            if name == "bilingual" and len(args) >= 3:
                migrated = isinstance(args[2], pyast.Call) or isinstance(args[2], pyast.Name)
                out.append((path.name, node.lineno, "PCR-W08", migrated))
            elif name in REPORTERS and len(args) >= 2 and (
                    isinstance(args[0], pyast.Constant) and args[0].value in CATALOGUE
                    or isinstance(args[0], (pyast.Name, pyast.IfExp)) and path.parent.name in ("check", "syntax")):
                message = args[1]
                if isinstance(message, pyast.Name) and path.name == "context.py":
                    continue  # Context.error, which passes its caller's message on
                migrated = all(isinstance(m, pyast.Call) and getattr(m.func, "id", None) == "msg"
                               for m in ([message.body, message.orelse] if isinstance(message, pyast.IfExp) else [message]))
                code = args[0].value if isinstance(args[0], pyast.Constant) else "(a code chosen at run time)"
                out.append((path.name, node.lineno, code, migrated))
    return out


def coverage():
    sites = call_sites()
    migrated = [s for s in sites if s[3]]
    codes = {s[2] for s in sites}
    whole = {c for c in codes if all(s[3] for s in sites if s[2] == c)}
    return len(migrated), len(sites), len(whole), len(codes)


def test_most_frequent_codes_are_migrated():
    migrated, sites, whole, codes = coverage()
    print(f"call sites with Chinese messages: {migrated}/{sites}; codes wholly migrated: {whole}/{codes}")
    assert migrated >= 120 and migrated / sites >= 0.45, (migrated, sites)
    by_code = {}
    for _, _, code, ok in call_sites():
        by_code.setdefault(code, []).append(ok)
    for code in ("PCR001", "PCR002", "PCR004", "PCR201", "PCR202", "PCR209", "PCR301", "PCR-W08", "PCR903", "PCR904"):
        assert all(by_code[code]), code
