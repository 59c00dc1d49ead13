"""Numbers for the reader: correctly rounded, trailing zeros dropped, large and small ones as
a × 10ⁿ; and the inverse, for tests and readers' tools."""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def num(x, digits: int = 10) -> str:
    """A number for the reader: correctly rounded to `digits` significant digits, trailing zeros
    dropped; round numbers from a million up, and very large or small ones, as a × 10ⁿ."""
    x = Fraction(x)
    if x == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = ROUND_HALF_EVEN
        d = (Decimal(x.numerator) / Decimal(x.denominator)).normalize()
        sign, digs, exp = d.as_tuple()
        adjusted = d.adjusted()
        if exp >= 6 or adjusted >= 15 or adjusted < -6:
            mantissa = Decimal((sign, digs, -(len(digs) - 1)))
            return f"{mantissa} × 10{str(adjusted).translate(_SUPERSCRIPT)}"
        return format(d, "f")


def parse_num(text: str) -> float:
    """The inverse of `num` (for tests and readers' tools)."""
    if " × 10" in text:
        mantissa, power = text.split(" × 10")
        return float(mantissa) * 10 ** int(power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    return float(text)

