"""`pcr fmt`: one canonical layout for a ruleset, comments kept.

The formatter never changes a token: it parses the text with the grammar (a Lark tree that keeps
every token, comments collected by the lexer) and lays the same tokens out again. So formatting
cannot change what a ruleset means (the AST is the same but for its spans, and so is the
semantic fingerprint); `format_text` checks this itself, comparing the tokens of its output with
those of its input, and refuses rather than return a text that would read differently.

The layout:
- a declaration or block item starts its own line; blocks `{ ... }` indent their items by two
  spaces, `}` closes on its own line, an empty block is written `{}`;
- tokens are separated by one space, except none inside a unit (`kgCO2e/t`, `kg^-1`), around `.`,
  before `,` `:` `)` `]`, after `(` `[` and a sign, and before the `(` of a call or the `[` of a
  look-up;
- a line wider than 100 columns (a Chinese character counts two) is broken after the `=` of a
  formula; if that is not enough, also before the description (`zh "..." en "..."`) and `because`;
  then also between the Chinese and the English text; then also before each attribute (`source`, `geography`, ...) and list item; when nothing fits, the
  breaks that leave the fewest columns past the margin, each break costing 20; continuation lines
  are indented two more spaces;
- blank lines between items are kept (at most one, none at the start or end of a block); a
  comment keeps its place: on its own line at the indentation of what follows, or at the end of
  the line of the token it followed.
"""
from __future__ import annotations

import unicodedata

import attrs
import lark

from .diagnostics import Diagnostic
from .syntax.parse import grammar_path, parse_text

WIDTH = 100
INDENT = "  "
BREAK_COST = 20  # columns past the margin a line break must save to be taken when nothing fits

_TREE_PARSER: lark.Lark | None = None
_COMMENTS: list = []


