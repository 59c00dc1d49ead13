"""Language editions (`language 1`), deprecations (PCR-W10 with a fix) and `pcr migrate`.

No construct of edition 1 is deprecated yet, so the tests put entries into the deprecation
table (pcrlang/domain/editions.py) as a later edition would."""
from __future__ import annotations

import pytest

from helpers import HEADER
from pcrlang import cli
from pcrlang.compiler import compile_text
from pcrlang.diagnostics import CATALOGUE, render
from pcrlang.domain import editions
from pcrlang.migrate import migrate

TONNE = editions.Deprecation("D900", 1, "unit", "tonne", "t")
UP = editions.Deprecation("D901", 1, "rounding", "up", "half_up")


def at(text: str, needle: str, context: str) -> tuple[int, int, int]:
    """(line, column, end column) of `needle` inside the unique `context`."""
    assert text.count(context) == 1, context
    start = text.index(context) + context.index(needle)
    column = start - text.rfind("\n", 0, start)
    return text.count("\n", 0, start) + 1, column, column + len(needle)


def diagnostics(text: str, path: str = "t.pcr"):
    return compile_text(text, path).diagnostics


def with_edition(edition: str) -> str:
    return HEADER.replace("  gwp AR6\n", f"  language {edition}\n  gwp AR6\n")


# ---- the edition a file states --------------------------------------------------------------
@pytest.mark.parametrize("text", [HEADER, with_edition("1"), with_edition("1.0")], ids=["none", "1", "1.0"])
def test_the_current_edition_checks_without_a_word(text):
    assert not [d for d in diagnostics(text) if d.is_error or d.code in ("PCR113", "PCR-W10")]


@pytest.mark.parametrize("edition", ["2", "0.5", "0"])
def test_an_unknown_edition_is_an_error(edition):
    text = with_edition(edition)
    [d] = [d for d in diagnostics(text) if d.is_error]
    line = text[:text.index(f"language {edition}")].count("\n") + 1
    assert (d.code, d.message, d.help) == ("PCR113", f"unknown language edition `{edition}`", None)
    assert (d.span.line, d.span.column, d.span.end_column) == (line, 12, 12 + len(edition))
    assert CATALOGUE["PCR113"][2].startswith("this compiler knows language edition 1;")


def test_a_library_states_its_edition_too():
    text = 'library "LIB" version "1.0.0" {\n  language 3\n  title zh "库" en "Library"\n}\n'
    assert [(d.code, d.message) for d in diagnostics(text, "lib.pcr") if d.is_error] == [
        ("PCR113", "unknown language edition `3`")]


# ---- deprecations ---------------------------------------------------------------------------
@pytest.fixture
def deprecated(monkeypatch):
    monkeypatch.setattr(editions, "DEPRECATIONS", (TONNE, UP))


TONNES = HEADER.replace("declared_unit 1 t", "declared_unit 1 tonne") + (
    'input slag: tonne/tonne in [0, 1] zh "渣比" en "Slag ratio"\n'
    'factor ef: kgCO2/tonne = 2 source "Plant data" zh "因子" en "Factor"\n'
    'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = output * ef * (1 + slag)\n'
    'grading zh "分级" en "Grading" {\n  round to 1 decimals up\n  class A <= 5 kgCO2e\n  class B otherwise\n}\n')


def test_a_deprecated_word_is_a_warning_with_its_caret_and_a_fix(deprecated):
    found = [d for d in diagnostics(TONNES) if d.code == "PCR-W10"]
    expected = [(*at(TONNES, "tonne", "1 tonne zh"), "t"), (*at(TONNES, "tonne", "tonne/tonne"), "t"),
                (*at(TONNES, "tonne", "/tonne in"), "t"), (*at(TONNES, "tonne", "kgCO2/tonne"), "t"),
                (*at(TONNES, "up", "decimals up"), "half_up")]
    assert [(d.span.line, d.span.column, d.span.end_column, d.fix.replacement) for d in found] == expected
    assert all(d.fix.span == d.span for d in found)
    assert render(found[0], TONNES) == (
        "warning[PCR-W10]: the unit `tonne` is deprecated: write `t`\n"
        "  --> t.pcr:5:19\n"
        "  |\n"
        '5 |   declared_unit 1 tonne zh "1 吨产品" en "one tonne of product"\n'
        "  |                   ^^^^^\n"
        "  = deprecated construct; help: write `t` (D900, deprecated in edition 1); "
        "`pcr migrate FILE --write` rewrites it")
    chinese = render(found[0], TONNES, lang="zh").splitlines()  # the warning built from the deprecation's words
    assert chinese[0] == "warning[PCR-W10]: 单位 `tonne` 已弃用：请改写为 `t`"
    assert chinese[-1] == "  = 已弃用的写法；帮助：改写为 `t`（D900，自第 1 版起弃用）；`pcr migrate FILE --write` 会改写它"
    assert found[-1].message == "the rounding mode `up` is deprecated: write `half_up`"
    assert found[0].as_dict()["fix"] == {
        "span": {"file": "t.pcr", "line": 5, "column": 19, "end_line": 5, "end_column": 24}, "replacement": "t"}
    assert not found[0].is_error


