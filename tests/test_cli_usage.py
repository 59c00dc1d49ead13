"""The command line as users of ruff or mypy expect it: exit codes, usage errors in one line,
libraries, standard input, byte-order marks (issue 14)."""
from __future__ import annotations

import shutil
import subprocess
import sys

from helpers import ROOT

STDLIB = ROOT / "pcrlang" / "stdlib"
LIME = ROOT / "rulesets" / "lime.pcr"


def pcr(*args, stdin=None, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "pcrlang", *map(str, args)], input=stdin, capture_output=True,
                          text=True, cwd=cwd or ROOT, env=env)


def test_test_reports_a_library_as_a_library_and_passes(tmp_path):
    shutil.copy(STDLIB / "gwp.pcr", tmp_path / "gwp.pcr")
    shutil.copy(LIME, tmp_path / "lime.pcr")  # imports cn_grid, ipcc_fuels, carbonates, freight: from the standard library
    result = pcr("test", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{tmp_path / 'gwp.pcr'}: library (no examples to run)\n" in result.stdout
    assert "interpreter ok; calculator ok" in result.stdout


def test_test_of_the_standard_library_alone_passes():
    result = pcr("test", STDLIB)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": library (no examples to run)") == len(list(STDLIB.glob("*.pcr")))


def test_an_empty_directory_is_a_usage_error(tmp_path):
    for command in ("check", "test", "migrate"):
        result = pcr(command, tmp_path)
        assert result.returncode == 2, command
        assert result.stderr == f"pcr {command}: no .pcr files in {tmp_path}\n"
        assert result.stdout == ""


