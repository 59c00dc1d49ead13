"""Generators that find inputs on an edge of the rule: a branch taken or not, a check failing, an
electricity source chosen, a cut-off share, a data-quality rating, a grading total exactly at
its threshold and just either side of it.

Conditions are read from the IR: a comparison of an expression in one input (through the
bindings it refers to) with a constant gives that input's crossing value; `and`, `or` and `not`
combine them (`satisfy`). Exact thresholds are solved with pcrlang/certify/solve.py over exact
interpreter runs. Every proposal is confirmed by the interpreter before it becomes a case (a
probe that misses its edge is dropped, not mislabelled).
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product
from typing import Iterator, Optional

from ..core import expr as cx
from ..core import ir
from ..interpret import CalculationError
from . import solve
from .cases import Context, Probe, _inside, _show, numbers

MAX_TRIES = 8


# ---- conditions --------------------------------------------------------------------------------------
def linear(ctx: Context, e) -> Optional[tuple]:
    """e as (input or None, scale, offset): scale x input + offset, when e is affine in one input."""
    t = type(e)
    if t is cx.Input:
        return (e.name, Fraction(1), Fraction(0)) if ctx.inputs[e.name].kind == "number" else None
    if t is cx.Const:
        return (None, Fraction(0), e.value)
    if t is cx.Factor and e.name in ctx.factors:
        return (None, Fraction(0), ctx.factors[e.name])
    if t is cx.ToBase:
        inner = linear(ctx, e.operand)
        return inner and (inner[0], inner[1] * e.factor, inner[2] * e.factor)
    if t is cx.Ref and e.name in ctx.bindings:
        return linear(ctx, ctx.bindings[e.name].expr)
    if t is cx.Neg:
        inner = linear(ctx, e.operand)
        return inner and (inner[0], -inner[1], -inner[2])
    if t is cx.Binary:
        a, b = linear(ctx, e.left), linear(ctx, e.right)
        if a is None or b is None:
            return None
        if e.fn in ("add", "sub"):
            sign = 1 if e.fn == "add" else -1
            if a[0] and b[0] and a[0] != b[0]:
                return None
            return (a[0] or b[0], a[1] + sign * b[1], a[2] + sign * b[2])
        if e.fn == "mul" and (a[0] is None or b[0] is None):
            k, other = (a[2], b) if a[0] is None else (b[2], a)
            return (other[0], other[1] * k, other[2] * k)
        if e.fn == "div" and b[0] is None and b[2] != 0:
            return (a[0], a[1] / b[2], a[2] / b[2])
    return None


_TRUTH = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
          ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


def crossings(ctx: Context, left, right) -> Optional[tuple]:
    """(input, crossing value, truth) where one side is affine in one input and the other is a
    constant: the input's value at which they meet, and truth(value) -> the comparison's outcome
    (given its operator); None if the comparison is not of that shape."""
    a, b = linear(ctx, left), linear(ctx, right)
    if a is None or b is None or (a[0] is None) == (b[0] is None):
        return None
    swapped = a[0] is None
    name, scale, offset = b if swapped else a
    constant = (a if swapped else b)[2]
    if scale == 0:
        return None

    def truth(fn, value):
        x = scale * value + offset
        return _TRUTH[fn](constant, x) if swapped else _TRUTH[fn](x, constant)
    return name, (constant - offset) / scale, truth


def satisfy(ctx: Context, cond, want: bool) -> list:
    """Assignments {input: value} that make cond evaluate to `want` (a few candidates each)."""
    t = type(cond)
    if t is cx.Not:
        return satisfy(ctx, cond.operand, not want)
    if t is cx.Logic:
        both = (cond.fn == "and") == want
        a, b = satisfy(ctx, cond.left, want), satisfy(ctx, cond.right, want)
        if not both:
            return (a + b)[:MAX_TRIES]
        return [dict(x, **y) for x, y in product(a, b) if all(x[k] == y[k] for k in x.keys() & y.keys())][:MAX_TRIES]
    if t is not cx.Compare:
        return []
    keyed = _key_compare(ctx, cond)
    if keyed is not None:
        name, key, equal = keyed
        i = ctx.inputs[name]
        wanted = [key] if equal == want else [k for k in i.keys if k != key][:2]
        return [{name: k} for k in wanted]
    found = crossings(ctx, cond.left, cond.right)
    if found is None:
        return []
    name, at, truth = found
    i = ctx.inputs[name]
    d = solve.step(at, max(abs(ctx.range_of(name)[1]), Fraction(1)))
    return [{name: v} for v in (at, at + d, at - d)
            if truth(cond.fn, v) == want and _inside(i, v) and solve.is_short_decimal(v)]


def _key_compare(ctx: Context, cond) -> Optional[tuple]:
    if cond.fn not in ("==", "!="):
        return None
    for x, y in ((cond.left, cond.right), (cond.right, cond.left)):
        if type(x) is cx.Input and type(y) is cx.Key and ctx.inputs[x.name].kind == "key":
            return x.name, y.value, cond.fn == "=="
    return None


# ---- branches, sources, checks --------------------------------------------------------------------
def _expressions(ctx: Context) -> Iterator[tuple]:
    """(where, expression) of every formula of the program, the contributions and the report."""
    for s in ctx.rs.steps:
        if type(s) is ir.Let:
            yield s.name, s.expr
    for c in ctx.rs.contributions:
        yield c.name, c.value


def branches(ctx: Context) -> Iterator[Probe]:
    """Each comparison, min/max and conditional in one input: at its crossing and either side."""
    seen = set()
    for where, e in _expressions(ctx):
        for node in cx.walk(e):
            pairs = []
            if type(node) is cx.Compare:
                pairs = [(node.left, node.right)]
            elif type(node) is cx.Extreme and len(node.args) == 2:
                pairs = [tuple(node.args)]
            for left, right in pairs:
                found = crossings(ctx, left, right)
                if found is None:
                    continue
                name, at, _ = found
                i = ctx.inputs[name]
                d = solve.step(at, max(abs(ctx.range_of(name)[1]), Fraction(1)))
                for side, value in (("at", at), ("above", at + d), ("below", at - d)):
                    if (name, value) in seen or not _inside(i, value) or not solve.is_short_decimal(value):
                        continue
                    seen.add((name, value))
                    yield Probe(f"branch/{where}/{name}/{side}", "boundary", "branch",
                                (("input", name), ("value", _show(value)), ("side", side), ("where", where)),
                                ctx.bindings[where].clause
                                if where in ctx.bindings else None, ctx.with_({name: value}))


def sources(ctx: Context) -> Iterator[Probe]:
    """Each electricity source chosen (earlier sources' conditions false, its own true), and no
    source admissible when every source has a condition."""
    for e in ctx.rs.electricity:
        conditions = [s.condition for s in e.sources]
        for k, source in enumerate(e.sources):
            wants = [(c, False) for c in conditions[:k] if c is not None]
            if source.condition is not None:
                wants.append((source.condition, True))
            probe = _first(ctx, wants, lambda r, name=source.name: r["electricity"][e.name]["source"] == name)
            if probe is not None:
                yield Probe(f"electricity/{e.name}/{source.name}", "boundary", "source",
                            (("block", e.name), ("source", source.name)), e.clause, probe)
        if all(c is not None for c in conditions):
            wants = [(c, False) for c in conditions]
            probe = _first(ctx, wants, lambda r: False, refusal="no_admissible_source")
            if probe is not None:
                yield Probe(f"electricity/{e.name}/none", "refusal", "no_source", (("block", e.name),), e.clause, probe)


def _first(ctx: Context, wants: list, accept, refusal: Optional[str] = None) -> Optional[dict]:
    """The first assignment meeting every (condition, truth) whose outcome is accepted."""
    options = [satisfy(ctx, c, want) for c, want in wants]
    tried = 0
    for combination in product(*options):
        merged: dict = {}
        if any(merged.setdefault(k, v) != v for x in combination for k, v in x.items()):
            continue
        inputs = ctx.with_(merged)
        outcome = ctx.outcome(inputs)
        if isinstance(outcome, CalculationError):
            if refusal is not None and outcome.code == refusal:
                return inputs
        elif accept(outcome):
            return inputs
        tried += 1
        if tried >= MAX_TRIES:
            break
    return None


def checks(ctx: Context) -> Iterator[Probe]:
    """Each run-time check of the program failing: from its condition, else by trying each input
    it reads at its bounds, zero and far from its typical value."""
    for k, s in enumerate(x for x in ctx.rs.steps if type(x) is ir.Check):
        def refused_here(outcome, s=s):
            return isinstance(outcome, CalculationError) and outcome.code == s.code and outcome.clause == s.clause \
                and (outcome.formula, outcome.field) == (s.subject, s.field)
        candidates = [ctx.with_(a) for a in satisfy(ctx, s.condition, False)]
        for name in sorted(ctx.uses(s.condition)):
            i = ctx.inputs[name]
            if i.kind == "number":
                candidates += [ctx.with_({name: v}) for v in _extremes(ctx, i)]
        hit = next((c for c in candidates if refused_here(ctx.outcome(c))), None)
        if hit is not None:
            subject = s.subject or s.field or s.code
            yield Probe(f"check/{k + 1}/{subject}", "refusal", "check", (("subject", f"`{subject}`"),), s.clause, hit)


def _extremes(ctx: Context, i: ir.Input) -> list:
    """Values of an input far from its typical one, inside its bounds."""
    typical = ctx.base.get(i.name)
    low, high = ctx.range_of(i.name)
    values = [low, high, Fraction(0), Fraction(-1)]
    if type(typical) is Fraction and typical:
        values += [typical * 10 ** 6, typical / 10 ** 6, -typical]
    return [v for v in values if _inside(i, v) and solve.is_short_decimal(v)]


# ---- thresholds ---------------------------------------------------------------------------------------------
def around(ctx: Context, make, value: Fraction, name: str) -> list:
    """(side, inputs) just below and just above a solved value (a millionth of it), inside bounds."""
    out = []
    for side, factor in (("below", Fraction(999999, 1000000)), ("above", Fraction(1000001, 1000000))):
        v = solve.rounded(value * factor, 12) if value else factor - 1
        if _inside(ctx.inputs[name], v):
            out.append((side, make(v)))
    return out


def knobs(ctx: Context, exclude: set) -> list:
    """Measured number inputs a solver may move (typical value not zero), in declaration order."""
    return [i.name for i in numbers(ctx) if i.name not in exclude and type(ctx.base.get(i.name)) is Fraction
            and ctx.base[i.name] != 0][:4]


def movers(ctx: Context, inputs: dict, measure, exclude: set, most: int = 4) -> list:
    """Measured number inputs of `inputs` whose change moves measure(outcome): the ones worth
    freeing when one value alone cannot hit a threshold exactly (a mass share moves with the
    production, an energy share with the other energy inputs, an emission share with any)."""
    before = ctx.outcome(inputs)
    if isinstance(before, CalculationError) or measure(before) is None:
        return []
    out = []
    for name, value in inputs.items():
        if name in exclude or type(value) is not Fraction or value == 0:
            continue
        trial = value * Fraction(3, 2)
        if not _inside(ctx.inputs[name], trial):
            trial = value / 2
        after = ctx.outcome(dict(inputs, **{name: trial}))
        if not isinstance(after, CalculationError) and measure(after) not in (None, measure(before)):
            out.append(name)
            if len(out) == most:
                break
    return out


def solve_for(ctx: Context, inputs: dict, measure, target: Fraction, name: str, free_names: list) -> Optional[dict]:
    """inputs with `name` (and possibly one of free_names) moved so that measure(outcome) == target
    exactly; None if no short decimals do it."""
    def value_of(x, v):  # keep a cut-off or quality wrapper around the number
        return dict(x, **({"cut_off": v} if "cut_off" in x else {"value": v})) if type(x) is dict else v

    def run(t, u, free):
        changed = dict(inputs, **{name: value_of(inputs[name], t)})
        if free is not None:
            changed[free] = value_of(inputs[free], u)
        outcome = ctx.outcome(changed)
        return None if isinstance(outcome, CalculationError) else measure(outcome)

    t0 = _number(inputs[name])
    for free in [None] + free_names:
        spec = None if free is None else (_number(inputs[free]), _near(_number(inputs[free]), ctx.range_of(free)))
        found = solve.hit(lambda t, u, free=free: run(t, u, free), target, ctx.range_of(name), t0, spec)
        if found is not None:
            t, u = found
            out = dict(inputs, **{name: value_of(inputs[name], t)})
            if free is not None:
                out[free] = value_of(inputs[free], u)
            return out
    return None


def _near(u0: Fraction, bounds: tuple) -> tuple:
    """The range a freed variable may move in: within half its value either way (so the other
    judgements of the case stay as they were), inside its bounds."""
    if u0 == 0:
        return bounds
    low, high = sorted((u0 / 2, u0 * 3 / 2))
    return max(low, bounds[0]), min(high, bounds[1])


def _number(x) -> Fraction:
    return x["cut_off" if "cut_off" in x else "value"] if type(x) is dict else x


GENERATORS = (branches, sources, checks)
