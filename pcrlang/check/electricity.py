"""Purchased energy: electricity and heat blocks (the amount, a split between supplies, the
admissible sources in order, the factor kind), and the rule's energy-factor policy (PCR53x)."""
from __future__ import annotations

from ..domain import units
from ..domain.vocabulary import ENERGY_CARRIERS, FACTOR_KINDS
from ..diagnostics import hint, msg, phrase  # noqa: F401
from ..syntax import ast
from .boundary import check_place, place_key
from .expressions import ANY, children, condition, constant, describe, described, dimension, numeric

# Names a supply may not take: the block's own bindings (`NAME.source`, `NAME.factor`) and the
# rest's entry among the supplies in the result.
RESERVED_SUPPLY_NAMES = ("source", "factor", "rest")
# Energy units electricity is metered in: a factor per one of these that declares no kind looks
# like an electricity factor (a factor per GJ or TJ may as well be a fuel's own combustion factor).
ELECTRICITY_UNITS = ("Wh", "kWh", "MWh", "GWh")


def check_electricity_blocks(ctx, decls, stages) -> tuple[list, set]:
    """((ast.Electricity, gas its factors give), places of the blocks)."""
    out, places = [], set()
    for e in (d for d in decls if isinstance(d, ast.Electricity)):
        out.append((e, check_electricity(ctx, e, stages)))
        places.add(place_key(e.place))
    return out, places


def check_electricity(ctx, e: ast.Electricity, stages) -> str | None:
    """Checks the block; returns the gas its factors give (CO2 or CO2e)."""
    check_place(ctx, e.place, stages)
    kind, title = e.factor_kind.value, phrase(e.carrier, name=e.name.value)
    if kind not in FACTOR_KINDS:
        ctx.error("PCR530", msg(e.carrier, kind=kind), e.factor_kind.span,
                  ctx.suggest(kind, FACTOR_KINDS))
    if e.amount is None:
        ctx.error("PCR531", msg("amount", what=title), e.name.span)
    else:
        t = dimension(ctx, e.amount)
        if t is not None and t is not ANY and numeric(ctx, t, e.amount.span) and t != units.ENERGY:
            ctx.error("PCR302", msg("amount", what=title, got=described(t)), e.amount.span)
    _check_split(ctx, e, title)
    factors = []  # (what, factor formula) of every supply and source, in order
    seen = set()
    for s in e.supplies:
        if s.name.value in seen:
            ctx.error("PCR202", msg("listed", what=phrase("supply", name=s.name.value)), s.name.span)
        elif s.name.value in RESERVED_SUPPLY_NAMES:
            ctx.error("PCR535", msg("reserved", what=title, name=s.name.value), s.name.span,
                      hint("reserved_supply"))
        seen.add(s.name.value)
        t = dimension(ctx, s.amount)
        if t is not None and t is not ANY and numeric(ctx, t, s.amount.span):
            if s.share and t != units.DIMENSIONLESS:
                ctx.error("PCR302", msg("share", name=s.name.value, got=described(t)), s.amount.span, hint("metered_supply"))
            elif not s.share and t != units.ENERGY:
                ctx.error("PCR302", msg("amount", what=phrase("supply", name=s.name.value), got=described(t)),
                          s.amount.span, hint("share_supply"))
        factors.append((phrase("supply", name=s.name.value), s.factor))
        if s.text is not None:
            ctx.bilingual(s.text, s.name.span, phrase("supply", name=s.name.value))
    for src in e.sources:
        if src.name.value in seen:
            ctx.error("PCR202", msg("listed", what=phrase(src.role, name=src.name.value)), src.name.span)
        seen.add(src.name.value)
        if src.condition is not None:
            condition(ctx, src.condition)
        factors.append((phrase(src.role, name=src.name.value), src.factor))
    gas, first = None, None
    for what, factor in factors:
        t = dimension(ctx, factor)
        if t is not None and t is not ANY and numeric(ctx, t, factor.span):
            g = units.is_gas_mass(units.multiply(t, units.ENERGY))
            if g is None:
                ctx.error("PCR302", msg("factor", what=what, got=described(t)),
                          factor.span)
            elif first is not None and t != first:
                ctx.error("PCR302", msg("earlier", what=what, got=described(t), first=described(first)), factor.span)
            else:
                first, gas = t, g
        _check_kinds(ctx, e, factor)
    _check_constant_shares(ctx, e, title)
    if any(s.certificate for s in e.supplies):
        _check_residual_mix(ctx, e, title)
    if e.text is not None:
        ctx.bilingual(e.text, e.name.span, phrase(e.carrier, name=e.name.value))
    return gas


