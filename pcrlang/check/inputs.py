"""Key sets, inputs (activity data), emission factors, factors with validity periods, tables."""
from __future__ import annotations

from fractions import Fraction

import attrs

from ..diagnostics import hint, msg, phrase
from ..domain import units
from ..domain.vocabulary import FACTOR_KINDS
from ..model import FactorInfo, InputInfo
from ..syntax import ast
from .header import DATE
from .magnitude import check_value
from .names import first, unknown_value


def check_keysets(ctx, decls) -> None:
    for d in first(ctx, decls, ast.KeySet):
        seen_keys: set[str] = set()
        for k in d.keys:
            if k.name.value in seen_keys:
                ctx.error("PCR211", msg("key", key=k.name.value), k.name.span)
            seen_keys.add(k.name.value)


def single_attributes(ctx, attributes) -> dict:
    out: dict = {}
    for a in attributes:
        if a.key in out:
            ctx.error("PCR804", msg(key=a.key), a.span)
            continue
        out[a.key] = a
    return out


def text_from_attributes(attributes, span) -> ast.Text:
    zh = next((a.value for a in attributes if a.key == "zh"), None)
    en = next((a.value for a in attributes if a.key == "en"), None)
    return ast.Text(zh, en, span)


def within(value: Fraction, b: ast.Bounds) -> bool:
    low_ok = value >= b.low if b.low_inclusive else value > b.low
    high_ok = value <= b.high if b.high_inclusive else value < b.high
    return low_ok and high_ok


# ---- inputs ---------------------------------------------------------------------------
def check_inputs(ctx, decls) -> dict:
    """Input name -> InputInfo, in declaration order (an input whose unit is wrong is left out)."""
    inputs = {}
    for d in decls:
        if isinstance(d, (ast.Input, ast.RowsInput)) and ctx.values.get(d.name.value) is d:
            inputs[d.name.value] = check_rows(ctx, d) if isinstance(d, ast.RowsInput) else check_input(ctx, d)
    return {k: v for k, v in inputs.items() if v is not None}


# `text` as the unit of a column: free text that names a row (a material, a supplier), never a value;
# `date` as the unit of an input: an ISO date, the start or end of the reference period
TEXT_UNIT = "text"
DATE_UNIT = "date"


def _is_text(ctx, unit, word: str = TEXT_UNIT) -> bool:
    return len(unit.factors) == 1 and unit.factors[0].name == word and unit.factors[0].power == 1 \
        and ctx.values.get(word) is None


def check_rows(ctx, d: ast.RowsInput) -> InputInfo | None:
    """A table of rows: its columns checked like inputs, one key column at most, flows in mass or
    energy."""
    name = d.name.value
    attrs_ = single_attributes(ctx, d.attributes)
    for a in attrs_.values():
        if a.key not in ("zh", "en", "optional", "primary"):
            ctx.error("PCR816", msg("attribute", key=a.key), a.span)
    if not d.columns:
        ctx.error("PCR816", msg("columns", name=name), d.name.span,
                  hint("declare_columns"))
    columns, seen = [], {}
    for c in d.columns:
        if c.name.value in seen:
            ctx.error("PCR817", msg(column=c.name.value, table=name), c.name.span)
            continue
        seen[c.name.value] = c
        info = check_input(ctx, c, table=name)
        if info is not None:
            columns.append(info)
    keys = [c for c in columns if c.key]
    for extra in keys[1:]:
        ctx.error("PCR814", msg("second", table=name, name=extra.decl.name.value), extra.decl.name.span,
                  hint("one_key_column"))
    text = text_from_attributes(d.attributes, d.name.span)
    ctx.bilingual(text, d.name.span, phrase("table_of_rows", name=name))
    return InputInfo(decl=d, unit_text="rows", to_base=Fraction(1), dimension=units.DIMENSIONLESS, keyset=None,
                     bounds=None, primary="primary" in attrs_, optional="optional" in attrs_ or d.min_rows == 0,
                     default=None, default_source=None, text=text, columns=tuple(columns), min_rows=d.min_rows)


