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
