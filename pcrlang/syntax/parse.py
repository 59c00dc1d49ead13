"""Parse: ruleset text to AST (via the inline builder), with recovery from syntax errors.

The text is normalised first (LF line endings, no byte-order mark) and checked for what no
ruleset may contain: lone surrogates, control characters, bidi controls (PCR007-PCR009), more
than MAX_TEXT_CHARS characters (PCR010). The fast path then parses the whole file in one LALR
pass. Only when that fails does the parser cut the text into top-level declarations (a small
scanner aware of strings, comments and braces; the declaration keywords come from the grammar,
see keywords.py) and parse each on its own, so every broken declaration gets its own
diagnostic and the good ones still reach the checker. Formulas nested more than MAX_NESTING
deep (PCR006) and files of more than MAX_DECLARATIONS declarations (PCR011) are reported here,
so that no later pass (they walk formulas recursively) meets them.
"""
from __future__ import annotations

import re
import typing

import lark
from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import ast
from .build import MAX_DIGITS, MAX_EXPONENT, Builder, InvalidNumber
from .keywords import DECLARATION_FOLLOW, DECLARATION_KEYWORDS, grammar_path, load_grammar
from ..diagnostics import Diagnostic, Fix, diagnostic, fullwidth_ascii, hint, msg, phrase
from ..source import MAX_TEXT_CHARS, Span, collector_paused, invalid_runs, normalise, replace_invalid, visible

__all__ = ["parse_text", "parse_file", "parse_declaration", "parser", "grammar_path", "split_declarations", "TOP_LEVEL_KEYWORDS",
           "MAX_NESTING", "MAX_DECLARATIONS"]

# The words that start a declaration, read from the grammar (keywords.py): error recovery
# resynchronises on them.
TOP_LEVEL_KEYWORDS = DECLARATION_KEYWORDS

MAX_NESTING = 100  # operations nested in one formula; later passes recurse, generated Python nests
MAX_DECLARATIONS = 20_000  # in one file; the largest shipped ruleset has about 100
MAX_TEXT_DIAGNOSTICS = 100  # invalid-character diagnostics per file; one more says how many followed

# Friendly names for terminals in "expected ..." messages.
TERMINAL_NAMES = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string in quotes",
    "LBRACE": "`{`", "RBRACE": "`}`", "LPAR": "`(`", "RPAR": "`)`", "LSQB": "`[`", "RSQB": "`]`",
    "COMMA": "`,`", "COLON": "`:`", "EQUAL": "`=`", "DOT": "`.`", "PERCENT": "`%`",
    "ZH": "`zh`", "EN": "`en`", "$END": "end of file", "COMPARE": "a comparison such as `<`",
    "SLASH": "`/`", "STAR": "`*`", "PLUS": "`+`", "MINUS": "`-`", "CIRCUMFLEX": "`^`",
    "UNIT_ONE": "`1`", "IF": "`if`",
}


class TooDeep(Exception):
    """A formula nested more than MAX_NESTING deep; parse.py reports PCR006 at `node`."""

    def __init__(self, node) -> None:
        super().__init__(node.span)
        self.node = node


_EXPRESSIONS = typing.get_args(ast.Expr)


class _MeasuringBuilder(Builder):
    """The AST builder, also measuring how deep each formula nests (by node id, per parse), and
    moving positions by an offset: the slow path parses each declaration alone, and its
    tokens' lines and columns are moved to where the declaration starts in its file."""

    def __init__(self) -> None:
        super().__init__()
        self.depths: dict[int, int] = {}
        self.line_offset = 0  # lines before the declaration being parsed
        self.column_offset = 0  # columns before it on its first line

    def _span(self, tok: Token) -> Span:
        if not (self.line_offset or self.column_offset):
            return Span(self.file, tok.line, tok.column, tok.end_line, tok.end_column)
        return _moved(self.file, tok, self.line_offset, self.column_offset)

    def _name(self, tok: Token) -> ast.Name:
        return ast.Name(str(tok), self._span(tok))

    def group(self, c):
        node = super().group(c)  # the same formula with the parentheses' span: as deep as it was
        self.depths[id(node)] = self.depths.pop(id(c[1]), 0)
        return node


