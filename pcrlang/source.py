"""Source files and spans: every AST and IR node points back at the text it came from."""
from __future__ import annotations

import attrs


@attrs.frozen(slots=True)
class Span:
    """A region of one source file. Lines and columns count from 1; the end is exclusive."""

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


NOWHERE = Span("<builtin>", 0, 0, 0, 0)


def span_of_token(file: str, token) -> Span:
    return Span(file, token.line, token.column, token.end_line, token.end_column)
