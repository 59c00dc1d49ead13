"""The declared unit in PACT's terms: PACT v3 names ten units (`declaredUnitOfMeasurement`); a
rule's declared unit maps to the one of its dimension, with the amount in that unit, exactly
(1 t is 1000 kilogram, 1 MWh is 1000 kilowatt hour). A unit of another dimension (kW, say) has
no PACT unit: META then names the PACT unit and how many of the rule's declared units one PACT
declared unit holds (see docs/pact.md)."""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

from ...domain import units

# PACT unit -> (dimension, the unit in base units); "megabit second" has no pcrlang dimension
PACT_UNITS: dict[str, tuple[tuple, Fraction]] = {
    "kilogram": (units.MASS, Fraction(1)),
    "cubic meter": (units.dim(length=3), Fraction(1)),  # the first of a dimension is its default
    "liter": (units.dim(length=3), Fraction(1, 1000)),
    "megajoule": (units.ENERGY, Fraction(10**6)),
    "kilowatt hour": (units.ENERGY, Fraction(3600000)),
    "ton kilometer": (units.dim(mass=1, length=1), Fraction(10**6)),
    "square meter": (units.dim(length=2), Fraction(1)),
    "piece": (units.dim(piece=1), Fraction(1)),
    "hour": (units.dim(time=1), Fraction(3600)),
}
# a product declared in these is energy, transport or a service: PACT's productMassPerDeclaredUnit is 0
MASSLESS = ("kilowatt hour", "megajoule", "ton kilometer", "hour", "megabit second")
# where a dimension has two PACT units, the rule's own unit picks one
_PREFERRED = {"L": "liter", "l": "liter", "Wh": "kilowatt hour", "kWh": "kilowatt hour", "MWh": "kilowatt hour",
              "GWh": "kilowatt hour"}


def pact_unit(dimension: tuple, unit_text: str) -> Optional[str]:
    """The PACT unit of a rule's declared unit, or None when PACT has none of its dimension."""
    preferred = _PREFERRED.get(unit_text)
    if preferred is not None and PACT_UNITS[preferred][0] == dimension:
        return preferred
    return next((name for name, (d, _) in PACT_UNITS.items() if d == dimension), None)


def amount_in(unit: str, base_amount: Fraction) -> Fraction:
    """A quantity in base units as an amount of a PACT unit."""
    return base_amount / PACT_UNITS[unit][1]
