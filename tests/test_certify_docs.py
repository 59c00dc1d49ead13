"""The certifier's pages say what the tools do: the figures the guides show and the codes the
protocol page lists are checked against the tools."""
from __future__ import annotations

import re

from pcrlang.certify import suite as suites
from pcrlang.compiler import compile_file
from pcrlang.semantics.errors import ERRORS

from helpers import ROOT

DOCS = ROOT / "docs"


def test_the_protocol_page_lists_every_refusal_code():
    text = (DOCS / "protocol.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    assert listed == set(ERRORS)


def test_the_guides_show_the_suite_the_tools_make():
    c = compile_file(str(ROOT / "tests" / "data" / "cement_v1.pcr"), run_examples=False)  # the guides walk through the frozen cement rule
    s = suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint)
    m = s["summary"]
    line = (f"wrote suite/suite.json: {m['cases']} cases ({m['by_kind']['example']} examples, "
            f"{m['by_kind']['boundary']} boundary, {m['by_kind']['refusal']} refusals, {m['by_kind']['random']} random; "
            f"{m['refused']} refused)")
    for name in ("certifier-guide.md", "zh/certifier-guide.md"):
        text = (DOCS / name).read_text(encoding="utf-8")
        assert line in text, f"{name}: update the output of `pcr suite` to: {line}"
        assert f"{m['cases']}/{m['cases']} cases passed" in text


def test_both_guides_walk_through_the_same_steps():
    en = (DOCS / "certifier-guide.md").read_text(encoding="utf-8")
    zh = (DOCS / "zh" / "certifier-guide.md").read_text(encoding="utf-8")
    commands = lambda text: re.findall(r"^\$ (.*)$", text, flags=re.M)  # noqa: E731
    assert commands(en) == commands(zh) and len(commands(en)) >= 10