class NotFormatted(Exception):
    """The text has syntax errors (given as diagnostics) and is not rewritten."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} syntax errors")
        self.diagnostics = diagnostics


def _tree_parser() -> lark.Lark:
    global _TREE_PARSER
    if _TREE_PARSER is None:
        _TREE_PARSER = lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                                 keep_all_tokens=True, lexer_callbacks={"COMMENT": _COMMENTS.append})
    return _TREE_PARSER


def tokens(text: str) -> tuple[list[lark.Token], list[lark.Token], lark.Tree]:
    """The tokens of a text that parses, its comments, and the parse tree (all tokens kept)."""
    p = _tree_parser()
    _COMMENTS.clear()
    tree = p.parse(text)
    comments = list(_COMMENTS)
    _COMMENTS.clear()
    return list(tree.scan_values(lambda v: isinstance(v, lark.Token))), comments, tree


# ---- events --------------------------------------------------------------------------------------

@attrs.frozen
class _Tok:
    token: lark.Token
    unit: int | None  # id of the enclosing unit (no spaces inside a unit)
    glue_before: bool  # no space before this token
    glue_after: bool  # no space after this token
    soft: int  # a break may come before this token: 1 after `=`, 2 before a description, 3 between
    # its Chinese and English texts, 4 before an attribute or list item


OPEN, CLOSE, ITEM = "open", "close", "item"

_TEXT_NODES = {"text", "a_text", "f_text", "co_text", "f_source_text"}
_FORMULA_NODES = {"quantity", "contribution", "biogenic_content"}
_LISTS = {"h_references", "h_drafters", "h_drafting_units"}
_CALLS = {"call", "row_sum", "row_average"}


def _events(tree: lark.Tree) -> list:
    out: list = []
    units = [0]

    def walk(node, unit: int | None, soft_next: list):
        children = node.children
        brace = next((i for i, c in enumerate(children) if isinstance(c, lark.Token) and c.type == "LBRACE"), None)
        inner = False
        prev_text = False
        for i, child in enumerate(children):
            soft = 0
            if isinstance(child, lark.Tree):
                is_text = child.data in _TEXT_NODES
                after_because = i > 0 and isinstance(children[i - 1], lark.Token) and children[i - 1].type == "BECAUSE"
                if is_text and not prev_text and i > 0 and not after_because and not node.data.startswith("h_"):
                    soft = 2
                elif is_text and prev_text or child.data == "lang_text" and node.data == "text" and i > 0:
                    soft = 3  # between the Chinese and the English text
                elif not is_text and child.data[:2] in ("f_", "a_") and i > 0:
                    soft = 4
                prev_text = is_text
            else:
                prev_text = False
                if child.type == "BECAUSE":
                    soft = 2
                elif child.type == "FACTOR" and node.data == "el_source":
                    soft = 4
                elif node.data in _LISTS and i > 0 and isinstance(children[i - 1], lark.Token) \
                        and children[i - 1].type == "COMMA":
                    soft = 4
            if node.data in _FORMULA_NODES and i > 0 and isinstance(children[i - 1], lark.Token) \
                    and children[i - 1].type == "EQUAL":
                soft = 1
            if soft:
                soft_next[0] = max(soft_next[0], soft)
            if brace is not None and i == brace:
                emit(child, node, unit, soft_next)
                out.append(OPEN)
                inner = True
                continue
            if inner and isinstance(child, lark.Token) and child.type == "RBRACE":
                out.append(CLOSE)
                emit(child, node, unit, soft_next)
                inner = False
                continue
            if inner and isinstance(child, lark.Tree):
                out.append(ITEM)
            if isinstance(child, lark.Tree):
                child_unit = unit
                if child.data == "unit":
                    units[0] += 1
                    child_unit = units[0]
                walk(child, child_unit, soft_next)
            else:
                emit(child, node, unit, soft_next)

    def emit(tok: lark.Token, parent: lark.Tree, unit, soft_next: list):
        t = tok.type
        glue_before = t in ("COMMA", "RPAR", "RSQB", "COLON", "DOT") or (t == "SLASH" and parent.data == "ratio") or (
            t == "LPAR" and parent.data in _CALLS) or (t == "LSQB" and parent.data == "lookup")
        glue_after = t in ("LPAR", "LSQB", "DOT") or (t == "SLASH" and parent.data == "ratio") or (t == "MINUS" and parent.data in ("signed_number", "negate"))
        out.append(_Tok(tok, unit, glue_before, glue_after, soft_next[0]))
        soft_next[0] = 0

    for declaration in tree.children:
        out.append(ITEM)
        walk(declaration, None, [0])
    return out


# ---- layout --------------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.depth = 0
        self.pieces: list[tuple[str, int, bool]] = []  # (text, soft, space before)
        self.continued = False  # the current item already broke a line
        self.comment = None  # a trailing comment of the current line
        self.filled: list[int] = []  # per open block: items and comments so far

    def add(self, text: str, soft: int, space: bool):
        self.pieces.append((text, soft, space))

    def blank(self):
        if self.lines and self.lines[-1] != "" and not self.lines[-1].endswith("{"):
            self.lines.append("")

    def flush(self, item_end: bool = False):
        if self.pieces:
            indent = INDENT * self.depth + (INDENT if self.continued else "")
            rendered = self._break(indent)
            if self.comment is not None:
                rendered[-1] += "  " + self.comment
                self.comment = None
            self.lines.extend(rendered)
            self.pieces = []
            self.continued = not item_end
        elif self.comment is not None:  # pragma: no cover - a comment always follows a token
            self.lines.append(INDENT * self.depth + self.comment)
            self.comment = None
        if item_end:
            self.continued = False

    def _break(self, indent: str) -> list[str]:
        more = indent if self.continued else indent + INDENT
        choices = []
        for level in (0, 1, 2, 3, 4):
            lines = [indent]
            for k, (text, soft, space) in enumerate(self.pieces):
                if k and soft and soft <= level:
                    lines.append(more)
                elif k and space:
                    lines[-1] += " "
                lines[-1] += text
            overflow = sum(max(0, _width(line) - WIDTH) for line in lines)
            if not overflow:
                return lines
            choices.append((overflow + BREAK_COST * (len(lines) - 1), level, lines))
        return min(choices)[2]  # none fits: the fewest columns past the margin, a break costing 20


def _layout(events: list, comments: list[lark.Token], text: str) -> str:
    out = _Lines()
    comments = sorted(comments, key=lambda c: c.start_pos)
    ci = 0
    prev: lark.Token | None = None
    prev_glue_after = False
    prev_unit = None

    def gap(before: int, after: int) -> str:
        return text[before:after]

    def place_comments(upto: int, pending_items: bool):
        """Comments that come before offset `upto` (the next token)."""
        nonlocal ci
        while ci < len(comments) and comments[ci].start_pos < upto:
            c = comments[ci]
            ci += 1
            start = prev_end()
            between = gap(start, c.start_pos) if start is not None else "\n"
            if prev is not None and "\n" not in between and out.comment is None and out.pieces:
                out.comment = c.value.rstrip()  # trailing: stays at the end of its line
                out.flush()
            else:
                out.flush(item_end=pending_items)
                if between.count("\n") >= 2 and out.lines:
                    out.blank()
                if out.filled:
                    out.filled[-1] += 1
                out.lines.append((INDENT * out.depth + (INDENT if out.continued else "") + c.value.rstrip()).rstrip())
            set_prev_end(c.end_pos)

    last_end = [None]

    def prev_end():
        return last_end[0]

    def set_prev_end(pos):
        last_end[0] = pos

    i = 0
    while i < len(events):
        e = events[i]
        if e == OPEN:
            start = prev_end()
            j = i
            while j < len(events) and not isinstance(events[j], _Tok):
                j += 1
            nxt = events[j].token.start_pos if j < len(events) else len(text) + 1
            if ci < len(comments) and comments[ci].start_pos < nxt and "\n" not in gap(start, comments[ci].start_pos):
                out.comment = comments[ci].value.rstrip()  # a comment after `{`
                set_prev_end(comments[ci].end_pos)
                ci += 1
            out.flush()
            out.depth += 1
            out.continued = False
            out.filled.append(0)
            i += 1
            continue
        # the next token, to place the comments before it
        j = i
        while j < len(events) and not isinstance(events[j], _Tok):
            j += 1
        nxt = events[j].token.start_pos if j < len(events) else len(text) + 1
        if e in (ITEM, CLOSE):
            place_comments(nxt, pending_items=True)
            out.flush(item_end=True)
            if e == ITEM and out.filled:
                out.filled[-1] += 1
            if e == CLOSE:
                out.depth -= 1
                if not out.filled.pop() and j < len(events):
                    out.lines[-1] += "}"  # an empty block
                    tok = events[j]
                    prev, prev_glue_after, prev_unit = tok.token, tok.glue_after, tok.unit
                    set_prev_end(tok.token.end_pos)
                    i = j + 1
                    continue
            elif j < len(events):
                start = prev_end()
                if start is not None and gap(start, nxt).count("\n") >= 2:
                    out.blank()
            i += 1
            continue
        place_comments(e.token.start_pos, pending_items=False)
        t = e.token
        space = bool(out.pieces) and not (prev_glue_after or e.glue_before or (
            e.unit is not None and e.unit == prev_unit))
        out.add(str(t), e.soft, space)
        if t.type == "LBRACE":
            pass
        prev, prev_glue_after, prev_unit = t, e.glue_after, e.unit
        set_prev_end(t.end_pos)
        i += 1
    place_comments(len(text) + 1, pending_items=True)
    out.flush(item_end=True)
    lines = out.lines
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def _signature(text: str) -> list[tuple[str, str]]:
    toks, comments, _ = tokens(text)
    return [(t.type, str(t)) for t in toks] + [("COMMENT", c.value.rstrip()) for c in comments]


def format_text(text: str, path: str = "<string>") -> str:
    """The text in the canonical layout. Raises NotFormatted (with the diagnostics) on syntax errors."""
    if text.startswith("\ufeff"):
        text = text[1:]
    _, diagnostics = parse_text(text, path)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise NotFormatted(errors)
    toks, comments, tree = tokens(text)
    out = _layout(_events(tree), comments, text)
    if _signature(out) != [(t.type, str(t)) for t in toks] + [("COMMENT", c.value.rstrip()) for c in comments]:
        raise AssertionError("the formatter changed the tokens of the text")  # a bug, never the user's
    return out


# ---- the command ---------------------------------------------------------------------------------

def command(args) -> int:
    """`pcr fmt PATHS` rewrites the files; `--check` only reports those not formatted, with a diff
    (exit 1); `-` reads standard input and writes the formatted text to standard output.
    A file with syntax errors is refused with its diagnostics and never rewritten (exit 1)."""
    import difflib
    import os
    import sys
    from .diagnostics import render

    paths = []
    for p in args.paths:
        if os.path.isdir(p):
            for root, _, files in sorted(os.walk(p)):
                paths.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".pcr"))
        else:
            paths.append(p)
    status = 0
    changed = 0
    for path in paths:
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8", newline="") as f:
                    text = f.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else (error.strerror or str(error))
            sys.stderr.write(f"{path}: cannot read: {reason}\n")
            status = 1
            continue
        try:
            new_text = format_text(text.replace("\r\n", "\n"), path)
        except NotFormatted as refused:
            for d in refused.diagnostics:
                sys.stderr.write(render(d, text) + "\n\n")
            sys.stderr.write(f"{path}: not formatted, {len(refused.diagnostics)} syntax errors\n")
            status = 1
            continue
        if path == "-":
            if args.check:
                if new_text != text:
                    sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True),
                                                               new_text.splitlines(keepends=True),
                                                               "<stdin>", "<stdin> (formatted)"))
                    status = 1
            else:
                sys.stdout.write(new_text)
            continue
        if new_text == text:
            continue
        changed += 1
        if args.check:
            sys.stdout.write(f"would reformat {path}\n")
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                                       path, path + " (formatted)"))
            status = 1
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(new_text)
            sys.stderr.write(f"reformatted {path}\n")
    files = [p for p in paths if p != "-"]
    if files:
        verb = "would be reformatted" if args.check else "reformatted"
        sys.stderr.write(f"{changed} file{'s' if changed != 1 else ''} {verb}, "
                         f"{len(files) - changed} already formatted\n" if status == 0 or changed else "")
    elif not paths:
        sys.stderr.write("pcr fmt: no .pcr files found\n")
        status = 1
    return status
