"""Golden tests of the publication checks, PCR130-PCR144 (docs/design/publication-fields.md).

Every case makes one small edit to a clean rule that gives every publication field, so that it
triggers the intended diagnostic and nothing else. The expected line, column and caret are found
in the edited text itself (`at`), never pasted from program output.
"""
from __future__ import annotations

from typing import NamedTuple

import pytest

from pcrlang.compiler import compile_file, compile_text
from pcrlang.diagnostics import CATALOGUE, CATALOGUE_ZH, ERROR, NOTE, WARNING, render

from helpers import HEADER, RULESETS, ROOT

PUBLICATION = '''  category group
  ics "13.020.40"
  ccs "Z 04"
  stage draft_for_comment
  released "2026-03-01"
  effective "2026-06-01"
  proposer zh "某行业协会" en "An industry association"
  committee zh "某标准化技术委员会" en "A standardization committee"
  drafting_units zh "甲公司" en "Company A", zh "乙研究院" en "Institute B"
  drafters "张三", "李四"
  normative {
    "GB/T 24067—2024" zh "温室气体　产品碳足迹　量化要求和指南" en "Carbon footprint of products"
    "ISO 14044:2006" zh "环境管理　生命周期评价　要求与指南" en "Life cycle assessment"
  }
  bibliography {
    "IPCC 2006" zh "2006年IPCC国家温室气体清单指南" en "2006 IPCC Guidelines"
  }
'''
BODY = '''input coal: t in [0, 1e9] primary symbol "AD_{coal}" zh "燃煤消耗量" en "Coal burnt"
factor coal_ef: tCO2/t = 1.9 source "IPCC 2006, Vol. 2, Table 1.4"
  source zh "IPCC 2006，第 2 卷，表 1.4" en "IPCC 2006, Vol. 2, Table 1.4"
  symbol "EF_{coal}" zh "燃煤排放因子" en "Coal emission factor"
quantity fuel_co2: tCO2 symbol "E_{fuel}" zh "燃煤 CO2" en "CO2 from coal" = coal * coal_ef
emission smelting_fuel in make.smelting, gas CO2, fossil, symbol "E_{smelt}" = fuel_co2
emission mining_fuel in raw.mining, gas CO2, fossil = 0.1 * fuel_co2
example "one tonne" zh "一吨" en "One tonne" {
  given output = 1 t, coal = 1 t
  expect total = 2.09 tCO2e within 0.0001 %  # 1 t coal x 1.9 tCO2/t x (1 + 0.1), per 1 t of product
}
'''
BASE = HEADER.replace("  production output\n", "  production output\n" + PUBLICATION, 1) + BODY


def edit(*replacements: tuple[str, str], text: str = BASE) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"not unique in the base text: {old!r}"
        text = text.replace(old, new)
    return text


def at(text: str, needle: str, context: str | None = None) -> tuple[int, int, int]:
    """(line, column, end column) of `needle`, found at its place inside the unique `context`."""
    context = needle if context is None else context
    assert text.count(context) == 1, f"not unique: {context!r}"
    start = text.index(context) + context.index(needle)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column, column + len(needle)


class Case(NamedTuple):
    id: str
    text: str
    code: str
    message: str
    needle: str  # the text the caret is under
    context: str | None = None  # a unique text around the needle
    help: str | None = None  # None: the catalogue's help


