"""The Python backend: one standalone calculator module (standard library only) from the IR.

Layout of a generated calculator: a docstring naming the rule; the run-time error catalogue and
the runtime (pcrlang/semantics/errors.py and runtime.py, verbatim: validation, cut-off, data
quality, grading and the result's assembly are written once, there); SPEC, the rule's tables
(pcrlang/core/spec.py); the generated engine: the program in binary64 floats (`_run`, and
`_total` for calculate_total's fast path) and in exact fractions (`_run_exact`, for verdicts);
then `calculate`, `calculate_total`, `selftest` and the command line. Everything taken from the
ruleset is emitted with repr() or as a validated identifier with a prefix, so no ruleset text
becomes code.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ...core import ir
from ...core.serialize import publication_fingerprint
from ...core.spec import spec as make_spec
from ..translate import describe, engines
from . import emit
from .fast import fast_total

_SEMANTICS = Path(__file__).resolve().parent.parent.parent / "semantics"
_EMBEDDED = "# embedded:"


def runtime_source() -> str:
    """errors.py and runtime.py as a calculator carries them (their package imports removed)."""
    parts = []
    for name in ("errors.py", "runtime.py"):
        text = (_SEMANTICS / name).read_text(encoding="utf-8")
        parts.append("\n".join(line for line in text.splitlines() if _EMBEDDED not in line))
    return "\n\n".join(parts)


def literal(value) -> str:
    """A Python literal for plain data (dicts keep their order; strings via repr; exact numbers
    as _F(numerator, denominator))."""
    t = type(value)
    if t is dict:
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if t is tuple:
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if t is list:
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if t is Fraction:
        return f"_F({value.numerator})" if value.denominator == 1 else f"_F({value.numerator}, {value.denominator})"
    if t is float:
        return repr(value)
    if value is None or t in (bool, int, str):
        return repr(value)
    raise TypeError(f"not a literal: {value!r}")


_SUPPORT = '''
def _division_by_zero(formula, clause):
    refuse("division_by_zero", "formula", formula=formula, clause=clause)


def _refuse_source(code, subject, clause):
    refuse(code, "source", formula=subject, clause=clause)


def _check_failed(k, value):
    code, variant, subject, field, clause, params = CHECKS[k]
    params = dict(params)
    if value is not None:
        params["value"] = show(value)
    refuse(code, variant, field=field, formula=subject, clause=clause, **params)


def _exact_argument(a):
    if type(a) is str:
        return a
    if type(a) is list:  # a table of rows
        return [{k: v if type(v) is str else exact(v) for k, v in row.items()} for row in a]
    return exact(a)


def _floats(result):
    """The exact run's figures as floats (a refusal of the float run is confirmed exactly)."""
    gas, co2e, report, produced, rows = result
    f = lambda x: float(x) if type(x) is Fraction else x
    return (tuple(map(float, gas)), tuple(map(float, co2e)), tuple(map(f, report)), f(produced),
            tuple(None if r is None else tuple(map(float, r)) for r in rows))


class _Engine:
    """The runtime's engine: this rule's program in floats, and exactly for verdicts."""

    total = staticmethod(_fast_total)
    arguments = staticmethod(_fast_args)
    rating = staticmethod(_RATING)

    @staticmethod
    def run(args):
        try:
            return _run(*args)
        except CalculationError:  # confirmed by the exact program, which decides refusals
            return _floats(_run_exact(*[_exact_argument(a) for a in args]))

    @staticmethod
    def exact(args):
        return _run_exact(*args)


ENGINE = _Engine()
prepare(SPEC)


def calculate(inputs):
    """The full result: total, breakdowns, allocation shares, cut-off report, data quality and trace."""
    return compute(SPEC, inputs, ENGINE)


def calculate_total(inputs):
    """The footprint alone (kg CO2e per declared unit), with full validation and cut-off rules."""
    return compute_total(SPEC, inputs, ENGINE)


def selftest(out=None):
    """Run the ruleset's worked examples; returns the number of failures."""
    return run_examples(SPEC, calculate, out)


def main(argv=None):
    return command_line(SPEC, calculate, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
'''


def generate(rs: ir.Ruleset, fingerprint: str, publication: str | None = None) -> str:
    publication = publication or publication_fingerprint(rs)
    doc = (describe(rs, fingerprint, publication) +
           "Standard library only. Use: calculate(inputs) -> dict; calculate_total(inputs) -> float;\n"
           "python calculator.py < inputs.json; python calculator.py --selftest.\n")
    floats, exact, args, constants = engines(emit.Emitter, rs)
    engine = []
    engine += emit.run_function(floats, "_run", args)
    engine += emit.run_function(exact, "_run_exact", args)
    engine += emit.total_function(floats, args)
    engine += fast_total(rs, args)
    if rs.data_quality is not None:
        engine += emit.rating_function(exact)
    checks = tuple((s.code, s.variant, s.subject, s.field, s.clause, tuple(s.params))
                   for s in rs.steps if type(s) is ir.Check)
    out = ["#!/usr/bin/env python3", repr(doc), "import json\nimport math\nimport sys\nfrom decimal import Decimal\n"
           "from fractions import Fraction\n", runtime_source(), "",
           "# ---- the rule ------------------------------------------------------------------------------",
           "_F = Fraction",
           f"SPEC = {literal(make_spec(rs, fingerprint, publication))}",
           "# (code, message variant, formula, input, clause, message parameters) of each run-time check",
           f"CHECKS = {literal(checks)}"]
    for k, t in enumerate(rs.tables):
        out.append(f"T_{k} = {literal({r.key: float(r.base_value) for r in t.rows})}  # {emit.comment(t.name)}, "
                   "base units")
        out.append(f"TX_{k} = {literal({r.key: r.base_value for r in t.rows})}")
    out.append("_fsum = math.fsum")
    out.append("_ZERO = Fraction(0)\n")
    out.extend(engine)
    out.append(f"_K = {literal(tuple(constants))}  # the exact constants of _run_exact")
    out.append("_RATING = " + ("_rating_exact" if rs.data_quality is not None else "None"))
    out.append(_SUPPORT)
    return "\n".join(out)
