"""A Pygments lexer for pcrlang, so that ```pcrlang blocks are highlighted in the documentation.

Registered as the Pygments plugin `pcrlang` (aliases `pcrlang`, `pcr`; files `*.pcr`) through the
entry point in pyproject.toml; `pip install -e .` makes Pygments (and so mkdocs) find it.

Highlighting only: the keywords come from the grammar (keywords.py reads grammar/pcrlang.lark
through Lark), so a keyword added to the language is highlighted without touching this file;
the lexer knows nothing of the grammar's structure. Keywords in pcrlang are contextual
(`source` or `total` may also name an input); the lexer marks them as keywords wherever they
appear. Unit names are recognised only where a unit can stand: after the `:` of a declaration
and after a number (`1000 t`, `0.5366 kgCO2/kWh`), so that an input named `t` or `a` stays a
name inside formulas.
"""
from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

from ..domain.gases import GASES, GWP_SETS
from ..domain.vocabulary import CARBON_KINDS
from ..domain.units import OFFSET_UNITS, UNITS
from .keywords import DECLARATION_KEYWORDS, FORMULA_KEYWORDS, KEYWORDS

__all__ = ["PcrlangLexer"]

DECLARATIONS = DECLARATION_KEYWORDS
OPERATOR_WORDS = FORMULA_KEYWORDS
LANGUAGES = ("zh", "en")
# every other keyword of the grammar: header fields, attributes, items of blocks
OTHER_KEYWORDS = tuple(sorted(KEYWORDS - set(DECLARATIONS) - set(OPERATOR_WORDS) - set(LANGUAGES)))
FUNCTIONS = ("min", "max")
CONSTANTS = (
    # boundary types and life-cycle phases
    "cradle_to_gate", "cradle_to_grave", "gate_to_gate", "raw_material_acquisition", "production",
    "distribution", "use", "end_of_life",
    # statuses, allocation methods, cut-off bases and verdicts
    "draft", "issued", "withdrawn", "mass", "energy", "economic", "fixed", "substitution", "emissions",
    "pass", "fail",
)
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # the grammar's STRING, without backtracking

_NAME_END = r"(?![A-Za-z0-9_])"
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
            (_STRING, String.Double),
            # a number followed by a unit: `1000 t`, `0.0001 kgCO2e`
            (r"(" + _NUMBER + r")([ \t]+)(?=" + _UNIT + r")", bygroups(Number, Whitespace), "unit"),
            (_NUMBER, Number),
            # the unit of a declaration: `input x: t`, `factor f: kgCO2/TJ = ...`
            (r"(:)([ \t]*)", bygroups(Punctuation, Whitespace), "unit"),
            (words(DECLARATIONS, suffix=_NAME_END), Keyword.Declaration),
            (words(OPERATOR_WORDS, suffix=_NAME_END), Operator.Word),
            (words(OTHER_KEYWORDS, suffix=_NAME_END), Keyword),
            (r"(zh|en)(?=\s*\")", Name.Attribute),
            (words(tuple(GASES), suffix=_NAME_END), Name.Constant),
            (words(tuple(CARBON_KINDS) + CONSTANTS + tuple(GWP_SETS), suffix=_NAME_END), Name.Constant),
            (r"(" + "|".join(FUNCTIONS) + r")(\s*)(?=\()", bygroups(Name.Builtin, Whitespace)),
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

