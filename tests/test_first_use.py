"""What a new user meets first (issue 14, "tried as a new user would"): golden renderings of the
diagnostics for full-width punctuation, expected-token lists, an unclosed block and a failing
example, the bilingual warning on factors, tables and examples, and a failed cut-off refused by
the calculators' command lines."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pcrlang.backends.python import generate
from pcrlang.compiler import compile_text
from pcrlang.diagnostics import render

from helpers import HEADER
from jshelpers import needs_node, node, write_module

N = HEADER.count("\n")  # the lines of HEADER: a body's first line is N + 1


def diagnostics(body: str, header: str = HEADER, codes=None):
    c = compile_text(header + body, "t.pcr")
    return c, [d for d in c.diagnostics if d.code != "PCR-W06" and (codes is None or d.code in codes)]


# ---- full-width punctuation (PCR012) ----------------------------------------------------------------


def test_a_full_width_comma_asks_for_an_ascii_comma_in_both_languages():
    c, (d,) = diagnostics('keys k { a zh "甲" en "A"， b zh "乙" en "B" }\n')
    n = N + 1
    assert render(d, c.text, "en") == (
        "error[PCR012]: full-width `，` (U+FF0C) outside a string\n"
        f"  --> t.pcr:{n}:25\n"
        "   |\n"
        f'{n} | keys k {{ a zh "甲" en "A"， b zh "乙" en "B" }}\n'
        "   |                          ^^\n"
        "  = full-width punctuation; help: use an ASCII comma `,`"
    )
    assert render(d, c.text, "zh").endswith("  = 全角标点；帮助：请使用半角逗号 `,`")
    # the fix replaces the one character
    assert d.as_dict("en")["fix"] == {"span": {"file": "t.pcr", "line": n, "column": 25, "end_line": n,
                                               "end_column": 26}, "replacement": ","}


@pytest.mark.parametrize("line, char, column, help_en, help_zh", [
    ('input coal: t in [0, 10] zh “煤” en "Coal"\n', "“", 29, 'use an ASCII double quote `"`', '请使用半角双引号 `"`'),
    ('input coal： t in [0, 10] zh "煤" en "Coal"\n', "：", 11, "use an ASCII colon `:`", "请使用半角冒号 `:`"),
    ('input coal: t in （0, 10] zh "煤" en "Coal"\n', "（", 18, "use an ASCII opening parenthesis `(`",
     "请使用半角左括号 `(`"),
    ("quantity q ＝ output * 2\n", "＝", 12, "use an ASCII equals sign `=`", "请使用半角等号 `=`"),
])
def test_full_width_punctuation_gets_its_ascii_character(line, char, column, help_en, help_zh):
    c, (d,) = diagnostics(line)
    assert (d.code, d.span.line, d.span.column) == ("PCR012", N + 1, column)
    assert d.message == f"full-width `{char}` (U+{ord(char):04X}) outside a string"
    assert render(d, c.text, "en").endswith(f"help: {help_en}")
    assert render(d, c.text, "zh").endswith(f"帮助：{help_zh}")
    assert d.fix.replacement == help_en[-2]


def test_full_width_punctuation_inside_a_string_is_text():
    c, found = diagnostics('input coal: t in [0, 10] zh "煤，焦炭：（块）" en "Coal"\n')
    assert not [d for d in found if d.is_error]


def test_other_unexpected_characters_keep_pcr002():
    c, (d,) = diagnostics("quantity q = output * 2 ¤\n")
    assert d.code == "PCR002" and d.message == "unexpected character `¤`"


# ---- expected tokens in the writer's words -------------------------------------------------------------


def test_expected_tokens_are_keywords_not_grammar_rule_names():
    c, (d,) = diagnostics('input coal: t in [0, 10] zh "煤" en "Coal" biogenic\n')
    assert d.code == "PCR001"
    assert d.message.startswith("unexpected `biogenic`; expected `allocation`, `biogenic_carbon_content`, ")
    assert "biogenic_content" not in d.message


def test_no_terminal_of_the_grammar_is_shown_by_its_internal_name():
    from pcrlang.syntax import parse
    for t in parse.parser().terminals:  # a literal as written, or a phrase of TERMINAL_NAMES
        shown = parse._terminal_name(t.name)
        assert shown in parse.TERMINAL_NAMES.values() or (t.pattern.type == "str" and shown == f"`{t.pattern.value}`") \
            or shown == "a word of the language", (t.name, shown)
    assert parse._terminal_name("BIOGENIC_CONTENT") == "`biogenic_carbon_content`"
    assert parse._terminal_name("NAME") == "a name" and parse._terminal_name("NUMBER") == "a number"


# ---- an unclosed block ------------------------------------------------------------------------------


def test_a_missing_brace_names_the_block_and_where_it_opened():
    body = 'input coal: rows {\n  column mass: t in [0, 1e9] flow\n\nquantity q = output * 2\n'
    c, (d,) = diagnostics(body)
    n = N + 1
    assert d.code == "PCR001"
    assert d.message.startswith(f"the `input coal` block opened at {n}:1 is not closed; expected ")
    assert render(d, c.text, "en").endswith("  = syntax error; help: close the block with `}`")
    assert render(d, c.text, "zh").endswith("  = 语法错误；帮助：用 `}` 闭合该块")


def test_a_missing_brace_of_a_nested_block_names_the_inner_block():
    header = HEADER.split("boundary")[0] + (
        "boundary cradle_to_gate {\n"
        '  stage raw: raw_material_acquisition zh "原料获取" en "Raw materials" {\n'
        '    process mining zh "开采" en "Mining"\n\n')
    c, found = diagnostics('input x: t in [0, 1] zh "x" en "x"\n', header=header, codes={"PCR001"})
    (d,) = found
    stage_line = HEADER.split("boundary")[0].count("\n") + 2
    assert d.message.startswith(f"the `stage raw` block opened at {stage_line}:3 is not closed; ")


def test_a_missing_brace_of_an_example_names_its_title():
    body = 'example "Typical plant" zh "典型" en "Typical" {\n  given output = 1 t\n'
    c, (d,) = diagnostics(body)
    assert d.message.startswith(f'the `example "Typical plant"` block opened at {N + 1}:1 is not closed; ')


# ---- a failing example points at its failing `expect` ------------------------------------------------

EXAMPLE = '''factor f: kgCO2/t = 2 source "test" zh "因子" en "Factor"
emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = output * f
example "Typical" zh "典型" en "Typical" {
  given output = 1 t
  expect total = 2 kgCO2e within 0.001 %
  expect gas CO2 = 3 kgCO2 within 0.001 %
}
'''


def test_a_failing_example_points_at_the_failing_expect():
    # 1 t x 2 kg CO2/t = 2 kg CO2 (GWP 1): the total passes, the gas expectation (3 kg) fails
    c, found = diagnostics(EXAMPLE, codes={"PCR907"})
    (d,) = found
    n = N + 6
    assert render(d, c.text) == (
        'error[PCR907]: example "Typical" (clause C.1): gas CO2: expected 3 kg CO2 (± 3e-05), got 2\n'
        f"  --> t.pcr:{n}:14\n"
        "   |\n"
        f"{n} |   expect gas CO2 = 3 kgCO2 within 0.001 %\n"
        "   |              ^^^^^^^^^^^^^\n"
        "  = example fails; help: the reference interpreter's result differs from the expected value"
    )


# ---- the bilingual warning covers factors, tables and examples ---------------------------------------


def test_a_factor_a_table_and_an_example_without_chinese_text_warn():
    body = ('keys fuels { coal zh "煤" en "Coal", gas zh "气" en "Gas" }\n'
            'factor diesel_factor: kgCO2/t = 80 source "test" en "Diesel factor"\n'
            'table ncv: fraction by fuels source "test" zh "份额" { coal = 0.5 gas = 0.25 }\n'
            'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = '
            'output * diesel_factor * ncv["coal"]\n'
            'example "Typical" {\n  given output = 1 t\n  expect total = 40 kgCO2e within 0.001 %\n}\n')
    c, found = diagnostics(body, codes={"PCR-W08"})
    assert [d.message for d in found] == [
        "factor `diesel_factor` has no Chinese (zh) text",
        "table `ncv` has no English (en) text",
        'example "Typical" has no Chinese (zh) and English (en) text',
    ]
    assert [d.span.line for d in found] == [N + 2, N + 3, N + 5]
    assert not [d for d in c.diagnostics if d.is_error]  # 1 t x 80 kg/t x 0.5 = 40 kg: it passes


def test_an_issued_rule_with_a_factor_without_chinese_fails_strict_check(tmp_path):
    text = (HEADER.replace("status draft", "status issued") +
            'factor diesel_factor: kgCO2/t = 2 source "test" en "Diesel factor"\n'
            'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = output * diesel_factor\n'
            'example "Typical" zh "典型" en "Typical" {\n  given output = 1 t\n  expect total = 2 kgCO2e within 0.001 %\n}\n')
    path = tmp_path / "rule.pcr"
    path.write_text(text, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "pcrlang", "check", *a, str(path)],
                                    capture_output=True, text=True, timeout=120)
    strict, loose = run("--strict"), run()
    assert strict.returncode == 1 and "PCR-W08" in strict.stderr
    assert "factor `diesel_factor` has no Chinese (zh) text" in strict.stderr
    assert loose.returncode == 0


# ---- a failed cut-off is refused by the command lines --------------------------------------------------

CUTOFF = '''input diesel: t flow in [0, 1e6] zh "柴油" en "Diesel"
factor diesel_co2: kgCO2/t = 3000 source "test" zh "柴油因子" en "Diesel factor"
factor power_co2: kgCO2/t = 1000 source "test" zh "产品因子" en "Product factor"
emission burn in make.smelting, gas CO2, fossil zh "柴油燃烧" en "Diesel burnt" = diesel * diesel_co2
emission make in make.casting, gas CO2, fossil zh "生产" en "Making" = output * power_co2
cutoff {
  per_flow < 1 % by mass
  total <= 5 % by emissions
  zh "单项小于 1%" en "Each below 1 %"
}
'''
# 100 t of product: 1000 kg CO2/t x 100 t = 100 000 kg. 0.5 t of diesel: 0.5 % of the mass (< 1 %),
# 1 500 kg, 1.48 % of 101 500 kg (<= 5 %): passes. 5 t: 5 % of the mass: fails.
PASSING = {"output": 100, "diesel": {"cut_off": 0.5}}
FAILING = {"output": 100, "diesel": {"cut_off": 5}}
REFUSAL = {"error": {"code": "cut_off_exceeded", "message": "the flows left out do not meet the cut-off criteria "
                     "(diesel)", "field": None, "formula": None, "clause": "5.3"}}


@pytest.fixture(scope="module")
def cutoff_rule():
    c = compile_text(HEADER + CUTOFF, "t.pcr", )
    assert c.ok, [d.message for d in c.diagnostics if d.is_error]
    return c


def _clause(c):
    return c.ruleset.cutoff.clause


def test_python_calculator_refuses_a_failed_cut_off_with_exit_three(cutoff_rule, tmp_path):
    path = tmp_path / "calc.py"
    path.write_text(generate(cutoff_rule.ruleset, cutoff_rule.fingerprint), encoding="utf-8")
    failed = subprocess.run([sys.executable, str(path)], input=json.dumps(FAILING), capture_output=True, text=True,
                            timeout=120)
    refusal = {"error": {**REFUSAL["error"], "clause": _clause(cutoff_rule)}}
    assert (failed.returncode, json.loads(failed.stdout)) == (3, refusal)
    passed = subprocess.run([sys.executable, str(path)], input=json.dumps(PASSING), capture_output=True, text=True,
                            timeout=120)
    assert passed.returncode == 0 and json.loads(passed.stdout)["cutoff"]["pass"] is True


def test_calculate_total_refuses_a_failed_cut_off(cutoff_rule):
    from helpers import load_calculator
    calc = load_calculator(cutoff_rule, "cutoff_calc")
    with pytest.raises(calc.CalculationError) as error:
        calc.calculate_total(FAILING)
    assert error.value.as_dict() == {"error": {**REFUSAL["error"], "clause": _clause(cutoff_rule)}}
    assert calc.calculate_total(PASSING) == pytest.approx(1000)  # the flow left out counts nothing: 100 000 kg / 100 t


def test_pcr_calc_refuses_a_failed_cut_off_with_exit_three(tmp_path):
    rule, inputs = tmp_path / "rule.pcr", tmp_path / "in.json"
    rule.write_text(HEADER + CUTOFF, encoding="utf-8")
    inputs.write_text(json.dumps(FAILING), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pcrlang", "calc", str(rule), "-i", str(inputs)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3 and json.loads(run.stdout)["error"]["code"] == "cut_off_exceeded"


@needs_node
def test_javascript_calculator_refuses_a_failed_cut_off_with_exit_three(cutoff_rule, tmp_path):
    path = write_module(cutoff_rule, tmp_path)
    failed = node(path, stdin=json.dumps(FAILING))
    assert (failed.returncode, json.loads(failed.stdout)) == (3, {"error": {**REFUSAL["error"],
                                                                           "clause": _clause(cutoff_rule)}})
    passed = node(path, stdin=json.dumps(PASSING))
    assert passed.returncode == 0 and json.loads(passed.stdout)["cutoff"]["pass"] is True
