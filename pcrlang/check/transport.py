"""Transport blocks (PCR560-PCR566): the legs are a table of rows with a mass, a distance and a
mode; the factor is a table by the mode's key set of a gas mass per mass and distance; an
empty-return share is a plain number. The gas is the factor's unless the block states it."""
from __future__ import annotations

import attrs

from ..domain import units
from ..domain.gases import GASES
from ..diagnostics import hint, msg, phrase  # noqa: F401
from ..syntax import ast
from .boundary import check_place, place_key
from .contributions import gas_and_kind
from .expressions import ANY, describe, described, dimension
from .names import unknown_value

# the columns a table of legs must have: name -> (what it is, its dimension or None for a key)
LEG_COLUMNS = {"mass": units.MASS, "distance": units.dim(length=1), "mode": None}  # named by the phrases leg_*
FREIGHT = units.dim(mass=1, length=1)  # t·km


@attrs.frozen
class TransportInfo:
    decl: ast.Transport
    legs: str  # the table of rows of the legs
    factor: str  # the table of factors by mode
    mode_keyset: str
    gas: str
    carbon_kind: str


def check_transports(ctx, decls, stages, gwp_values, packaging: set) -> tuple[list, set]:
    """The checked transport blocks and the places they contribute to."""
    out, places = [], set()
    for t in decls:
        if isinstance(t, ast.Transport):
            places.add(place_key(t.place))
            info = check_transport(ctx, t, stages, gwp_values, packaging)
            if info is not None:
                out.append(info)
    return out, places


def check_transport(ctx, t: ast.Transport, stages, gwp_values, packaging: set):
    check_place(ctx, t.place, stages)
    name = t.name.value
    gas, kind = gas_and_kind(ctx, t.attributes, packaging, name)
    for a in t.attributes:
        if a.key == "symbol":  # the grammar shares the attributes of emissions; a transport has no symbol
            ctx.error("PCR001", msg("symbol", what=phrase("transport", name=name)), a.span,
                      hint("transport_symbol"))
    if kind is None:
        ctx.error("PCR504", msg(what=phrase("transport", name=name)), t.name.span, hint("state_kind"))
    if t.text is not None:
        ctx.bilingual(t.text, t.name.span, phrase("transport", name=name))
    seen = {}
    for item in t.items:
        if item.key in seen:
            ctx.error("PCR561", msg(key=item.key, name=name), item.span,
                      hint("first_at", line=seen[item.key].line))
        else:
            seen[item.key] = item.span
    missing = [k for k in ("legs", "factor") if k not in seen]
    if missing:
        ctx.error("PCR560", msg("one" if len(missing) == 1 else "two", name=name, first=missing[0], second=missing[-1]), t.name.span)
    legs = _legs(ctx, t.item("legs"))
    factor_gas = _factor(ctx, t.item("factor"), legs)
    empty_return = t.item("empty_return")
    if empty_return is not None:
        _empty_return(ctx, empty_return)
    if gas is None and factor_gas is not None:
        gas = factor_gas
    elif gas and factor_gas and GASES.get(gas, gas) != GASES.get(factor_gas, factor_gas):
        ctx.error("PCR305", msg("transport", name=name, gas=gas, factor_gas=factor_gas), t.name.span,
                  hint("transport_gas", gas=GASES.get(gas, gas), factor_gas=factor_gas))
    if gas is None and t.item("factor") is not None and factor_gas is None and legs is not None:
        ctx.error("PCR502", msg("transport", name=name), t.name.span,
                  hint("transport_state_gas"))
    if gas and gwp_values is not None and gas not in gwp_values:
        ctx.error("PCR505", msg(gas=gas), t.name.span)
    if not (gas and kind and legs and factor_gas is not None):
        return None
    return TransportInfo(t, t.item("legs").value, t.item("factor").value, legs[1], gas, kind)


def _legs(ctx, legs):
    """(InputInfo, key set of the mode column) of the table of legs, or None after reporting."""
    if legs is None:
        return None
    decl = ctx.values.get(legs.value)
    if decl is None:
        unknown_value(ctx, legs.value, legs.span)
        return None
    ctx.used.add(legs.value)
    info = ctx.inputs.get(legs.value)
    if not isinstance(decl, ast.RowsInput) or info is None:
        if not isinstance(decl, ast.RowsInput):
            ctx.error("PCR562", msg(name=legs.value), legs.span,
                      hint("legs_rows"))
        return None
    columns = {c.decl.name.value: c for c in info.columns}
    keyset, ok = None, True
    for column, dim in LEG_COLUMNS.items():
        c = columns.get(column)
        if c is None:
            ctx.error("PCR563", msg("missing", name=legs.value, column=column, what=phrase("leg_" + column)), legs.span,
                      hint("add_column", column=column,
                           unit="t" if column == "mass" else "km" if column == "distance" else "MODES"))
            ok = False
        elif dim is None and c.keyset is None:
            ctx.error("PCR563", msg("mode", name=legs.value), c.decl.name.span,
                      hint("mode_keys"))
            ok = False
        elif dim is None:
            keyset = c.keyset
        elif c.keyset is not None or c.is_text or c.dimension != dim:
            got = phrase("a_key") if c.keyset is not None else phrase("text") if c.is_text else described(c.dimension)
            ctx.error("PCR563", msg("dimension", column=column, name=legs.value, got=got, wanted=described(dim)),
                      c.decl.name.span, hint(f"{column}_unit", what=phrase("leg_" + column)))
            ok = False
    return (info, keyset) if ok else None


def _factor(ctx, factor, legs):
    """The gas (by its dimension) of the table of mode factors, or None after reporting."""
    if factor is None:
        return None
    decl = ctx.values.get(factor.value)
    if decl is None:
        unknown_value(ctx, factor.value, factor.span)
        return None
    ctx.used.add(factor.value)
    info = ctx.tables.get(factor.value)
    if not isinstance(decl, ast.Table):
        ctx.error("PCR564", msg("table", name=factor.value), factor.span,
                  hint("mode_table"))
        return None
    if info is None:
        return None  # its own errors are reported
    if legs is not None and legs[1] is not None and decl.keyset.value != legs[1]:
        ctx.error("PCR564", msg("keyset", name=factor.value, keyset=decl.keyset.value, modes=legs[1]), factor.span, hint("mode_keyset", modes=legs[1]))
        return None
    gas_dim = units.is_gas_mass(units.multiply(info.dimension, FREIGHT))
    if gas_dim is None:
        ctx.error("PCR564", msg("unit", name=factor.value, got=described(info.dimension)), factor.span,
                  hint("freight_unit"))
        return None
    named = [g for g, d in GASES.items() if d == gas_dim]
    return named[0] if len(named) == 1 else None


def _empty_return(ctx, e) -> None:
    """A share added to each leg for the empty trip back: dimensionless, never negative."""
    t = dimension(ctx, e)
    if t is None or t is ANY:
        return
    if t != ():
        ctx.error("PCR565", msg("dimension", got=described(t)), e.span,
                  hint("empty_share"))
    elif isinstance(e, ast.Negate) or (isinstance(e, ast.Number) and e.value < 0):
        ctx.error("PCR565", msg("negative"), e.span, hint("empty_positive"))