CASES = [
    Case("PCR130", edit(("category group", "category gruop")), "PCR130", "unknown document category `gruop`",
         "gruop", help="did you mean `group`?"),
    Case("PCR130-far", edit(("category group", "category association")), "PCR130",
         "unknown document category `association`", "association", "category association"),
    Case("PCR131", edit(("stage draft_for_comment", "stage draft_for_coment")), "PCR131",
         "unknown stage `draft_for_coment`", "draft_for_coment", help="did you mean `draft_for_comment`?"),
    Case("PCR132", edit(('released "2026-03-01"', 'released "2026-02-30"')), "PCR132",
         '`released` is not a date: write "YYYY-MM-DD"', '"2026-02-30"'),
    Case("PCR132-words", edit(('released "2026-03-01"', 'released "1 March 2026"')), "PCR132",
         '`released` is not a date: write "YYYY-MM-DD"', '"1 March 2026"'),
    Case("PCR133", edit(('effective "2026-06-01"', 'effective "2026-02-28"')), "PCR133",
         "the implementation date is before the release date", '"2026-02-28"',
         help='`effective` "2026-02-28" is before `released` "2026-03-01"'),
    Case("PCR134", edit(('ics "13.020.40"', 'ics "13.20.40"')), "PCR134",
         "ICS code `13.20.40` is not of the form 13.020.40", '"13.20.40"'),
    Case("PCR135", edit(('ccs "Z 04"', 'ccs "Z04X"')), "PCR135", "CCS code `Z04X` is not of the form Z 04",
         '"Z04X"'),
    Case("PCR136-input", edit(('symbol "AD_{coal}"', 'symbol "AD_{coal"')), "PCR136",
         "symbol `AD_{coal` cannot be typeset: unclosed {", '"AD_{coal"'),
    Case("PCR136-quantity", edit(('symbol "E_{fuel}"', 'symbol "E_{fuel}$"')), "PCR136",
         "symbol `E_{fuel}$` cannot be typeset: character '$' is not allowed in a symbol", '"E_{fuel}$"'),
    Case("PCR136-contribution", edit(('symbol "E_{smelt}"', 'symbol "E_{\\\\frac}"')), "PCR136",
         "symbol `E_{\\frac}` cannot be typeset: unknown command \\frac", '"E_{\\\\frac}"'),
    Case("PCR137", edit(('symbol "E_{smelt}"', 'symbol "E_{ fuel }"')), "PCR137",
         "symbol `E_{ fuel }` is given to both `fuel_co2` and `smelting_fuel`", '"E_{ fuel }"'),
    Case("PCR138-proposer", edit(('proposer zh "某行业协会" en "An industry association"', 'proposer zh "某行业协会"')),
         "PCR138", "the proposer is given in one language only", 'zh "某行业协会"',
         help="add the English (en) text"),
    Case("PCR138-committee", edit(('committee zh "某标准化技术委员会" en', 'committee zh "" en')), "PCR138",
         "the committee is given in one language only", 'zh "" en "A standardization committee"',
         help="add the Chinese (zh) text"),
    Case("PCR138-unit", edit(('zh "乙研究院" en "Institute B"', 'en "Institute B"')), "PCR138",
         'the drafting unit "Institute B" is given in one language only', 'en "Institute B"',
         help="add the Chinese (zh) text"),
    Case("PCR139", edit(('"ISO 14044:2006" zh', '"GB/T 24067-2024" zh')), "PCR139",
         "reference `GB/T 24067-2024` is listed twice",
         '"GB/T 24067-2024" zh "环境管理　生命周期评价　要求与指南" en "Life cycle assessment"',
         help="it is already listed at line %d" % at(BASE, '"GB/T 24067—2024"')[0]),
    Case("PCR139-bibliography", edit(('"IPCC 2006" zh', '"ISO 14044: 2006" zh')), "PCR139",
         "reference `ISO 14044: 2006` is listed twice",
         '"ISO 14044: 2006" zh "2006年IPCC国家温室气体清单指南" en "2006 IPCC Guidelines"',
         help="it is already listed at line %d" % at(BASE, '"ISO 14044:2006"')[0]),
    Case("PCR140", edit((' zh "环境管理　生命周期评价　要求与指南" en "Life cycle assessment"', "")), "PCR140",
         "normative reference `ISO 14044:2006` has no title", '"ISO 14044:2006"'),
    Case("PCR141", edit(('  proposer zh "某行业协会" en "An industry association"\n', ""),
                        ('  committee zh "某标准化技术委员会" en "A standardization committee"\n', "")),
         "PCR141", "a draft for comment without proposer or committee", "draft_for_comment"),
    Case("PCR141-final", edit(("stage draft_for_comment", "stage final_draft"),
                              ('  drafting_units zh "甲公司" en "Company A", zh "乙研究院" en "Institute B"\n', "")),
         "PCR141", "a final draft without drafting units", "final_draft"),
    Case("PCR142", edit(('source zh "IPCC 2006，第 2 卷，表 1.4" en', 'source zh "IPCC 2006，第 2 卷，表 1.4" zh')),
         "PCR142", "the source of `coal_ef` is given in one language only",
         'zh "IPCC 2006，第 2 卷，表 1.4" zh "IPCC 2006, Vol. 2, Table 1.4"', help="add the English (en) text"),
    Case("PCR143", edit(('"ISO 14044:2006" zh', '"IPCC 2019 Refinement" zh')), "PCR143",
         "`IPCC 2019 Refinement` is no standard's code: it belongs in the bibliography",
         '"IPCC 2019 Refinement" zh "环境管理　生命周期评价　要求与指南" en "Life cycle assessment"'),
    Case("PCR144", edit(('source "IPCC 2006, Vol. 2, Table 1.4"\n  source zh', "\n  source zh")), "PCR144",
         "the factor `coal_ef` has a source only in `source zh/en`; add `source \"…\"`",
         'zh "IPCC 2006，第 2 卷，表 1.4" en "IPCC 2006, Vol. 2, Table 1.4"'),
]


