"""The words of the language and their names in the standard's two languages.

One home for every vocabulary: the checker validates against these, the documents print their
labels, the schema lists them, the Pygments lexer highlights them. Adding a word (an allocation
method, a rounding mode) is one entry here; what it means is written where it is lowered.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Iterable

import attrs


@attrs.frozen(slots=True)
class Term:
    """A word of the language with its label in Chinese and English."""

    name: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def vocabulary(entries: Iterable[tuple[str, str, str]]) -> dict[str, Term]:
    """An ordered vocabulary: name -> Term, in the order given (the order documents use)."""
    return {name: Term(name, zh, en) for name, zh, en in entries}


STATUSES = vocabulary([
    ("draft", "草案", "draft"), ("issued", "已发布", "issued"), ("withdrawn", "已废止", "withdrawn"),
])

# Publication (GB/T 1.1-2020 and the group-standard practice): the document category on the cover
# and the stage of the document. A stage other than `published` is printed under the titles.
CATEGORIES = vocabulary([
    ("group", "团体标准", "Group standard"), ("national", "中华人民共和国国家标准", "National standard"),
    ("industry", "行业标准", "Industry standard"), ("local", "地方标准", "Local standard"),
    ("enterprise", "企业标准", "Enterprise standard"),
])

STAGES = vocabulary([
    ("working_draft", "工作组讨论稿", "working draft"), ("draft_for_comment", "征求意见稿", "draft for comment"),
    ("draft_for_approval", "送审稿", "draft for approval"), ("final_draft", "报批稿", "final draft"),
    ("published", "发布稿", "published"),
])

# Life-cycle phases in life-cycle order (GB/T 24067 / ISO 14067).
PHASES = vocabulary([
    ("raw_material_acquisition", "原材料获取", "raw material acquisition"),
    ("production", "生产", "production"),
    ("distribution", "分销", "distribution"),
    ("use", "使用", "use"),
    ("end_of_life", "寿命末期", "end of life"),
])

BOUNDARY_KINDS = vocabulary([
    ("cradle_to_gate", "从摇篮到大门", "cradle to gate"),
    ("cradle_to_grave", "从摇篮到坟墓", "cradle to grave"),
    ("gate_to_gate", "从大门到大门", "gate to gate"),
])
# boundaries whose result is a partial carbon footprint (GB/T 24067—2024 3.1.1.2, 部分碳足迹)
PARTIAL_BOUNDARIES = ("cradle_to_gate", "gate_to_gate")
FOOTPRINT_NAMES = {"partial": ("产品部分碳足迹", "partial carbon footprint of the product"),
                   "full": ("产品碳足迹", "carbon footprint of the product")}
# the phases each boundary kind must cover (and may contain)
BOUNDARY_PHASES: dict[str, tuple[str, ...]] = {
    "cradle_to_gate": ("raw_material_acquisition", "production"),
    "cradle_to_grave": tuple(PHASES),
    "gate_to_gate": ("production",),
}

ALLOCATION_METHODS = vocabulary([
    ("mass", "按质量分配（物理关系）", "by mass (physical relationship)"),
    ("energy", "按能量分配（物理关系）", "by energy content (physical relationship)"),
    ("economic", "按经济价值分配", "by economic value"),
    ("fixed", "按固定份额分配", "by fixed shares"),
    ("substitution", "替代法（系统扩展）", "by substitution (system expansion)"),
])

CUTOFF_BASES = vocabulary([("mass", "质量", "mass"), ("energy", "能量", "energy"), ("emissions", "排放", "emissions")])

DIRECTIONS = vocabulary([
    ("emission", "排放", "emission"), ("removal", "清除", "removal"),
    ("credit", "抵扣（被替代产品）", "credit (avoided product)"),
])
SIGN = {"emission": 1, "removal": -1, "credit": -1}  # how each direction counts in the total

CARBON_KINDS = vocabulary([
    ("fossil", "化石碳", "fossil"), ("biogenic", "生物碳", "biogenic"),
    ("land_use_change", "土地利用变化", "land-use change"), ("aircraft", "航空", "aircraft"),
])

ROUNDING_MODES = vocabulary([
    ("half_up", "四舍五入", "half up"), ("half_even", "四舍六入五成双", "half to even"),
    ("down", "舍去", "down"), ("up", "进一", "up"),
])

# Electricity (and heat) factor kinds: combustion only, or the whole life cycle of the supply.
FACTOR_KINDS = vocabulary([("combustion", "仅燃烧排放", "combustion only"), ("life_cycle", "全生命周期", "life cycle")])

# What an example may expect.
EXAMPLE_TARGETS = vocabulary([
    ("total", "总量", "total"), ("stage", "阶段", "stage"), ("process", "过程", "process"), ("gas", "气体", "gas"),
    ("kind", "碳类别", "carbon kind"), ("grade", "等级", "grade"), ("cutoff", "舍去判定", "cut-off verdict"),
])

FUNCTIONS = ("min", "max")
# words a declaration may not be named (they read as operators in a formula)
RESERVED = frozenset({"if", "then", "else", "and", "or", "not", "min", "max", "in", "by", "for"})

# ---- recycling and end of life: the Circular Footprint Formula and its special cases --------------
RECYCLING_APPROACHES = vocabulary([
    ("cut_off", "截断法（100:0）", "cut-off (100:0)"),
    ("avoided_burden", "避免负荷法（0:100）", "avoided burden (0:100)"),
    ("fifty_fifty", "50:50 法", "50:50"),
    ("cff", "循环足迹公式（CFF）", "Circular Footprint Formula (CFF)"),
])
# the allocation factor A each special case fixes (the CFF takes it from the rule)
RECYCLING_A: dict[str, Fraction | None] = {
    "cut_off": Fraction(1), "avoided_burden": Fraction(0), "fifty_fifty": Fraction(1, 2), "cff": None,
}
