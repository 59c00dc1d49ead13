"""JSON Schema (draft 2020-12) of a calculator's input, result and error, from the IR.

The result's report fields come from the IR's report definitions (the same ones every engine
evaluates); the runtime's sections (cut-off, data, trace, grade, data quality) from the shapes
below. Every field has a description in English (`description`) and Chinese
(`x-description-zh`). The error's codes are the run-time error catalogue's.
"""
from __future__ import annotations

from fractions import Fraction

from ..core import ir
from ..semantics.errors import ERRORS
from ..semantics.runtime import RESULT_ORDER

NUMBER = {"type": "number"}
STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}


def _d(schema: dict, en: str, zh: str) -> dict:
    return dict(schema, description=en, **{"x-description-zh": zh})


def _number_schema(i: ir.Input) -> dict:
    schema: dict = {"type": "number"}
    if i.bounds is not None:
        b = i.bounds
        schema["exclusiveMinimum" if not b.low_inclusive else "minimum"] = float(b.low)
        schema["exclusiveMaximum" if not b.high_inclusive else "maximum"] = float(b.high)
    return schema


def _rows_schema(rs: ir.Ruleset, table: ir.Input) -> dict:
    """A table of rows: an array of objects, one property per column; a number may be given with
    its unit (the column's, as a check), a flow column cut off with an estimate."""
    columns = {}
    for c in table.columns:
        if c.kind == "text":
            value: dict = {"type": "string"}
        elif c.kind == "key":
            value = {"type": "string", "enum": list(c.keys)}
        else:
            number = _number_schema(c)
            options = [number, {"type": "object", "required": ["value", "unit"], "additionalProperties": False,
                                "properties": {"value": number, "unit": {"const": c.unit}},
                                "description": "the value with its unit, which must be the column's"}]
            if c.cut_off != "never" and rs.cutoff is not None:
                options.append({"type": "object", "properties": {"cut_off": number}, "required": ["cut_off"],
                                "additionalProperties": False,
                                "description": "left out of this row under the cut-off rule, with an estimate"})
            value = {"oneOf": options}
        value["description"] = f"{c.text.en or c.name}" + (f" ({c.unit})" if c.kind == "number" else "")
        if c.text.zh:
            value["x-description-zh"] = c.text.zh
        columns[c.name] = value
    return {"type": "array", "minItems": table.min_rows, "items": {
        "type": "object", "properties": columns, "additionalProperties": False,
        "required": [c.name for c in table.columns if not c.optional]},
        "description": f"{table.text.en or table.name}: a table of rows; clause {table.clause}",
        **({"x-description-zh": f"{table.text.zh}：数据表；条款 {table.clause}"} if table.text.zh else {}),
        "x-pcrlang-clause": table.clause}


def input_schema(rs: ir.Ruleset) -> dict:
    properties = {}
    for i in rs.inputs:
        if i.kind == "rows":
            properties[i.name] = _rows_schema(rs, i)
            continue
        if i.kind == "key":
            value: dict = {"type": "string", "enum": list(i.keys)}
        elif i.kind == "date":
            value = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        else:
            value = _number_schema(i)
        description = f"{i.text.en or i.name} ({i.unit}); clause {i.clause}"
        if i.default is not None:
            description += f"; default {float(i.default) if not isinstance(i.default, str) else i.default} ({i.default_source})"
        options = [value]
        if i.kind == "number" and rs.data_quality is not None:
            dq = rs.data_quality
            b = dq.criteria_bounds
            score = {"type": "number", ("minimum" if b.low_inclusive else "exclusiveMinimum"): float(b.low),
                     ("maximum" if b.high_inclusive else "exclusiveMaximum"): float(b.high)}
            options.append({"type": "object", "required": ["value"], "additionalProperties": False,
                            "description": "a measured value with its data-quality scores",
                            "properties": {"value": _number_schema(i), "quality": {
                                "type": "object", "additionalProperties": False, "required": list(dq.criteria),
                                "properties": {c: score for c in dq.criteria}}}})
        if i.cut_off != "never" and rs.cutoff is not None:
            options.append({"type": "object", "properties": {"cut_off": _number_schema(i)},
                            "required": ["cut_off"], "additionalProperties": False,
                            "description": "left out under the cut-off rule, with an estimate"})
        if len(options) > 1:
            value = {"oneOf": options}
        value["description"] = description
        if i.text.zh:
            value["x-description-zh"] = f"{i.text.zh}（{i.unit}）；条款 {i.clause}"
        value["x-pcrlang-clause"] = i.clause
        value["x-pcrlang-unit"] = i.unit
        properties[i.name] = value
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Inputs of {rs.identifier} {rs.version}",
        "type": "object",
        "properties": properties,
        "required": [i.name for i in rs.inputs if not i.optional],
        "additionalProperties": False,
    }