def _moved(file: str, tok: Token, line_offset: int, column_offset: int) -> Span:
    """The span of a token of a declaration parsed alone, in its file's lines and columns."""
    return Span(file, tok.line + line_offset, tok.column + (column_offset if tok.line == 1 else 0),
                tok.end_line + line_offset, tok.end_column + (column_offset if tok.end_line == 1 else 0))


def _measured(method, rule: str):
    chain = rule in ("add", "subtract")

    def build(self, c):
        node = method(self, c)
        operands = [x for x in c if isinstance(x, _EXPRESSIONS)]
        if chain and isinstance(operands[0], ast.Binary) and operands[0].op in ("+", "-"):
            # the left spine of a sum is one level: every backend writes `a + b + c` flat
            depth = max(self.depths.get(id(operands[0]), 0), 1 + self.depths.get(id(operands[1]), 0))
        else:
            depth = 1 + max((self.depths.get(id(x), 0) for x in operands), default=0)
        if depth > MAX_NESTING:
            raise TooDeep(node)
        self.depths[id(node)] = depth  # every new node overwrites the entry of a freed one with its id
        return node
    build.__name__ = rule
    return build


# the grammar's rules that build a formula node (a test checks the list against the grammar)
MEASURED_RULES = ("number", "key_literal", "name_ref", "call", "lookup", "add", "subtract", "multiply", "divide",
                  "negate", "compare", "or_test", "and_test", "not_test", "conditional", "row_sum", "row_average",
                  "column_ref")
for _rule in MEASURED_RULES:
    setattr(_MeasuringBuilder, _rule, _measured(getattr(Builder, _rule), _rule))


_PARSER: lark.Lark | None = None
_BUILDER = _MeasuringBuilder()


def parser(strict: bool = False) -> lark.Lark:
    """The LALR parser with the builder inlined. `strict` (a test) also checks for conflicts."""
    global _PARSER
    if strict:
        return lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", strict=True)
    if _PARSER is None:
        _PARSER = load_grammar(transformer=_BUILDER)
    return _PARSER


def _terminal_name(name: str) -> str:
    """A terminal in the writer's words: a keyword or punctuation as written (the literal, not
    the grammar's name: `biogenic_carbon_content`, `·`), else what it stands for ("a name")."""
    if name in TERMINAL_NAMES:
        return TERMINAL_NAMES[name]
    pattern = next((t.pattern for t in parser().terminals if t.name == name), None)
    if pattern is not None and pattern.type == "str":
        return f"`{pattern.value}`"
    return "a word of the language"  # never the grammar's internal name


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


def _short(text: str, limit: int = 40) -> str:
    """A token as a message quotes it: a 1 MB string literal is not repeated in full."""
    return text if len(text) <= limit else text[:limit] + "..."


