"""Allocation of multi-output processes: partitioning, substitution and chains (PCR60x, PCR61x).

Each allocation covers the places it lists (a stage stands for all its processes and for the
stage's own contributions). A partitioning allocation may pass its product on with `then by
NEXT`: the product is an intermediate (anode copper) whose share of the burden NEXT splits again
(between cathode copper and anode slime), so the declared product's share of a place is the
product of the shares along the chain. A chain is declared, never inferred: two allocations
covering one place are an error (PCR606) unless one passes its product on to the other, NEXT
must cover every place of the allocation that passes to it (else the chain of that place would
end at an intermediate, PCR612), and chains end (PCR611).
"""
from __future__ import annotations

from fractions import Fraction

from ..domain import units
from ..domain.vocabulary import ALLOCATION_METHODS
from ..diagnostics import hint, msg, phrase
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, constant, describe, described, dimension, numeric
from .magnitude import show

# the dimensions each partitioning method's quantities may have
_WANTED = {"mass": [units.MASS], "energy": [units.ENERGY], "economic": list(units.MONEY_DIMENSIONS),
           "fixed": [units.DIMENSIONLESS]}


def check_allocations(ctx, decls, stages) -> tuple[list, dict, set]:
    """(allocations, (stage, process) -> the allocation that splits its burden first, places where
    substitution credits sit). A stage's own contributions are keyed (stage, None)."""
    allocations = [d for d in decls if isinstance(d, ast.Allocation)]
    by_name: dict = {}
    for a in allocations:
        by_name.setdefault(a.name.value, a)  # a duplicate name is PCR202; the first is the one chained to
    coverage: dict = {}  # allocation -> [(place, its keys)] of the places that exist
    places = set()
    for a in allocations:
        coverage.setdefault(a.name.value, [])
        check_allocation(ctx, a, stages, coverage[a.name.value])
        if a.method.value == "substitution" and a.places:  # its credits sit in the first place
            places.add(place_key(a.places[0]))
    links = _links(ctx, allocations, by_name)
    _cycles(ctx, allocations, links)
    _chains_end(ctx, allocations, links, by_name, coverage)
    return allocations, _first_allocation(ctx, allocations, links, coverage), places


def keys_of(place: ast.Place, stages: dict) -> tuple:
    """The (stage, process) keys a place covers: a stage covers its own line and every process."""
    stage, process = place_key(place)
    if process is not None:
        return ((stage, process),)
    return ((stage, None),) + tuple((stage, p) for p in sorted(stages.get(stage, ())))


def shown_key(key: tuple) -> str:
    return ".".join(k for k in key if k)


def check_allocation(ctx, a: ast.Allocation, stages, covered: list) -> None:
    method = a.method.value
    if method not in ALLOCATION_METHODS:
        ctx.error("PCR601", msg(method=method), a.method.span,
                  ctx.suggest(method, ALLOCATION_METHODS))
        method = None
    for place in a.places:
        if check_place(ctx, place, stages):
            covered.append((place, keys_of(place, stages)))
    products = [i for i in a.items if i.role == "product"]
    coproducts = [i for i in a.items if i.role == "coproduct"]
    avoided = [i for i in a.items if i.role == "avoided"]
    justification = [i for i in a.items if i.role == "justification"]
    if len(products) != 1 or (method != "substitution" and not coproducts):
        ctx.error("PCR605", msg("avoided" if method == "substitution" else "coproduct", name=a.name.value), a.name.span)
    _named_once(ctx, a)
    if method == "substitution":
        _substitution(ctx, products, coproducts, avoided, a)
    elif method is not None:
        _partitioning(ctx, method, products, coproducts, avoided, justification, a)
    else:  # unknown method: still resolve the names in the formulas
        for i in a.items:
            if i.expr is not None:
                dimension(ctx, i.expr)
    for i in justification:
        ctx.bilingual(i.text, i.span, phrase("justification"))


def _named_once(ctx, a: ast.Allocation) -> None:
    """Each product once (its share is reported under its name), and at most one `then by`."""
    seen: dict = {}
    for i in a.items:
        if i.role in ("product", "coproduct", "avoided"):
            first = seen.get(i.name.value)
            if first is not None:
                ctx.error("PCR613", msg("product", name=i.name.value, allocation=a.name.value, line=first.line),
                          i.name.span)
            else:
                seen[i.name.value] = i.name.span
    nexts = [i for i in a.items if i.role == "then"]
    for i in nexts[1:]:
        ctx.error("PCR613", msg("then", allocation=a.name.value, next=nexts[0].name.value), i.name.span,
                  hint("then_once"))


def _substitution(ctx, products, coproducts, avoided, a: ast.Allocation) -> None:
    if not avoided:
        ctx.error("PCR608", msg(name=a.name.value), a.name.span)
    for i in coproducts:
        ctx.error("PCR609", msg("coproduct"), i.span)
    for i in products:
        if i.expr is not None:
            ctx.error("PCR609", msg("quantity"), i.expr.span)
    for i in a.items:
        if i.role == "then":
            ctx.error("PCR609", msg("then"), i.name.span)
    for i in avoided:
        t = dimension(ctx, i.expr)
        if t is not None and t is not ANY and t != units.dim(CO2e=1):
            ctx.error("PCR607", msg("avoided", name=i.name.value, got=described(t)), i.expr.span)