# ---- the report fields ------------------------------------------------------------------------
_GROUPS = {
    "total": ("the footprint, kg CO2e per declared unit", "碳足迹，kg CO2e/声明单位"),
    "by_stage": ("kg CO2e per declared unit of each life-cycle stage; they sum to the total",
                 "各生命周期阶段的排放（kg CO2e/声明单位），其和等于总量"),
    "by_process": ("kg CO2e per declared unit of each process (stage.process); they sum to the total",
                   "各过程的排放（kg CO2e/声明单位），其和等于总量"),
    "by_gas": ("each greenhouse gas: its mass (kg) and its CO2e (kg) per declared unit",
               "各温室气体的质量（kg）及其 CO2e（kg）/声明单位"),
    "by_carbon_kind": ("kg CO2e per declared unit by carbon kind; they sum to the total",
                       "按碳类别的排放（kg CO2e/声明单位），其和等于总量"),
    "separately_reported": ("figures reported separately (ISO 14067): fossil, biogenic emissions and removals, "
                            "land-use change, aircraft, packaging", "单独报告的数值：化石、生物碳排放与清除、土地利用变化、航空、包装"),
    "allocation": ("each allocation: its method, processes and the co-products' shares",
                   "各分配：方法、所分配的过程及各产品的份额"),
    "recycling": ("each recycling block: the allocation factor A and the Circular Footprint Formula's terms "
                  "(kg CO2e per declared unit)", "各再生利用：分配系数 A 与循环足迹公式各项（kg CO2e/声明单位）"),
    "electricity": ("each electricity block: the source chosen and its factor", "各电力模块：所选来源及其排放因子"),
    "transport": ("each transport block: the freight (t·km) and kg CO2e per declared unit of each mode",
                  "各运输模块：各运输方式的货物周转量（t·km）及排放（kg CO2e/声明单位）"),
    "by_mode": ("each mode of transport", "各运输方式"),
    "footprint": ("what the result is: a partial carbon footprint (cradle to gate, gate to gate) or a carbon "
                  "footprint, its boundary and its name in both languages",
                  "结果的性质：产品部分碳足迹（从摇篮到大门、从大门到大门）或产品碳足迹，系统边界及其中英文名称"),
    "absolute": ("the period's production (in the declared unit's unit) and its kg CO2e, in total and by stage: "
                 "the figures per declared unit times the production in declared units",
                 "核算期产量（以声明单位的单位计）及其排放（kg CO2e），总量和按阶段：每声明单位的数值乘以以声明单位计的产量"),
}
_LEAVES = {
    "mass_kg": ("kg of the gas per declared unit", "该气体的质量（kg/声明单位）"),
    "co2e_kg": ("kg CO2e per declared unit", "kg CO2e/声明单位"),
    "clause": ("the clause of the rule", "规则条款号"),
    "method": ("the allocation method", "分配方法"),
    "product": ("the product charged: the declared product, or the intermediate product an allocation passes on",
                "所计的产品：声明产品，或传给下一分配的中间产品"),
    "then": ("the allocation that splits this allocation's product further", "进一步分配本分配产品的分配"),
    "chain": ("the allocations from this one to the declared product's, in order", "自本分配至声明产品所在分配的各分配（按顺序）"),
    "declared_product_share": ("the declared product's share of the places this allocation splits first: the "
                               "product of the shares along the chain", "本分配首先分配的过程中声明产品的份额：链上各份额之积"),
    "processes": ("the processes allocated", "所分配的过程"),
    "shares": ("each product's share (0 to 1)", "各产品的份额（0 至 1）"),
    "approach": ("the recycling approach", "再生利用方法"),
    "A": ("the allocation factor A", "分配系数 A"),
    "material": ("the material term", "材料项"), "energy": ("the energy term", "能量项"),
    "disposal": ("the disposal term", "处置项"),
    "factor_kind": ("combustion or life_cycle", "仅燃烧或全生命周期"),
    "source": ("the source chosen", "所选来源"),
    "factor_kg_per_kWh": ("kg of the gas per kWh of the chosen source", "所选来源每 kWh 的气体质量（kg）"),
    "gas": ("the gas its factors give", "因子所给的气体"),
    "legs": ("the table of rows of the legs", "运输段所在的数据表"),
    "empty_return": ("the empty-return share used (0.3: each leg's emission x 1.3)", "所用空载返程比例（0.3 即各段排放乘以 1.3）"),
    "tkm": ("freight, tonne-kilometres per declared unit", "货物周转量（t·km/声明单位）"),
    "fossil": ("fossil emissions", "化石排放"), "biogenic_emissions": ("biogenic emissions", "生物碳排放"),
    "biogenic_removals": ("biogenic removals (negative)", "生物碳清除（负值）"),
    "land_use_change": ("land-use change emissions", "土地利用变化排放"), "aircraft": ("aircraft emissions", "航空排放"),
    "total_excluding_biogenic": ("the total without biogenic emissions and removals", "不含生物碳的总量"),
    "packaging": ("emissions of packaging", "包装排放"),
    "biogenic_carbon_content_kgC": ("biogenic carbon content of the product, kg C per declared unit (not CO2e)",
                                    "产品的生物碳含量（kg C/声明单位，非 CO2e）"),
}