def _check_split(ctx, e: ast.Electricity, title) -> None:
    """A block takes `source` lines for its whole amount, or supplies and `rest` lines for what the
    supplies leave; not both."""
    sources = [s for s in e.sources if s.role == "source"]
    rests = [s for s in e.sources if s.role == "rest"]
    if e.supplies and sources:
        ctx.error("PCR535", msg("rest", what=title), sources[0].name.span,
                  hint("write_rest", name=sources[0].name.value))
    elif rests and not e.supplies:
        ctx.error("PCR535", msg("no_supply", what=title), rests[0].name.span,
                  hint("write_source", name=rests[0].name.value))
    elif e.supplies and not rests:
        ctx.error("PCR535", msg("no_rest", what=title), e.name.span,
                  hint("add_rest"))
    elif not e.sources:
        ctx.error("PCR531", msg("source", what=title), e.name.span)


def _check_constant_shares(ctx, e: ast.Electricity, title) -> None:
    """Shares the rule fixes as numbers: each within [0, 1], together at most 1 (shares from the
    data are checked when the calculation runs: invalid_supply_split)."""
    fixed = []
    for s in (s for s in e.supplies if s.share):
        value = constant(s.amount)
        if value is None:
            continue
        if not 0 <= value <= 1:
            ctx.error("PCR538", msg("share", name=s.name.value, what=title, value=_figure(value)),
                      s.amount.span, hint("share_fraction"))
        else:
            fixed.append((s, value))
    if len(fixed) > 1 and sum(v for _, v in fixed) > 1:
        ctx.error("PCR538", msg("sum", what=title, terms=" + ".join(_figure(v) for _, v in fixed),
                                total=_figure(sum(v for _, v in fixed))), fixed[-1][0].amount.span, hint("shares_sum"))


def _figure(value) -> str:
    return str(value.numerator) if value.denominator == 1 else format(float(value), "g")


def _check_kinds(ctx, e: ast.Electricity, factor) -> None:
    """Every factor or table of a supply or source declares its kind, the block's kind."""
    kind = e.factor_kind.value
    for name in sorted(factor_names(ctx, factor)):
        info = ctx.factors.get(name) or ctx.tables.get(name)
        if info is None:
            continue
        if info.kind is None:
            ctx.error("PCR532", msg(e.carrier, name=name), factor.span,
                      hint("add_kind"))
        elif kind in FACTOR_KINDS and info.kind != kind:
            ctx.error("PCR533", msg(name=name, kind=info.kind, what=phrase(e.carrier, name=e.name.value), wanted=kind),
                      factor.span, hint("kinds_mixed"))


def _check_residual_mix(ctx, e: ast.Electricity, title) -> None:
    """Once certificates (or a green power contract) claim the green attribute of some of the
    electricity, the grid average still counts that green power: the rest takes the residual mix."""
    claimed = next(s for s in e.supplies if s.certificate)
    for src in (s for s in e.sources if s.role == "rest"):
        used = factor_names(ctx, src.factor)
        if not any(getattr(ctx.factors.get(n) or ctx.tables.get(n), "residual_mix", False) for n in used):
            marked = sorted(n for n, i in list(ctx.factors.items()) + list(ctx.tables.items())
                            if i is not None and i.residual_mix)
            ctx.error("PCR536", msg(name=claimed.name.value, what=title, rest=src.name.value), src.factor.span,
                      hint("residual_mix", name=marked[0]) if marked else hint("declare_residual_mix"))


def factor_names(ctx, e) -> set[str]:
    """The factors and tables a formula uses, through the quantities it uses (each followed once,
    so that a circular definition, reported elsewhere, ends the walk)."""
    out, stack, followed = set(), [e], set()
    while stack:
        x = stack.pop()
        if isinstance(x, ast.NameRef):
            decl = ctx.values.get(x.name)
            if isinstance(decl, (ast.Factor, ast.DatedFactor)):
                out.add(x.name)
            elif isinstance(decl, ast.Quantity) and x.name not in followed:
                followed.add(x.name)
                stack.append(decl.expr)
        elif isinstance(x, ast.Lookup):
            out.add(x.table.value)
        stack.extend(children(x))
    return out


