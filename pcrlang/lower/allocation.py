"""Allocation of co-products: each product's quantity, the checks on them, and each product's
share of the allocated processes (quantity / sum of quantities); substitution credits the
avoided products' emissions instead (ISO 14044 system expansion)."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from .context import Context, compare, formula, text, total
from .formulas import contribute


def shares(ctx: Context, numbers: dict) -> tuple[dict, tuple]:
    """Bindings of every partitioning allocation; returns (allocation -> the declared product's
    share binding, the allocation records)."""
    m = ctx.model
    out, records = {}, []
    for a in m.allocations:
        name = a.name.value
        clause = numbers[f"allocation:{name}"]
        product = next(x.name.value for x in a.items if x.role == "product")
        items = [x for x in a.items if x.role in ("product", "coproduct", "avoided")]
        quantities = {}
        if a.method.value != "substitution":
            for x in items:
                quantities[x.name.value] = ctx.let(f"{name}.{x.name.value}.quantity", ctx.expr(x.expr), "allocation",
                                                   clause, formula(x.expr), span=x.span)
            for x in items:
                q = quantities[x.name.value]
                ctx.check(compare(">=", q, cx.Const(Fraction(0), q.type)), "negative_allocation_quantity", "quantity",
                          subject=name, clause=clause, params=(("product", x.name.value),), span=x.span)
            first = next(iter(quantities.values()))
            sum_ref = ctx.let(f"{name}.total", total(quantities.values(), first.type.dimension), "allocation", clause)
            ctx.check(compare("!=", sum_ref, cx.Const(Fraction(0), sum_ref.type)), "division_by_zero", "allocation",
                      subject=name, clause=clause, span=a.span)
            for product_name, q in quantities.items():
                ctx.let(f"{name}.{product_name}.share", cx.Binary("div", q, sum_ref, cx.DIMENSIONLESS), "allocation",
                        clause)
            out[name] = f"{name}.{product}.share"
        products = tuple(ir.CoProduct(x.name.value, _binding(name, x, quantities),
                                      formula(x.expr) if x.expr is not None else "") for x in items)
        justification = next((text(x.text) for x in a.items if x.role == "justification"), None)
        records.append(ir.Allocation(name, a.method.value, tuple((p.stage.value, p.process.value if p.process else None)
                                                                  for p in a.places),
                                     product, products, justification, clause, a.span))
    return out, tuple(records)


def _binding(allocation: str, x, quantities: dict):
    """The binding of a product's quantity; of an avoided product, its credit's amount."""
    if x.name.value in quantities:
        return f"{allocation}.{x.name.value}.quantity"
    return f"{allocation}.{x.name.value}" if x.role == "avoided" else None


def credits(ctx: Context, numbers: dict, per_unit) -> None:
    """A substitution's avoided products: credits (CO2e) in the allocation's first place."""
    for a in ctx.model.allocations:
        if a.method.value != "substitution":
            continue
        first = a.places[0]
        stage, process = first.stage.value, first.process.value if first.process else None
        for x in a.items:
            if x.role != "avoided":
                continue
            contribute(ctx, name=f"{a.name.value}.{x.name.value}", clause=numbers[f"allocation:{a.name.value}"],
                       direction="credit", stage=stage, process=process, gas="CO2e", gwp=1, carbon_kind="fossil",
                       amount=ctx.expr(x.expr), written=formula(x.expr), allocation=None, share=None,
                       per_unit=per_unit, text_=ir.Text(f"避免的{x.name.value}", f"Avoided {x.name.value}"), span=x.span)
