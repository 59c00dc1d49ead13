"""Rewrite deprecated constructs: apply the fixes the checker offers with PCR-W10 (`pcr migrate`).

Only fixes inside the file itself are applied (an imported library is migrated on its own).
Fixes that overlap an earlier one wait for the next round; rounds repeat until none is left.
"""
from __future__ import annotations

from .check import check
from .diagnostics import Fix
from .modules import load_text

DEPRECATED = "PCR-W10"
MAX_ROUNDS = 10


def fixes(text: str, path: str) -> list[Fix]:
    """The fixes of the deprecation warnings of one file, in the order of the text."""
    module, diagnostics, _ = load_text(text, path)
    _, more = check(module)
    found = {d.fix for d in diagnostics + more if d.code == DEPRECATED and d.fix is not None and d.fix.span.file == path}
    return sorted(found, key=lambda f: (f.span.line, f.span.column))


def apply(text: str, edits: list[Fix]) -> tuple[str, list[Fix]]:
    """The text with the edits that do not overlap each other applied, and those edits."""
    starts = [0]  # offset of the start of each line (lines and columns count characters from 1)
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    chosen, end = [], -1
    for fix in sorted(edits, key=lambda f: (f.span.line, f.span.column)):
        s = fix.span
        a, b = offset(s.line, s.column), offset(s.end_line, s.end_column)
        if a >= end:
            chosen.append((a, b, fix))
            end = b
    for a, b, fix in reversed(chosen):
        text = text[:a] + fix.replacement + text[b:]
    return text, [fix for _, _, fix in chosen]


def migrate(text: str, path: str = "<string>") -> tuple[str, list[Fix]]:
    """(the rewritten text, the fixes applied): every fix of the file's deprecation warnings."""
    applied: list[Fix] = []
    for _ in range(MAX_ROUNDS):
        pending = fixes(text, path)
        if not pending:
            break
        text, done = apply(text, pending)
        applied.extend(done)
    return text, applied
