"""The SQL dialects the batch targets: how each spells what the translator needs.

One small table per engine (quoting, literals, a guarded division, casts); everything else the
translator writes is the SQL both engines share. Nothing from a ruleset reaches SQL except
through `ident` (names the grammar made identifiers, checked again here and quoted) and
`string` (every character escaped), and numbers through `double` (an exact literal of the
binary64 value, never a DECIMAL).
"""
from __future__ import annotations

import re
from fractions import Fraction

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
MAX_DOUBLE = 1.7976931348623157e308


class Dialect:
    name = ""
    quote = '"'

    def ident(self, name: str) -> str:
        """A column name, quoted. Rule names are identifiers (the grammar), output names are
        identifiers joined by dots; input files may bring any column name (quoted, escaped)."""
        q = self.quote
        return q + name.replace(q, q + q) + q

    def rule_ident(self, name: str) -> str:
        if not _NAME.match(name):  # the grammar guarantees this; refuse rather than emit
            raise ValueError(f"not an identifier: {name!r}")
        return self.ident(name)

    def string(self, text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    def double(self, x) -> str:
        """An exact literal of the double nearest x (a Fraction, int or float): the shortest
        round-trip digits in scientific notation, which both engines read as DOUBLE."""
        f = float(x) if not isinstance(x, float) else x
        if f != f or f in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {x!r}")
        mantissa, _, exponent = ("%r" % f).partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        text = f"{mantissa}E{int(exponent or 0)}"
        return f"({text})" if text.startswith("-") else text

    def divide(self, left: str, right: str) -> str:
        return f"({left} / {right})"

    def try_double(self, text: str) -> str:
        return f"TRY_CAST({text} AS DOUBLE)"

    def to_text(self, x: str) -> str:
        return f"CAST({x} AS VARCHAR)"

    def text_type(self) -> str:
        return "VARCHAR"

    # ---- dates and tables of rows -------------------------------------------------------------
    def matches(self, text: str, pattern: str) -> str:
        """Whether the whole text matches the regular expression `pattern` (a fixed pattern of the
        translator, never ruleset text)."""
        raise NotImplementedError

    def row_sum(self, rows: str, var: str, body: str) -> str:
        """The sum of body (a DOUBLE over the row `var`) over the list `rows` (0 for no rows)."""
        raise NotImplementedError

    def row_any(self, rows: str, var: str, condition: str) -> str:
        """Whether condition holds (or is unknown) for some row of `rows` (FALSE for no rows)."""
        raise NotImplementedError

    def field(self, var: str, name: str) -> str:
        """The column `name` of the row `var`."""
        return f"{var}.{self.rule_ident(name)}"


class DuckDB(Dialect):
    name = "duckdb"

    def matches(self, text: str, pattern: str) -> str:
        return f"regexp_full_match({text}, {self.string(pattern)})"

    def row_sum(self, rows: str, var: str, body: str) -> str:
        return f"COALESCE(list_sum(list_transform({rows}, lambda {var}: {body})), 0.0E0)"

    def row_any(self, rows: str, var: str, condition: str) -> str:
        return f"COALESCE(list_bool_or(list_transform({rows}, lambda {var}: COALESCE({condition}, TRUE))), FALSE)"


class Spark(Dialect):
    name = "spark"
    quote = "`"

    def string(self, text: str) -> str:
        # Spark SQL reads backslash escapes in string literals: escape them, the quote and every
        # control character (as \\uXXXX), so the literal is the text, character for character
        out = []
        for c in text:
            if c == "\\":
                out.append("\\\\")
            elif c == "'":
                out.append("\\'")
            elif ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029":
                out.append("\\u%04x" % ord(c))
            else:
                out.append(c)
        return "'" + "".join(out) + "'"

    def divide(self, left: str, right: str) -> str:
        # ANSI mode raises on x / 0; a zero divisor refuses the record (the translator's `fails`)
        return f"({left} / NULLIF({right}, 0.0E0))"

    def try_double(self, text: str) -> str:
        return f"try_cast({text} AS DOUBLE)"

    def to_text(self, x: str) -> str:
        return f"CAST({x} AS STRING)"

    def text_type(self) -> str:
        return "STRING"

    def matches(self, text: str, pattern: str) -> str:
        # Java's $ also matches before a final line break: the callers check the length too
        return f"({text} RLIKE {self.string('^' + pattern + '$')})"

    def row_sum(self, rows: str, var: str, body: str) -> str:
        return f"aggregate({rows}, CAST(0 AS DOUBLE), (pcr_sum, {var}) -> pcr_sum + ({body}))"

    def row_any(self, rows: str, var: str, condition: str) -> str:
        return f"COALESCE(exists({rows}, {var} -> COALESCE({condition}, TRUE)), FALSE)"


DIALECTS = {"duckdb": DuckDB(), "spark": Spark()}


def exact_float_equals(bound: Fraction) -> int:
    """The sign of (the number a double equal to float(bound) stands for) - bound: a double x
    stands for the decimal repr(x) spells, so x == float(bound) decides nothing when the bound
    does not round-trip; this constant does (runtime._sign, folded at compile time)."""
    d = Fraction(repr(float(bound))) - bound
    return (d > 0) - (d < 0)
