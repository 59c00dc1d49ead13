"""Exact solving for boundary cases: inputs that put a figure exactly on a threshold.

A case's inputs travel as JSON numbers, and a JSON number stands for the decimal it spells
(pcrlang/semantics/runtime.py: exact), so "exactly at" needs inputs that are short decimals and
a figure that equals the threshold exactly. The figures a threshold judges (a share of the
emissions, of the product's mass or energy, a total, a rating) are ratios of quantities affine
in any one input, that is Möbius functions of it: three exact evaluations give the input that
hits the target (cross ratios are preserved). When that input is no short decimal, a second
input is freed: the solution then lies on a line t = alpha u + beta, and `decimal_on_line` finds
a point of it where both are short decimals (a linear congruence). Every solution is confirmed
by the exact interpreter before a case is kept; these functions only propose.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Optional

MAX_DIGITS = 15  # significant digits of a proposed input: read back exactly from a binary64 float


def is_short_decimal(x: Fraction, digits: int = MAX_DIGITS) -> bool:
    """x is a decimal of at most `digits` significant digits (so a JSON number spells it exactly)."""
    try:
        text = repr(float(x))
        if Fraction(text) != x:
            return False
    except (OverflowError, ValueError):
        return False
    mantissa = text.lower().split("e")[0].replace("-", "").replace(".", "").strip("0")
    return len(mantissa) <= digits


def rounded(x: Fraction, digits: int = 4) -> Fraction:
    """x to `digits` significant digits, as an exact decimal (0 stays 0)."""
    if x == 0:
        return Fraction(0)
    exponent = math.floor(math.log10(abs(float(x)))) - digits + 1
    scale = Fraction(10) ** exponent
    return Fraction(round(x / scale)) * scale


def step(bound: Fraction, other: Optional[Fraction]) -> Fraction:
    """A small decimal step beside a bound: a millionth of its magnitude (of the other bound's,
    at most 1, when the bound is zero), as a power of ten."""
    reference = abs(bound) if bound != 0 else min(abs(other), Fraction(1)) if other else Fraction(1)
    return Fraction(10) ** (math.floor(math.log10(float(reference))) - 6)


def crossing(points: list, target: Fraction) -> Optional[Fraction]:
    """The t at which a Möbius function through three points (t, s) takes the value target."""
    (t1, s1), (t2, s2), (t3, s3) = points
    if len({t1, t2, t3}) < 3:
        return None
    if s1 == s2 == s3:
        return None
    if target in (s1, s2, s3):
        return (t1, t2, t3)[(s1, s2, s3).index(target)]
    try:
        k = (target - s2) * (s1 - s3) / ((target - s3) * (s1 - s2))
    except ZeroDivisionError:
        # two points share a value: the function is constant there or the points are degenerate
        return _affine(points, target)
    denominator = (t1 - t3) - k * (t1 - t2)
    if denominator == 0:
        return None
    return (t2 * (t1 - t3) - k * t3 * (t1 - t2)) / denominator


def _affine(points: list, target: Fraction) -> Optional[Fraction]:
    (t1, s1), (t2, s2) = points[0], next(((t, s) for t, s in points[1:] if s != points[0][1]), (None, None))
    if t2 is None:
        return None
    return t1 + (target - s1) * (t2 - t1) / (s2 - s1)


def _inverse(a: int, m: int) -> int:
    return pow(a, -1, m) if m > 1 else 0


def _without_2_5(n: int) -> int:
    for p in (2, 5):
        while n % p == 0:
            n //= p
    return n


def decimal_on_line(alpha: Fraction, beta: Fraction, u_range: tuple, t_range: tuple, near: Fraction,
                    max_shift: int = 9) -> Optional[tuple]:
    """(u, t) with t = alpha u + beta, both short decimals, u in u_range, t in t_range (closed),
    u as close to `near` as the congruence allows; None if there is none with up to `max_shift`
    decimals in u."""
    lo, hi = u_range
    tlo, thi = t_range
    if alpha != 0:  # narrow u so that t stays in its range
        a, b = sorted(((tlo - beta) / alpha, (thi - beta) / alpha))
        lo, hi = max(lo, a), min(hi, b)
    elif not tlo <= beta <= thi:
        return None
    if lo > hi:
        return None
    near = min(max(near, lo), hi)
    for shift in range(max_shift + 1):
        scale = 10 ** shift
        # u = m / scale; t = (alpha / scale) m + beta must have a denominator of 2s and 5s only
        slope = alpha / scale
        a, b, c, d = slope.numerator, slope.denominator, beta.numerator, beta.denominator
        q = _without_2_5(b * d)
        g = math.gcd(a * d, q)
        if (-c * b) % g:
            continue
        modulus = q // g
        m0 = ((-c * b) // g) * _inverse((a * d) // g % modulus if modulus > 1 else 1, modulus) % modulus \
            if modulus > 1 else 0
        centre = math.floor(near * scale)
        for m in _around(centre, m0, modulus):
            u = Fraction(m, scale)
            if not lo <= u <= hi:
                continue
            t = alpha * u + beta
            if is_short_decimal(u) and is_short_decimal(t):
                return u, t
    return None


def _around(centre: int, residue: int, modulus: int):
    """Integers congruent to residue (mod modulus) nearest to centre, nearest first: four on each side."""
    modulus = max(modulus, 1)
    below = centre - (centre - residue) % modulus
    candidates = [below - k * modulus for k in range(4)] + [below + (k + 1) * modulus for k in range(4)]
    return sorted(candidates, key=lambda m: (abs(m - centre), m))


def hit(measure: Callable, target: Fraction, t_range: tuple, t0: Fraction,
        free: Optional[tuple] = None) -> Optional[tuple]:
    """Values that make measure(...) equal target, proposed from exact evaluations.

    measure(t, u) -> Fraction or None (refused); t is the variable solved for, in t_range, now t0;
    free is (u0, u_range) of a second variable, or None. Returns (t, u) (u None without a free
    variable), confirmed: measure(t, u) == target."""
    u0 = free[0] if free else None

    def solve_t(u):
        points = []
        for t in _probes(t0, t_range):
            s = measure(t, u)
            if s is None:
                return None
            points.append((t, s))
        return crossing(points, target) if len(points) == 3 else None

    t_star = solve_t(u0)
    if t_star is not None and t_range[0] <= t_star <= t_range[1] and is_short_decimal(t_star):
        if measure(t_star, u0) == target:
            return t_star, u0
    if free is None or t_star is None:
        return None
    u0, u_range = free
    u1 = _other(u0, u_range)
    if u1 is None:
        return None
    t_star_1 = solve_t(u1)
    if t_star_1 is None:
        return None
    alpha = (t_star_1 - t_star) / (u1 - u0)
    beta = t_star - alpha * u0
    found = decimal_on_line(alpha, beta, u_range, t_range, u0)
    if found is None:
        return None
    u, t = found
    if measure(t, u) == target:
        return t, u
    return None


def _probes(t0: Fraction, t_range: tuple) -> list:
    """Three distinct values of a variable around t0, inside its (closed) range."""
    lo, hi = t_range
    base = t0 if t0 != 0 else (min(hi, Fraction(1)) if hi > 0 else lo)
    out: list = []
    for t in (base, base / 2, base * Fraction(3, 2), base / 4, base * 2, lo, hi, (lo + hi) / 2):
        if lo <= t <= hi and t not in out:
            out.append(t)
    return out[:3]


def _other(u0: Fraction, u_range: tuple) -> Optional[Fraction]:
    lo, hi = u_range
    for u in (u0 * Fraction(3, 2), u0 / 2, (lo + hi) / 2, hi):
        if u != u0 and lo <= u <= hi:
            return u
    return None