def _syntax_diagnostic(error: UnexpectedInput, file: str, text: str, line_offset: int = 0,
                       column_offset: int = 0) -> Diagnostic:
    """The diagnostic of a syntax error in `text`, a declaration that starts `line_offset` lines
    and (on its first line) `column_offset` columns into the file."""
    if isinstance(error, UnexpectedToken):
        tok = error.token
        pos = tok.start_pos
        line, column = (tok.line or 1) + line_offset, (tok.column or 1) + (column_offset if tok.line == 1 else 0)
    else:
        line = (error.line or 1) + line_offset
        column = (error.column or 1) + (column_offset if error.line == 1 else 0)
        pos = getattr(error, "pos_in_stream", None)
    bad = _malformed_number(text, pos) if isinstance(pos, int) and 0 <= pos < len(text) else None
    if bad is not None:
        word, start = bad
        column -= pos - start
        return diagnostic("PCR004", msg("malformed", number=_short(word)), Span(file, line, column, line, column + len(word)))
    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        if char == '"':
            return diagnostic("PCR005", msg(), Span(file, line, column, line, column + 1))
        span = Span(file, line, column, line, column + 1)
        ascii_char = fullwidth_ascii(char)
        if ascii_char is not None:
            return diagnostic("PCR012", msg(char=char, code=f"U+{ord(char):04X}"), span,
                              help=hint("ascii", name=phrase("punctuation", char=ascii_char), char=ascii_char),
                              fix=Fix(span, ascii_char))
        return diagnostic("PCR002", msg(char=char), span)
    if isinstance(error, UnexpectedToken):
        tok = error.token
        if tok.type == "$END":
            block = _unclosed_block(text) if "RBRACE" in _acceptable(error) else None
            if block is not None:
                what, at_line, at_column = block
                at_column += column_offset if at_line == 1 else 0
                return diagnostic(
                    "PCR001", msg("unclosed", block=what, at=f"{at_line + line_offset}:{at_column}",
                                  expected=phrase("expected", names=_expected(_acceptable(error)))), Span(file, line, column, line, column + 1),
                    help=hint("close_block"))
            return diagnostic("PCR001", msg("end_of_declaration", expected=phrase("expected", names=_expected(_acceptable(error)))),
                              Span(file, line, column, line, column + 1))
        shown = str(tok)
        if tok.type == "UNIT_ONE":  # the error lexer reads `12` or `1e9` as the unit `1`
            shown = _NUMBER.match(text, tok.start_pos).group(0)
        end_column = column + (tok.end_column - tok.column if tok.end_line == tok.line and tok.type != "UNIT_ONE"
                               else len(shown))
        return diagnostic(
            "PCR001", msg("token", token=_short(shown), expected=phrase("expected", names=_expected(_acceptable(error)))),
            Span(file, line, column, line, max(column + 1, end_column)),
        )
    return diagnostic("PCR001", msg("end_of_file"), Span(file, line, column, line, column + 1))


# The scanner of the slow path: one match per newline, comment, string (an unclosed one ends
# with its line, as for the grammar), brace, word, run of blanks or run of other characters, so
# that it runs in linear time at the speed of the regular expression engine.
_SCAN = re.compile(r"""
    (\n)
  | (\#[^\n]*)
  | ("[^"\\\n]*(?:\\.[^"\\\n]*)*"?)
  | (\{)
  | (\})
  | (\w+)
  | ([^\S\n]+)
  | ([^\w\s"\#{}]+)
""", re.X)
_NEWLINE, _COMMENT, _STRING, _OPEN, _CLOSE, _WORD, _BLANKS, _OTHER = range(1, 9)
_SKIP = re.compile(r"(?:\s|\#[^\n]*)*")  # one character or one comment a step: no two ways to match


_BLOCK_HEAD = re.compile(r'[^\S\n]*(\w+)[^\S\n]*("[^"\n]*"|\w+)?')


def _unclosed_block(text: str) -> tuple[str, int, int] | None:
    """The innermost block of a declaration left open at its end: its keyword and name as
    written (`input coal`, `example "Typical plant"`) and the line and column where its line
    starts (in the declaration's text)."""
    opened: list[tuple[int, int, int]] = []  # (line, offset of the line's start, column of the `{`)
    line, line_start = 1, 0
    for m in _SCAN.finditer(text):
        kind = m.lastindex
        if kind == _NEWLINE:
            line, line_start = line + 1, m.end()
        elif kind == _OPEN:
            opened.append((line, line_start, m.start()))
        elif kind == _CLOSE and opened:
            opened.pop()
    if not opened:
        return None
    line, line_start, brace = opened[-1]
    head = _BLOCK_HEAD.match(text, line_start, brace)
    if head is None or not head.group(1):
        return None
    what = head.group(1) + (f" {_short(head.group(2), 30)}" if head.group(2) else "")
    return what, line, head.start(1) - line_start + 1


def _followed(text: str, pos: int, follow) -> bool:
    """Whether what comes after `pos` (past blanks and comments) may follow the keyword."""
    pos = _SKIP.match(text, pos).end()
    return any(pattern.match(text, pos) for pattern in follow)


