"""The fast path of calculate and calculate_total: inputs that are plainly valid (every required input present as a
number strictly inside its bounds, or a valid key; nothing else) go straight to `_total`;
anything else returns None and takes the runtime's full validation, which gives the same total
or the refusal. Integers are as welcome as floats (json.load gives 1000 for `1000`)."""
from __future__ import annotations

from fractions import Fraction

from ...core import ir
from .emit import float_literal, ident, literal_key


def _round_trips(x: Fraction) -> bool:
    """A bound whose float reads back as itself: comparing a float with it is exact."""
    return Fraction(repr(float(x))) == x


def _bounds_test(i: ir.Input, var: str) -> str:
    b = i.bounds
    if b is None:  # finite and representable: inf and NaN fail it
        return f"-1.7976931348623157e+308 <= {var} <= 1.7976931348623157e+308"
    low = "<=" if b.low_inclusive and _round_trips(b.low) else "<"
    high = "<=" if b.high_inclusive and _round_trips(b.high) else "<"
    return f"{float_literal(b.low)} {low} {var} {high} {float_literal(b.high)}"


def fast_total(rs: ir.Ruleset, args: str) -> list:
    if any(i.kind in ("rows", "date") for i in rs.inputs):  # tables of rows and dates: the runtime's validation
        return ["def _fast_args(raw):", "    return None\n", "def _fast_total(raw):", "    return None\n"]
    required = [i for i in rs.inputs if not i.optional]
    optional = [i for i in rs.inputs if i.optional]
    present = " + ".join([str(len(required))] + [f"({i.name!r} in raw)" for i in optional])
    lines = ["def _fast_args(raw, type=type, float=float, len=len):",
             '    """The run\'s arguments when every input is plainly valid, else None (see runtime.validate)."""',
             f"    if type(raw) is not dict or len(raw) != {present}:",
             "        return None",
             "    try:"]
    for i in required:
        lines.append(f"        {ident('i_', i.name)} = raw[{i.name!r}]")
    for i in optional:
        if isinstance(i.default, str):
            fallback = literal_key(i.default)
        else:
            fallback = float_literal(i.default if i.default is not None else Fraction(0))
        lines.append(f"        {ident('i_', i.name)} = raw.get({i.name!r}, {fallback})")
    tests = []
    for i in rs.inputs:
        var = ident("i_", i.name)
        if i.kind == "key":
            tests.append(f"type({var}) is str and {var} in {literal_key(tuple(i.keys))}")
            continue
        # an int takes part in float arithmetic as it is (exactly converted where it meets a float)
        lines.append(f"        if type({var}) is not float and type({var}) is not int:")
        lines.append("            return None")
        tests.append(_bounds_test(i, var))
    lines.append("    except (KeyError, OverflowError):")
    lines.append("        return None")
    if tests:
        lines.append("    if not (" + "\n            and ".join(tests) + "):")
        lines.append("        return None")
    lines.append(f"    return [{args}]\n")
    lines += ["def _fast_total(raw):",
              '    """The total when every input is plainly valid, else None (then the full path decides)."""',
              "    args = _fast_args(raw)",
              "    if args is None:",
              "        return None",
              "    try:",
              "        return _total(*args)",
              "    except CalculationError:",
              "        return None\n"]
    return lines
