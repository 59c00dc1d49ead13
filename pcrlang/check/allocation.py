"""Allocation of multi-output processes: partitioning and substitution (PCR60x)."""
from __future__ import annotations

from fractions import Fraction

from ..domain import units
from ..domain.vocabulary import ALLOCATION_METHODS
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, constant, describe, dimension, numeric
from .magnitude import show

# the dimensions each partitioning method's quantities may have
_WANTED = {"mass": [units.MASS], "energy": [units.ENERGY], "economic": list(units.MONEY_DIMENSIONS),
           "fixed": [units.DIMENSIONLESS]}


def check_allocations(ctx, decls, stages) -> tuple[list, dict, set]:
    """(allocations, (stage, process) -> allocation name, places where substitution credits sit)."""
    allocations = [d for d in decls if isinstance(d, ast.Allocation)]
    allocation_of: dict = {}
    places = set()
    for a in allocations:
        check_allocation(ctx, a, stages, allocation_of)
        if a.method.value == "substitution" and a.places:  # its credits sit in the first place
            places.add(place_key(a.places[0]))
    return allocations, allocation_of, places


def check_allocation(ctx, a: ast.Allocation, stages, allocation_of: dict) -> None:
    method = a.method.value
    if method not in ALLOCATION_METHODS:
        ctx.error("PCR601", f"unknown allocation method `{method}`", a.method.span,
                  ctx.suggest(method, ALLOCATION_METHODS))
        method = None
    for place in a.places:
        if check_place(ctx, place, stages):
            key = place_key(place)
            if key in allocation_of:
                ctx.error("PCR606", f"`{'.'.join(k for k in key if k)}` is already allocated by `{allocation_of[key]}`",
                          place.span)
            allocation_of[key] = a.name.value
    products = [i for i in a.items if i.role == "product"]
    coproducts = [i for i in a.items if i.role == "coproduct"]
    avoided = [i for i in a.items if i.role == "avoided"]
    justification = [i for i in a.items if i.role == "justification"]
    if len(products) != 1 or (method != "substitution" and not coproducts):
        ctx.error("PCR605", f"allocation `{a.name.value}` needs one `product` and at least one "
                  f"{'`avoided` product' if method == 'substitution' else '`coproduct`'}", a.name.span)
    if method == "substitution":
        _substitution(ctx, products, coproducts, avoided, a)
    elif method is not None:
        _partitioning(ctx, method, products, coproducts, avoided, justification, a)
    else:  # unknown method: still resolve the names in the formulas
        for i in a.items:
            if i.expr is not None:
                dimension(ctx, i.expr)
    for i in justification:
        ctx.bilingual(i.text, i.span, "the justification")


def _substitution(ctx, products, coproducts, avoided, a: ast.Allocation) -> None:
    if not avoided:
        ctx.error("PCR608", f"allocation `{a.name.value}` by substitution names no avoided product", a.name.span)
    for i in coproducts:
        ctx.error("PCR609", "a substitution credits avoided products; it has no co-product shares", i.span)
    for i in products:
        if i.expr is not None:
            ctx.error("PCR609", "in a substitution the product needs no quantity", i.expr.span)
    for i in avoided:
        t = dimension(ctx, i.expr)
        if t is not None and t is not ANY and t != units.dim(CO2e=1):
            ctx.error("PCR607", f"the avoided emissions of `{i.name.value}` are {describe(t)}, "
                      "not a mass of CO2e", i.expr.span)


def _partitioning(ctx, method, products, coproducts, avoided, justification, a: ast.Allocation) -> None:
    for i in avoided:
        ctx.error("PCR609", f"`avoided` belongs to substitution, not to allocation by {method}", i.span)
    wanted = _WANTED[method]
    first = None
    for i in products + coproducts:
        if i.expr is None:
            ctx.error("PCR607", f"`{i.name.value}` needs its quantity: `{i.role} {i.name.value} = ...`", i.span)
            continue
        t = dimension(ctx, i.expr)
        if t is None or not numeric(ctx, t, i.expr.span) or t is ANY:
            continue
        if t not in wanted:
            if method == "fixed":
                continue  # reported below: fixed shares are numbers
            ctx.error("PCR607", f"allocation by {method} needs {describe(wanted[0])}, "
                      f"`{i.name.value}` is {describe(t)}", i.expr.span)
        elif first is not None and t != first[0]:
            ctx.error("PCR604", f"`{i.name.value}` is {describe(t)} but `{first[1]}` is "
                      f"{describe(first[0])}", i.expr.span)
        else:
            first = first or (t, i.name.value)
    if method == "fixed":
        total = Fraction(0)
        for i in products + coproducts:
            value = constant(i.expr) if i.expr is not None else None
            if value is None:
                ctx.error("PCR607", "fixed shares are numbers, such as 0.7", (i.expr or i).span)
                total = None
                break
            total += value
        if total is not None and total != 1:
            ctx.error("PCR602", f"the fixed shares of `{a.name.value}` sum to {show(total)}, not 1", a.name.span)
    if method == "economic" and not justification:
        ctx.error("PCR603", f"allocation `{a.name.value}` by economic value has no justification", a.name.span)