_STRINGS_AND_COMMENTS = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|\#[^\n]*')
_BRACES = re.compile(r"[{}]")
_FIRST_WORD = re.compile(r"[^\S\n]*(\w+)")


def _split_line(text: str, line_start: int, end: int, line: int, depth: int, starts: list) -> int:
    """split_declarations for one line, token by token (a line holding the word `ruleset`);
    returns the brace depth after it."""
    first_on_line = True
    for m in _SCAN.finditer(text, line_start, end):
        kind = m.lastindex
        if kind == _BLANKS:
            continue
        if kind == _OPEN:
            depth += 1
        elif kind == _CLOSE:
            depth = max(0, depth - 1)
        elif kind == _WORD:
            word, i = m.group(_WORD), m.start()
            follow = DECLARATION_FOLLOW.get(word)
            if follow is not None and ((depth == 0 and first_on_line) or word == "ruleset" or i == line_start) \
                    and _followed(text, m.end(), follow):
                depth = 0
                starts.append((i, line, i - line_start + 1))
        first_on_line = False
    return depth


def split_declarations(text: str) -> list[tuple[int, int, int, int]]:
    """Cut text into top-level declarations: (start offset, end offset, line, column of start).

    A declaration starts at a declaration keyword (of the grammar) followed by what the grammar
    lets follow it (`input` by a name, `grading` by `{` or a text), outside strings and comments,
    that is the first word of its line outside braces; one in column 1, or `ruleset`, starts a
    declaration even after an unclosed brace.
    """
    starts: list[tuple[int, int, int]] = []
    depth = 0
    line, line_start, n = 1, 0, len(text)
    while line_start <= n:
        end = text.find("\n", line_start)
        if end < 0:
            end = n
        code = text[line_start:end]
        if '"' in code or "#" in code:
            code = _STRINGS_AND_COMMENTS.sub(" ", code)  # (only braces and words are looked at in it)
        if "ruleset" in code:  # `ruleset` starts a declaration anywhere: the line token by token
            depth = _split_line(text, line_start, end, line, depth, starts)
        else:
            # a line is looked at twice only: its first word (a declaration keyword?) and its braces
            m = _FIRST_WORD.match(text, line_start, end)
            if m is not None:
                word, i = m.group(1), m.start(1)
                follow = DECLARATION_FOLLOW.get(word)
                if follow is not None and (depth == 0 or i == line_start) and _followed(text, m.end(1), follow):
                    depth = 0  # an unclosed brace before a new declaration (a keyword in column 1): resynchronise
                    starts.append((i, line, i - line_start + 1))
            if "{" in code or "}" in code:
                for brace in _BRACES.findall(code):
                    depth = depth + 1 if brace == "{" else max(0, depth - 1)
        line, line_start = line + 1, end + 1
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, 1, 1))
    out = []
    for k, (s, ln, col) in enumerate(starts):
        e = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        out.append((s, e, ln, col))
    return out


def _declared_names(chunk: str) -> set[str]:
    """The keyword and name a broken declaration would have declared (to silence cascades)."""
    words = chunk.replace(":", " ").replace("=", " ").replace("{", " ").split(None, 3)
    if words and words[0] == "override":
        words = words[1:]
    out = set()
    if words and words[0] in DECLARATION_FOLLOW:
        out.add(words[0])
        if len(words) >= 2 and words[1].isidentifier():
            out.add(words[1])
    return out


_COMMENTS = re.compile(r"\#[^\n]*")


def _blank(chunk: str) -> bool:
    """Only blanks and comments. (A pattern repeating a run of blanks inside a repetition would
    take exponential time to fail on a long run of blanks: a fuzzer found it.)"""
    return not _COMMENTS.sub("", chunk).strip()


# a file rejected as a whole: no missing header, boundary or examples are reported
_REJECTED = frozenset({"ruleset", "boundary", "example"})


