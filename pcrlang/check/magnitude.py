"""Numbers in messages."""
from __future__ import annotations

from fractions import Fraction


def show(x: Fraction) -> str:
    """A number for a message; float() of a huge fraction overflows."""
    try:
        return f"{float(x):g}"
    except OverflowError:
        return "more than 1e308" if x > 0 else "less than -1e308"
