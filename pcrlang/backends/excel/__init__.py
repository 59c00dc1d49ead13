"""The data-collection workbook (annex A) of a rule: `template` writes it (writer.py), `read`
reads a filled-in one back into a calculator's inputs (reader.py); layout.py is what both share.
Needs openpyxl (the `excel` extra)."""
from __future__ import annotations

from typing import Optional


class WorkbookError(ValueError):
    """A workbook that cannot be read, or inputs in it that a calculation refuses: the message
    names the sheet and cell. `unreadable`: the file itself (a usage error, exit 2)."""

    def __init__(self, code: str, message: str, cell: Optional[str] = None, field=None, clause=None,
                 unreadable: bool = False):
        ValueError.__init__(self, message)
        self.code, self.message, self.cell, self.field, self.clause = code, message, cell, field, clause
        self.unreadable = unreadable

    def as_dict(self) -> dict:
        """As a refused calculation is written, with the cell."""
        return {"error": {"code": self.code, "message": self.message, "field": self.field, "formula": None,
                          "clause": self.clause, "cell": self.cell}}


def template(rs, fingerprint: str, publication_fingerprint=None) -> bytes:
    from .writer import template as write
    return write(rs, fingerprint, publication_fingerprint)


def read(path: str, rs, fingerprint: str) -> dict:
    from .reader import read as read_workbook
    return read_workbook(path, rs, fingerprint)