def check_input(ctx, d, table: str | None = None) -> InputInfo | None:
    """An input, or a column of the table of rows `table` (same attributes, plus `key`)."""
    what = phrase("column", name=d.name.value, table=table) if table else phrase("input", name=d.name.value)
    attrs_ = single_attributes(ctx, d.attributes)
    keyset = None
    is_text = _is_text(ctx, d.unit)
    if is_text and table is None:
        ctx.error("PCR813", msg("input", name=d.name.value),
                  d.unit.span, hint("text_input"))
        return None
    is_date = _is_text(ctx, d.unit, DATE_UNIT)
    if is_date and table is not None:
        ctx.error("PCR813", msg("date", what=what), d.unit.span)
        return None
    if is_text or is_date:
        to_base, dimension = Fraction(1), units.DIMENSIONLESS
    elif len(d.unit.factors) == 1 and isinstance(ctx.values.get(d.unit.factors[0].name), ast.KeySet):
        keyset = d.unit.factors[0].name
        to_base, dimension = Fraction(1), units.DIMENSIONLESS
    else:
        resolved = ctx.unit(d.unit)
        if resolved is None:
            return None
        to_base, dimension = resolved
    bounds = attrs_["bounds"].value if "bounds" in attrs_ else None
    if keyset is not None and "optional" in attrs_ and "default" not in attrs_:
        ctx.error("PCR807", msg(name=d.name.value, keyset=keyset),
                  attrs_["optional"].span, hint("optional_key"))
    if bounds is not None:
        if keyset is not None:
            ctx.error("PCR801", msg("keys", name=d.name.value, keyset=keyset), bounds.span,
                      hint("key_bounds"))
            bounds = None
        elif bounds.low > bounds.high or (bounds.low == bounds.high and not (bounds.low_inclusive and bounds.high_inclusive)):
            ctx.error("PCR801", msg("empty", name=d.name.value), bounds.span)
            bounds = None  # no PCR802 on top: no default can lie in empty bounds
        else:
            for which, value in (("lower", bounds.low), ("upper", bounds.high)):
                check_value(ctx, phrase(which + "_bound", name=d.name.value), value, None, d.unit, to_base, bounds.span)
    check_sensitivity(ctx, attrs_, what, bounds, number=keyset is None and not is_text and not is_date
                      and table is None)
    default = source = None
    if "default" in attrs_:
        (value, text, span), source = attrs_["default"].value
        if keyset is not None:
            keys = ctx.keys(keyset)
            if not isinstance(value, str):
                ctx.error("PCR803", msg("key", name=d.name.value, keyset=keyset), span)
            elif value not in keys:
                ctx.error("PCR209", msg(key=value, keyset=keyset), span, ctx.suggest(value, keys))
        elif isinstance(value, str):
            ctx.error("PCR803", msg("number", name=d.name.value), span)
        elif bounds is not None and not within(value, bounds):
            ctx.error("PCR802", msg(value=text, name=d.name.value), span)
        else:
            check_value(ctx, phrase("default", name=d.name.value), value, text, d.unit, to_base, span)
        default = value
        if source is None:
            ctx.error("PCR806", msg(name=d.name.value), span)
        if "primary" in attrs_:
            ctx.error("PCR805", msg(name=d.name.value), attrs_["primary"].span)
    key = "key" in attrs_
    if key and table is None:
        ctx.error("PCR814", msg("input", name=d.name.value), attrs_["key"].span)
        key = False
    elif key and not (is_text or keyset is not None):
        ctx.error("PCR814", msg("type", name=d.name.value), attrs_["key"].span)
    elif key and ("optional" in attrs_ or "default" in attrs_):
        ctx.error("PCR814", msg("optional", name=d.name.value),
                  (attrs_.get("optional") or attrs_["default"]).span)
    flow = "flow" in attrs_
    if flow and (keyset is not None or is_text or not units.is_amount(dimension)):
        ctx.error("PCR815", msg(what=what, unit=d.unit.text()),
                  attrs_["flow"].span, hint("not_flow"))
        flow = False
    provenance = "provenance" in attrs_
    if provenance and (table is None or keyset is None or not {"primary", "secondary"} <= set(ctx.keys(keyset))):
        ctx.error("PCR819", msg(what=what), attrs_["provenance"].span,
                  hint("provenance"))
        provenance = False
    if is_text and (bounds is not None or default is not None):
        ctx.error("PCR813", msg("bounds", name=d.name.value), d.unit.span)
    text = text_from_attributes(d.attributes, d.name.span)
    ctx.bilingual(text, d.name.span, what)
    return InputInfo(
        decl=d, unit_text=d.unit.text(), to_base=to_base, dimension=dimension, keyset=keyset,
        bounds=bounds, primary="primary" in attrs_, optional="optional" in attrs_, default=default,
        default_source=source, text=text, flow=flow, is_text=is_text, key=key, provenance=provenance,
        is_date=is_date,
    )


