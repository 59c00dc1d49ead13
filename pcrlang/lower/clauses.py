"""Clause numbers, assigned once: the outline of a Chinese product footprint rule (GB/T 1.1 and
the GB/T 24067 framework). The document, the calculator's trace and the checker cite these."""
from __future__ import annotations

from ..syntax import ast
from .context import Context


def number_clauses(ctx: Context) -> dict[str, str]:
    """Every clause in document order; returns subject -> number."""
    m = ctx.model
    numbers: dict[str, str] = {}

    def clause(number, subject, zh=None, en=None):
        numbers[subject] = ctx.clause(number, subject, zh, en)

    def titled(number, subject, t):
        clause(number, subject, t.zh if t else None, t.en if t else None)

    clause("1", "scope", "范围", "Scope")
    clause("2", "references", "规范性引用文件", "Normative references")
    clause("3", "terms", "术语和定义", "Terms and definitions")
    clause("4", "goal", "量化目的", "Goal of the quantification")
    clause("5", "quantification_scope", "量化范围", "Scope of the quantification")
    clause("5.1", "declared_unit", "声明单位", "Declared unit")
    clause("5.2", "boundary", "系统边界", "System boundary")
    stages = m.boundary.stages
    for i, s in enumerate(stages, 1):
        titled(f"5.2.{i}", f"stage:{s.name.value}", s.text)
    if m.boundary.exclusions:
        clause(f"5.2.{len(stages) + 1}", "exclusions", "排除的过程", "Excluded processes")
    clause("5.3", "cutoff", "取舍准则", "Cut-off criteria")
    clause("5.4", "time_and_geography", "时间范围和地理范围", "Time and geographic scope")
    clause("6", "inventory", "清单分析", "Inventory analysis")
    clause("6.1", "data_collection", "数据收集", "Data collection")
    for i, (name, info) in enumerate(m.inputs.items(), 1):
        titled(f"6.1.{i}", f"input:{name}", info.text)
    clause("6.2", "data_quality", "数据质量", "Data quality")
    for k, d in enumerate(m.checks, 1):
        titled(f"6.2.{k}", f"check:{d.name.value}", d.text)
    clause("6.3", "allocation", "分配", "Allocation")
    for i, a in enumerate(m.allocations, 1):
        clause(f"6.3.{i}", f"allocation:{a.name.value}")
    clause("6.4", "recycling", "再生利用", "Recycling")
    for k, r in enumerate(m.recyclings, 1):
        titled(f"6.4.{k}", f"recycling:{r.name.value}", r.text)
    if m.electricity:
        clause("6.5", "electricity", "电力", "Electricity")
        for k, (e, _) in enumerate(m.electricity, 1):
            titled(f"6.5.{k}", f"electricity:{e.name.value}", e.text)
    clause("7", "impact_assessment", "影响评价", "Impact assessment")
    clause("7.1", "gwp", "全球变暖潜势", "Global warming potentials")
    clause("7.2", "calculation", "计算方法", "Calculation")
    k = 0
    for d in m.module.declarations:
        if isinstance(d, (ast.Quantity, ast.Contribution, ast.Transport)):
            k += 1
            kind = "quantity" if isinstance(d, ast.Quantity) else "contribution"  # a transport block is one
            titled(f"7.2.{k}", f"{kind}:{d.name.value}", d.text)
    if m.biogenic_content is not None:
        clause("7.3", "biogenic_carbon_content", "生物碳含量", "Biogenic carbon content")
    clause("8", "interpretation", "结果解释", "Interpretation of results")
    if m.grading is not None:
        clause("8.1", "grading", "分级", "Grading")
    clause("9", "reporting", "报告", "Reporting")
    clause("A", "annex:data_collection", "数据收集表", "Data collection form")
    clause("B", "annex:factors", "排放因子", "Emission factors")
    j = 0
    for d in m.module.declarations:
        if isinstance(d, (ast.Factor, ast.DatedFactor)):
            info = m.factors.get(d.name.value)
            if info is not None and (info.value is not None or info.at_run_time):
                j += 1
                titled(f"B.{j}", f"factor:{d.name.value}", info.text)
        elif isinstance(d, ast.Table) and d.name.value in m.tables:
            j += 1
            titled(f"B.{j}", f"table:{d.name.value}", m.tables[d.name.value].text)
    clause("C", "annex:examples", "计算示例", "Worked examples")
    for i, e in enumerate(m.examples, 1):
        titled(f"C.{i}", f"example:{e.title}", e.text)
    return numbers