def test_a_diagnostic_without_a_fix_keeps_its_json_form():
    d = next(d for d in diagnostics(HEADER) if d.code == "PCR-W06")
    assert list(d.as_dict()) == ["code", "severity", "title", "message", "span", "help"]


def test_migrate_rewrites_every_deprecated_word_and_the_result_checks_clean(deprecated):
    before = [d for d in diagnostics(TONNES) if d.code != "PCR-W10"]
    text, applied = migrate(TONNES, "t.pcr")
    assert len(applied) == 5
    assert text == (TONNES.replace("1 tonne zh", "1 t zh").replace("tonne/tonne", "t/t").replace("CO2/tonne", "CO2/t")
                    .replace("decimals up", "decimals half_up"))
    after = diagnostics(text)
    assert not any(d.code == "PCR-W10" for d in after)
    assert [(d.code, d.message) for d in after] == [(d.code, d.message) for d in before]  # nothing else changes
    assert migrate(text, "t.pcr") == (text, [])


def test_nothing_to_migrate_without_deprecations():
    assert migrate(TONNES, "t.pcr") == (TONNES, [])


def test_a_file_written_for_an_earlier_edition_is_not_warned(monkeypatch):
    monkeypatch.setattr(editions, "KNOWN_EDITIONS", (1, 2))
    monkeypatch.setattr(editions, "CURRENT_EDITION", 2)
    monkeypatch.setattr(editions, "DEPRECATIONS", (editions.Deprecation("D902", 2, "unit", "tonne", "t"),))
    text = TONNES.replace("  gwp AR6\n", "  language EDITION\n  gwp AR6\n")
    warned = lambda t: sum(d.code == "PCR-W10" for d in diagnostics(t))
    assert warned(text.replace("EDITION", "1")) == 0
    assert warned(text.replace("EDITION", "2")) == 4
    assert warned(TONNES) == 4  # no edition stated: the current one


def test_an_imported_library_is_migrated_on_its_own(deprecated, tmp_path):
    (tmp_path / "lib.pcr").write_text('library "LIB" version "1.0.0" { title zh "库" en "Library" }\n'
                                      'factor lib_ef: kgCO2/tonne = 2 source "s" zh "因子" en "Factor"\n',
                                      encoding="utf-8")
    rule = 'import "lib.pcr"\n' + HEADER + (
        'emission e in make.smelting, gas CO2, fossil zh "排放" en "Emission" = output * lib_ef\n')
    path = str(tmp_path / "rule.pcr")
    assert not any(d.code == "PCR-W10" for d in diagnostics(rule, path))
    assert migrate(rule, path) == (rule, [])
    lib = (tmp_path / "lib.pcr").read_text(encoding="utf-8")
    assert migrate(lib, str(tmp_path / "lib.pcr"))[0] == lib.replace("kgCO2/tonne", "kgCO2/t")


# ---- pcr migrate ----------------------------------------------------------------------------
def test_pcr_migrate_shows_a_diff_then_writes(deprecated, tmp_path, capsys):
    path = tmp_path / "rule.pcr"
    path.write_text(TONNES, encoding="utf-8")
    assert cli.main(["migrate", str(path)]) == 1  # a rewrite is pending
    diff = capsys.readouterr().out
    assert f"--- {path}\n+++ {path} (migrated)\n" in diff
    assert '-  declared_unit 1 tonne zh "1 吨产品"' in diff and '+  declared_unit 1 t zh "1 吨产品"' in diff
    assert path.read_text(encoding="utf-8") == TONNES  # untouched without --write
    assert cli.main(["migrate", "--write", str(path)]) == 0
    assert "5 deprecated constructs rewritten" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == migrate(TONNES, str(path))[0]
    assert cli.main(["migrate", str(path)]) == 0  # nothing left to do
    assert capsys.readouterr().out == ""


def test_pcr_migrate_of_an_unreadable_file(tmp_path, capsys):
    assert cli.main(["migrate", str(tmp_path / "missing.pcr")]) == 2
    assert "missing.pcr: cannot read" in capsys.readouterr().err