def check_sensitivity(ctx, attrs_, what, bounds, number: bool, value=None) -> None:
    """A declared sensitivity range (`sensitivity LO to HI`, in the declared unit) of a number
    input or a factor: not empty, inside the input's bounds, around the factor's value."""
    if "sensitivity" not in attrs_:
        return
    a = attrs_["sensitivity"]
    (low, low_text, _), (high, high_text, _) = a.value
    if not number:
        ctx.error("PCR115", msg("kind", what=what),
                  a.span, hint("table_sensitivity"))
    elif low >= high:
        ctx.error("PCR115", msg("empty", what=what, low=low_text, high=high_text), a.span,
                  hint("low_first"))
    elif bounds is not None and not (within(low, bounds) and within(high, bounds)):
        ctx.error("PCR116", msg("bounds", what=what, low=low_text, high=high_text), a.span,
                  hint("range_in_bounds"))
    elif value is not None and not low <= value <= high:
        ctx.error("PCR116", msg("value", what=what, low=low_text, high=high_text),
                  a.span, hint("range_around_value"))


# ---- factors --------------------------------------------------------------------------
def factor_info(ctx, d, attributes) -> FactorInfo | None:
    attrs_ = single_attributes(ctx, attributes)
    resolved = ctx.unit(d.unit)
    text = text_from_attributes(attributes, d.name.span)
    ctx.bilingual(text, d.name.span, phrase("table" if isinstance(d, ast.Table) else "factor", name=d.name.value))
    if resolved is None:
        return None
    get = lambda k: attrs_[k].value if k in attrs_ else None
    kind = get("kind")
    if kind is not None and kind.value not in FACTOR_KINDS:
        ctx.error("PCR530", msg("kind", kind=kind.value), kind.span,
                  ctx.suggest(kind.value, FACTOR_KINDS))
    check_sensitivity(ctx, attrs_, phrase("factor", name=d.name.value), None, number=True,
                      value=getattr(d, "value", None) if isinstance(d, ast.Factor) else None)
    provenance = get("provenance")
    if "database" in attrs_ and provenance != "secondary":
        ctx.error("PCR818", msg("database", name=d.name.value),
                  attrs_["database"].span, hint("secondary_database"))
    if "dataset" in attrs_ and "database" not in attrs_:
        ctx.error("PCR818", msg("dataset", name=d.name.value), attrs_["dataset"].span,
                  hint("database_dataset"))
    return FactorInfo(decl=d, unit_text=d.unit.text(), to_base=resolved[0], dimension=resolved[1],
                      source=get("source"), geography=get("geography"), vintage=get("vintage"),
                      unverified=bool(get("unverified")), text=text, kind=kind.value if kind else None,
                      value=getattr(d, "value", None), value_text=getattr(d, "value_text", None),
                      provenance=provenance, database=get("database"), dataset=get("dataset"),
                      residual_mix=bool(get("residual_mix")))


def check_factors(ctx, decls) -> dict:
    """Factor name -> FactorInfo (None when its unit is wrong) of the single-valued factors."""
    return {d.name.value: check_factor(ctx, d) for d in first(ctx, decls, ast.Factor)}


def check_factor(ctx, d: ast.Factor) -> FactorInfo | None:
    if d.value is None:
        ctx.error("PCR306", msg("value", name=d.name.value), d.name.span)
    info = factor_info(ctx, d, d.attributes)
    if info is not None:
        check_value(ctx, phrase("value", name=d.name.value), d.value, d.value_text, d.unit, info.to_base, d.name.span)
    return info


def check_dated_factors(ctx, decls, fields: dict) -> tuple[dict, dict]:
    """(name -> FactorInfo with the value in force for ctx.period, deferred problems).

    A library's dated factors wait for the importing rule's period; a rule is held to the ones
    it uses: the problems of imported ones are deferred (name -> error arguments) and reported
    only if the factor is used (an unused factor of a library has no value in force, harmlessly)."""
    factors, deferred = {}, {}
    for d in first(ctx, decls, ast.DatedFactor):
        factors[d.name.value] = check_dated_factor(ctx, d, fields, deferred)
    return factors, deferred


