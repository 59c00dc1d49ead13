"""Did-you-mean stays linear: a check spends a bounded number of comparisons on suggestions."""
from __future__ import annotations

from helpers import HEADER
from pcrlang.check import check, context
from pcrlang.syntax.parse import parse_text


def diagnose(text: str):
    module, parse_diagnostics = parse_text(text, "t.pcr")
    assert parse_diagnostics == []
    return check(module)[1]


def test_a_misspelt_unit_gets_a_suggestion():
    [d] = [d for d in diagnose(HEADER + 'input coal: tt zh "煤" en "Coal"\n') if d.is_error]
    assert (d.code, d.message, d.help) == ("PCR301", "unknown unit `tt`", "did you mean `t`?")


def test_suggestions_stop_when_the_budget_is_spent(monkeypatch):
    # each unknown unit is compared with the whole unit table; with room for three comparisons
    # of the table, the fourth misspelling gets the code's own help
    table = len(context._UNIT_NAMES)
    monkeypatch.setattr(context, "SUGGESTION_BUDGET", 3 * table)
    body = "".join(f'input x{i}: tonn{i} zh "输入" en "Input"\n' for i in range(5))
    helps = [d.help for d in diagnose(HEADER + body) if d.code == "PCR301"]
    assert helps == ["did you mean `tonne`?"] * 3 + [None] * 2


def test_the_same_misspelling_is_looked_up_once(monkeypatch):
    table = len(context._UNIT_NAMES)
    monkeypatch.setattr(context, "SUGGESTION_BUDGET", table)  # room for one look-up only
    body = "".join(f'input x{i}: tt zh "输入" en "Input"\n' for i in range(5))
    helps = [d.help for d in diagnose(HEADER + body) if d.code == "PCR301"]
    assert helps == ["did you mean `t`?"] * 5
