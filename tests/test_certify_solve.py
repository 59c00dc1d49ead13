"""The exact solving behind "exactly at a threshold" (pcrlang/certify/solve.py), by hand."""
from __future__ import annotations

from fractions import Fraction as F

from pcrlang.certify import solve


def test_short_decimals_are_what_a_json_number_spells_exactly():
    assert solve.is_short_decimal(F(1, 10)) and solve.is_short_decimal(F(-2500)) and solve.is_short_decimal(F(0))
    assert not solve.is_short_decimal(F(1, 3))  # no finite decimal
    assert not solve.is_short_decimal(F(1, 2 ** 60))  # a decimal, of 60 significant digits
    assert not solve.is_short_decimal(F(10) ** 400)  # beyond binary64
    assert solve.rounded(F(2, 3)) == F(6667, 10000) and solve.rounded(F(0)) == 0
    assert solve.step(F(0), F(10) ** 9) == F(1, 10 ** 6) and solve.step(F(35), None) == F(1, 10 ** 5)


def test_the_crossing_of_a_mobius_function():
    # share(e) = 0.7857 e / (2 + 0.7857 e) = 1/20 at e = 2/19 / 0.7857... exactly: e = 2 * (1/19) / (11/14) = 28/209
    share = lambda e: F(11, 14) * e / (2 + F(11, 14) * e)  # noqa: E731
    points = [(e, share(e)) for e in (F(1), F(1, 2), F(3, 2))]
    assert solve.crossing(points, F(1, 20)) == F(28, 209)
    # an affine function through two equal values at different points has no crossing to give
    assert solve.crossing([(F(1), F(3)), (F(2), F(3)), (F(3), F(3))], F(5)) is None


def test_a_point_of_a_line_where_both_values_are_short_decimals():
    # t = 14/209 u + 98/627 = (42 u + 98) / 627 and 627 = 3 x 11 x 19: 42 u + 98 is 2 mod 3 for every
    # decimal u (42 is 0 mod 3, 98 x 10^k is 2 mod 3), so no decimal u gives a decimal t
    assert solve.decimal_on_line(F(14, 209), F(98, 627), (F(0), F(10)), (F(0), F(100)), F(1)) is None
    # t = u / 3 + 1: u a multiple of 3; the nearest to 2 is 3, where t = 2
    assert solve.decimal_on_line(F(1, 3), F(1), (F(0), F(10)), (F(0), F(100)), F(2)) == (F(3), F(2))
    # t = 7 u / 19 with u in [0.5, 0.6]: u = 0.57 = 57/100, t = 399/1900 = 0.21 exactly
    u, t = solve.decimal_on_line(F(7, 19), F(0), (F(1, 2), F(3, 5)), (F(0), F(1)), F(11, 20))
    assert (u, t) == (F(57, 100), F(21, 100))


def test_hit_confirms_its_solution():
    # share = 11/14 t / (7/3 u + 1/7 + 11/14 t) = 1/20: with u free, a decimal (t, u) exists
    measure = lambda t, u: F(11, 14) * t / (F(7, 3) * u + F(1, 7) + F(11, 14) * t)  # noqa: E731
    t, u = solve.hit(measure, F(1, 20), (F(0), F(100)), F(1), free=(F(1), (F(1, 2), F(3, 2))))
    assert measure(t, u) == F(1, 20) and solve.is_short_decimal(t) and solve.is_short_decimal(u)
    assert solve.hit(lambda t, u: None, F(1, 20), (F(0), F(1)), F(1)) is None  # refused: nothing to solve
