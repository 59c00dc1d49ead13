"""Allocation of co-products: each product's quantity, the checks on them, and each product's
share of the allocated processes (quantity / sum of quantities); substitution credits the
avoided products' emissions instead (ISO 14044 system expansion).

A chain (`then by NEXT`) needs no new kind of expression: the declared product's share in the
places an allocation splits first is one more binding, its product's share times NEXT's share
of the declared product (anode copper's share of the smelting burden times cathode copper's
share of the anode), and the contributions there take that binding as their `share`."""
from __future__ import annotations

from fractions import Fraction

from ..core import expr as cx
from ..core import ir
from .context import Context, compare, formula, mul, text, total
from .formulas import contribute


def _partitioning(a) -> bool:
    return a.method.value != "substitution"


def _product(a) -> str:
    return next(x.name.value for x in a.items if x.role == "product")


def links(model) -> dict:
    """allocation -> the allocation it passes its product on to (`then by`), as checked."""
    out = {}
    for a in model.allocations:
        item = next((x for x in a.items if x.role == "then"), None)
        if item is not None:
            out[a.name.value] = item.name.value
    return out


def chain(name: str, following: dict) -> list:
    """The allocations from `name` to the declared product's (the checker refused cycles)."""
    out = [name]
    while out[-1] in following:
        out.append(following[out[-1]])
    return out


def shares(ctx: Context, numbers: dict) -> tuple[dict, tuple]:
    """Bindings of every partitioning allocation; returns (allocation -> the binding of the
    declared product's share in the places it splits first, the allocation records)."""
    m = ctx.model
    own, quantities_of = {}, {}
    for a in m.allocations:
        name = a.name.value
        clause = numbers[f"allocation:{name}"]
        items = [x for x in a.items if x.role in ("product", "coproduct", "avoided")]
        quantities = quantities_of[name] = {}
        if not _partitioning(a):
            continue
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
        own[name] = f"{name}.{_product(a)}.share"
    following = links(m)
    members = set(following) | set(following.values())
    declared = {}
    for a in m.allocations:  # along each chain from its end, so that NEXT's binding comes first
        if not _partitioning(a):
            continue
        path = chain(a.name.value, following)
        for k in range(len(path) - 1, -1, -1):
            name = path[k]
            if name in declared:
                continue
            if k == len(path) - 1:
                declared[name] = own[name]
                continue
            product_share = cx.Ref(own[name], cx.DIMENSIONLESS)
            onward = cx.Ref(declared[path[k + 1]], cx.DIMENSIONLESS)
            declared[name] = ctx.let(f"{name}.declared_product_share", mul(product_share, onward), "allocation",
                                     numbers[f"allocation:{name}"]).name
    records = []
    for a in m.allocations:
        name = a.name.value
        items = [x for x in a.items if x.role in ("product", "coproduct", "avoided")]
        products = tuple(ir.CoProduct(x.name.value, _binding(name, x, quantities_of[name]),
                                      formula(x.expr) if x.expr is not None else "") for x in items)
        justification = next((text(x.text) for x in a.items if x.role == "justification"), None)
        chained = name in members
        records.append(ir.Allocation(
            name=name, method=a.method.value,
            places=tuple((p.stage.value, p.process.value if p.process else None) for p in a.places),
            product=_product(a), products=products, justification=justification,
            clause=numbers[f"allocation:{name}"], then=following.get(name),
            chain=tuple(chain(name, following)) if chained else (),
            declared_share=declared.get(name) if chained else None, span=a.span))
    return declared, tuple(records)


def checks(ctx: Context, numbers: dict) -> None:
    """After the production (whose refusal comes first): the product each partitioning
    allocation charges, declared or passed on, has a quantity above zero (a zero would charge the
    declared product none of the burden of the places allocated, silently)."""
    m = ctx.model
    following = links(m)
    bindings = {s.name: s for s in ctx.steps if isinstance(s, ir.Let)}
    for a in m.allocations:
        if not _partitioning(a):
            continue
        name, product = a.name.value, _product(a)
        clause = numbers[f"allocation:{name}"]
        q = bindings[f"{name}.{product}.quantity"]
        quantity = cx.Ref(q.name, q.expr.type)
        item = next(x for x in a.items if x.role == "product")
        onward = following.get(name)
        ctx.check(compare(">", quantity, cx.Const(Fraction(0), quantity.type)), "zero_product_quantity",
                  "intermediate" if onward else "declared", subject=name, clause=clause,
                  params=(("product", product),) + ((("next", onward),) if onward else ()), span=item.span)


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
