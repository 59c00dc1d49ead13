"""The VS Code extension folder and the pre-commit hooks: consistent, current, and pointing at
commands that exist."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VSCODE = os.path.join(ROOT, "editors", "vscode")


def test_the_textmate_grammar_is_current():
    # generated from the grammar's keywords: a keyword added to grammar/pcrlang.lark makes it stale
    run = subprocess.run([sys.executable, "-m", "tools.textmate", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_textmate_grammar_highlights_every_keyword_of_the_grammar():
    from pcrlang.lsp.words import KEYWORDS
    from tools.textmate import grammar
    repo = grammar()["repository"]
    patterns = [re.compile(repo[k]["match"]) for k in ("keyword", "operator-word", "language")]
    for word in KEYWORDS:
        assert any(p.fullmatch(word) for p in patterns), word
    assert re.compile(repo["declaration"]["match"]).match("  emission x in a.b")
    assert not re.compile(repo["keyword"]["match"]).search("coal_ncv")  # whole words only
    assert re.compile(repo["gas"]["match"]).search("gas CH4_fossil") and re.compile(repo["comment"]["match"]).search("# x")


def test_the_extension_manifest():
    with open(os.path.join(VSCODE, "package.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    language = manifest["contributes"]["languages"][0]
    assert language["id"] == "pcrlang" and language["extensions"] == [".pcr"]
    for path in (manifest["main"], language["configuration"], manifest["contributes"]["grammars"][0]["path"]):
        assert os.path.isfile(os.path.join(VSCODE, path)), path
    assert manifest["contributes"]["grammars"][0]["scopeName"] == "source.pcrlang"
    assert "vscode-languageclient" in manifest["dependencies"]
    props = manifest["contributes"]["configuration"]["properties"]
    assert props["pcrlang.server.command"]["default"] == "pcr" and props["pcrlang.server.args"]["default"] == ["lsp"]
    with open(os.path.join(VSCODE, "extension.js"), encoding="utf-8") as f:
        js = f.read()
    assert "vscode-languageclient/node" in js and "activate" in js
    with open(os.path.join(VSCODE, "language-configuration.json"), encoding="utf-8") as f:
        config = json.load(f)
    assert config["comments"]["lineComment"] == "#"


def test_the_pre_commit_hooks_run_commands_that_exist():
    yaml = pytest.importorskip("yaml")
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        hooks = {h["id"]: h for h in yaml.safe_load(f)}
    assert hooks["pcr-check"]["entry"] == "pcr check" and hooks["pcr-fmt"]["entry"] == "pcr fmt --check"
    for hook in hooks.values():
        assert re.search(hook["files"], "rulesets/cement.pcr")
        # the entry works as pre-commit calls it: the command, then the staged files
        args = hook["entry"].split()[1:] + [os.path.join(ROOT, "pcrlang", "stdlib", "gwp.pcr")]
        run = subprocess.run([sys.executable, "-m", "pcrlang", *args], capture_output=True, text=True)
        assert "usage:" not in run.stderr and "Traceback" not in run.stderr


def test_the_vsix_package_when_ci_built_it():
    # .ci/run packages the extension with `npx @vscode/vsce package` when npm is there
    vsix = os.environ.get("PCRLANG_VSIX")
    if not vsix:
        pytest.skip("PCRLANG_VSIX not set: the extension was not packaged in this run")
    import zipfile
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
    assert {"extension/package.json", "extension/extension.js", "extension/syntaxes/pcrlang.tmLanguage.json"} <= names
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
