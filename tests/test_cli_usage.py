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
    shutil.copy(LIME, tmp_path / "lime.pcr")  # imports cn_grid, ipcc_fuels, carbonates: from the standard library
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
