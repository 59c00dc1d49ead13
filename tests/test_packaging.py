"""The package as users of other Python tools expect: a licence file, py.typed, an sdist whose
tests run (issue 14). The wheel and sdist themselves are built and tried in a fresh virtual
environment by hand (see the cli branch's note); here the configuration that makes them so."""
from __future__ import annotations

import tomllib

from helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_file_is_the_mit_licence_pyproject_declares():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    # the operative sentence of the MIT licence (opensource.org/license/mit)
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text


def test_the_package_is_typed():
    assert (ROOT / "pcrlang" / "py.typed").exists()  # PEP 561; the wheel takes every file below pcrlang/
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["pcrlang"]


def test_the_sdist_holds_what_the_tests_read():
    include = set(PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    # tests import tools/ (the site generator) and read docs/, mkdocs.yml, bench/, rulesets/ and grammar/
    assert {"pcrlang", "grammar", "rulesets", "tests", "tools", "docs", "bench", "mkdocs.yml", "README.md",
            "LICENSE"} <= include
    tops = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")} - {"site", "editors", "test-artifacts"}  # outputs
    read_by_tests = {t for t in tops if any(f'"{t}"' in f.read_text(encoding="utf-8") or f"{t}/" in f.read_text(
        encoding="utf-8") for f in (ROOT / "tests").glob("*.py"))}
    assert read_by_tests <= include | {"pyproject.toml"}, read_by_tests - include
