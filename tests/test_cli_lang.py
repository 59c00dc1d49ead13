"""Diagnostics and refusals in Chinese: `--lang zh` or a Chinese locale (issue 14)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT

from pcrlang.diagnostics import CATALOGUE, locale_language
from pcrlang.diagnostics_zh import CATALOGUE_ZH

CEMENT = ROOT / "rulesets" / "cement.pcr"


def pcr(*args, stdin=None, env_lang=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    if env_lang:
        env["LANG"] = env_lang
    return subprocess.run([sys.executable, "-m", "pcrlang", *map(str, args)], input=stdin, capture_output=True,
                          text=True, env=env, cwd=cwd or ROOT)


def _bad(tmp_path):
    bad = tmp_path / "bad.pcr"
    bad.write_text(CEMENT.read_text(encoding="utf-8").replace("  gwp AR6\n", "  gwp AR7\n", 1), encoding="utf-8")
    return bad


def test_every_code_has_a_chinese_title_and_help():
    assert set(CATALOGUE_ZH) == set(CATALOGUE)
    for code, (title, help_text) in CATALOGUE_ZH.items():
        assert title and help_text, code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), code  # written in Chinese, not copied


def test_check_in_chinese(tmp_path):
    result = pcr("check", "--lang", "zh", _bad(tmp_path))
    assert result.returncode == 1
    assert "error[PCR106]: 未知的 GWP 值集 `AR7`" in result.stderr  # the code unchanged, the message from the catalogue
    assert "error[PCR106]: unknown GWP set `AR7`" in pcr("check", "--lang", "en", _bad(tmp_path)).stderr
    assert "  = 未知的 GWP 值集；帮助：是否想写 `AR6`？\n" in result.stderr


def test_the_locale_chooses_chinese_and_the_option_wins(tmp_path):
    bad = _bad(tmp_path)
    assert "  = 未知的 GWP 值集；帮助：是否想写 `AR6`？" in pcr("check", bad, env_lang="zh_CN.UTF-8").stderr
    english = pcr("check", "--lang", "en", bad, env_lang="zh_CN.UTF-8").stderr
    assert "  = unknown GWP set; help: did you mean `AR6`?" in english
    assert "  = unknown GWP set; help: did you mean `AR6`?" in pcr("check", bad, env_lang="C.UTF-8").stderr
    assert "  = 未知的 GWP 值集" in pcr("--lang", "zh", "check", bad).stderr  # before the command too


def test_locale_order():
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US"}) == "zh"
    assert locale_language({}) == "en"


def test_json_and_sarif_in_chinese(tmp_path):
    bad = _bad(tmp_path)
    data = json.loads(pcr("check", "--lang", "zh", "--format", "json", bad).stdout)
    (d,) = [d for d in data["files"][0]["diagnostics"] if d["code"] == "PCR106"]
    assert (d["title"], d["help"]) == ("未知的 GWP 值集", "是否想写 `AR6`？")
    assert d["message"] == "未知的 GWP 值集 `AR7`"
    run = json.loads(pcr("check", "--lang", "zh", "--format", "sarif", bad).stdout)["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "PCR106")
    assert run["language"] == "zh-CN"
    assert rule["shortDescription"]["text"] == "未知的 GWP 值集" and rule["help"]["text"] == "使用 AR4、AR5 或 AR6"
    (result,) = [r for r in run["results"] if r["ruleId"] == "PCR106"]
    assert result["message"]["text"] == "未知的 GWP 值集 `AR7` (帮助：是否想写 `AR6`？)"


def test_calc_refuses_in_chinese():
    result = pcr("calc", "--lang", "zh", CEMENT, "--input", "-", stdin='{"cement_output": -1}')
    assert result.returncode == 3
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "out_of_bounds"  # codes unchanged
    assert "超出范围" in error["message"]
    english = json.loads(pcr("calc", CEMENT, "--input", "-", stdin='{"cement_output": -1}').stdout)["error"]
    assert "lies outside" in english["message"]


# ---- the command line's help (pcrlang/cli_zh.py) -----------------------------------------


def test_every_help_text_has_its_chinese_text():
    from pcrlang.cli import build_parser
    from pcrlang.cli_zh import HELP_ZH, help_texts
    texts = help_texts(build_parser())
    assert len(texts) > 50  # the walk reaches the sub-commands (certify's too)
    missing = [t for t in texts if t not in HELP_ZH]
    assert missing == []
    for text in texts:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in HELP_ZH[text]), text


def test_help_in_chinese_by_option_and_by_locale():
    top = pcr("--lang", "zh", "--help")
    assert top.returncode == 0
    assert top.stdout.startswith("用法：pcr ")
    assert "pcrlang：检查并编译产品碳足迹规则" in top.stdout
    assert "    check               检查规则并运行其算例\n" in top.stdout
    assert "显示本帮助信息并退出" in top.stdout
    check = pcr("check", "--help", env_lang="zh_CN.UTF-8")
    assert check.returncode == 0
    assert check.stdout.startswith("用法：pcr check ")
    assert "  --strict              警告也算失败\n" in check.stdout
    assert "位置参数" in check.stdout and "选项" in check.stdout
    # English as before, whatever the locale says once --lang en is given
    english = pcr("--lang", "en", "check", "--help", env_lang="zh_CN.UTF-8")
    assert english.stdout.startswith("usage: pcr check ")
    assert "  --strict              warnings fail too\n" in english.stdout
    assert "警告" not in pcr("check", "--help", env_lang="C.UTF-8").stdout


def test_usage_errors_in_chinese():
    result = pcr("--lang", "zh", "check")
    assert result.returncode == 2
    assert "pcr check：错误：缺少以下参数：paths" in result.stderr
    assert "the following arguments are required: paths" in pcr("check").stderr


# ---- refusals: every calculator words them in the chosen language ------------------------


def test_refusal_of_a_wrong_type_in_chinese_everywhere(tmp_path):
    """The JSON type a refusal names (`got`) is a word of errors.py's ERROR_WORDS in Chinese."""
    stdin = '{"cement_output": "x"}'
    zh = json.loads(pcr("calc", "--lang", "zh", CEMENT, "--input", "-", stdin=stdin).stdout)["error"]
    assert (zh["code"], zh["message"]) == ("wrong_type", "`cement_output` 必须是数值，而不是字符串")
    en = json.loads(pcr("calc", CEMENT, "--input", "-", stdin=stdin).stdout)["error"]
    assert en["message"] == "`cement_output` must be a number, not a string"
    calc = tmp_path / "calc.py"
    assert pcr("compile", CEMENT, "-o", calc).returncode == 0
    run = subprocess.run([sys.executable, str(calc), "--lang", "zh"], input='{"cement_output": true}',
                         capture_output=True, text=True)
    assert json.loads(run.stdout)["error"]["message"] == "`cement_output` 必须是数值，而不是布尔值"


def test_the_javascript_calculator_refuses_in_chinese(tmp_path):
    from jshelpers import NODE
    if NODE is None:
        import pytest
        pytest.skip("node is not installed")
    calc = tmp_path / "calc.mjs"
    assert pcr("compile", CEMENT, "--target", "js", "-o", calc).returncode == 0
    script = tmp_path / "run.mjs"
    script.write_text(f"import * as calc from {json.dumps(calc.as_uri())};\n"
                      "for (const lang of ['zh', 'en']) { calc.setLanguage(lang);\n"
                      "  try { calc.calculate({cement_output: []}); } catch (e) { console.log(e.message); } }\n",
                      encoding="utf-8")
    out = subprocess.run([NODE, str(script)], capture_output=True, text=True).stdout.splitlines()
    assert out == ["`cement_output` 必须是数值，而不是列表", "`cement_output` must be a number, not a list"]
