"""A Pygments lexer for pcrlang, so that ```pcrlang blocks are highlighted in the documentation.

Registered as the Pygments plugin `pcrlang` (aliases `pcrlang`, `pcr`; files `*.pcr`) through the
entry point in pyproject.toml; `pip install -e .` makes Pygments (and so mkdocs) find it.

Highlighting only: the lexer follows the grammar's terminals (grammar/pcrlang.lark) but knows
nothing of its structure. Keywords in pcrlang are contextual (`source` or `total` may also name
an input); the lexer marks them as keywords wherever they appear. Unit names are recognised
only where a unit can stand: after the `:` of a declaration and after a number (`1000 t`,
`0.5366 kgCO2/kWh`), so that an input named `t` or `a` stays a name inside formulas.
"""
from __future__ import annotations

import re
from pathlib import Path

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

from .domain.gases import GASES, GWP_SETS
from .domain.vocabulary import CARBON_KINDS
from .domain.units import OFFSET_UNITS, UNITS

__all__ = ["PcrlangLexer"]

DECLARATIONS = ("ruleset", "boundary", "keys", "input", "factor", "table", "quantity", "emission", "removal",
                "allocation", "cutoff", "example")
HEADER_FIELDS = ("version", "status", "title", "issuer", "scope", "references", "gwp", "declared_unit",
                 "production", "effective")
ATTRIBUTES = ("stage", "process", "exclude", "because", "in", "primary", "optional", "default", "source",
              "geography", "vintage", "unverified", "by", "for", "gas", "product", "coproduct", "avoided",
              "justification", "per_flow", "total", "never", "given", "expect", "within", "cut_off", "kind")
OPERATOR_WORDS = ("if", "then", "else", "and", "or", "not")
FUNCTIONS = ("min", "max")
CONSTANTS = (
    # boundary types and life-cycle phases
    "cradle_to_gate", "cradle_to_grave", "gate_to_gate", "raw_material_acquisition", "production",
    "distribution", "use", "end_of_life",
    # statuses, allocation methods, cut-off bases and verdicts
    "draft", "issued", "withdrawn", "mass", "energy", "economic", "fixed", "substitution", "emissions",
    "pass", "fail",
)


def _grammar_keywords() -> tuple:
    """The keywords of the grammar (quoted words and keyword terminals), so that keywords added to
    the language are highlighted without touching this file."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "grammar" / "pcrlang.lark", here.parent / "grammar" / "pcrlang.lark"):
        if candidate.is_file():
            grammar = candidate.read_text(encoding="utf-8")
            return tuple(sorted(set(re.findall(r'"([a-z][a-z_]+)"', grammar))))
    return ()


_NAME_END = r"(?![A-Za-z0-9_])"
_KNOWN = set(DECLARATIONS + HEADER_FIELDS + ATTRIBUTES + OPERATOR_WORDS + FUNCTIONS + CONSTANTS) | {"zh", "en"}
_NEW_KEYWORDS = tuple(k for k in _grammar_keywords() if k not in _KNOWN)  # an empty words() would match ""
_NUMBER = r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
# longest first, so that `kgCO2e` is not read as `kg` followed by something else
_UNIT_NAMES = sorted((u for u in set(UNITS) | OFFSET_UNITS if u != "1"), key=lambda u: (-len(u), u))
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNIT_NAMES) + ")" + _NAME_END


class PcrlangLexer(RegexLexer):
    """Product carbon footprint rules (pcrlang)."""

    name = "pcrlang"
    aliases = ["pcrlang", "pcr"]
    filenames = ["*.pcr"]
    mimetypes = ["text/x-pcrlang"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"([^"\\\n]|\\.)*"', String.Double),
            # a number followed by a unit: `1000 t`, `0.0001 kgCO2e`
            (r"(" + _NUMBER + r")([ \t]+)(?=" + _UNIT + r")", bygroups(Number, Whitespace), "unit"),
            (_NUMBER, Number),
            # the unit of a declaration: `input x: t`, `factor f: kgCO2/TJ = ...`
            (r"(:)([ \t]*)", bygroups(Punctuation, Whitespace), "unit"),
            (words(DECLARATIONS, suffix=_NAME_END), Keyword.Declaration),
            (words(OPERATOR_WORDS, suffix=_NAME_END), Operator.Word),
            (words(HEADER_FIELDS + ATTRIBUTES, suffix=_NAME_END), Keyword),
            (r"(zh|en)(?=\s*\")", Name.Attribute),
            (words(tuple(GASES), suffix=_NAME_END), Name.Constant),
            (words(tuple(CARBON_KINDS) + CONSTANTS + tuple(GWP_SETS), suffix=_NAME_END), Name.Constant),
            (r"(" + "|".join(FUNCTIONS) + r")(\s*)(?=\()", bygroups(Name.Builtin, Whitespace)),
            *([(words(_NEW_KEYWORDS, suffix=_NAME_END), Keyword)] if _NEW_KEYWORDS else []),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (r"<=|>=|==|!=|<|>", Operator),
            (r"[-+*/^%·=]", Operator),
            (r"[{}()\[\],.:]", Punctuation),
        ],
        "unit": [
            (_UNIT, Keyword.Type),
            (r"1" + r"(?![0-9.eE])", Keyword.Type),
            (r"([ \t]*)([*/·])([ \t]*)(?=" + _UNIT + r"|1(?![0-9.eE]))", bygroups(Whitespace, Operator, Whitespace)),
            (r"(\^)(-?[0-9]+)", bygroups(Operator, Number)),
            default("#pop"),
        ],
    }

