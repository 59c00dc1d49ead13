"""The one formula printer: an AST expression as a standards writer writes it (canonical spacing
and the fewest parentheses). The lowering keeps this text for the trace and the documents; the
formatter prints formulas with it.
"""
from __future__ import annotations

from . import ast

PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def format_expr(e, parent: int = 0) -> str:
    """The formula as a standards writer would write it (canonical spacing and parentheses)."""
    if isinstance(e, ast.Number):
        return e.text
    if isinstance(e, ast.KeyLiteral):
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(e, ast.NameRef):
        return e.name
    if isinstance(e, ast.Call):
        return f"{e.function.value}({', '.join(format_expr(a) for a in e.args)})"
    if isinstance(e, ast.RowSum):
        return f"sum({e.var.value} in {e.table.value}: {format_expr(e.body)})"
    if isinstance(e, ast.RowAverage):
        return f"average({e.var.value} in {e.table.value}: {format_expr(e.body)} weighted by {format_expr(e.weight)})"
    if isinstance(e, ast.ColumnRef):
        return f"{e.var.value}.{e.column.value}"
    if isinstance(e, ast.Lookup):
        return f"{e.table.value}[{format_expr(e.key)}]"
    if isinstance(e, ast.Binary):
        p = PRECEDENCE[e.op]
        text = f"{format_expr(e.left, p)} {e.op} {format_expr(e.right, p + 1)}"
    elif isinstance(e, ast.Negate):
        p = PRECEDENCE["neg"]
        text = f"-{format_expr(e.operand, p)}"
    elif isinstance(e, ast.Compare):
        p = PRECEDENCE["cmp"]
        text = f"{format_expr(e.left, p + 1)} {e.op} {format_expr(e.right, p + 1)}"
    elif isinstance(e, ast.Logical):
        p = PRECEDENCE[e.op]
        text = f"{format_expr(e.left, p)} {e.op} {format_expr(e.right, p + 1)}"
    elif isinstance(e, ast.Not):
        p = PRECEDENCE["not"]
        text = f"not {format_expr(e.operand, p)}"
    elif isinstance(e, ast.Conditional):
        p = 0
        text = f"if {format_expr(e.condition)} then {format_expr(e.then)} else {format_expr(e.otherwise)}"
    else:
        raise TypeError(e)
    return f"({text})" if p < parent else text
