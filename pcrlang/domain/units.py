"""Units and dimensions: exponent vectors over base dimensions, exact conversion factors.

A dimension is a sorted tuple of (base dimension, exponent). Each greenhouse gas and CO2e is its
own base dimension, so kg CH4 is neither kg CO2e nor kg of product; carbon (C) is one too, so
converting carbon to CO2 needs the rule's own 44/12 factor. Every unit has an exact `Fraction`
factor to the base unit of its dimension (kg, m, s, K, one currency unit, one piece, one Nm3,
one kg of a gas): conversions are folded into constants when a ruleset is lowered, and a
calculator does no unit work at run time.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Iterable

from .gases import GAS_DIMENSIONS as GASES_DIMENSIONS

Dimension = tuple  # tuple[tuple[str, int], ...], sorted by base name

DIMENSIONLESS: Dimension = ()

CARBON = "C"
BASE_DIMENSIONS = (
    "mass", "length", "time", "temperature", "piece", "normal_volume", "CNY", "USD", "EUR",
    CARBON, *GASES_DIMENSIONS,
)


def dim(**exponents: int) -> Dimension:
    return tuple(sorted((k, v) for k, v in exponents.items() if v))


def multiply(a: Dimension, b: Dimension) -> Dimension:
    if not b:
        return a
    if not a:
        return b
    out = dict(a)
    for k, v in b:
        out[k] = out.get(k, 0) + v
    return tuple(sorted((k, v) for k, v in out.items() if v))


def power(a: Dimension, n: int) -> Dimension:
    return tuple((k, v * n) for k, v in a) if n else DIMENSIONLESS


def divide(a: Dimension, b: Dimension) -> Dimension:
    return multiply(a, power(b, -1))


MASS = dim(mass=1)
ENERGY = dim(mass=1, length=2, time=-2)
MONEY_DIMENSIONS = (dim(CNY=1), dim(USD=1), dim(EUR=1))

# name -> (factor to base, dimension)
UNITS: dict[str, tuple[Fraction, Dimension]] = {}


def _add(names: Iterable[str] | str, factor, dimension: Dimension) -> None:
    for name in [names] if isinstance(names, str) else names:
        UNITS[name] = (Fraction(factor), dimension)


# dimensionless
_add(["1", "fraction", "ratio"], 1, DIMENSIONLESS)
_add(["percent", "pct"], Fraction(1, 100), DIMENSIONLESS)
_add("permille", Fraction(1, 1000), DIMENSIONLESS)
_add("ppm", Fraction(1, 10**6), DIMENSIONLESS)
# mass
for _n, _f in (("mg", Fraction(1, 10**6)), ("g", Fraction(1, 1000)), ("kg", 1), ("t", 1000),
               ("kt", 10**6), ("Mt", 10**9)):
    _add(_n, _f, MASS)
_add("tonne", 1000, MASS)
# length, area, volume
for _n, _f in (("mm", Fraction(1, 1000)), ("cm", Fraction(1, 100)), ("m", 1), ("km", 1000)):
    _add(_n, _f, dim(length=1))
_add(["m2"], 1, dim(length=2))
_add(["m3"], 1, dim(length=3))
_add(["L", "l"], Fraction(1, 1000), dim(length=3))
# Normal cubic metres are their own dimension: turning gas volume into energy or mass needs a
# named factor in the rule (e.g. a net calorific value in GJ/Nm3), never a silent conversion.
_add("Nm3", 1, dim(normal_volume=1))
_add("kNm3", 1000, dim(normal_volume=1))
# time (a year is the Julian year of 365.25 days, the IUPAC annum)
for _n, _f in (("s", 1), ("min", 60), ("h", 3600), ("d", 86400), ("a", 31557600), ("yr", 31557600),
               ("year", 31557600)):
    _add(_n, _f, dim(time=1))
# energy
for _n, _f in (("J", 1), ("kJ", 10**3), ("MJ", 10**6), ("GJ", 10**9), ("TJ", 10**12), ("PJ", 10**15),
               ("Wh", 3600), ("kWh", 3600 * 10**3), ("MWh", 3600 * 10**6), ("GWh", 3600 * 10**9)):
    _add(_n, _f, ENERGY)
# coal equivalent, GB/T 2589-2020: 1 kgce = 29 307.6 kJ (7 000 kcal)
_add("kgce", Fraction(293076, 10) * 1000, ENERGY)
_add("tce", Fraction(293076, 10) * 10**6, ENERGY)
# power
for _n, _f in (("W", 1), ("kW", 10**3), ("MW", 10**6), ("GW", 10**9)):
    _add(_n, _f, dim(mass=1, length=2, time=-3))
# transport work
_add("tkm", 1000 * 1000, dim(mass=1, length=1))
# temperature: kelvin only (offset units are rejected, see OFFSET_UNITS)
_add("K", 1, dim(temperature=1))
# counts
_add(["piece", "pieces", "pcs", "item", "cycle", "cycles", "unit_count"], 1, dim(piece=1))
# money: currencies are separate dimensions (no exchange rate is exact)
_add(["CNY", "yuan"], 1, dim(CNY=1))
_add("USD", 1, dim(USD=1))
_add("EUR", 1, dim(EUR=1))
# masses of carbon and of each greenhouse gas
for _g in (CARBON, *GASES_DIMENSIONS):
    for _p, _f in (("g", Fraction(1, 1000)), ("kg", 1), ("t", 1000), ("kt", 10**6), ("Mt", 10**9)):
        _add(_p + _g, _f, dim(**{_g: 1}))

OFFSET_UNITS = {"degC", "°C", "celsius", "degF", "°F", "fahrenheit", "C_deg"}


def lookup(name: str) -> tuple[Fraction, Dimension] | None:
    return UNITS.get(name)


def suggestions() -> list[str]:
    return list(UNITS)


_WORDS = {
    "en": {"piece": "count", "normal_volume": "normal volume", "temperature": "temperature", "mass": "mass",
           "length": "length", "time": "time", "energy": "energy", "power": "power"},
    "zh": {"piece": "数量", "normal_volume": "标准体积", "temperature": "温度", "mass": "质量", "length": "长度",
           "time": "时间", "energy": "能量", "power": "功率"},
}
_NONE = {"en": "dimensionless", "zh": "无量纲"}
_PER = {"en": " per ", "zh": " / "}


@lru_cache(maxsize=4096)
def describe(d: Dimension, lang: str = "en") -> str:
    """A readable dimension, e.g. `mass of CO2e per energy`, `energy`, `mass`, `count` (or in Chinese)."""
    if not d:
        return _NONE[lang]
    exps = dict(d)
    # factor out energy (mass·length²/time²) so kWh and GJ read as energy
    k = exps.get("length", 0) // 2
    if k and exps.get("length", 0) == 2 * k and exps.get("time", 0) in (-2 * k, -3 * k):
        power = exps.get("time", 0) == -3 * k
        for base, e in (("mass", k), ("length", 2 * k), ("time", (-3 if power else -2) * k)):
            exps[base] = exps.get(base, 0) - e
        exps["power" if power else "energy"] = k
    names = dict(_WORDS[lang])
    for g in (CARBON, *GASES_DIMENSIONS):
        names[g] = f"mass of {g}" if lang == "en" else f"质量·{g}"

    def word(base, e):
        w = names.get(base, base)
        return w if abs(e) == 1 else f"{w}^{abs(e)}"
    num = [word(b, e) for b, e in sorted(exps.items()) if e > 0]
    den = [word(b, e) for b, e in sorted(exps.items()) if e < 0]
    text = "·".join(num) or "1"
    if den:
        text += _PER[lang] + "·".join(den)
    return text


def is_amount(d: Dimension) -> bool:
    """An amount of something (a mass, an energy, tkm, pieces): no denominator, not a pure number.
    Only amounts can be flows; a ratio (an intensity, a content, a price, a share) cannot."""
    return bool(d) and all(e > 0 for _, e in d) or d == ENERGY


def gas_mass(gas: str) -> Dimension:
    """The dimension of a mass of `gas`: its own for a built-in gas (kgCH4), a plain mass for a gas
    that a rule's GWP table declares (a refrigerant such as R410A is weighed in kg)."""
    from .gases import GASES
    return dim(**{GASES[gas]: 1}) if gas in GASES else MASS


def is_gas_mass(d: Dimension) -> str | None:
    """The gas whose mass this dimension is, or None."""
    if len(d) == 1 and d[0][1] == 1 and d[0][0] in GASES_DIMENSIONS:
        return d[0][0]
    return None
