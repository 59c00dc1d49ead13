"""Greenhouse gases and the built-in GWP100 sets (kg CO2e per kg of gas), and the gases a contribution may name.

Sources (see ../shared/reference/domain-facts.md of the project):
- AR4: IPCC Fourth Assessment Report (2007), WG1 Table 2.14, as transcribed in the Australian
  NGER Determination and The Climate Registry, Appendix A. Fossil and non-fossil CH4 both 25.
- AR5: IPCC Fifth Assessment Report (2013), WG1 Table 8.7 / 8.A.1, values without
  climate-carbon feedback; CH4 non-fossil 28; CH4 fossil 30 (Table 8.A.1 footnote: fossil
  methane adds the oxidised CO2), the latter marked unverified in the domain facts.
- AR6: IPCC Sixth Assessment Report (2021), WG1 Table 7.15: CH4 fossil 29.8, CH4 non-fossil 27.0,
  N2O 273, CF4 7 380, C2F6 12 400, SF6 25 200, NF3 17 400, HFC-134a 1 530, HFC-23 14 600,
  HFC-125 3 740 (secondary transcription).
"""
from __future__ import annotations

from fractions import Fraction as F

# contribution gas name -> dimension (mass of which gas)
GASES: dict[str, str] = {
    "CO2": "CO2",
    "CH4_fossil": "CH4",
    "CH4_non_fossil": "CH4",
    "N2O": "N2O",
    "CF4": "CF4",
    "C2F6": "C2F6",
    "SF6": "SF6",
    "NF3": "NF3",
    "HFC134a": "HFC134a",
    "HFC23": "HFC23",
    "HFC125": "HFC125",
    "CO2e": "CO2e",
}

GWP_SETS: dict[str, dict[str, F]] = {
    "AR4": {
        "CO2": F(1), "CH4_fossil": F(25), "CH4_non_fossil": F(25), "N2O": F(298), "CF4": F(7390),
        "C2F6": F(12200), "SF6": F(22800), "NF3": F(17200), "HFC134a": F(1430), "HFC23": F(14800),
        "HFC125": F(3500), "CO2e": F(1),
    },
    "AR5": {
        "CO2": F(1), "CH4_fossil": F(30), "CH4_non_fossil": F(28), "N2O": F(265), "CF4": F(6630),
        "C2F6": F(11100), "SF6": F(23500), "NF3": F(16100), "HFC134a": F(1300), "HFC23": F(12400),
        "HFC125": F(3170), "CO2e": F(1),
    },
    "AR6": {
        "CO2": F(1), "CH4_fossil": F("29.8"), "CH4_non_fossil": F("27.0"), "N2O": F(273), "CF4": F(7380),
        "C2F6": F(12400), "SF6": F(25200), "NF3": F(17400), "HFC134a": F(1530), "HFC23": F(14600),
        "HFC125": F(3740), "CO2e": F(1),
    },
}

GWP_SOURCES = {
    "AR4": "IPCC AR4 (2007) WG1 Table 2.14, GWP100",
    "AR5": "IPCC AR5 (2013) WG1 Table 8.A.1, GWP100 without climate-carbon feedback",
    "AR6": "IPCC AR6 (2021) WG1 Table 7.15, GWP100",
}


# how each gas is written in a document, and a note where two names share one formula
FORMULA = {"CO2": "CO₂", "CH4_fossil": "CH₄", "CH4_non_fossil": "CH₄", "N2O": "N₂O", "CF4": "CF₄", "C2F6": "C₂F₆",
           "SF6": "SF₆", "NF3": "NF₃", "HFC134a": "HFC-134a", "HFC23": "HFC-23", "HFC125": "HFC-125", "CO2e": "CO₂e"}
NOTE = {"CH4_fossil": ("化石源", "fossil"), "CH4_non_fossil": ("非化石源", "non-fossil"),
        "CO2e": ("已为 CO₂ 当量", "already in CO₂ equivalents")}
# the base dimensions of gas masses (each gas is its own dimension; CO2e too)
GAS_DIMENSIONS = tuple(dict.fromkeys(GASES.values()))
