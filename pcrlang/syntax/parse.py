"""Parse: ruleset text to AST (via the inline builder), with recovery from syntax errors.

The fast path parses the whole file in one LALR pass. Only when that fails does the parser
cut the text into top-level declarations (a small scanner aware of strings, comments and
braces) and parse each on its own, so every broken declaration gets its own diagnostic and
the good ones still reach the checker.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import ast
from .build import MAX_DIGITS, MAX_EXPONENT, Builder, InvalidNumber
from ..diagnostics import Diagnostic, diagnostic
from ..source import Span, collector_paused

TOP_LEVEL_KEYWORDS = (
    "ruleset", "boundary", "keys", "input", "factor", "table", "quantity",
    "emission", "removal", "allocation", "cutoff", "example",
)

# Friendly names for terminals in "expected ..." messages.
TERMINAL_NAMES = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string in quotes",
    "LBRACE": "`{`", "RBRACE": "`}`", "LPAR": "`(`", "RPAR": "`)`", "LSQB": "`[`", "RSQB": "`]`",
    "COMMA": "`,`", "COLON": "`:`", "EQUAL": "`=`", "DOT": "`.`", "PERCENT": "`%`",
    "ZH": "`zh`", "EN": "`en`", "$END": "end of file", "COMPARE": "a comparison such as `<`",
    "SLASH": "`/`", "STAR": "`*`", "PLUS": "`+`", "MINUS": "`-`", "CIRCUMFLEX": "`^`",
    "UNIT_ONE": "`1`", "IF": "`if`",
}


def grammar_path() -> Path:
    """The grammar ships inside the package (wheel) or sits in grammar/ of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "grammar" / "pcrlang.lark", package.parent / "grammar" / "pcrlang.lark"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("pcrlang.lark not found: the installation is incomplete")


_PARSER: lark.Lark | None = None
_BUILDER = Builder()


def _cache_file() -> str | bool:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        os.makedirs(os.path.join(base, "pcrlang"), exist_ok=True)
        return os.path.join(base, "pcrlang", "grammar-%s.lark.cache" % lark.__version__)
    except OSError:
        return False  # no writable cache: build the tables each time (about 25 ms)


def parser(strict: bool = False) -> lark.Lark:
    """The LALR parser with the builder inlined. `strict` (a test) also checks for conflicts."""
    global _PARSER
    if strict:
        return lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", strict=True)
    if _PARSER is None:
        _PARSER = lark.Lark(
            grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
            transformer=_BUILDER, cache=_cache_file(),
        )
    return _PARSER


def _terminal_name(name: str) -> str:
    if name in TERMINAL_NAMES:
        return TERMINAL_NAMES[name]
    if name.startswith("__"):  # an anonymous literal such as `·`: show the literal, not __ANON_0
        pattern = next((t.pattern for t in parser().terminals if t.name == name), None)
        if pattern is not None and pattern.type == "str":
            return f"`{pattern.value}`"
    return f"`{name.lower()}`"


def _acceptable(error: UnexpectedToken):
    """What the parser would take here; LALR's `expected` also lists merged look-aheads (`by`)."""
    return getattr(error, "accepts", None) or error.expected


def _expected(token_names) -> str:
    names = sorted({_terminal_name(t) for t in token_names})
    if len(names) > 8:
        names = names[:8] + ["..."]
    return ", ".join(names)


_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_NUMBER_CHARS = set("0123456789.eE")


def _malformed_number(text: str, pos: int) -> tuple[str, int] | None:
    """A malformed number (`25.8.1`, `1.`, `.5`, `1e`) at the error position: (text, start)."""
    start, end = pos, pos
    while start > 0 and text[start - 1] in _NUMBER_CHARS:
        start -= 1
    while end < len(text) and text[end] in _NUMBER_CHARS:
        end += 1
    word = text[start:end]
    if not word or not (word[0].isdigit() or (word[0] == "." and word[1:2].isdigit())):
        return None
    return None if _NUMBER.fullmatch(word) else (word, start)


def _syntax_diagnostic(error: UnexpectedInput, file: str, text: str, line_offset: int) -> Diagnostic:
    line = (error.line or 1) + line_offset
    column = error.column or 1
    pos = error.token.start_pos if isinstance(error, UnexpectedToken) else getattr(error, "pos_in_stream", None)
    bad = _malformed_number(text, pos) if isinstance(pos, int) and 0 <= pos < len(text) else None
    if bad is not None:
        word, start = bad
        column -= pos - start
        return diagnostic("PCR004", f"invalid number `{word}`", Span(file, line, column, line, column + len(word)))
    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        if char == '"':
            return diagnostic("PCR005", "string is not closed on this line", Span(file, line, column, line, column + 1))
        return diagnostic("PCR002", f"unexpected character `{char}`", Span(file, line, column, line, column + 1))
    if isinstance(error, UnexpectedToken):
        tok = error.token
        if tok.type == "$END":
            return diagnostic("PCR001", f"unexpected end of declaration; expected {_expected(_acceptable(error))}",
                              Span(file, line, column, line, column + 1))
        shown = str(tok)
        if tok.type == "UNIT_ONE":  # the error lexer reads `12` or `1e9` as the unit `1`
            shown = _NUMBER.match(text, tok.start_pos).group(0)
        width = max(1, len(shown))
        return diagnostic(
            "PCR001", f"unexpected `{shown}`; expected {_expected(_acceptable(error))}",
            Span(file, line, column, line, column + width),
        )
    return diagnostic("PCR001", "unexpected end of file", Span(file, line, column, line, column + 1))