def test_compile_into_a_missing_directory_is_one_line_and_exit_two(tmp_path):
    result = pcr("compile", LIME, "-o", "missing_dir/x.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "pcr compile: cannot write missing_dir/x.py: no such directory\n"
    assert not (tmp_path / "missing_dir").exists()


def test_compile_into_a_directory_is_one_line_and_exit_two(tmp_path):
    result = pcr("compile", LIME, "-o", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "pcr compile: cannot write .: it is a directory; name a file\n"


def test_schema_and_ir_into_a_directory_are_usage_errors(tmp_path):
    for command in ("schema", "ir"):
        result = pcr(command, LIME, "-o", tmp_path)
        assert (result.returncode, result.stderr) == (2, f"pcr {command}: cannot write {tmp_path}: it is a directory; "
                                                         "name a file\n")


def test_doc_into_an_unwritable_place_is_one_line_and_exit_two(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    # a site into a path below a regular file: no user (not even root) can create that directory
    result = pcr("doc", LIME, "-o", blocker / "site")
    assert result.returncode == 2
    assert result.stderr == f"pcr doc: cannot write {blocker / 'site'}: Not a directory\n"
    result = pcr("doc", LIME, "--format", "docx", "-o", blocker / "x.docx")
    assert result.returncode == 2
    assert result.stderr == f"pcr doc: cannot write {blocker / 'x.docx'}: Not a directory\n"
    result = pcr("doc", LIME, "--format", "docx", "-o", tmp_path / "missing" / "x.docx")
    assert result.returncode == 2
    assert result.stderr == f"pcr doc: cannot write {tmp_path / 'missing' / 'x.docx'}: no such directory\n"


def test_check_reads_standard_input(tmp_path):
    text = LIME.read_text(encoding="utf-8")
    result = pcr("check", "-", stdin=text, cwd=tmp_path)  # its imports come from the standard library
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<stdin>: ok (0 errors")
    bad = text.replace('gwp AR6', 'gwp AR7', 1)
    result = pcr("check", "-", stdin=bad, cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, s in enumerate(bad.split("\n"), 1) if "gwp AR7" in s)
    assert "error[PCR106]" in result.stderr and f"  --> <stdin>:{line}:" in result.stderr
    assert "gwp AR7" in result.stderr  # the source line is shown from the text read


def test_check_standard_input_that_is_not_utf8(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pcrlang", "check", "-"], input=b"ruleset \xff", capture_output=True,
                            cwd=tmp_path)
    assert result.returncode == 1
    assert b"error[PCR003]: cannot read standard input: not valid UTF-8" in result.stderr


def test_standard_input_is_checked_alone():
    result = pcr("check", "-", LIME, stdin="")
    assert (result.returncode, result.stderr) == (2, "pcr check: `-` (standard input) is checked alone\n")


BOM = "\ufeff"


def test_a_ruleset_with_a_byte_order_mark_is_read(tmp_path):
    # Windows editors (Notepad) and Excel save UTF-8 with a byte-order mark
    text = LIME.read_text(encoding="utf-8")
    (tmp_path / "lime.pcr").write_text(BOM + text, encoding="utf-8")
    result = pcr("check", tmp_path / "lime.pcr")
    assert result.returncode == 0, result.stderr
    clean = pcr("check", LIME)
    assert result.stdout.split()[-1] == clean.stdout.split()[-1]  # the same semantic fingerprint
    # positions are those of the text without the mark: an error on line 1, column 1 stays there
    (tmp_path / "bad.pcr").write_text(BOM + "rulesett", encoding="utf-8")
    bad = pcr("check", tmp_path / "bad.pcr")
    assert bad.returncode == 1 and f"--> {tmp_path / 'bad.pcr'}:1:1\n" in bad.stderr and "\\ufeff" not in bad.stderr
    assert pcr("check", "-", stdin=BOM + text, cwd=tmp_path).returncode == 0


def test_json_inputs_with_a_byte_order_mark_are_read(tmp_path):
    # the cement inputs of tests/test_cli.py, saved by Excel as "CSV UTF-8"-style JSON with a BOM
    inputs = ('{"cement_output": 1000, "clinker_output": 800, "cao_content": 0.65, "mgo_content": 0.02, '
              '"coal": 100, "electricity": 90000, "quarry_diesel": 2}')
    path = tmp_path / "in.json"
    path.write_text(BOM + inputs, encoding="utf-8")
    result = pcr("calc", ROOT / "tests" / "data" / "cement_v1.pcr", "--input", path)  # the frozen cement rule
    assert result.returncode == 0, result.stdout
    import json
    assert abs(json.loads(result.stdout)["total"] - 724.9060286) < 1e-6  # hand calculation, cement_v1 example 1


# ---- exit codes (docs/cli.md): 0 ok, 1 diagnostics, 2 usage, 3 refused -------------------------

CEMENT_INPUTS = ROOT / "rulesets" / "inputs" / "cement.json"


def test_calc_exit_codes(tmp_path):
    cement = ROOT / "rulesets" / "cement.pcr"
    assert pcr("calc", cement, "--input", CEMENT_INPUTS).returncode == 0
    refused = pcr("calc", cement, "--input", "-", stdin='{"cement_output": -1}')
    assert refused.returncode == 3 and '"code": "out_of_bounds"' in refused.stdout
    malformed = pcr("calc", cement, "--input", "-", stdin="{")
    assert malformed.returncode == 3 and '"code": "invalid_json"' in malformed.stdout
    assert pcr("calc", cement, "--input", tmp_path / "none.json").returncode == 2  # no such file: usage
    bad = tmp_path / "bad.pcr"
    bad.write_text(cement.read_text(encoding="utf-8").replace("gwp AR6", "gwp AR7", 1), encoding="utf-8")
    assert pcr("calc", bad, "--input", CEMENT_INPUTS).returncode == 1  # diagnostics
    library = pcr("calc", STDLIB / "gwp.pcr", "--input", CEMENT_INPUTS)
    assert library.returncode == 2
    assert library.stderr == (f"pcr calc: {STDLIB / 'gwp.pcr'} is a library: it has no calculator; "
                              "import it from a ruleset\n")
    assert pcr("calc", cement).returncode == 2  # argparse: --input is required


def test_compiled_calculator_exit_codes(tmp_path):
    calc = tmp_path / "calc.py"
    assert pcr("compile", ROOT / "rulesets" / "cement.pcr", "-o", calc).returncode == 0
    def run(*args, stdin=""):
        return subprocess.run([sys.executable, calc, *args], input=stdin, capture_output=True, text=True)
    assert run(stdin=CEMENT_INPUTS.read_text(encoding="utf-8")).returncode == 0
    assert run(stdin='{"cement_output": -1}').returncode == 3
    assert run("--bogus").returncode == 2
    assert run("--selftest").returncode == 0