def check_dated_factor(ctx, d: ast.DatedFactor, fields: dict, deferred: dict) -> FactorInfo | None:
    info = factor_info(ctx, d, d.attributes)
    for v in d.values if info is not None else ():
        check_value(ctx, phrase("value_from", name=d.name.value, start=v.start), v.value, v.value_text, d.unit, info.to_base,
                    v.span)
    ordered = sorted(d.values, key=lambda v: v.start)
    for v in d.values:
        if not (DATE.match(v.start) and DATE.match(v.end)) or v.start > v.end:
            ctx.error("PCR111", msg("validity", start=v.start, end=v.end), v.span)
            return None
    for a, b in zip(ordered, ordered[1:]):
        if b.start <= a.end:
            ctx.error("PCR810", msg(name=d.name.value, first=a.start, second=b.start), b.span)
            return None
    own = ctx.own(d) and not ctx.library_mode
    report = ctx.error if own else (lambda *a, **k: deferred.setdefault(d.name.value, (a, k)))
    if isinstance(ctx.period, ast.PeriodInputs):  # chosen at run time, for the period the inputs give
        validity = tuple((v.start, v.end, v.value_text, v.source, False) for v in ordered)
        return attrs.evolve(info, value=None, validity=validity, at_run_time=True) if info is not None else None
    if ctx.period is None:
        if "period" not in fields and not ctx.library_mode:
            report("PCR811", msg(name=d.name.value), d.name.span)
        return attrs.evolve(info, value=None) if info is not None else None
    start, end = ctx.period
    in_force = [v for v in ordered if v.start <= start and end <= v.end]
    chosen = in_force[0] if in_force else None
    if chosen is None:
        extrapolate = fields.get("extrapolate")
        earlier = [v for v in ordered if v.end < start]
        if extrapolate is not None and extrapolate.value == "latest" and earlier:
            chosen = earlier[-1]
            report("PCR-W09", msg(name=d.name.value, start=start, end=end, latest_start=chosen.start,
                                  latest_end=chosen.end), d.name.span)
        else:
            report("PCR812", msg(name=d.name.value, start=start, end=end), d.name.span,
                   hint("value_for_period"))
            return attrs.evolve(info, value=None) if info is not None else None
    if info is None:
        return None
    validity = tuple((v.start, v.end, v.value_text, v.source, v is chosen) for v in ordered)
    return attrs.evolve(info, value=chosen.value, value_text=chosen.value_text, validity=validity,
                        source=chosen.source or info.source)


# ---- tables ---------------------------------------------------------------------------
def check_tables(ctx, decls) -> dict:
    return {d.name.value: check_table(ctx, d) for d in first(ctx, decls, ast.Table)}


def check_table(ctx, d: ast.Table) -> FactorInfo | None:
    keyset = ctx.values.get(d.keyset.value)
    if not isinstance(keyset, ast.KeySet):
        if keyset is None:
            unknown_value(ctx, d.keyset.value, d.keyset.span)
        else:
            ctx.error("PCR208", msg("keyset", name=d.keyset.value), d.keyset.span)
    else:
        keys = ctx.keys(d.keyset.value)
        seen: set[str] = set()
        for row in d.rows:
            if row.key.value in seen:
                ctx.error("PCR211", msg("key", key=row.key.value), row.key.span)
            elif row.key.value not in keys:
                ctx.error("PCR209", msg(key=row.key.value, keyset=d.keyset.value), row.key.span,
                          ctx.suggest(row.key.value, keys))
            if row.value is None:
                ctx.error("PCR306", msg("row", key=row.key.value), row.key.span)
            seen.add(row.key.value)
        missing = [k.name.value for k in keyset.keys if k.name.value not in seen]
        if missing:
            ctx.error("PCR210", msg(name=d.name.value, keys=", ".join("`%s`" % m for m in missing)),
                      d.name.span)
    info = factor_info(ctx, d, d.attributes)
    for row in d.rows if info is not None else ():
        check_value(ctx, phrase("value_for", name=d.name.value, key=row.key.value), row.value, row.value_text, d.unit,
                    info.to_base, row.key.span)
    return info