def test_the_base_rule_is_clean():
    c = compile_text(BASE, "t.pcr")
    assert c.ok and not c.diagnostics, [render(d, c.text) for d in c.diagnostics]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_diagnostic(case: Case):
    c = compile_text(case.text, "t.pcr")
    assert [d.code for d in c.diagnostics] == [case.code], [render(d, c.text) for d in c.diagnostics]
    d = c.diagnostics[0]
    assert d.message == case.message
    line, column, end_column = at(case.text, case.needle, case.context)
    assert (d.span.file, d.span.line, d.span.column, d.span.end_line, d.span.end_column) == \
        ("t.pcr", line, column, line, end_column)
    assert d.help == case.help
    # the caret: under the needle, in the source line as written
    source_line = case.text.splitlines()[line - 1]
    rendered = render(d, case.text).splitlines()
    assert rendered[3] == f"{line} | {source_line}"
    caret = rendered[4].split(" | ", 1)[1]
    width = sum(2 if ord(ch) > 0x2e7f else 1 for ch in case.needle)  # Chinese characters take two columns
    indent = sum(2 if ord(ch) > 0x2e7f else 1 for ch in source_line[:column - 1])
    assert caret == " " * indent + "^" * width
    assert c.ok == (CATALOGUE[case.code][0] != ERROR)


def test_every_publication_code_has_a_case_and_chinese_text():
    codes = [f"PCR{n}" for n in range(130, 145)]
    assert {c.code for c in CASES} == set(codes)
    for code in codes:
        assert code in CATALOGUE and code in CATALOGUE_ZH, code
    # severities as the design note tables them
    assert {c for c in codes if CATALOGUE[c][0] == WARNING} == {"PCR133", "PCR138", "PCR140", "PCR141", "PCR144"}
    assert {c for c in codes if CATALOGUE[c][0] == NOTE} == {"PCR143"}


def test_a_factor_with_only_a_bilingual_source_is_not_a_factor_without_source():
    """W02 is for a factor with no source at all; one with `source zh/en` only gets PCR144."""
    only_bilingual = next(c for c in CASES if c.id == "PCR144").text
    none = edit(('source "IPCC 2006, Vol. 2, Table 1.4"\n  source zh "IPCC 2006，第 2 卷，表 1.4" en '
                 '"IPCC 2006, Vol. 2, Table 1.4"\n', "\n"))
    assert [d.code for d in compile_text(only_bilingual, "t.pcr").diagnostics] == ["PCR144"]
    assert [d.code for d in compile_text(none, "t.pcr").diagnostics] == ["PCR-W02"]


def test_a_stage_before_comment_needs_no_foreword_facts():
    text = edit(("stage draft_for_comment", "stage working_draft"),
                ('  proposer zh "某行业协会" en "An industry association"\n', ""))
    assert compile_text(text, "t.pcr").diagnostics == []


def test_dates_are_compared_only_when_both_are_dates():
    text = edit(('effective "2026-06-01"', 'effective "2026-13-01"'))
    assert [d.code for d in compile_text(text, "t.pcr").diagnostics] == []  # PCR111 checks the form only
    text = edit(('released "2026-03-01"', 'released "2026-06-01"'))
    assert compile_text(text, "t.pcr").diagnostics == []  # released the day it is implemented


@pytest.mark.parametrize("path", RULESETS + sorted((ROOT / "pcrlang" / "stdlib").glob("*.pcr")),
                         ids=lambda p: p.stem)
def test_every_shipped_ruleset_is_clean_of_publication_diagnostics(path):
    """`pcr check --strict` still passes: no publication code fires on a shipped rule (the notes
    they had are the unverified values, PCR-W07)."""
    c = compile_file(str(path))
    assert c.ok
    assert [d.code for d in c.diagnostics if d.code != "PCR-W07"] == []
