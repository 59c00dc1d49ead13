"""The generated regions of hand-written pages: the unit, gas and boundary tables of the language
reference.

A hand-written page may hold regions between `<!-- BEGIN GENERATED name -->` and
`<!-- END GENERATED name -->`; generation replaces their content and keeps the rest.
"""
from __future__ import annotations

import re
from fractions import Fraction

from pcrlang.domain import units
from pcrlang.domain.gases import GASES, GWP_SETS, GWP_SOURCES
from pcrlang.domain.vocabulary import BOUNDARY_PHASES, PHASES

REGION_PAGES = ("language.md",)
_REGION = re.compile(r"(<!-- BEGIN GENERATED (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- END GENERATED (?P=name) -->)", re.S)

_DIMENSION_NAMES = {"length^2": "area", "length^3": "volume", "length·mass": "transport work (mass × distance)",
                    "CNY": "money (yuan)", "USD": "money (US dollars)", "EUR": "money (euros)"}
_BASE_UNITS = {"dimensionless": "1", "mass": "kg", "length": "m", "length^2": "m2", "length^3": "m3",
               "normal volume": "Nm3", "time": "s", "energy": "J", "power": "W", "length·mass": "kg·m",
               "temperature": "K", "count": "piece", "CNY": "CNY", "USD": "USD", "EUR": "EUR"}


def _num(x) -> str:
    """A Fraction as a short decimal: 1000000000 -> 1e9, 3600000000 -> 3.6e9, 1/100 -> 0.01."""
    x = Fraction(x)
    sign = "-" if x < 0 else ""
    n, d = abs(x.numerator), x.denominator
    if d == 1:
        digits = str(n)
        mantissa = digits.rstrip("0")
        if len(digits) >= 7 and len(digits) - len(mantissa) >= 3:
            rest = mantissa[1:]
            return f"{sign}{mantissa[0]}{'.' + rest if rest else ''}e{len(digits) - 1}"
        return sign + digits
    if n == 1 and str(d).rstrip("0") == "1" and d >= 10**4:
        return f"{sign}1e-{len(str(d)) - 1}"
    return f"{float(x):.12g}"


def units_table() -> str:
    groups: dict = {}
    for name, (factor, dimension) in units.UNITS.items():
        groups.setdefault(dimension, []).append((name, factor))
    out = ["| dimension | units (value in the base unit) |\n|---|---|\n"]
    for dimension, members in groups.items():
        described = units.describe(dimension)
        base = _BASE_UNITS.get(described) or "kg" + described.removeprefix("mass of ")
        unit = "" if base == "1" else " " + base
        cells = ", ".join(f"`{n}`" if f == 1 else f"`{n}` = {_num(f)}{unit}" for n, f in members)
        out.append(f"| {_DIMENSION_NAMES.get(described, described)} | {cells} |\n")
    out.append(f"\nRefused, because they have an offset: {', '.join(f'`{u}`' for u in sorted(units.OFFSET_UNITS) if u.isidentifier())}.\n")
    return "".join(out)


def gases_table() -> str:
    sets = list(GWP_SETS)
    out = ["| gas | formula unit (mass of) | " + " | ".join(sets) + " |\n|---|---|" + "---|" * len(sets) + "\n"]
    for gas, dimension in GASES.items():
        values = " | ".join(_num(GWP_SETS[s][gas]) if gas in GWP_SETS[s] else "—" for s in sets)
        out.append(f"| `{gas}` | `kg{dimension}` | {values} |\n")
    out.append("\n" + "".join(f"- `{s}`: {GWP_SOURCES[s]}\n" for s in sets))
    return "".join(out)


def boundary_table() -> str:
    out = ["| boundary type | stages needed for | may not contain |\n|---|---|---|\n"]
    for kind, phases in BOUNDARY_PHASES.items():
        outside = [p for p in PHASES if p not in phases]
        out.append(f"| `{kind}` | {', '.join(f'`{p}`' for p in phases)} | "
                   f"{', '.join(f'`{p}`' for p in outside) or '—'} |\n")
    return "".join(out)


REGIONS = {"units": units_table, "gases": gases_table, "boundary_types": boundary_table}


def fill_regions(text: str) -> str:
    def replace(m):
        name = m.group("name")
        if name not in REGIONS:
            raise KeyError(f"unknown generated region `{name}`")
        return m.group(1) + REGIONS[name]() + m.group(4)
    return _REGION.sub(replace, text)