# ---- the rule's policy on energy factors ------------------------------------------------------
def check_factor_policy(ctx, fields: dict, decls, order: list, blocks: list) -> None:
    """`energy_factors life_cycle` (or `combustion`): no factor or table of the other kind feeds any
    contribution, directly or through quantities; a block of the other kind is an error too. A
    factor per kWh that declares no kind draws a warning (it looks like a grid factor)."""
    written = fields.get("energy_factors")
    policy = getattr(written, "value", None)
    if policy not in FACTOR_KINDS:
        return  # no policy, or an unknown one (reported with the header)
    for e, _ in blocks:
        kind = e.factor_kind.value
        if kind in FACTOR_KINDS and kind != policy:
            ctx.error("PCR534", msg("block", what=phrase(e.carrier, name=e.name.value), kind=kind, policy=policy),
                      e.factor_kind.span,
                      hint("block_policy", policy=policy))
    reach = _reach(ctx, order)
    for what, expr in _feeding(decls):
        reported = set()
        for use, name, span in _direct(ctx, expr):
            if use == "factor":
                found = {name: ()}
            else:  # a quantity: every factor it reaches, with the quantities in between
                found = {f: (name,) + chain for f, chain in reach.get(name, {}).items()}
            for factor, chain in found.items():
                if factor in reported:
                    continue
                info = ctx.factors.get(factor) or ctx.tables.get(factor)
                if info is None:
                    continue
                through = phrase("through", chain=chain)
                if info.kind is not None and info.kind != policy:
                    reported.add(factor)
                    ctx.error("PCR534", msg("factor", factor=factor, kind=info.kind, what=what, through=through,
                                            policy=policy), span, _instead(ctx, factor, info, policy))
                elif info.kind is None and _per_electricity_unit(info):
                    reported.add(factor)
                    ctx.error("PCR-W11", msg(factor=factor, unit=info.unit_text, what=what, through=through), span,
                              hint("declare_kind_policy", policy=policy))


def _feeding(decls):
    """(what, formula) of every formula whose value becomes a contribution's amount. The factors of
    a block's sources and supplies are held to the block's kind (PCR533) and the block to the policy."""
    for d in decls:
        if isinstance(d, ast.Contribution):
            yield phrase(d.direction, name=d.name.value), d.expr
        elif isinstance(d, ast.Electricity):
            if d.amount is not None:
                yield phrase(d.carrier, name=d.name.value), d.amount
            for s in d.supplies:
                yield phrase("supply_of", name=s.name.value, block=phrase(d.carrier, name=d.name.value)), s.amount
        elif isinstance(d, ast.Recycling):
            for p in d.parameters:
                yield phrase("recycling", name=d.name.value), p.expr
        elif isinstance(d, ast.Allocation):
            for item in d.items:
                if item.role == "avoided" and item.expr is not None:
                    yield phrase("credit", name=item.name.value, allocation=d.name.value), item.expr


def _direct(ctx, e) -> list:
    """(factor or quantity, name, span of the use) of the names a formula uses itself, in order."""
    out, stack = [], [e]
    while stack:
        x = stack.pop()
        if isinstance(x, ast.NameRef):
            decl = ctx.values.get(x.name)
            if isinstance(decl, (ast.Factor, ast.DatedFactor)):
                out.append(("factor", x.name, x.span))
            elif isinstance(decl, ast.Quantity):
                out.append(("quantity", x.name, x.span))
        elif isinstance(x, ast.Lookup):
            out.append(("factor", x.table.value, x.table.span))
        stack.extend(reversed(children(x)))
    return out


def _reach(ctx, order: list) -> dict:
    """Quantity -> {factor or table it uses, directly or through quantities: the quantities in
    between}, built in dependency order (no recursion; a quantity in a cycle reaches nothing more)."""
    reach: dict = {}
    for q in order:
        mine: dict = {}
        for use, name, _ in _direct(ctx, q.expr):
            if use == "factor":
                mine.setdefault(name, ())
            else:
                for factor, chain in reach.get(name, {}).items():
                    mine.setdefault(factor, (name,) + chain)
        reach[q.name.value] = mine
    return reach


def _per_electricity_unit(info) -> bool:
    unit = getattr(info.decl, "unit", None)
    return units.is_gas_mass(units.multiply(info.dimension, units.ENERGY)) is not None and unit is not None and \
        any(f.power < 0 and f.name in ELECTRICITY_UNITS for f in unit.factors)


def _instead(ctx, name: str, info, policy: str):
    """The help of a factor of the wrong kind: factors of the policy's kind in scope, per energy."""
    per_energy = lambda i: i is not None and units.is_gas_mass(units.multiply(i.dimension, units.ENERGY))  # noqa: E731
    family = _per_electricity_unit(info)
    candidates = [(n, i) for n, i in list(ctx.factors.items()) + list(ctx.tables.items())
                  if i is not None and i.kind == policy and per_energy(i)]
    candidates.sort(key=lambda c: (_per_electricity_unit(c[1]) != family, c[1].residual_mix))
    if not candidates:
        return hint("declare_policy_factor_cn_grid" if policy == "life_cycle" and family else "declare_policy_factor",
                    policy=policy)
    names = phrase("list", items=tuple(f"`{n}`" for n, _ in candidates[:3]))
    gas = per_energy(candidates[0][1])
    if gas != per_energy(info):
        return hint("use_policy_factor_gas", policy=policy, names=names, gas=gas)
    return hint("use_policy_factor", policy=policy, names=names)
