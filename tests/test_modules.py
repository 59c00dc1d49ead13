"""Modules: libraries imported, general rules extended, overrides explicit, and every mistake
(missing import, cycle, silent shadowing, override of nothing) a diagnostic."""
from pathlib import Path

import pytest

from pcrlang.compiler import compile_file
from pcrlang.diagnostics import render
from pcrlang.interpret import calculate, to_json_numbers

HERE = Path(__file__).parent / "data" / "modules"


def codes(c):
    return [(d.code, d.message) for d in c.diagnostics if d.is_error]


def test_a_library_checks_clean_and_a_ruleset_uses_its_factor():
    assert compile_file(str(HERE / "lib.pcr")).ok
    base = compile_file(str(HERE / "base.pcr"))
    assert base.ok and not base.diagnostics
    r = to_json_numbers(calculate(base.ruleset, {"output": 1, "power": 1000}, base.fingerprint))
    assert r["total"] == pytest.approx(536.6, rel=1e-12)  # 1 000 kWh x 0.5366 from the library
    grid = next(f for f in base.ruleset.factors if f.name == "grid")
    assert grid.source == "MEE and NBS 2022"


def test_extending_with_an_explicit_override():
    child = compile_file(str(HERE / "child.pcr"))
    assert child.ok, codes(child)
    rs = child.ruleset
    assert rs.identifier == "CHILD" and rs.title.en == "Specific rule"
    assert rs.declared_unit == "t" and rs.gwp_set == "AR6"  # inherited header fields
    assert [e.title for e in rs.examples] == ["child"]  # the general rule's examples are not inherited
    r = to_json_numbers(calculate(rs, {"output": 1, "power": 1000}, child.fingerprint))
    assert r["total"] == pytest.approx(600, rel=1e-12)  # 1 000 kWh x the overriding 0.6


def test_module_mistakes_are_diagnostics():
    c = compile_file(str(HERE / "shadow.pcr"))
    found = codes(c)
    assert ("PCR120", f"cannot find `missing.pcr` (looked for {HERE / 'missing.pcr'})") in found
    assert ("PCR124", "`child.pcr` is a ruleset, not a library") in found
    assert ("PCR123", "`override` of `nothing`, which no imported or extended module declares") in found
    shadow = next(d for d in c.diagnostics if d.code == "PCR122")
    assert shadow.message == f"`grid` is already declared in {HERE / 'lib.pcr'}:4"
    assert shadow.span.file == str(HERE / "shadow.pcr") and shadow.span.line == 4
    assert "factor grid" in render(shadow, c.text_of(shadow.span.file))


def test_import_cycles_are_diagnostics():
    c = compile_file(str(HERE / "cyc_a.pcr"))
    assert [d.code for d in c.diagnostics] == ["PCR121"]


def test_diagnostics_in_an_imported_file_show_that_file(tmp_path):
    (tmp_path / "lib.pcr").write_text('library "L" version "1.0.0" { title zh "库" en "Lib" }\n'
                                      'factor grid: kgCO2/kWhh = 0.5 source "x" zh "电" en "Grid"\n', encoding="utf-8")
    (tmp_path / "rule.pcr").write_text((HERE / "base.pcr").read_text(encoding="utf-8"), encoding="utf-8")
    c = compile_file(str(tmp_path / "rule.pcr"))
    (bad,) = [d for d in c.diagnostics if d.code == "PCR301"]
    assert bad.span.file == str(tmp_path / "lib.pcr")
    text = render(bad, c.text_of(bad.span.file))
    assert "kgCO2/kWhh" in text and "^^^^" in text
