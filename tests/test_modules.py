"""Modules: libraries imported, general rules extended, overrides explicit, and every mistake
(missing import, cycle, silent shadowing, override of nothing) a diagnostic."""
import os
from pathlib import Path

import pytest

from pcrlang.compiler import compile_file
from pcrlang.diagnostics import render
from pcrlang.interpret import calculate, to_json_numbers

HERE = Path(__file__).parent / "data" / "modules"
ROOT = Path(__file__).resolve().parent.parent


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
    assert ("PCR120", "cannot find `missing.pcr` next to the importing file, on the import path or in the standard "
                      "library") in found
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


# ---- where imports are looked for, and confinement (reproducers of the file-disclosure finding) ---

LIB = 'library "L" version "1.0.0" {{ title zh "库" en "Lib" }}\n{body}'
RULE = (HERE / "base.pcr").read_text(encoding="utf-8")  # imports "lib.pcr" and uses its factor `grid`
SECRET = "SECRET-TOKEN-8c1f"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rule_importing(where: str) -> str:
    return RULE.replace('import "lib.pcr"', f'import "{where}"')


def everything_shown(c) -> str:
    """All a user of `pcr check` (text or JSON) or a language server would see."""
    import json as json_
    return "\n".join(render(d, c.text_of(d.span.file)) for d in c.diagnostics) + json_.dumps(
        [d.as_dict() for d in c.diagnostics], ensure_ascii=False)


@pytest.fixture
def no_environment(monkeypatch):
    monkeypatch.delenv("PCRLANG_PATH", raising=False)
    monkeypatch.delenv("PCRLANG_TRUST_IMPORTS", raising=False)


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/passwd.pcr", "/etc/shadow", "/proc/self/environ"])
def test_an_absolute_import_is_refused_and_nothing_is_read(tmp_path, path, no_environment):
    rule = write(tmp_path / "rule.pcr", rule_importing(path))
    c = compile_file(str(rule))
    problems = [(d.code, d.message) for d in c.diagnostics if d.code.startswith("PCR12")]
    assert problems == [("PCR126", f"`{path}` is an absolute path; imports stay inside the project, the import "
                                   "path and the standard library")]
    assert set(c.texts) == {str(rule)}  # no other file was read
    assert "root:" not in everything_shown(c)


def test_dotdot_out_of_the_project_is_refused(tmp_path, no_environment):
    write(tmp_path / "secret.pcr", SECRET + " is not pcrlang\n")
    rule = write(tmp_path / "project" / "rule.pcr", rule_importing("../secret.pcr"))
    c = compile_file(str(rule))
    (d,) = [d for d in c.diagnostics if d.code.startswith("PCR12")]
    assert (d.code, d.message) == ("PCR126", "`../secret.pcr` leads outside the project, the import path and the "
                                             "standard library")
    assert (d.span.file, d.span.line) == (str(rule), RULE.splitlines().index('import "lib.pcr"') + 1)
    assert SECRET not in everything_shown(c) and set(c.texts) == {str(rule)}


