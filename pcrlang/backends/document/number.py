"""Numbers for the reader: correctly rounded, trailing zeros dropped, large and small ones as
a × 10ⁿ; and the inverse, for tests and readers' tools."""
from __future__ import annotations

import re
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



# ---- units as typeset: kgCO2e/kWh -> kg CO₂e/kWh, Nm3 -> Nm³, m2 -> m², kgC -> kg C --------------------
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_GASES = ("CO2e", "CO2", "CH4", "N2O", "CF4", "C2F6", "SF6", "NF3", "C")
_MASS = ("kg", "t", "g", "Mt", "kt")
_UNIT_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:\^-?[0-9]+)?|[/*·]")


def _unit_factor(token: str) -> str:
    base, _, power = token.partition("^")
    for mass in sorted(_MASS, key=len, reverse=True):
        for gas in _GASES:
            if base == mass + gas:
                name = gas.translate(_SUB) if gas != "CO2e" else "CO₂e"
                base = f"{mass} {name}"
                break
        else:
            continue
        break
    else:
        m = re.fullmatch(r"(Nm|m|km|cm|mm)([23])", base)
        if m:
            base = m.group(1) + m.group(2).translate(_SUP)
    return base + (power.translate(_SUP) if power else "")


def unit_text(unit: str) -> str:
    """A unit as a standard prints it. `fraction` (a dimensionless share) prints as nothing: the
    value is a pure number (callers show "—" or a percentage)."""
    if unit is None:
        return ""
    unit = unit.strip()
    if unit in ("fraction", "1", ""):
        return ""
    out = []
    for token in _UNIT_TOKEN.findall(unit):
        out.append({"*": "·", "·": "·", "/": "/"}.get(token) or _unit_factor(token))
    return "".join(out) if out else unit
