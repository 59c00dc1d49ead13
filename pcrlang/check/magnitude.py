"""Magnitudes: units and values must stay inside the range the calculators compute in.

Generated calculators use binary64 floats (at most about 1.8e308), and exact fractions with
thousands of digits overflow float() and str(); so a unit's scale to its base unit (PCR311) and
a value converted to base units (PCR312) must lie between 1e-300 and 1e300 in magnitude.
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..diagnostics import Phrase, msg

LIMIT = 300  # decimal exponent
_HIGH = Fraction(10 ** LIMIT)
_LOW = Fraction(1, 10 ** LIMIT)
_SHORT = 16  # unit factors multiplied exactly at once (at most 16 x 180 digits)


def show(x: Fraction) -> str:
    """A number for a message; float() of a huge fraction overflows."""
    try:
        return f"{float(x):g}"
    except OverflowError:
        return "more than 1e308" if x > 0 else "less than -1e308"


def out_of_range(x: Fraction) -> str | None:
    """Why a non-zero number lies outside 1e-300..1e300 in magnitude, or None when it does not."""
    if x == 0:
        return None
    a = abs(x)
    if a > _HIGH:
        return f"more than 1e{LIMIT}"
    if a < _LOW:
        return f"less than 1e-{LIMIT}"
    return None


def scale(powers: list[tuple[Fraction, int]]) -> Fraction | str:
    """The product of scale ** power over a unit's factors, or why it is out of range.

    A long product is grouped by scale and estimated with logarithms first, so that a unit of
    thousands of factors is refused without computing a number of thousands of digits."""
    if len(powers) > _SHORT:
        grouped: dict[Fraction, int] = {}
        for s, p in powers:
            grouped[s] = grouped.get(s, 0) + p
        estimate = sum(p * (math.log10(s.numerator) - math.log10(s.denominator)) for s, p in grouped.items())
        if abs(estimate) > LIMIT + 1:
            return f"more than 1e{LIMIT}" if estimate > 0 else f"less than 1e-{LIMIT}"
        powers = list(grouped.items())
    value = Fraction(1)
    for s, p in powers:
        value *= s ** p
    return out_of_range(value) or value


def check_value(ctx, what: Phrase, value, text: str | None, unit, to_base: Fraction, span) -> None:
    """PCR312 when `value` in `unit` (to_base: the unit's scale) lies out of range in base units."""
    if value is None or isinstance(value, str):
        return
    verdict = out_of_range(value * to_base)
    if verdict:
        shown = f"{text if text is not None else show(value).replace('e+', 'e')} {unit.text()}"
        ctx.error("PCR312", msg("high" if verdict.startswith("more") else "low", what=what, value=shown,
                                limit=f"1e{LIMIT}" if verdict.startswith("more") else f"1e-{LIMIT}"), span)