def _partitioning(ctx, method, products, coproducts, avoided, justification, a: ast.Allocation) -> None:
    for i in avoided:
        ctx.error("PCR609", msg("avoided", method=method), i.span)
    wanted = _WANTED[method]
    first = None
    for i in products + coproducts:
        if i.expr is None:
            ctx.error("PCR607", msg("quantity", name=i.name.value, role=i.role), i.span)
            continue
        t = dimension(ctx, i.expr)
        if t is None or not numeric(ctx, t, i.expr.span) or t is ANY:
            continue
        if t not in wanted:
            if method == "fixed":
                continue  # reported below: fixed shares are numbers
            ctx.error("PCR607", msg("method", method=method, wanted=described(wanted[0]), name=i.name.value,
                                    got=described(t)), i.expr.span)
        elif first is not None and t != first[0]:
            ctx.error("PCR604", msg(name=i.name.value, got=described(t), first=first[1], other=described(first[0])),
                      i.expr.span)
        else:
            first = first or (t, i.name.value)
    if method == "fixed":
        total = Fraction(0)
        for i in products + coproducts:
            value = constant(i.expr) if i.expr is not None else None
            if value is None:
                ctx.error("PCR607", msg("fixed"), (i.expr or i).span)
                total = None
                break
            total += value
        if total is not None and total != 1:
            ctx.error("PCR602", msg(name=a.name.value, total=show(total)), a.name.span)
    if method == "economic" and not justification:
        ctx.error("PCR603", msg(name=a.name.value), a.name.span)


# ---- chains -----------------------------------------------------------------------------------
def _links(ctx, allocations, by_name: dict) -> dict:
    """allocation -> (the allocation it passes its product on to, the `then by` item), for the
    links that name an allocation (PCR610 otherwise)."""
    links: dict = {}
    for a in allocations:
        item = next((i for i in a.items if i.role == "then"), None)
        if item is None or by_name.get(a.name.value) is not a or a.method.value == "substitution":
            continue  # a substitution passing on is PCR609
        target = item.name.value
        if target not in by_name:
            ctx.error("PCR610", msg(name=target), item.name.span,
                      ctx.suggest(target, [n for n in by_name if n != a.name.value]))
            continue
        links[a.name.value] = (target, item)
    return links


def chain(name: str, links: dict) -> list:
    """The allocations from `name` along `then by`, each once (a cycle stops where it closes)."""
    out = [name]
    while name in links and links[name][0] not in out:
        name = links[name][0]
        out.append(name)
    return out


def _cycles(ctx, allocations, links: dict) -> None:
    """A chain that comes back to an allocation never reaches the declared product (PCR611); each
    cycle is reported once, at the `then by` of its first allocation in file order."""
    reported: set = set()
    for a in allocations:
        name = a.name.value
        if name not in links or name in reported:
            continue
        path = chain(name, links)
        back = links.get(path[-1], (None,))[0]
        if back == name:  # the chain from `name` closes on `name` itself
            reported |= set(path)
            ring = " → ".join(f"`{n}`" for n in path + [name])
            ctx.error("PCR611", msg(ring=ring), links[name][1].name.span,
                      hint("chain_end"))


def _chains_end(ctx, allocations, links: dict, by_name: dict, coverage: dict) -> None:
    """Along every link the next allocation splits its shares and covers every place of the one
    that passes to it, so that each place's chain ends at the declared product (PCR612)."""
    for a in allocations:
        name = a.name.value
        if name not in links:
            continue
        target, item = links[name]
        following = by_name[target]
        if following.method.value == "substitution":
            ctx.error("PCR612", msg("substitution", target=target, name=name), item.name.span,
                      hint("pass_to_partition"))
            continue
        theirs = {k for _, keys in coverage.get(target, ()) for k in keys}
        product = next((i.name.value for i in a.items if i.role == "product"), "its product")
        for place, keys in coverage.get(name, ()):
            missing = [k for k in keys if k not in theirs]
            if not missing:
                continue
            if len(missing) == len(keys):
                where = f"`{shown_key(place_key(place))}`"
            else:  # a stage listed whole, partly covered by the next allocation
                where = phrase("list", items=tuple(f"`{shown_key(k)}`" if k[1] else phrase("stage_itself", name=k[0])
                                                   for k in missing))
            ctx.error("PCR612", msg("place", name=name, product=product, target=target, where=where), item.name.span,
                      hint("add_places", where=where, target=target))


def _first_allocation(ctx, allocations, links: dict, coverage: dict) -> dict:
    """(stage, process) -> the allocation that splits its burden first (the start of its chain).
    Two allocations over one place are PCR606 unless one's chain reaches the other."""
    covering: dict = {}  # key -> allocations covering it, in file order
    # an allocation whose `then by` is in error (PCR609, PCR610) meant a chain: not PCR606 as well
    unlinked = {a.name.value for a in allocations if any(i.role == "then" for i in a.items)} - set(links)
    for a in allocations:
        name = a.name.value
        reach = set(chain(name, links))
        told: set = set()
        for place, keys in coverage.get(name, ()):
            for key in keys:
                for other in covering.get(key, ()):
                    if other == name or other in reach or name in chain(other, links) or (place, other) in told \
                            or {name, other} & unlinked:
                        continue
                    told.add((place, other))
                    where = f"`{shown_key(key)}`"
                    if key != place_key(place):  # a process of a stage listed whole
                        where += f" (in `{shown_key(place_key(place))}`)"
                    ctx.error("PCR606", msg(where=where, other=other), place.span,
                              hint("then_by_order", name=name, other=other))
                covering.setdefault(key, [])
                if name not in covering[key]:
                    covering[key].append(name)
    first: dict = {}
    for key, names in covering.items():
        passed_to = {links[n][0] for n in names if n in links}
        starts = [n for n in names if n not in passed_to]
        first[key] = starts[0] if starts else names[0]
    return first
