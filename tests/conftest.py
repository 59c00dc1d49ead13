"""Fixtures shared by test files."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def shipped_suites():
    """A conformance suite of every shipped ruleset (20 random cases each): {name: (compilation, suite)}."""
    from pcrlang.certify import suite
    from pcrlang.compiler import compile_file

    from helpers import RULESETS
    out = {}
    for path in RULESETS:
        c = compile_file(str(path), run_examples=False)
        out[path.stem] = (c, suite.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=20))
    return out
