"""What the document says may be cut off, defaulted or refused is what the calculator does.

For every shipped ruleset, the English document's data clauses (6.1.n) are read as a reader would
read them (their "Requirement" and "Cut-off" rows), and each claim is tried on the reference
interpreter, starting from the ruleset's first worked example:
- "required": leaving the input out is refused (missing_input);
- "optional; counts as zero": leaving it out computes, and the result is that of a zero;
- "optional; if not given, the default V applies": leaving it out gives the result of V;
- "may never be cut off" / "may not be cut off": a cut-off estimate for it is refused
  (cut_off_not_allowed);
- "may be cut off under 5.3": an estimate is accepted (no cut_off_not_allowed refusal), and the
  result lists the flow as cut off.
"""
from __future__ import annotations

import html
import re
from fractions import Fraction

import pytest

from helpers import ROOT, RULESETS
from pcrlang.backends import document
from pcrlang.compiler import compile_file
from pcrlang.examples import example_inputs
from pcrlang.interpret import CalculationError, calculate

NAMES = [p.stem for p in RULESETS]
_ROW = re.compile(r"^\| (?P<item>[^|]+?) \| (?P<value>.*) \|$", re.M)


def clauses(md: str) -> dict:
    """clause number -> its text (up to the next anchor)."""
    out = {}
    parts = re.split(r'^<a id="clause-([A-Za-z0-9-]+)"></a>$', md, flags=re.M)
    for k in range(1, len(parts) - 1, 2):
        out[parts[k].replace("-", ".")] = parts[k + 1]
    return out


def rows(text: str) -> dict:
    """The property table of a clause, its cells as a reader sees them (character references resolved)."""
    return {m.group("item"): html.unescape(m.group("value")) for m in _ROW.finditer(text)}


def total(rs, fingerprint, raw):
    return calculate(rs, raw, fingerprint)["total"]


def refusal(rs, fingerprint, raw):
    try:
        calculate(rs, raw, fingerprint)
    except CalculationError as e:
        return e.code
    return None


@pytest.mark.parametrize("name", NAMES)
def test_what_the_document_says_of_each_input_is_what_the_calculator_does(name):
    c = compile_file(str(ROOT / "rulesets" / f"{name}.pcr"))
    rs, fp = c.ruleset, c.fingerprint
    assert rs.examples, name
    base = example_inputs(rs.examples[0])
    md = document.render(rs, fp, "en")["index.md"]
    sections = clauses(md)
    checked = 0
    for spec in rs.inputs:
        props = rows(sections[spec.clause])
        need, cut = props["Requirement"], props["Cut-off"]
        others = {k: v for k, v in base.items() if k != spec.name}
        if spec.name not in base and need == "required":
            continue  # the example does not give it: nothing to compare with
        # ---- requirement
        if need == "required":
            assert refusal(rs, fp, others) == "missing_input", (name, spec.name)
        elif need.startswith("optional; counts as zero") and spec.kind == "rows":
            # a table of rows that needs no row (no `at_least`) left out has no rows
            assert refusal(rs, fp, others) is None, (name, spec.name)
            assert total(rs, fp, others) == total(rs, fp, {**others, spec.name: []}), (name, spec.name)
        elif need.startswith("optional; counts as zero"):
            assert spec.kind == "number"
            got = refusal(rs, fp, others)
            if got is None:
                assert total(rs, fp, others) == total(rs, fp, {**others, spec.name: Fraction(0)}), (name, spec.name)
        elif need.startswith("optional; if not given, the default"):
            shown = re.match(r"optional; if not given, the default (\S+)", need).group(1)
            expected = spec.default if isinstance(spec.default, str) else document.num(spec.default)
            assert shown.rstrip(",;") == expected, (name, spec.name, shown, expected)
            with_default = {**others, spec.name: spec.default}
            assert refusal(rs, fp, others) == refusal(rs, fp, with_default), (name, spec.name)
            if refusal(rs, fp, others) is None:
                assert total(rs, fp, others) == total(rs, fp, with_default), (name, spec.name)
        else:
            raise AssertionError(f"{name} {spec.name}: unknown requirement {need!r}")
        # ---- cut-off
        guess = base.get(spec.name, spec.default)
        if not isinstance(guess, Fraction):
            guess = spec.bounds.low if spec.bounds is not None and spec.bounds.low_inclusive else Fraction(0)
            if spec.bounds is not None and not spec.bounds.low_inclusive:
                guess = (spec.bounds.low + min(spec.bounds.high, spec.bounds.low + 1)) / 2
        estimate = {**others, spec.name: {"cut_off": guess}}  # an estimate within the bounds
        code = refusal(rs, fp, estimate)
        if cut.startswith(("may never be cut off", "may not be cut off")):
            # refused: as cut_off_not_allowed, or earlier, when the zero a cut flow counts as cannot be
            # computed with (a price in an economic allocation share: division_by_zero)
            assert code in ("cut_off_not_allowed", "division_by_zero"), (name, spec.name, code)
        elif cut.startswith("may be cut off under"):
            assert spec.kind == "number" and rs.cutoff is not None
            assert code != "cut_off_not_allowed", (name, spec.name)
            if code is None:
                result = calculate(rs, estimate, fp)
                assert spec.name in str(result.get("cutoff")), (name, spec.name)
        else:
            raise AssertionError(f"{name} {spec.name}: unknown cut-off statement {cut!r}")
        checked += 1
    assert checked >= 3, name
