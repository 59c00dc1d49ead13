"""Hover: what a name is (kind), its unit and dimension, its clause, its source and value, its text."""
from __future__ import annotations

from typing import Optional

from ..domain import units
from ..syntax import ast
from .analysis import Analysis, Symbol


def _dimension_of(unit: ast.UnitExpr) -> Optional[str]:
    d = units.dim()
    for f in unit.factors:
        found = units.lookup(f.name)
        if found is None:
            return None
        d = units.multiply(d, units.power(found[1], f.power))
    return units.describe(d)


def _ir_entry(analysis: Analysis, name: str):
    rs = analysis.ruleset
    if rs is None:
        return None
    for group in (rs.inputs, rs.factors, rs.tables, rs.contributions):
        for entry in group:
            if entry.name == name:
                return entry
    for step in rs.steps:
        if getattr(step, "name", None) == name:
            return step
    for stage in rs.stages:
        if stage.name == name:
            return stage
    return None


def _attribute(node, key: str):
    for a in getattr(node, "attributes", ()):
        if a.key == key:
            return a.value
    return None


def _text(node) -> Optional[ast.Text]:
    text = getattr(node, "text", None)
    if isinstance(text, ast.Text):
        return text
    zh, en = _attribute(node, "zh"), _attribute(node, "en")  # inputs and factors: text attributes
    if zh is None and en is None:
        return None
    return ast.Text(zh, en, node.span)


def hover_markdown(analysis: Analysis, symbol: Symbol) -> str:
    node = symbol.node
    lines = [f"**{symbol.kind}** `{symbol.parent + '.' if symbol.parent else ''}{symbol.name}`"]
    unit = getattr(node, "unit", None)
    if isinstance(unit, ast.UnitExpr):
        written = analysis.text_of(unit.span) or " ".join(f.name for f in unit.factors)
        dimension = _dimension_of(unit)
        lines.append(f"- unit: `{written}`" + (f" ({dimension})" if dimension else ""))
    elif isinstance(node, ast.Contribution):
        gas = _attribute(node, "gas")
        if gas is not None:
            lines.append(f"- gas: `{getattr(gas, 'value', gas)}`")
    if isinstance(node, ast.Factor):
        lines.append(f"- value: `{node.value_text}`")
    if isinstance(node, ast.Table):
        lines.append("- values: " + ", ".join(f"`{r.key.value}` = `{r.value_text}`" for r in node.rows[:8])
                     + (", ..." if len(node.rows) > 8 else ""))
    entry = _ir_entry(analysis, symbol.name)
    if entry is not None and getattr(entry, "clause", None):
        lines.append(f"- clause: {entry.clause}")
    elif analysis.ruleset is None:
        lines.append("- clause: numbered once the ruleset checks without errors")
    source = _attribute(node, "source")
    if source is not None:
        lines.append(f"- source: {getattr(source, 'value', source)}")
    default = _attribute(node, "default")
    if default is not None:
        value, default_source = default
        lines.append(f"- default: `{value[1]}`" + (f" (source: {default_source})" if default_source else ""))
    text = _text(node)
    if text is not None:
        for lang in ("zh", "en"):
            value = getattr(text, lang)
            if value:
                lines.append(f"- {lang}: {value}")
    if symbol.name_span.file != analysis.path:
        lines.append(f"- declared in `{symbol.name_span.file}`, line {symbol.name_span.line}")
    return "\n".join(lines)
