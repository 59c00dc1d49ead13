"""Source files and spans: every AST and IR node points back at the text it came from."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple


class Span(NamedTuple):
    """A region of one source file. Lines and columns count from 1; the end is exclusive.

    A named tuple rather than an attrs class: a 10 000-line ruleset makes about 90 000 spans,
    and a tuple is the cheapest immutable record Python builds.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to(self, other: "Span") -> "Span":
        """The span from the start of self to the end of other."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


class collector_paused:
    """Pause the cyclic garbage collector while building or walking a large tree.

    The AST has no reference cycles, so collections during a parse only walk the growing tree
    again and again (they made checking 20 000 lines take 2.2 times as long as 10 000).
    """

    def __enter__(self):
        import gc
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        import gc
        if self.was_enabled:
            gc.enable()
        return False


# ---- source text ------------------------------------------------------------------------------
# Text comes in through a file (read as UTF-8) or from an API caller (any Python str). It is
# normalised once, on the way in, so that every later pass and every diagnostic agrees with what
# an editor shows: line endings CRLF and CR become LF, and a leading byte-order mark is dropped.
# Only LF ends a line, as for Lark's line counter: U+2028, U+2029, VT, FF and NEL never do
# (the last three are control characters and rejected; the first two are shown visibly).

MAX_TEXT_CHARS = 2_000_000  # a ruleset of about 25 000 lines; the largest shipped one has 500

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# characters no ruleset may contain: lone surrogates (not Unicode text at all), control
# characters other than tab and newline (NUL, ESC, VT, FF, DEL, NEL, ...) and the bidirectional
# embedding, override and isolate controls, which make text read differently from what the
# compiler sees ("Trojan Source", CVE-2021-42574)
_INVALID = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]+")


def normalise(text: str) -> str:
    """LF line endings and no byte-order mark: the text as every pass and diagnostic sees it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@lru_cache(maxsize=16)
def source_lines(text: str) -> tuple[str, ...]:
    """The lines of a source text, split once (a file with 10 000 diagnostics renders them all
    from one split); only LF ends a line."""
    return tuple(normalise(text).split("\n"))


class InvalidRun(NamedTuple):
    """A run of characters of one kind that no ruleset may contain, with its position."""

    kind: str  # "surrogate", "control" or "bidi"
    text: str
    line: int
    column: int


def _kind(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return "surrogate"
    return "bidi" if ch in BIDI_CONTROLS else "control"


def invalid_runs(text: str):
    """Runs of invalid characters in a normalised text, in order (linear in the text's length)."""
    line, line_start, scanned = 1, 0, 0
    for m in _INVALID.finditer(text):
        start = m.start()
        newlines = text.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, start) + 1
        scanned = start
        run = m.group()
        i = 0
        while i < len(run):  # split the match into runs of one kind
            kind, j = _kind(run[i]), i + 1
            while j < len(run) and _kind(run[j]) == kind:
                j += 1
            yield InvalidRun(kind, run[i:j], line, start + i - line_start + 1)
            i = j


def replace_invalid(text: str) -> str:
    """The text with each invalid character replaced by a space (positions stay the same), so
    that no pass after the first ever sees a lone surrogate or a control character."""
    return _INVALID.sub(lambda m: " " * len(m.group()), text)


# ---- showing text on a terminal ---------------------------------------------------------------


def _escape(ch: str) -> str:
    code = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cc":
        return "\\x%02x" % code if code < 0x100 else "<U+%04X>" % code
    return "<U+%04X>" % code  # format characters (bidi controls, zero-width), separators, surrogates


@lru_cache(maxsize=4096)
def shown(ch: str) -> tuple[str, int]:
    """How one character is shown on a terminal, and how many cells that takes.

    Control characters become `\\x1b`, bidi controls and other invisible format characters
    `<U+202E>`, so that a diagnostic can neither drive the terminal (ANSI and OSC escapes) nor be
    reordered on screen; wide (CJK) characters take two cells, combining marks none."""
    if ch == "\t":
        return " ", 1
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        escaped = _escape(ch)
        return escaped, len(escaped)
    if category in ("Mn", "Me"):
        return ch, 0
    return ch, 2 if unicodedata.east_asian_width(ch) in "WF" else 1


_PLAIN = re.compile(r"[\x20-\x7e]*")  # printable ASCII: shown as it is, one cell each


def visible(text: str) -> str:
    """Text safe to print on a terminal or put in a message: see `shown`."""
    if _PLAIN.fullmatch(text):
        return text
    return "".join(shown(ch)[0] for ch in text)


def display_width(text: str) -> int:
    """Terminal cells of text once shown."""
    if _PLAIN.fullmatch(text):
        return len(text)
    return sum(shown(ch)[1] for ch in text)
