"""Generators for the rule's judgements: each cut-off threshold (per flow and cumulative, on its
basis), each data-quality level and the primary data share, each grading class limit, exactly
at the threshold and just either side.

"Exactly at" is solved (pcrlang/certify/edges.py: solve_for) and kept only when the interpreter
confirms the figure equals the threshold and nothing else decides the verdict (for a cumulative
threshold, every flow passes its per-flow criteria, so only the cumulative comparison is left).
A threshold no short decimal inputs can reach is covered by its two sides only; `misses` lists it.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from ..interpret import CalculationError
from . import solve
from .cases import Context, Probe, _inside, _show, typical
from .edges import around, knobs, movers, solve_for



def _percent(p: Fraction) -> str:
    return _show(p)


def _flows(ctx: Context) -> list:
    """Flows that may be cut off and that some per-flow criterion judges, with a positive typical
    value, in declaration order."""
    c = ctx.rs.cutoff
    out = []
    cells = [ctx.inputs[n] for n in ctx.base if "[" in n]  # every row's cells
    for i in [i for i in ctx.rs.inputs if i.kind == "number"] + cells:
        if i.kind != "number" or i.cut_off == "never" or type(ctx.base.get(i.name, Fraction(1))) is not Fraction \
                or _typical(ctx, i.name) <= 0:
            continue
        if c.per_flow and not any(_applies(t, i) for t in c.per_flow):
            continue
        out.append(i.name)
    return out


def _typical(ctx: Context, name: str) -> Fraction:
    value = ctx.base.get(name)
    return value if type(value) is Fraction else typical(ctx.inputs[name])


def _applies(threshold, i) -> bool:
    return threshold.basis == "emissions" or threshold.basis == i.cut_off


def _flow_share(name: str, basis: str):
    def measure(result):
        flow = next((f for f in result["cutoff"]["flows"] if f["input"] == name), None)
        return None if flow is None else flow["shares_percent"].get(basis)
    return measure


def _total_share(basis: str):
    return lambda result: result["cutoff"]["shares_percent"].get(basis)


def cutoff(ctx: Context) -> Iterator[Probe]:
    c = ctx.rs.cutoff
    if c is None:
        return
    flows = _flows(ctx)
    for k, t in enumerate(c.per_flow):
        found = 0  # one flow exactly at each per-flow threshold (and one row's flow of a table)
        judged = [n for n in flows if _applies(t, ctx.inputs[n])]
        for group in ([n for n in judged if "[" not in n], [n for n in judged if "[" in n]):
            for name in group:
                inputs = ctx.with_({name: {"cut_off": _typical(ctx, name)}})
                measure = _flow_share(name, t.basis)
                exact = solve_for(ctx, inputs, measure, t.percent, name, movers(ctx, inputs, measure, {name}))
                if exact is None:
                    continue
                found += 1
                yield from _sides(ctx, f"cutoff/per_flow/{k + 1}/{name}", "per flow", t, [name], exact, name, c.clause,
                                  _flow_share(name, t.basis))
                break
        if not found:
            ctx.misses.append(f"cut-off per flow {t.op} {_percent(t.percent)} % by {t.basis}"
                              + ("" if judged else " (no flow that may be cut off is judged by it)"))
    for k, t in enumerate(c.total):
        yield from _cumulative(ctx, t, flows, f"cutoff/total/{k + 1}", c.clause)


def _sides(ctx: Context, prefix: str, scope: str, t, flows: list, exact: dict, moved: str, clause,
           measure) -> Iterator[Probe]:
    """The case exactly at the threshold, and a millionth of the moved value either way, named by
    the side of the threshold the share then lies on."""
    def params(side):
        return (("scope", scope), ("op", t.op), ("percent", _percent(t.percent)), ("basis", t.basis),
                ("side", side), ("flows", ", ".join(f"`{f}`" for f in flows)))

    yield Probe(f"{prefix}/at", "boundary", "threshold", params("at"), clause, exact)
    value = exact[moved]["cut_off"] if type(exact[moved]) is dict and "cut_off" in exact[moved] else exact[moved]
    wrap = (lambda v: {"cut_off": v}) if type(exact[moved]) is dict else (lambda v: v)
    for _, inputs in around(ctx, lambda v: dict(exact, **{moved: wrap(v)}), value, moved):
        outcome = ctx.outcome(inputs)
        share = None if isinstance(outcome, CalculationError) else measure(outcome)
        if share is not None and share != t.percent:
            side = "below" if share < t.percent else "above"
            yield Probe(f"{prefix}/{side}", "boundary", "threshold", params(side), clause, inputs)


def _cumulative(ctx: Context, t, flows: list, prefix: str, clause) -> Iterator[Probe]:
    """Several flows cut, each passing its per-flow criteria, and one value solved so that the
    cumulative share is exactly the threshold: the last flow's estimate (the one before it freed),
    or a measured input that moves the reference (the last flow's estimate freed)."""
    c = ctx.rs.cutoff
    same = [p.percent for p in c.per_flow if p.basis == t.basis]
    least = int(t.percent / min(same)) + 1 if same else 1
    measure = _total_share(t.basis)
    flows = [n for n in flows if _weighs(ctx, n, t.basis)]
    if len(flows) < least:
        each = f", each below {_percent(min(same))} %" if same else ""  # no per-flow criterion on this basis
        ctx.misses.append(f"cut-off total {t.op} {_percent(t.percent)} % by {t.basis} (only {len(flows)} flows may be "
                          f"cut off{each}: their sum cannot reach it)")
        return
    for n in range(least, min(len(flows), least + 3) + 1):  # a few more flows than the least, no more
        spread = _spread(ctx, flows, n, t)
        if spread is None:
            continue
        chosen, inputs = spread
        for start, moved, free in _attempts(ctx, chosen, inputs, measure, t):
            exact = solve_for(ctx, start, measure, t.percent, moved, free)
            if exact is None:
                continue
            outcome = ctx.outcome(exact)
            if isinstance(outcome, CalculationError) or not all(f["pass"] for f in outcome["cutoff"]["flows"]):
                continue
            yield from _sides(ctx, prefix, "total", t, chosen, exact, moved, clause, measure)
            return
    ctx.misses.append(f"cut-off total {t.op} {_percent(t.percent)} % by {t.basis}")
    if flows:  # no exact hit: the two sides of the threshold from a single flow
        name = flows[0]
        inputs = ctx.with_({name: {"cut_off": _typical(ctx, name)}})
        approximate = _approximate(ctx, inputs, measure, t.percent, name)
        if approximate is not None:
            for side, probe in around(ctx, lambda v: dict(inputs, **{name: {"cut_off": v}}), approximate, name):
                yield Probe(f"{prefix}/{side}", "boundary", "threshold",
                            (("scope", "total"), ("op", t.op), ("percent", _percent(t.percent)), ("basis", t.basis),
                             ("side", side), ("flows", f"`{name}`")), clause, probe)


def _attempts(ctx: Context, chosen: list, inputs: dict, measure, t) -> Iterator[tuple]:
    """(start, the value to solve for, the value freed) to try, cheapest first, made as needed."""
    if len(chosen) >= 2:
        yield inputs, chosen[-1], [chosen[-2]]
    companions = _companions(ctx, chosen)
    for keep in (companions, set(chosen)):  # what is left: without the flows' companions, then with
        lean, pivots = _lean(ctx, inputs, keep, measure, t.percent, t.basis)
        for pivot in pivots[:3]:
            yield lean, pivot, [chosen[-1]]
    yield from _heavier(ctx, inputs, companions - set(chosen), measure, t.percent, chosen[-1])


def _weighs(ctx: Context, name: str, basis: str) -> bool:
    """Cutting the flow off at its typical value leaves out a positive share on the basis."""
    outcome = ctx.outcome(ctx.with_({name: {"cut_off": _typical(ctx, name)}}))
    share = None if isinstance(outcome, CalculationError) else _flow_share(name, basis)(outcome)
    return share is not None and share > 0


def _companions(ctx: Context, chosen: list) -> set:
    """The chosen flows and every input of a contribution that uses one of them."""
    out = set(chosen)
    for c in ctx.rs.contributions:
        used = ctx.uses(c.value)
        if used & set(chosen):
            out |= used
    return out


def _lean(ctx: Context, inputs: dict, keep: set, measure, target: Fraction, basis: str = "emissions") -> tuple:
    """inputs with other measured numbers at their smallest (zero, or the lower bound), one after
    the other, while the share stays below the target, every flow passes and every flow cut still
    weighs: the flows then weigh enough against what is left. Returns the lean inputs and the
    pivots: the inputs whose smallest value would overshoot the target (the ones to solve for)."""
    lean, pivots = dict(inputs), []
    for name, value in inputs.items():
        least = _smallest(ctx.inputs[name])
        if name in keep or type(value) is not Fraction or least is None or value == least:
            continue
        outcome = ctx.outcome(dict(lean, **{name: least}))
        if isinstance(outcome, CalculationError) or measure(outcome) is None or \
                not all(f["pass"] and f["shares_percent"].get(basis, 0) > 0 for f in outcome["cutoff"]["flows"]):
            continue
        if measure(outcome) > target:
            pivots.append(name)
        else:
            lean = dict(lean, **{name: least})
    return lean, pivots


def _heavier(ctx: Context, inputs: dict, companions: set, measure, target: Fraction, flow: str) -> Iterator[tuple]:
    """Attempts for flows too light against what cannot be removed: a companion (a factor of the
    flows' own emissions) raised past the target, then what is left moved back to it."""
    for name in sorted(n for n in companions if type(inputs.get(n)) is Fraction and n != ctx.rs.production)[:3]:
        crossing = _approximate(ctx, inputs, measure, target, name)
        if crossing is None or crossing <= 0:
            continue
        heavy = dict(inputs, **{name: min(solve.rounded(crossing * Fraction(6, 5), 3), ctx.range_of(name)[1])})
        lean, pivots = _lean(ctx, heavy, {flow, name}, measure, target)
        for pivot in pivots[:2]:
            yield lean, pivot, [flow]


def _smallest(i) -> Fraction | None:
    """The value of least magnitude an input takes: zero, else its lower bound (stepped inside an
    open one) when that is positive."""
    if _inside(i, Fraction(0)):
        return Fraction(0)
    b = i.bounds
    if b is None or b.low < 0:
        return None
    return b.low if b.low_inclusive else b.low + solve.step(b.low, b.high)


def _spread(ctx: Context, flows: list, n: int, t) -> tuple | None:
    """n flows cut (the first that can be), each estimated at just under 1/n of the threshold, or
    at four fifths of a per-flow threshold it would otherwise fail (four digits; once more if the
    estimates moved each other's shares too far). None if fewer than n flows can be cut so."""
    target = t.percent * Fraction(49, 50) / n  # just under: the last step raises the sum to the threshold
    chosen, inputs, charged = [], ctx.with_({}), set()
    for name in flows:
        if len(chosen) == n:
            break
        # flows of one contribution (an amount and its factor) leave out the same emissions: their
        # per-flow shares overlap, and the cumulative share is less than their sum
        own = {c.name for c in ctx.rs.contributions if name in ctx.uses(c.value)}
        if own & charged:
            continue
        trial = _estimated(ctx, dict(inputs, **{name: {"cut_off": _typical(ctx, name)}}), name, target, t)
        if trial is not None:
            chosen.append(name)
            charged |= own
            inputs = trial
    if len(chosen) < n:
        return None
    outcome = ctx.outcome(inputs)
    total = None if isinstance(outcome, CalculationError) else _total_share(t.basis)(outcome)
    if total is not None and total < t.percent * Fraction(24, 25):  # the estimates moved each other's shares
        for name in chosen:
            inputs = _estimated(ctx, inputs, name, target, t) or inputs
        outcome = ctx.outcome(inputs)
    if isinstance(outcome, CalculationError) or not all(f["pass"] for f in outcome["cutoff"]["flows"]):
        return None
    return chosen, inputs


def _estimated(ctx: Context, inputs: dict, name: str, target: Fraction, t) -> dict | None:
    """inputs with the flow's estimate giving about `target` of the basis, within its per-flow caps."""
    estimates = [_approximate(ctx, inputs, _flow_share(name, t.basis), target, name)]
    for p in ctx.rs.cutoff.per_flow:
        if _applies(p, ctx.inputs[name]):
            estimates.append(_approximate(ctx, inputs, _flow_share(name, p.basis), p.percent * 4 / 5, name))
    if any(e is None or e <= 0 for e in estimates):
        return None
    estimate = solve.rounded(min(estimates), 4)
    if not _inside(ctx.inputs[name], estimate):
        return None
    out = dict(inputs, **{name: {"cut_off": estimate}})
    outcome = ctx.outcome(out)
    if isinstance(outcome, CalculationError) or not all(f["pass"] for f in outcome["cutoff"]["flows"]):
        return None
    return out


def _approximate(ctx: Context, inputs: dict, measure, target: Fraction, name: str):
    """The crossing of one variable (three exact runs), not rounded and not confirmed."""
    points = []
    base = inputs[name]["cut_off"] if type(inputs[name]) is dict else inputs[name]
    for factor in (Fraction(1), Fraction(1, 2), Fraction(3, 2)):
        v = base * factor
        outcome = ctx.outcome(dict(inputs, **{name: {"cut_off": v} if type(inputs[name]) is dict else v}))
        if isinstance(outcome, CalculationError) or measure(outcome) is None:
            return None
        points.append((v, measure(outcome)))
    return solve.crossing(points, target)


# ---- data quality ------------------------------------------------------------------------------------------
def quality(ctx: Context) -> Iterator[Probe]:
    dq = ctx.rs.data_quality
    if dq is None:
        return
    rated = [n for n, _ in dq.input_minimums if type(ctx.base.get(n)) is Fraction] or \
        [i.name for i in ctx.rs.inputs if type(ctx.base.get(i.name)) is Fraction][:1]
    if not rated:
        return
    b = dq.criteria_bounds
    for level in dq.levels:
        if level.limit is None:
            continue
        for side, rating in (("at", level.limit), ("below", level.limit - Fraction(1, 100)),
                             ("above", level.limit + Fraction(1, 100))):
            inside = (rating > b.low or (rating == b.low and b.low_inclusive)) and \
                (rating < b.high or (rating == b.high and b.high_inclusive))
            if not inside:
                continue
            scores = {criterion: rating for criterion in dq.criteria}
            inputs = ctx.with_({n: {"value": ctx.base[n], "quality": scores} for n in rated})
            outcome = ctx.outcome(inputs)
            if isinstance(outcome, CalculationError) or outcome["data_quality"]["inputs"][rated[0]]["rating"] != rating:
                continue
            yield Probe(f"quality/{level.name}/{side}", "boundary", "quality_level",
                        (("inputs", ", ".join(f"`{n}`" for n in rated)), ("side", side), ("level", level.name),
                         ("rating", _show(rating))), dq.clause, inputs)
    yield from _weighted(ctx, dq)
    if dq.primary_share is not None:
        yield from _primary_share(ctx, dq)


def _weighted(ctx: Context, dq) -> Iterator[Probe]:
    """Every measured number rated, each differently: the result's rating then weighs every
    contribution by its emissions (a case with equal ratings cannot tell the weights apart)."""
    b = dq.criteria_bounds
    measured = [i.name for i in ctx.rs.inputs if type(ctx.base.get(i.name)) is Fraction]
    if not measured:
        return
    span = b.high - b.low
    rated = {}
    for k, name in enumerate(measured):
        rating = b.low + span * Fraction(2 * k + 1, 2 * len(measured))  # distinct, strictly inside
        rated[name] = {"value": ctx.base[name], "quality": {c: solve.rounded(rating, 3) for c in dq.criteria}}
    yield Probe("quality/weighted", "boundary", "quality_weighted", (("low", _show(b.low)), ("high", _show(b.high))),
                dq.clause, ctx.with_(rated))


def _primary_share(ctx: Context, dq) -> Iterator[Probe]:
    """The primary data share exactly at the rule's minimum: some data secondary (a default used or
    a flow cut off), one measured input moved until the share is the minimum."""
    op, percent = dq.primary_share
    measure = lambda result: result["data_quality"]["primary_share_percent"]  # noqa: E731
    secondary = [ctx.with_({}, drop=(i.name,)) for i in ctx.rs.inputs if i.default is not None and i.kind == "number"]
    if ctx.rs.cutoff is not None:
        secondary += [ctx.with_({n: {"cut_off": _typical(ctx, n)}}) for n in _flows(ctx)]
    tried = 0
    for start in secondary:
        outcome = ctx.outcome(start)
        if isinstance(outcome, CalculationError) or measure(outcome) in (None, 0, 100, percent):
            continue  # nothing secondary here, or nothing measured
        tried += 1
        crossings = {n: _approximate(ctx, start, measure, percent, n) for n, v in start.items()
                     if type(v) is Fraction and v > 0}
        moving = [n for n, x in crossings.items() if x is not None]  # the inputs the share depends on
        for name in moving:
            if not _inside(ctx.inputs[name], crossings[name]):
                continue
            exact = solve_for(ctx, start, measure, percent, name, [n for n in moving if n != name][:12])
            if exact is None:
                continue
            for side, inputs in [("at", exact)] + around(ctx, lambda v: dict(exact, **{name: v}), exact[name], name):
                yield Probe(f"quality/primary_share/{side}", "boundary", "primary_share",
                            (("side", side), ("op", op), ("percent", _show(percent))), dq.clause, inputs)
            return
        if tried == 3:
            break
    ctx.misses.append(f"primary data share {op} {_show(percent)} %" + ("" if tried else (
        " (no default used and no flow cut off left emissions resting on it in the cases tried: the share was "
        "100 % in each)")))


# ---- grading -----------------------------------------------------------------------------------------------------
def grading(ctx: Context) -> Iterator[Probe]:
    """Each class limit: the total exactly at it and one rounding unit either side, and half a unit
    above it (where the rounding mode decides); without rounding, a millionth either side."""
    g = ctx.rs.grading
    if g is None:
        return
    unit = Fraction(1, 10 ** g.decimals) if g.decimals is not None else None
    movers = knobs(ctx, {ctx.rs.production} if ctx.rs.production else set())
    for grade in g.classes:
        if grade.limit is None:
            continue
        limit = grade.limit
        targets = [("at", limit)]
        if unit is not None:
            targets += [("below", limit - unit), ("half_above", limit + unit / 2), ("above", limit + unit)]
        found = False
        for side, target in targets:
            exact = _total_at(ctx, target, movers)
            if exact is None:
                continue
            found = True
            params = (("side", side.replace("_", " a unit ")), ("grade", grade.name), ("limit", _show(limit)))
            yield Probe(f"grade/{grade.name}/{side}", "boundary", "grade", params + (("total", _show(target)),),
                        g.clause, exact)
            if unit is None:
                name = next(n for n in exact if exact[n] != ctx.base.get(n))
                for s, inputs in around(ctx, lambda v: dict(exact, **{name: v}), exact[name], name):
                    yield Probe(f"grade/{grade.name}/{s}", "boundary", "grade",
                                (("side", s), ("grade", grade.name), ("limit", _show(limit)), ("total", "")),
                                g.clause, inputs)
        if not found:
            ctx.misses.append(f"grading class {grade.name} at {_show(limit)}")


def _total_at(ctx: Context, target: Fraction, movers: list):
    measure = lambda result: result["total"]  # noqa: E731
    for k, name in enumerate(movers):
        exact = solve_for(ctx, ctx.with_({}), measure, target, name, movers[k + 1:k + 2])
        if exact is not None:
            return exact
    return None


GENERATORS = (cutoff, quality, grading)