def parse_text(text: str, file: str = "<string>") -> tuple[ast.Module, list[Diagnostic]]:
    with collector_paused():
        try:
            return _parse_text(text, file)
        finally:
            _BUILDER.depths.clear()
            _BUILDER.line_offset = _BUILDER.column_offset = 0


def _text_diagnostics(text: str, file: str) -> list[Diagnostic]:
    """Lone surrogates, control characters and bidi controls: each run one diagnostic."""
    out: list[Diagnostic] = []
    runs = invalid_runs(text)
    for run in runs:
        if len(out) == MAX_TEXT_DIAGNOSTICS:
            more = 1 + sum(1 for _ in runs)
            out.append(diagnostic(
                "PCR008" if run.kind == "control" else "PCR009" if run.kind == "bidi" else "PCR007",
                msg("more", count=more), Span(file, run.line, run.column, run.line,
                                                                         run.column + len(run.text))))
            break
        chars = ", ".join(f"U+{ord(c):04X}" for c in run.text[:3]) + (", ..." if len(run.text) > 3 else "")
        count = len(run.text)
        many = "many" if count > 1 else "one"
        span = Span(file, run.line, run.column, run.line, run.column + len(run.text))
        if run.kind == "surrogate":
            out.append(diagnostic("PCR007", msg(many, count=count, chars=chars), span))
        elif run.kind == "control":
            out.append(diagnostic("PCR008", msg(many, count=count, chars=chars,
                                      text=visible(run.text[:3]) + ("`..." if len(run.text) > 3 else "`")), span))
        else:
            out.append(diagnostic("PCR009", msg(many, count=count, chars=chars), span))
    return out


def _rejected(file: str, diagnostics: list[Diagnostic]) -> tuple[ast.Module, list[Diagnostic]]:
    return ast.Module(file, (), _REJECTED), diagnostics


def _parse_text(text: str, file: str) -> tuple[ast.Module, list[Diagnostic]]:
    text = normalise(text)
    if len(text) > MAX_TEXT_CHARS:
        return _rejected(file, [diagnostic(
            "PCR010", msg("read", count=len(text), limit=MAX_TEXT_CHARS),
            Span(file, 1, 1, 1, 2))])
    diagnostics = _text_diagnostics(text, file)
    if not diagnostics:
        return _parse_valid_text(text, file, diagnostics)
    # no later pass sees an invalid character: each becomes a space, and a declaration that held
    # one is dropped (its names silenced, as for a syntax error), so an import path or a title
    # with a lone surrogate goes nowhere
    module, diagnostics = _parse_valid_text(replace_invalid(text), file, diagnostics)
    positions = [(d.span.line, d.span.column) for d in diagnostics if d.code in ("PCR007", "PCR008", "PCR009")]
    kept, dropped = [], set(module.unparsed_names)
    for d in module.declarations:
        s = d.span
        if any((s.line, s.column) <= at < (s.end_line, s.end_column) for at in positions):
            dropped |= _names_of(d)
        else:
            kept.append(d)
    return ast.Module(file, tuple(kept), frozenset(dropped)), diagnostics


def _names_of(declaration) -> set[str]:
    """What a dropped declaration would have declared (as _declared_names, from the node)."""
    if isinstance(declaration, ast.Override):
        declaration = declaration.declaration
    name = getattr(declaration, "name", None)
    kind = {ast.Header: "ruleset", ast.Boundary: "boundary", ast.Example: "example"}.get(type(declaration))
    return {n for n in (kind, name.value if isinstance(name, ast.Name) else None) if n}


