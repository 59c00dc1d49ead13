"""PACT v3 numbers: decimal strings (`^[+-]?\\d+(\\.\\d+)?$`), written from exact values.

A figure is an exact Fraction (the interpreter's) or a JSON number of a calculator's result,
which stands for the decimal its shortest round-trip form spells (0.1 is one tenth, as
everywhere in pcrlang: `runtime.exact`). It is rounded to a fixed number of decimals with the
runtime's own rounding (`runtime.round_decimal`) and written digit by digit from the integer it
scales to: never through a float's repr, so no `1e-05`. Every rounded figure states all its
decimals ("724.906029", "0.000000"): the rounding is written in the number itself, and the checks
of a received footprint (validate.py) read it from there. A value that is exact, not rounded (a
declared unit's amount, a product's mass from the declared unit) is written exactly ("1000").
"""
from __future__ import annotations

import re
from fractions import Fraction

from ...semantics.runtime import exact, round_decimal

DEFAULT_DECIMALS = 6
DEFAULT_ROUNDING = "half_up"
DECIMAL = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?$")


def to_fraction(x) -> Fraction:
    """An exact number from a Fraction, an int, a float (its repr's decimal) or a decimal string."""
    if isinstance(x, str):
        found = DECIMAL.match(x)
        if found is None:
            raise ValueError(f"not a decimal string: {x!r}")
        return Fraction(x)
    if isinstance(x, bool):
        raise ValueError("a boolean is not a number")
    return exact(x)


def decimal_string(x, decimals: int = DEFAULT_DECIMALS, rounding: str = DEFAULT_ROUNDING) -> str:
    """x rounded to `decimals` places and written as a PACT decimal string."""
    value = round_decimal(to_fraction(x), decimals, rounding)
    scaled = value * 10 ** decimals
    assert scaled.denominator == 1
    n = scaled.numerator
    digits = str(abs(n)).rjust(decimals + 1, "0")
    text = digits[:-decimals] + "." + digits[-decimals:] if decimals else digits
    return "-" + text if n < 0 else text


def exact_decimal_string(x, decimals: int = DEFAULT_DECIMALS, rounding: str = DEFAULT_ROUNDING) -> str:
    """x written exactly when it is a decimal of at most 30 places (1/8 -> "0.125"), else rounded."""
    x = to_fraction(x)
    for p in range(31):
        if (x * 10 ** p).denominator == 1:
            return decimal_string(x, p).rstrip("0").rstrip(".") if p else decimal_string(x, 0)
    return decimal_string(x, decimals, rounding)


def places(text: str) -> int:
    """The decimals a decimal string states ("0.384" -> 3, "77" -> 0)."""
    found = DECIMAL.match(text)
    return len(found.group(3) or "") if found else 0


def half_unit(text: str) -> Fraction:
    """Half a unit of the last place a decimal string states: the most its rounding can hide. A
    bare zero ("0", PACT's "not applicable") is exact."""
    found = DECIMAL.match(text)
    if found is not None and found.group(3) is None and int(found.group(2)) == 0:
        return Fraction(0)
    return Fraction(1, 2 * 10 ** places(text))
