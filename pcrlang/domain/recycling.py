"""The Circular Footprint Formula (PEF, Recommendation (EU) 2021/2279, Annex IV), written once.

The parameters with their dimensions, defaults and names, and the three terms per kg of material
as pcrlang formulas over the parameter names. The lowering parses the terms and substitutes the
rule's parameters (`pcrlang/lower`); the documents typeset the same lowered terms. The special
cases cut_off, avoided_burden and fifty_fifty are the formula with A fixed (`RECYCLING_A`).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import attrs

from . import units
from .vocabulary import RECYCLING_A, RECYCLING_APPROACHES  # noqa: F401  (re-exported)

CO2E_PER_MASS = units.divide(units.dim(CO2e=1), units.MASS)
CO2E_PER_ENERGY = units.divide(units.dim(CO2e=1), units.ENERGY)


@attrs.frozen(slots=True)
class Parameter:
    name: str
    dimension: tuple
    default: Optional[Fraction]  # None: the rule must give it (material, Ev; A for the CFF)
    share: bool  # a share between 0 and 1
    zh: str
    en: str


def _p(name, dimension, default, zh, en, share=False) -> Parameter:
    return Parameter(name, dimension, None if default is None else Fraction(default), share, zh, en)


_ONE = units.DIMENSIONLESS
PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    _p("material", units.MASS, None, "材料的量", "amount of the material"),
    _p("R1", _ONE, 0, "投入材料中再生材料的比例", "share of recycled content in the input material", True),
    _p("R2", _ONE, 0, "寿命末期被回收再生的比例", "share of the material recycled at end of life", True),
    _p("R3", _ONE, 0, "寿命末期用于能量回收的比例", "share of the material used for energy recovery at end of life", True),
    _p("A", _ONE, None, "再生材料负荷在供应方与使用方之间的分配系数",
       "allocation factor of burdens and credits between supplier and user", True),
    _p("B", _ONE, 0, "能量回收过程的分配系数", "allocation factor of energy recovery processes", True),
    _p("Qsin_Qp", _ONE, 1, "投入再生材料与原生材料的质量比", "quality ratio of the recycled input to the primary material"),
    _p("Qsout_Qp", _ONE, 1, "输出再生材料与原生材料的质量比", "quality ratio of the recycled output to the primary material"),
    _p("Ev", CO2E_PER_MASS, None, "原生材料的排放（每千克）", "emissions of the virgin material (per kg)"),
    _p("Ev_star", CO2E_PER_MASS, None, "被再生材料替代的原生材料的排放（每千克）",
       "emissions of the virgin material substituted by the recycled output (per kg)"),
    _p("Erec", CO2E_PER_MASS, 0, "再生材料投入的回收过程排放（每千克）", "emissions of recycling the recycled input (per kg)"),
    _p("ErecEoL", CO2E_PER_MASS, 0, "寿命末期回收过程的排放（每千克）", "emissions of recycling at end of life (per kg)"),
    _p("ED", CO2E_PER_MASS, 0, "处置的排放（每千克）", "emissions of disposal (per kg)"),
    _p("EER", CO2E_PER_MASS, 0, "能量回收过程的排放（每千克）", "emissions of the energy recovery process (per kg)"),
    _p("LHV", units.divide(units.ENERGY, units.MASS), 0, "材料的低位发热量", "lower heating value of the material"),
    _p("XER_heat", _ONE, 0, "能量回收中热的效率", "efficiency of heat recovery"),
    _p("XER_elec", _ONE, 0, "能量回收中电的效率", "efficiency of electricity recovery"),
    _p("ESE_heat", CO2E_PER_ENERGY, 0, "被替代的热的排放（每单位能量）", "emissions of the heat substituted (per unit of energy)"),
    _p("ESE_elec", CO2E_PER_ENERGY, 0, "被替代的电的排放（每单位能量）",
       "emissions of the electricity substituted (per unit of energy)"),
)}
SHARES = tuple(p.name for p in PARAMETERS.values() if p.share)
RECYCLING_PARAMETERS = {p.name: (p.dimension, p.default) for p in PARAMETERS.values()}  # name -> (dimension, default)
REQUIRED = ("material", "Ev")  # and A under the CFF itself
# Ev_star defaults to Ev: the recycled output substitutes the same virgin material
DEFAULT_TO = {"Ev_star": "Ev"}


@attrs.frozen(slots=True)
class Term:
    name: str  # material, energy, disposal
    formula: str  # per kg of material, in pcrlang syntax over the parameter names
    zh: str
    en: str


TERMS = (
    Term("material",
         "(1 - R1) * Ev + R1 * (A * Erec + (1 - A) * Ev * Qsin_Qp) + (1 - A) * R2 * (ErecEoL - Ev_star * Qsout_Qp)",
         "材料项", "Material term"),
    Term("energy", "(1 - B) * R3 * (EER - LHV * XER_heat * ESE_heat - LHV * XER_elec * ESE_elec)",
         "能量项", "Energy term"),
    Term("disposal", "(1 - R2 - R3) * ED", "处置项", "Disposal term"),
)