def _leaf(f: ir.ReportField) -> dict:
    if f.kind == "choice":
        schema: dict = {"enum": list(f.choices)}
    elif f.kind == "fixed":
        v = f.value
        schema = {"const": list(v) if isinstance(v, tuple) else float(v) if isinstance(v, Fraction) else v}
    else:
        schema = dict(NUMBER)
    name, group = f.path[-1], _GROUPS[f.path[0]]
    named = f.path[0] in ("by_stage", "by_process", "by_carbon_kind") or f.path[-2:-1] == ("shares",)
    if len(f.path) == 1:
        return _d(schema, *group)
    if not named and name in _LEAVES:
        return _d(schema, *_LEAVES[name])
    return _d(schema, f"{group[0]}: {'.'.join(f.path[1:])}", f"{group[1]}：{'.'.join(f.path[1:])}")


def _report_schema(rs: ir.Ruleset) -> dict:
    tree: dict = {}
    for f in rs.report:
        node = tree
        for key in f.path[:-1]:
            node = node.setdefault(key, {})
        node[f.path[-1]] = f
    return tree


def _objects(node, path: tuple) -> dict:
    if isinstance(node, ir.ReportField):
        return _leaf(node)
    properties = {k: _objects(v, path + (k,)) for k, v in node.items()}
    schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    if len(path) == 1:
        return _d(schema, *_GROUPS[path[0]])
    if path[-1] == "shares":
        return _d(schema, *_LEAVES["shares"])
    return _d(schema, f"{_GROUPS[path[0]][0]}: {'.'.join(path[1:])}", f"{_GROUPS[path[0]][1]}：{'.'.join(path[1:])}")


def _object(properties: dict, en: str, zh: str, required=None, nullable=False) -> dict:
    schema = {"type": ["object", "null"] if nullable else "object", "properties": properties,
              "required": list(properties) if required is None else required}
    return _d(schema, en, zh)