def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path, no_environment):
    write(tmp_path / "secret.pcr", SECRET + "\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "lib.pcr").symlink_to(tmp_path / "secret.pcr")
    rule = write(tmp_path / "project" / "rule.pcr", RULE)
    c = compile_file(str(rule))
    assert [d.code for d in c.diagnostics if d.code.startswith("PCR12")] == ["PCR126"]
    assert SECRET not in everything_shown(c)


def test_dotdot_inside_the_project_is_fine(tmp_path, no_environment):
    write(tmp_path / "lib.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    write(tmp_path / "libs" / "wrapper.pcr", LIB.format(body='import "../lib.pcr"\n'))
    rule = write(tmp_path / "rule.pcr", rule_importing("libs/wrapper.pcr"))
    c = compile_file(str(rule))
    assert c.ok, codes(c)


def test_trusted_imports_may_go_anywhere(tmp_path, monkeypatch, no_environment):
    outside = write(tmp_path / "shared" / "lib.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    for where in (str(outside), "../shared/lib.pcr"):
        rule = write(tmp_path / "project" / "rule.pcr", rule_importing(where))
        assert not compile_file(str(rule)).ok
        assert compile_file(str(rule), allow_any_import=True).ok, where
        monkeypatch.setenv("PCRLANG_TRUST_IMPORTS", "1")
        assert compile_file(str(rule)).ok
        monkeypatch.delenv("PCRLANG_TRUST_IMPORTS")
    rule = write(tmp_path / "project" / "rule.pcr", rule_importing("/etc/passwd"))
    c = compile_file(str(rule), allow_any_import=True)  # trusted, but only .pcr files are imported
    assert [(d.code, d.message) for d in c.diagnostics if d.code.startswith("PCR12")] == [
        ("PCR128", "`/etc/passwd` is not a .pcr file")]


def test_the_import_path_and_its_order(tmp_path, monkeypatch, no_environment):
    grid = (HERE / "lib.pcr").read_text(encoding="utf-8")
    first = write(tmp_path / "first" / "lib.pcr", grid.replace("0.5366", "0.6"))
    write(tmp_path / "second" / "lib.pcr", grid.replace("0.5366", "0.7"))
    rule = write(tmp_path / "project" / "rule.pcr", RULE)

    def grid_value(**options):
        c = compile_file(str(rule), run_examples=False, **options)
        assert c.ok, codes(c)
        return next(f for f in c.ruleset.factors if f.name == "grid").value

    assert not compile_file(str(rule)).ok  # not next to the rule, nowhere else
    assert grid_value(import_path=[str(tmp_path / "first")]) == grid_value(
        import_path=[str(tmp_path / "first"), str(tmp_path / "second")])
    monkeypatch.setenv("PCRLANG_PATH", os.pathsep.join([str(tmp_path / "second"), str(tmp_path / "first")]))
    from_environment = grid_value()
    assert from_environment != grid_value(import_path=[str(tmp_path / "first")])  # --import-path comes first
    write(tmp_path / "project" / "lib.pcr", grid)
    assert grid_value() == grid_value(import_path=[str(first.parent)]) != from_environment  # the rule's folder first


def test_the_standard_library_is_found_from_anywhere(tmp_path, no_environment):
    rule = write(tmp_path / "rule.pcr", (ROOT / "rulesets" / "copper.pcr").read_text(encoding="utf-8"))
    c = compile_file(str(rule))
    assert c.ok, codes(c)
    assert any(f.endswith(os.path.join("pcrlang", "stdlib", "cn_grid.pcr")) for f in c.texts)


def test_an_import_path_folder_does_not_let_dotdot_out(tmp_path, no_environment):
    write(tmp_path / "secret.pcr", SECRET + "\n")
    rule = write(tmp_path / "project" / "rule.pcr", rule_importing("../secret.pcr"))
    c = compile_file(str(rule), import_path=[str(tmp_path / "libs")])
    assert [d.code for d in c.diagnostics if d.code.startswith("PCR12")] == ["PCR126"]
    assert SECRET not in everything_shown(c)


@pytest.mark.parametrize("path,message", [("", "the import path is empty"), ("grid.txt", "`grid.txt` is not a .pcr file"),
                                          ("lib", "`lib` is not a .pcr file")])
def test_invalid_import_paths(tmp_path, path, message, no_environment):
    rule = write(tmp_path / "rule.pcr", rule_importing(path))
    assert [(d.code, d.message) for d in compile_file(str(rule)).diagnostics if d.code.startswith("PCR12")] == [
        ("PCR128", message)]


def test_extends_is_confined_too(tmp_path, no_environment):
    write(tmp_path / "general.pcr", SECRET + "\n")
    rule = write(tmp_path / "project" / "rule.pcr", (HERE / "child.pcr").read_text(encoding="utf-8").replace(
        'extends "base.pcr"', 'extends "../general.pcr"'))
    c = compile_file(str(rule))
    assert "PCR126" in [d.code for d in c.diagnostics] and SECRET not in everything_shown(c)


def test_a_thousand_chained_imports(tmp_path, no_environment):
    """1 000 chained imports hit the recursion limit (PCR006 at 1:1 and 75 unknown names)."""
    for i in range(1, 1001):
        write(tmp_path / f"l{i}.pcr", LIB.format(body=f'import "l{i + 1}.pcr"\nfactor f{i}: t/t = 1 source "x"\n'))
    rule = write(tmp_path / "rule.pcr", RULE.replace('import "lib.pcr"', 'import "l1.pcr"\nimport "lib.pcr"'))
    write(tmp_path / "lib.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    c = compile_file(str(rule))
    errors = [(d.code, d.message, os.path.basename(d.span.file)) for d in c.diagnostics if d.is_error]
    assert errors == [("PCR127", "`l100.pcr` would be the file 101 of a chain of imports; at most 100 are read",
                       "l99.pcr")]
    assert len(c.texts) == 1 + 99 + 1  # the rule, l1 to l99, lib.pcr


def test_a_chain_at_the_limit_loads(tmp_path, no_environment):
    for i in range(1, 99):
        write(tmp_path / f"l{i}.pcr", LIB.format(body=f'import "l{i + 1}.pcr"\n'))
    write(tmp_path / "l99.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    rule = write(tmp_path / "rule.pcr", rule_importing("l1.pcr"))
    c = compile_file(str(rule))
    assert c.ok, codes(c)  # `grid` comes from l99.pcr, the 100th file


def test_many_paths_to_one_library_expand_it_once(tmp_path, no_environment):
    """A lattice 20 deep and 2 wide has 2^20 paths; each library is expanded once."""
    write(tmp_path / "bottom.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    below = ["bottom.pcr"]
    for level in range(20):
        names = [f"a{level}.pcr", f"b{level}.pcr"]
        for n in names:
            write(tmp_path / n, LIB.format(body="".join(f'import "{b}"\n' for b in below)))
        below = names
    rule = write(tmp_path / "rule.pcr", rule_importing(below[0]))
    c = compile_file(str(rule))
    assert c.ok, codes(c)


def test_cli_import_flags(tmp_path, monkeypatch, no_environment, capsys):
    from pcrlang.cli import main
    write(tmp_path / "shared" / "lib.pcr", (HERE / "lib.pcr").read_text(encoding="utf-8"))
    rule = str(write(tmp_path / "project" / "rule.pcr", RULE))
    assert main(["check", rule]) == 1
    assert main(["check", "--import-path", str(tmp_path / "shared"), rule]) == 0
    assert main(["check", "--import-path", str(tmp_path / "nowhere"), "--import-path", str(tmp_path / "shared"),
                 rule]) == 0
    outside = str(write(tmp_path / "project" / "outside.pcr", rule_importing("../shared/lib.pcr")))
    assert main(["check", outside]) == 1
    assert "error[PCR126]: `../shared/lib.pcr` leads outside the project" in capsys.readouterr().err
    assert main(["check", "--trust-imports", outside]) == 0
    for command in (["compile", "-o", str(tmp_path / "calc.py")], ["ir", "-o", str(tmp_path / "ir.json")],
                    ["schema", "-o", str(tmp_path / "schema.json")], ["doc", "-o", str(tmp_path / "doc")]):
        assert main([command[0], "--trust-imports", outside, *command[1:]]) == 0, command
        assert main([command[0], outside, *command[1:]]) == 1, command
    (tmp_path / "in.json").write_text('{"output": 1, "power": 1000}', encoding="utf-8")
    assert main(["calc", "--import-path", str(tmp_path / "shared"), rule, "-i", str(tmp_path / "in.json")]) == 0