def _parse_valid_text(text: str, file: str, diagnostics: list[Diagnostic]) -> tuple[ast.Module, list[Diagnostic]]:
    p = parser()
    _BUILDER.file = file
    _BUILDER.depths.clear()
    try:
        declarations = p.parse(text)
    except (UnexpectedInput, InvalidNumber, TooDeep):
        pass
    except RecursionError:
        return _rejected(file, diagnostics + [diagnostic(
            "PCR006", msg("parse"), Span(file, 1, 1, 1, 2))])
    else:
        too_many = _too_many(declarations, file)
        if too_many is not None:
            return _rejected(file, diagnostics + [too_many])
        return ast.Module(file, tuple(declarations)), diagnostics
    # Slow path: parse declaration by declaration to report every broken one.
    chunks = split_declarations(text)
    if len(chunks) > MAX_DECLARATIONS:
        _, _, line, column = chunks[MAX_DECLARATIONS]
        return _rejected(file, diagnostics + [diagnostic(
            "PCR011", msg("about", count=len(chunks), limit=MAX_DECLARATIONS),
            Span(file, line, column, line, column + 1))])
    declarations = []
    unparsed: set[str] = set()
    for start, end, line, column in chunks:
        chunk = text[start:end]
        if _blank(chunk):
            continue
        found, problems, names = parse_declaration(chunk, file, line, column)
        declarations.extend(found)
        diagnostics.extend(problems)
        unparsed |= names
    too_many = _too_many(declarations, file)
    if too_many is not None:
        return _rejected(file, diagnostics + [too_many])
    return ast.Module(file, tuple(declarations), frozenset(unparsed)), diagnostics


def parse_declaration(chunk: str, file: str, line: int, column: int) -> tuple[tuple, list[Diagnostic], frozenset]:
    """One top-level declaration parsed alone (the slow path; the language server's incremental
    parser, pcrlang/lsp/incremental.py, too): its declarations, its diagnostics and the names a
    broken one would have declared. `line` and `column`: where it starts in its file."""
    p = parser()
    _BUILDER.file = file
    _BUILDER.line_offset, _BUILDER.column_offset = line - 1, column - 1
    _BUILDER.depths.clear()
    try:
        return tuple(p.parse(chunk)), [], frozenset()
    except UnexpectedInput as error:
        problem = _syntax_diagnostic(error, file, chunk, line - 1, column - 1)
    except InvalidNumber as error:
        problem = diagnostic(
            "PCR004", msg("range", number=_short(str(error.token)), digits=MAX_DIGITS, exponent=MAX_EXPONENT),
            _moved(file, error.token, line - 1, column - 1))
    except TooDeep as error:
        s = error.node.span
        problem = diagnostic(
            "PCR006", msg("tree", limit=MAX_NESTING),
            Span(file, s.line, s.column, s.line, s.column + 1))
    except RecursionError:
        problem = diagnostic("PCR006", msg("parse"), Span(file, line, column, line, column + 1))
    return (), [problem], frozenset(_declared_names(chunk.lstrip()))


def _too_many(declarations: list, file: str) -> Diagnostic | None:
    if len(declarations) <= MAX_DECLARATIONS:
        return None
    s = declarations[MAX_DECLARATIONS].span
    return diagnostic("PCR011", msg("exact", count=len(declarations), limit=MAX_DECLARATIONS), Span(file, s.line, s.column, s.line, s.column + 1))


def read_source(path: str) -> tuple[str | None, list[Diagnostic]]:
    """A file's text, normalised; or None and PCR003 (unreadable, not UTF-8) or PCR010 (too large)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read(MAX_TEXT_CHARS + 1)  # never more: the file may be huge or endless
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError: a NUL in the path
        reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else (
            getattr(error, "strerror", None) or str(error))
        return None, [diagnostic("PCR003", msg("utf8", path=path) if isinstance(error, UnicodeDecodeError)
                                 else msg("os", path=path, reason=reason), Span(path, 1, 1, 1, 2))]
    if len(text) > MAX_TEXT_CHARS:
        return None, [diagnostic("PCR010", msg("more", limit=MAX_TEXT_CHARS), Span(path, 1, 1, 1, 2))]
    return normalise(text), []


def parse_file(path: str) -> tuple[ast.Module | None, list[Diagnostic], str | None]:
    """Parse a file; returns the module (None if unreadable), diagnostics and the text."""
    text, diagnostics = read_source(path)
    if text is None:
        return None, diagnostics, None
    module, diagnostics = parse_text(text, path)
    return module, diagnostics, text