def _runtime_sections(rs: ir.Ruleset) -> dict:
    shares = {"type": "object", "additionalProperties": NUMBER}
    flow = _object({
        "input": _d(STRING, "the input left out", "舍去的输入"),
        "clause": _d(STRING, "its clause", "其条款号"),
        "estimate": _d(NUMBER, "its estimate, in the input's unit", "其估计值（输入的单位）"),
        "unit": _d(STRING, "the input's unit", "输入的单位"),
        "shares_percent": _d(shares, "its shares (%) on each basis that judges it", "各判定基准下的比例（%）"),
        "pass": _d({"type": "boolean"}, "whether it meets the per-flow criteria", "是否满足单项取舍准则"),
    }, "a flow left out", "一项舍去的流")
    factor = _object({"name": _d(STRING, "the factor or table", "因子或表"),
                      "clause": _d(STRING, "its clause", "其条款号"), "unit": _d(STRING, "its unit", "其单位"),
                      "source": _d(NULLABLE_STRING, "its source", "其来源"),
                      "value": _d({"type": ["number", "null"]}, "its value in its unit (null for a table)",
                                  "其数值（表为 null）")}, "a factor the contribution uses", "贡献所用的因子")
    trace_item = _object({
        "contribution": _d(STRING, "the contribution", "贡献项"), "clause": _d(STRING, "its clause", "其条款号"),
        "direction": _d(STRING, "emission, removal or credit", "排放、清除或抵扣"),
        "stage": _d(STRING, "its stage", "所属阶段"), "process": _d(NULLABLE_STRING, "its process", "所属过程"),
        "gas": _d(STRING, "its gas", "气体"), "carbon_kind": _d(STRING, "its carbon kind", "碳类别"),
        "formula": _d(STRING, "its formula as written in the rule", "规则中的公式"),
        "gas_kg": _d(NUMBER, "kg of the gas per declared unit", "气体质量（kg/声明单位）"),
        "gwp": _d(NUMBER, "the GWP applied", "所用的 GWP"),
        "co2e_kg": _d(NUMBER, "kg CO2e per declared unit", "kg CO2e/声明单位"),
        "allocation": _d(NULLABLE_STRING, "the allocation applied", "所用的分配"),
        "allocation_share": _d({"type": ["number", "null"]}, "the declared product's share applied",
                               "声明产品的份额"),
        "factors": _d({"type": "array", "items": factor}, "the factors it uses", "所用因子"),
    }, "one contribution", "一项贡献")
    rated = _object({"rating": _d(NUMBER, "the rating", "评分"),
                     "level": _d(NULLABLE_STRING, "the level of the rating", "评级")}, "a rating", "评分")
    violation = _object({"subject": _d(STRING, "an input, result or primary_share", "输入、结果或初级数据比例"),
                         "requirement": _d(STRING, "what the rule requires", "规则的要求"),
                         "message": _d(STRING, "what is wrong", "问题说明")}, "a requirement not met", "未满足的要求")
    return {
        "cutoff": _object({
            "clause": _d(NULLABLE_STRING, "the cut-off clause", "取舍准则条款号"),
            "flows": _d({"type": "array", "items": flow}, "every flow left out", "全部舍去的流"),
            "shares_percent": _d(shares, "the cumulative shares (%) on each basis", "各基准下的累计比例（%）"),
            "exempted_emissions_percent": _d(NUMBER, "the emissions left out, % of the total with them "
                                             "(PACT exemptedEmissionsPercent)", "舍去的排放占比（%）"),
            "pass": _d({"type": "boolean"}, "whether the cut-off criteria are met", "是否满足取舍准则"),
        }, "the cut-off report", "取舍判定报告"),
        "data": _object({
            "defaults_used": _d({"type": "array", "items": _object({
                "input": _d(STRING, "the input", "输入"), "value": _d({"type": ["number", "string"]}, "its default",
                                                                     "其缺省值"),
                "unit": _d(STRING, "its unit", "其单位"), "source": _d(NULLABLE_STRING, "the default's source", "缺省值来源"),
                "clause": _d(STRING, "its clause", "其条款号")}, "a default used", "所用的缺省值")},
                "inputs left out that took the rule's default (secondary data)", "采用规则缺省值的输入（次级数据）"),
            "optional_left_out": _d({"type": "array", "items": _object({
                "input": _d(STRING, "the input", "输入"), "clause": _d(STRING, "its clause", "其条款号")},
                "an optional input left out", "省略的可选输入")}, "optional inputs left out (counted as zero)",
                "省略的可选输入（按零计）"),
            "primary_data_share_percent": _d({"type": ["number", "null"]},
                                             "the share (%) of the emissions whose data are primary: measured activity "
                                             "data and no secondary dataset (PACT primaryDataShare)",
                                             "初级数据比例（%）：活动数据实测且未使用次级数据集的排放所占比例"),
        }, "what the data were", "数据说明"),
        "trace": _d({"type": "array", "items": trace_item}, "every contribution with its clause, formula and factors",
                    "每项贡献及其条款、公式和因子"),
        "rows": _d({"type": "object", "additionalProperties": {"type": "array", "items": _object({
            "row": _d({"type": "integer"}, "the row's index (from 0)", "行号（从 0 起）"),
            "key": _d({"type": ["string", "null"]}, "the row's key", "行的标识"),
            "gas_kg": _d(NUMBER, "kg of the gas per declared unit", "气体质量（kg/声明单位）"),
            "co2e_kg": _d(NUMBER, "kg CO2e per declared unit", "kg CO2e/声明单位")}, "one row", "一行")}},
            "each contribution per row of a table, row by row", "按行计算的各贡献，逐行列出"),
        "top_contributors": _d({"type": "array", "items": _object({
            "contribution": _d(STRING, "the contribution", "贡献项"),
            "row": _d({"type": ["integer", "null"]}, "its row (for a contribution per row)", "所在行"),
            "key": _d({"type": ["string", "null"]}, "the row's key", "行的标识"),
            "co2e_kg": _d(NUMBER, "kg CO2e per declared unit", "kg CO2e/声明单位")},
            "a contributor", "一个贡献来源")}, "the largest contributors by |CO2e| (at most 10)",
            "按 |CO2e| 排序的主要贡献来源（至多 10 项）"),
        "grade": _object({"clause": _d(STRING, "the grading clause", "分级条款号"),
                          "rounded_total": _d(NUMBER, "the total rounded as the rule says", "按规则修约后的总量"),
                          "class": _d(NULLABLE_STRING, "the class", "等级")},
                         "the grade (null when the rule has no grading)", "等级（规则无分级时为 null）", nullable=True),
        "data_quality": _object({
            "clause": _d(STRING, "the data-quality clause", "数据质量条款号"),
            "scheme": _d(STRING, "the scheme", "方案"),
            "inputs": _d({"type": "object", "additionalProperties": rated}, "the rating of each rated input",
                         "各输入的评分"),
            "result": _object({"rating": _d({"type": ["number", "null"]}, "the emission-weighted rating", "排放加权评分"),
                               "level": _d(NULLABLE_STRING, "its level", "评级")}, "the result's rating", "结果评分"),
            "primary_share_percent": _d({"type": ["number", "null"]}, "the primary data share (%)", "初级数据比例（%）"),
            "violations": _d({"type": "array", "items": violation}, "requirements not met", "未满足的要求"),
            "pass": _d({"type": "boolean"}, "whether every requirement is met", "是否满足全部要求"),
        }, "the data-quality report (null when the rule has no scheme)", "数据质量报告（规则无方案时为 null）", nullable=True),
    }


