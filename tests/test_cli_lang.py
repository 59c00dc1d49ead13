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
    # the shipped inputs with a negative output (every other input given, so the refusal is the bound's)
    negative = json.dumps(dict(json.loads((ROOT / "rulesets" / "inputs" / "cement.json").read_text(encoding="utf-8")),
                               cement_output=-1))
    result = pcr("calc", "--lang", "zh", CEMENT, "--input", "-", stdin=negative)
    assert result.returncode == 3
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "out_of_bounds"  # codes unchanged
    assert "超出范围" in error["message"]
    english = json.loads(pcr("calc", CEMENT, "--input", "-", stdin=negative).stdout)["error"]
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
    # the shipped inputs with the output of the wrong type (every other input given, the period first)
    shipped = json.loads((ROOT / "rulesets" / "inputs" / "cement.json").read_text(encoding="utf-8"))
    stdin = json.dumps(dict(shipped, cement_output="x"))
    zh = json.loads(pcr("calc", "--lang", "zh", CEMENT, "--input", "-", stdin=stdin).stdout)["error"]
    assert (zh["code"], zh["message"]) == ("wrong_type", "`cement_output` 必须是数值，而不是字符串")
    en = json.loads(pcr("calc", CEMENT, "--input", "-", stdin=stdin).stdout)["error"]
    assert en["message"] == "`cement_output` must be a number, not a string"
    calc = tmp_path / "calc.py"
    assert pcr("compile", CEMENT, "-o", calc).returncode == 0
    run = subprocess.run([sys.executable, str(calc), "--lang", "zh"], input=json.dumps(dict(shipped, cement_output=True)),
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
    # the shipped inputs with the output of the wrong type (every other input given, the period first)
    shipped = json.loads((ROOT / "rulesets" / "inputs" / "cement.json").read_text(encoding="utf-8"))
    inputs = json.dumps(dict(shipped, cement_output=[]))
    script.write_text(f"import * as calc from {json.dumps(calc.as_uri())};\n"
                      "for (const lang of ['zh', 'en']) { calc.setLanguage(lang);\n"
                      f"  try {{ calc.calculate({inputs}); }} catch (e) {{ console.log(e.message); }} }}\n",
                      encoding="utf-8")
    out = subprocess.run([NODE, str(script)], capture_output=True, text=True).stdout.splitlines()
    assert out == ["`cement_output` 必须是数值，而不是列表", "`cement_output` must be a number, not a list"]


# ---- the command's summary lines (pcrlang/cli_zh.py LINES) -------------------------------

FINGERPRINT = r"sha256:[0-9a-f]{64}"


def test_every_line_has_both_languages_with_the_same_parameters():
    import string
    from pcrlang.cli_zh import LINES
    fields = lambda t: {n for _, n, _, _ in string.Formatter().parse(t) if n}  # noqa: E731
    for key, (en, zh) in LINES.items():
        assert fields(en) == fields(zh) and en != zh, key


def test_check_summary_in_chinese_and_english(tmp_path):
    import re
    # the shipped cement rule checks clean: no error, no warning (rulesets are kept clean)
    zh, en = pcr("check", "--lang", "zh", "rulesets/cement.pcr"), pcr("check", "--lang", "en", "rulesets/cement.pcr")
    assert zh.returncode == en.returncode == 0
    assert re.fullmatch(f"rulesets/cement.pcr：通过（0 个错误，0 个警告）  {FINGERPRINT}\n", zh.stdout), zh.stdout
    assert re.fullmatch(f"rulesets/cement.pcr: ok \\(0 errors, 0 warnings\\)  {FINGERPRINT}\n", en.stdout), en.stdout
    assert zh.stdout.split()[-1] == en.stdout.split()[-1]  # the fingerprint does not depend on the language
    # AR7 is one error, and a failed rule has no fingerprint
    bad = _bad(tmp_path)
    assert pcr("check", "--lang", "zh", bad).stdout == f"{bad}：未通过（1 个错误，0 个警告）\n"
    assert pcr("check", bad, env_lang="zh_CN.UTF-8").stdout == f"{bad}：未通过（1 个错误，0 个警告）\n"
    assert pcr("check", "--lang", "en", bad).stdout == f"{bad}: FAILED (1 errors, 0 warnings)\n"


def test_compile_test_and_doc_lines_in_chinese(tmp_path):
    import re
    out = tmp_path / "calc.py"
    zh = pcr("--lang", "zh", "compile", "rulesets/cement.pcr", "-o", out)
    assert zh.returncode == 0
    assert re.fullmatch(f"已写入 {re.escape(str(out))}（PCRLANG-CEMENT-001 1.0.0，{FINGERPRINT}）\n", zh.stderr), zh.stderr
    en = pcr("--lang", "en", "compile", "rulesets/cement.pcr", "-o", out)
    assert re.fullmatch(f"wrote {re.escape(str(out))} \\(PCRLANG-CEMENT-001 1.0.0, {FINGERPRINT}\\)\n", en.stderr), en.stderr
    failed = pcr("--lang", "zh", "compile", _bad(tmp_path), "-o", out)
    assert failed.returncode == 1 and failed.stderr.endswith(f"{tmp_path / 'bad.pcr'}：未编译，1 个错误\n")
    # the cement rule has three examples (`example` three times in rulesets/cement.pcr)
    tested = pcr("test", "--lang", "zh", "rulesets/cement.pcr")
    assert tested.returncode == 0 and tested.stdout == "rulesets/cement.pcr：3 个算例；解释器通过；计算器通过\n"
    assert pcr("test", "rulesets/cement.pcr").stdout == "rulesets/cement.pcr: 3 examples; interpreter ok; calculator ok\n"
    site = tmp_path / "site"
    doc = pcr("--lang", "zh", "doc", "rulesets/cement.pcr", "-o", site)
    assert doc.returncode == 0
    written = doc.stderr.removeprefix("已写入 ").removesuffix("（PCRLANG-CEMENT-001 1.0.0，zh）\n").split("、")
    assert doc.stderr.startswith("已写入 ") and len(written) >= 2 and all(os.path.exists(p) for p in written), doc.stderr


def test_pact_validate_line_in_chinese(tmp_path):
    import re
    (tmp_path / "fp.json").write_text('{"pcf": {"fossilGhgEmissions": "-1"}}', encoding="utf-8")
    zh = pcr("--lang", "zh", "pact", "validate", "fp.json", "--no-schema", cwd=tmp_path)
    en = pcr("--lang", "en", "pact", "validate", "fp.json", "--no-schema", cwd=tmp_path)
    assert zh.returncode == en.returncode == 1
    found_zh = re.match(r"fp.json：未通过（(\d+) 个错误，(\d+) 个警告；未对照 schema 检查）\n", zh.stdout)
    found_en = re.match(r"fp.json: FAILED \((\d+) errors, (\d+) warnings; schema not checked\)\n", en.stdout)
    assert found_zh and found_en, (zh.stdout, en.stdout)
    assert found_zh.groups() == found_en.groups() and int(found_zh.group(1)) >= 1  # a negative emission is an error


def test_the_batch_summary_in_both_languages(tmp_path):
    import re
    shipped = json.loads((ROOT / "rulesets" / "inputs" / "cement.json").read_text(encoding="utf-8"))
    records = tmp_path / "in.jsonl"
    # three records: the second refused by the query (a negative clinker output is out of its
    # bounds), the third by the runtime (the query sends a date not written YYYY-MM-DD there)
    records.write_text(json.dumps(shipped) + "\n" + json.dumps(dict(shipped, clinker_output=-1)) + "\n"
                       + json.dumps(dict(shipped, period_end="2024-12-1")) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    en = pcr("batch", CEMENT, records, "-o", out, "--quiet").stderr  # --quiet: no summary at all
    assert en == ""
    en = pcr("batch", "--lang", "en", CEMENT, records, "-o", out).stderr.strip()
    assert re.fullmatch(r"wrote \S+out\.csv: 3 records, 2 refused, 1 computed by the runtime, [\d.]+ s, "
                        r"[\d,]+ records/s \(duckdb\)", en), en
    zh = pcr("batch", "--lang", "zh", CEMENT, records, "-o", out).stderr.strip()
    refusal, by_runtime = out.read_text(encoding="utf-8").splitlines()[2:4]
    # the output's messages stay English (docs/batch.md), whichever of the query and the runtime refuses
    assert refusal.endswith(',out_of_bounds,clinker_output,,6.1.4,"`clinker_output` = -1 t lies outside [0, 1000000000]"')
    assert ",wrong_type,period_end,," in by_runtime and "must be a date" in by_runtime, by_runtime
    assert re.fullmatch(r"已写入 \S+out\.csv：3 条记录，拒绝 2 条，由运行时计算 1 条，用时 [\d.]+ 秒，"
                        r"每秒 [\d,]+ 条（duckdb）", zh), zh