def split_declarations(text: str) -> list[tuple[int, int, int]]:
    """Cut text into top-level declarations: (start offset, end offset, line number of start).

    A declaration starts at a top-level keyword that is the first word of its line, outside
    braces, strings and comments; one in column 1 starts a declaration even after an unclosed brace.
    """
    starts: list[tuple[int, int]] = []
    depth = 0
    i, n, line = 0, len(text), 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif ch == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            i = j + 1 if j < n and text[j] == '"' else j
            continue
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif (ch.isalpha() or ch == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            line_start = text.rfind("\n", 0, i) + 1
            first_on_line = not text[line_start:i].strip()  # not `expect cutoff pass`
            if word in TOP_LEVEL_KEYWORDS and (
                    (depth == 0 and first_on_line) or word == "ruleset" or line_start == i):
                # an unclosed brace before a new declaration (a keyword in column 1): resynchronise
                depth = 0
                starts.append((i, line))
            i = j
            continue
        i += 1
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, 1))
    out = []
    for k, (s, ln) in enumerate(starts):
        e = starts[k + 1][0] if k + 1 < len(starts) else n
        out.append((s, e, ln))
    return out


def _declared_names(chunk: str) -> set[str]:
    """The keyword and name a broken declaration would have declared (to silence cascades)."""
    words = chunk.replace(":", " ").replace("=", " ").replace("{", " ").split()
    out = set()
    if words and words[0] in TOP_LEVEL_KEYWORDS:
        out.add(words[0])
        if len(words) >= 2 and words[1].isidentifier():
            out.add(words[1])
    return out


def parse_text(text: str, file: str = "<string>") -> tuple[ast.Module, list[Diagnostic]]:
    with collector_paused():
        return _parse_text(text, file)


def _parse_text(text: str, file: str) -> tuple[ast.Module, list[Diagnostic]]:
    p = parser()
    _BUILDER.file = file
    try:
        return ast.Module(file, tuple(p.parse(text))), []
    except (UnexpectedInput, InvalidNumber):
        pass
    except RecursionError:
        return ast.Module(file, ()), [diagnostic("PCR006", "a formula is nested too deeply to parse", Span(file, 1, 1, 1, 2))]
    # Slow path: parse declaration by declaration to report every broken one.
    declarations: list = []
    diagnostics: list[Diagnostic] = []
    unparsed: set[str] = set()
    for start, end, line in split_declarations(text):
        chunk = text[start:end]
        if not chunk.strip() or chunk.lstrip().startswith("#") and not chunk.strip("\n").split("\n", 1)[-1].strip():
            # only whitespace or comments
            if not any(l.strip() and not l.strip().startswith("#") for l in chunk.splitlines()):
                continue
        # Pad with newlines so that line numbers in the chunk are the file's line numbers.
        padded = "\n" * (line - 1) + _line_prefix(text, start) + chunk
        try:
            declarations.extend(p.parse(padded))
        except UnexpectedInput as error:
            diagnostics.append(_syntax_diagnostic(error, file, padded, 0))
            unparsed |= _declared_names(chunk.lstrip())
        except InvalidNumber as error:
            tok = error.token
            diagnostics.append(diagnostic(
                "PCR004", f"number `{tok}` is out of range: at most {MAX_DIGITS} digits and an exponent "
                f"between -{MAX_EXPONENT} and {MAX_EXPONENT}",
                Span(file, tok.line, tok.column, tok.end_line, tok.end_column)))
            unparsed |= _declared_names(chunk.lstrip())
        except RecursionError:
            diagnostics.append(diagnostic("PCR006", "a formula is nested too deeply to parse", Span(file, line, 1, line, 2)))
    return ast.Module(file, tuple(declarations), frozenset(unparsed)), diagnostics


def _line_prefix(text: str, start: int) -> str:
    """Spaces for the columns before `start` on its line, so columns stay the file's columns."""
    line_start = text.rfind("\n", 0, start) + 1
    return " " * (start - line_start)


def parse_file(path: str) -> tuple[ast.Module | None, list[Diagnostic], str | None]:
    """Parse a file; returns the module (None if unreadable), diagnostics and the text."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else (error.strerror or str(error))
        return None, [diagnostic("PCR003", f"cannot read `{path}`: {reason}", Span(path, 1, 1, 1, 2))], None
    module, diagnostics = parse_text(text, path)
    return module, diagnostics, text