def result_schema(rs: ir.Ruleset) -> dict:
    tree = _report_schema(rs)
    properties = {
        "ruleset": _object({
            "identifier": _d({"const": rs.identifier}, "the rule's identifier", "规则编号"),
            "version": _d({"const": rs.version}, "the rule's version", "规则版本"),
            "status": _d(STRING, "draft, issued or withdrawn", "草案、已发布或已废止"),
            "fingerprint": _d(STRING, "the semantic fingerprint of the rule the calculator implements",
                              "计算器所实现规则的语义指纹"),
            "publication_fingerprint": _d(NULLABLE_STRING, "the fingerprint of the published rule, texts included",
                                          "所发布规则（含文本）的指纹"),
            "compiler": _d(STRING, "the pcrlang version that compiled it", "编译所用的 pcrlang 版本"),
        }, "the rule and the calculator", "规则与计算器", required=["identifier", "version", "fingerprint", "compiler"]),
        "declared_unit": _object({"amount": _d(NUMBER, "the amount", "数量"), "unit": _d(STRING, "the unit", "单位")},
                                 "the declared unit", "声明单位"),
        "reference_period": _object({"start": _d({"type": "string", "format": "date"}, "the first day", "起始日"),
                                     "end": _d({"type": "string", "format": "date"}, "the last day", "截止日")},
                                    "the reference period (the rule's, or the one the inputs give)",
                                    "核算期（规则规定的，或输入给出的）", nullable=True),
        "unit": _d({"const": "kg CO2e per declared unit"}, "the unit of every figure", "数值的单位"),
        "gwp": _d({"const": rs.gwp_set}, "the GWP set", "GWP 值集"),
    }
    sections = _runtime_sections(rs)
    empty = {"recycling", "electricity", "allocation", "transport", "absolute"}
    for key in (k for k in RESULT_ORDER if k not in properties):
        if key in sections:
            properties[key] = sections[key]
        elif key in tree:
            properties[key] = _objects(tree[key], (key,))
        elif key in empty:
            properties[key] = _d({"type": "object", "maxProperties": 0}, *_GROUPS[key])
        else:
            properties[key] = _d({"type": "object", "properties": {}, "additionalProperties": False}, *_GROUPS[key])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Result of {rs.identifier} {rs.version} (kg CO2e per declared unit)",
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def error_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A refused calculation",
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": _d({"enum": sorted(ERRORS)}, "a code of the run-time error catalogue", "运行时错误目录中的代码"),
            "message": _d(STRING, "what is wrong", "问题说明"),
            "field": _d(NULLABLE_STRING, "the input at fault", "出错的输入"),
            "formula": _d(NULLABLE_STRING, "the formula or block at fault", "出错的公式或模块"),
            "clause": _d(NULLABLE_STRING, "the clause of the rule", "规则条款号")}}},
    }


def schemas(rs: ir.Ruleset) -> dict:
    return {"input": input_schema(rs), "result": result_schema(rs), "error": error_schema()}
