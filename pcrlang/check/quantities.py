"""Named quantities in dependency order, circular definitions (PCR203), declared units (PCR304).

The dependencies are followed without recursion (an explicit stack), so a chain or a cycle of
thousands of quantities is checked like a short one. A quantity's formula is inferred once every
quantity it uses is done; a reference back into the stack is a cycle, reported once at the
quantity it returns to, and reads as unknown (None) so that nothing is reported twice.
"""
from __future__ import annotations

from ..diagnostics import msg, phrase
from ..domain import units
from ..syntax import ast
from .expressions import ANY, children, describe, described, dimension


def resolve(ctx, quantities: dict) -> list:
    """Infer every quantity's dimension into ctx.quantity_dims; returns the quantities in
    dependency order (a quantity after those it uses; the head of a cycle is left out)."""
    dims = ctx.quantity_dims
    order: list[ast.Quantity] = []
    for root in quantities:
        if root in dims:
            continue
        path, position, pending = [root], {root: 0}, [iter(_uses(ctx, quantities[root].expr))]
        while path:
            for ref in pending[-1]:
                if ref in dims:
                    continue  # done, or the head of a cycle already reported
                if ref in position:
                    cycle = path[position[ref]:] + [ref]
                    ctx.error("PCR203", msg(cycle=" -> ".join(cycle)), quantities[ref].name.span)
                    dims[ref] = None
                    continue
                position[ref] = len(path)
                path.append(ref)
                pending.append(iter(_uses(ctx, quantities[ref].expr)))
                break
            else:
                name = path.pop()
                pending.pop()
                del position[name]
                _finish(ctx, quantities[name], order)
    return order


def _uses(ctx, e) -> list[str]:
    """The quantities a formula refers to, in the order inference meets them."""
    out, stack = [], [e]
    while stack:
        x = stack.pop()
        if isinstance(x, ast.NameRef):
            if isinstance(ctx.values.get(x.name), ast.Quantity):
                out.append(x.name)
        else:
            stack.extend(reversed(children(x)))
    return out


def _finish(ctx, q: ast.Quantity, order: list) -> None:
    name = q.name.value
    d = dimension(ctx, q.expr, at=q.name.span)
    if name in ctx.quantity_dims:  # the head of a cycle: reported, its dimension unknown
        return
    if q.unit is not None and d is not None:
        resolved = ctx.unit(q.unit)
        if resolved is not None and d is not ANY and (not isinstance(d, tuple) or d != resolved[1]):
            ctx.error("PCR304", msg(name=name, unit=q.unit.text(), wanted=phrase("dimension", dim=resolved[1]),
                                    got=described(d)), q.expr.span)
    if q.text is not None:
        ctx.bilingual(q.text, q.name.span, phrase("quantity", name=name))
    ctx.quantity_dims[name] = d
    order.append(q)
