"""The Python backend: one standalone calculator module (standard library only) from the IR.

Layout of a generated calculator: a docstring naming the rule, data tables (inputs, factors,
contributions, allocations, cut-off rules, examples), two generated functions (`_validate`, the
fast path of input checking, and `_core`, the formulas as straight-line float code), then the
fixed runtime (runtime.py beside this file) with `calculate`, `calculate_total`, `selftest` and
the command line. Everything taken from the ruleset is emitted with `repr` (strings, floats)
or as a validated identifier with a prefix (`i_`, `q_`, `c_`), so no ruleset text becomes code.
"""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from .. import __version__, ir

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RUNTIME = (Path(__file__).with_name("runtime.py")).read_text(encoding="utf-8")


def _ident(prefix: str, name: str) -> str:
    if not _IDENTIFIER.match(name):  # the grammar guarantees this; refuse rather than emit
        raise ValueError(f"not an identifier: {name!r}")
    return prefix + name


def _float(x: Fraction) -> str:
    text = repr(float(x))
    return f"({text})" if text.startswith("-") else text


class _Emitter:
    def __init__(self, rs: ir.Ruleset):
        self.rs = rs
        self.factors = {f.name: f.base_value for f in rs.factors}

    def product(self, e) -> str:
        """A chain of * and / with its constants folded into one exact factor (unit conversions
        such as t -> kg and GJ -> TJ then cost one multiplication, rounded once)."""
        constant = Fraction(1)
        numerator: list[str] = []
        denominator: list[str] = []

        def walk(x, inverted: bool) -> None:
            nonlocal constant
            if x[0] == "mul":
                walk(x[1], inverted)
                walk(x[2], inverted)
            elif x[0] == "div":
                walk(x[1], inverted)
                walk(x[2], not inverted)
            elif x[0] in ("const", "factor") and not (inverted and self.constant(x) == 0):
                value = self.constant(x)
                constant = constant / value if inverted else constant * value
            else:  # a zero divisor stays, so that it raises at run time as the interpreter does
                (denominator if inverted else numerator).append(self.expr(x))

        walk(e, False)
        text = " * ".join(numerator) if numerator else ""
        for d in denominator:
            text = f"{text or '1.0'} / {d}"
        if constant != 1 or not text:
            text = f"{text} * {_float(constant)}" if text else _float(constant)
        return f"({text})"

    def constant(self, x) -> Fraction:
        return x[1] if x[0] == "const" else self.factors[x[1]]

    def hoist(self, e, lines: list) -> tuple:
        """Emit an if/elif chain for every electricity choice in e; returns e with each choice
        replaced by the variable holding its value (a choice is a statement, not an expression)."""
        if not isinstance(e, tuple) or not e:
            return e
        if e[0] == "choose":
            _, name, clause, options = e
            var = _ident("s_", name)
            for k, (condition, value) in enumerate(options):
                value_code = self.expr(self.hoist(value, lines))
                if condition is None:
                    lines.append("    else:" if k else "    if True:")
                else:
                    lines.append(f"    {'elif' if k else 'if'} {self.expr(self.hoist(condition, lines))}:")
                lines.append(f"        {var} = {value_code}")
                lines.append(f"        extras[{('choice:' + name)!r}] = ({k}, {var})")
                if condition is None:
                    break
            else:
                lines.append("    else:")
                lines.append(f"        raise CalculationError('no_admissible_source', "
                             f"{'the data qualify for no source of `%s`' % name!r}, formula={name!r}, clause={clause!r})")
            return ("local", var)
        return tuple(self.hoist(x, lines) if isinstance(x, tuple) else x for x in e)

    def expr(self, e) -> str:
        op = e[0]
        if op == "local":
            return e[1]
        if op == "criterion":
            return f"scores[{e[1]!r}]"
        if op == "const":
            return _float(e[1])
        if op == "input":
            return _ident("i_", e[1])
        if op == "factor":
            return _float(self.factors[e[1]])
        if op == "quantity":
            return _ident("q_", e[1])
        if op == "key":
            return repr(e[1])
        if op == "lookup":
            return f"{_ident('T_', e[1])}[{self.expr(e[2])}]"
        if op in ("mul", "div"):
            return self.product(e)
        if op in ("add", "sub"):
            return f"({self.expr(e[1])} {'+' if op == 'add' else '-'} {self.expr(e[2])})"
        if op == "neg":
            return f"(-{self.expr(e[1])})"
        if op in ("min", "max"):
            return f"{op}({', '.join(self.expr(a) for a in e[1])})"
        if op == "if":
            return f"({self.expr(e[2])} if {self.expr(e[1])} else {self.expr(e[3])})"
        if op == "cmp":
            if e[1] not in ("<", "<=", ">", ">=", "==", "!="):
                raise ValueError(e[1])
            return f"({self.expr(e[2])} {e[1]} {self.expr(e[3])})"
        if op in ("and", "or"):
            return f"({self.expr(e[1])} {op} {self.expr(e[2])})"
        if op == "not":
            return f"(not {self.expr(e[1])})"
        raise ValueError(f"unknown IR operation {op}")


def _guarded(lines: list, target: str, code: str, formula: str, clause: str, comment: str | None = None) -> None:
    """An assignment; where it divides, a division by zero becomes a CalculationError for its clause.

    Float arithmetic on the validated inputs cannot raise anything else: an overflow gives inf,
    which `calculate` refuses when it reaches the total.
    """
    if comment:
        lines.append(f"    # {comment}")
    if " / " not in code:
        lines.append(f"    {target} = {code}")
        return
    lines.append("    try:")
    lines.append(f"        {target} = {code}")
    lines.append("    except ZeroDivisionError:")
    lines.append(f"        _division_by_zero({formula!r}, {clause!r})")


def _comment(text: str) -> str:
    """Ruleset text inside a comment: one line, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", text)


def generate(rs: ir.Ruleset, fingerprint: str) -> str:
    em = _Emitter(rs)
    out: list[str] = []
    title = rs.title.en or rs.title.zh or rs.identifier
    doc = (f"Carbon footprint calculator for {rs.identifier} {rs.version} ({rs.status}): {title}.\n\n"
           f"Generated by pcrlang {__version__} from the ruleset; do not edit, recompile instead.\n"
           f"Ruleset fingerprint: {fingerprint}\n"
           f"Result: kg CO2e per declared unit ({rs.declared_amount} {rs.declared_unit}), GWP {rs.gwp_set}.\n"
           "Standard library only. Use: calculate(inputs) -> dict; calculate_total(inputs) -> float;\n"
           "python calculator.py < inputs.json; python calculator.py --selftest.\n")
    out.append("#!/usr/bin/env python3")
    out.append(repr(doc))
    out.append("import json\nimport math\nimport sys\n")
    out.append(f"RULESET = {_literal({'identifier': rs.identifier, 'version': rs.version, 'status': rs.status, 'fingerprint': fingerprint, 'compiler': f'pcrlang {__version__}'})}")
    out.append(f"DECLARED = {_literal({'amount': float(rs.declared_amount), 'unit': rs.declared_unit})}")
    out.append(f"DECLARED_BASE = {_float(rs.declared_base)}")
    out.append(f"PRODUCTION = {rs.production!r}")
    out.append(f"GWP_SET = {rs.gwp_set!r}")
    out.append(f"STAGES = {_literal(tuple((s.name, tuple(p.name for p in s.processes)) for s in rs.stages))}")
    inputs = {}
    for i in rs.inputs:
        b = i.bounds
        inputs[i.name] = {
            "clause": i.clause, "unit": i.unit, "kind": i.kind, "keyset": i.keyset, "keys": tuple(i.keys),
            "bounds": (float(b.low), float(b.high), b.low_inclusive, b.high_inclusive) if b else None,
            "optional": i.optional,
            "default": (i.default if isinstance(i.default, str) else float(i.default)) if i.default is not None else None,
            "default_source": i.default_source, "cut_off": i.cut_off, "to_base": float(i.to_base),
            "dimension": i.dimension, "product_property": i.product_property,
        }
    out.append(f"INPUTS = {_literal(inputs)}")
    factors = {f.name: {"clause": f.clause, "unit": f.unit, "value": float(f.value), "source": f.source}
               for f in rs.factors}
    factors.update({t.name: {"clause": t.clause, "unit": t.unit, "value": None, "source": t.source} for t in rs.tables})
    out.append(f"FACTORS = {_literal(factors)}")
    for t in rs.tables:
        out.append(f"{_ident('T_', t.name)} = {_literal({r.key: float(r.base_value) for r in t.rows})}  # {_comment(t.unit)}, in base units")
    contributions = tuple(
        (c.name, c.clause, c.direction, c.stage, c.process, c.gas, float(c.gwp), c.carbon_kind, c.formula,
         c.allocation, tuple(c.factors), c.packaging, c.recycling, c.term, tuple(c.inputs), c.electricity)
        for c in rs.contributions)
    out.append("# (name, clause, direction, stage, process, gas, gwp, carbon kind, formula, allocation, factors,")
    out.append("#  packaging, recycling block, recycling term, inputs used, electricity block)")
    out.append(f"CONTRIBUTIONS = {_literal(contributions)}")
    allocations = {a.name: {"clause": a.clause, "method": a.method, "product": a.product,
                            "processes": tuple(f"{s}.{p}" if p else s for s, p in a.places)} for a in rs.allocations}
    out.append(f"ALLOCATIONS = {_literal(allocations)}")
    if rs.cutoff is None:
        out.append("CUTOFF = None")
    else:
        c = rs.cutoff
        out.append(f"CUTOFF = {_literal({'clause': c.clause, 'per_flow': tuple((t.op, float(t.percent), t.basis) for t in c.per_flow), 'total': tuple((t.op, float(t.percent), t.basis) for t in c.total)})}")
    out.append(f"RECYCLINGS = {_literal({r.name: {'clause': r.clause, 'approach': r.approach} for r in rs.recyclings})}")
    out.append(f"ELECTRICITY = {_literal({e.name: {'clause': e.clause, 'factor_kind': e.factor_kind, 'gas': e.gas, 'sources': tuple(x.name for x in e.sources), 'amount_inputs': tuple(e.amount_inputs), 'source_inputs': tuple(tuple(x.inputs) for x in e.sources)} for e in rs.electricity})}")
    g = rs.grading
    out.append("GRADING = " + (_literal({"clause": g.clause, "decimals": g.decimals, "rounding": g.rounding or "half_up",
                                          "classes": tuple((c.name, c.op, float(c.limit) if c.limit is not None else None)
                                                           for c in g.classes)}) if g else "None"))
    dq = rs.data_quality
    if dq is None:
        out.append("DATA_QUALITY = None")
    else:
        b = dq.criteria_bounds
        out.append("DATA_QUALITY = " + _literal({
            "clause": dq.clause, "scheme": dq.name, "criteria": tuple(dq.criteria),
            "bounds": (float(b.low), float(b.high), b.low_inclusive, b.high_inclusive),
            "levels": tuple((l.name, l.op, float(l.limit) if l.limit is not None else None) for l in dq.levels),
            "input_minimums": tuple(dq.input_minimums), "result_minimum": dq.result_minimum,
            "primary_share": (dq.primary_share[0], float(dq.primary_share[1])) if dq.primary_share else None}))
    examples = []
    for e in rs.examples:
        givens = {}
        for g in e.givens:
            givens[g.name] = g.value if g.kind == "key" else (
                {"cut_off": float(g.value)} if g.kind == "cut_off" else float(g.value))
        expectations = tuple((x.target, tuple(x.subject), float(x.value), x.measure, float(x.tolerance), x.relative)
                             for x in e.expectations)
        examples.append((e.title, e.clause, givens, expectations))
    out.append(f"EXAMPLES = {_literal(tuple(examples))}")
    out.append(f"_NAMES = frozenset({_literal(tuple(i.name for i in rs.inputs))})")
    out.append("_MISSING = object()  # an input left out")
    out.append("_NO_SHARES = {}  # the allocation shares of a rule without allocation (never changed)\n")

    args = ", ".join(_ident("i_", i.name) for i in rs.inputs)
    out.append(f"_ORDER = {_literal(tuple(i.name for i in rs.inputs))}  # the arguments of _core\n")
    out.extend(_fast_total(rs, args))
    out.extend(_core(rs, em, args))
    out.extend(_total(rs))
    if rs.data_quality is not None:
        out.append("def _rating(scores):")
        out.append(f'    """{rs.data_quality.clause} rating = {_comment(rs.data_quality.rating_formula)}"""')
        lines = []
        _guarded(lines, "rating", em.expr(rs.data_quality.rating), rs.data_quality.name, rs.data_quality.clause)
        out.extend(lines)
        out.append("    return rating\n")
    out.append(RUNTIME)
    return "\n".join(out)


def _literal(value) -> str:
    """A Python literal for plain data (dicts keep their order; strings and floats via repr)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    raise TypeError(f"not a literal: {value!r}")


def _bounds_test(i: ir.Input, var: str) -> str:
    """A chained comparison true for a number inside the input's bounds (NaN fails it)."""
    b = i.bounds
    if b is None:  # finite and representable: inf and NaN fail, and so do ints beyond binary64
        return f"-1.7976931348623157e+308 <= {var} <= 1.7976931348623157e+308"
    return (f"{_float(b.low)} {'<=' if b.low_inclusive else '<'} {var} "
            f"{'<=' if b.high_inclusive else '<'} {_float(b.high)}")


def _fast_total(rs: ir.Ruleset, args: str) -> list[str]:
    """calculate_total's fast path: every required input present as a float inside its bounds
    (or a valid key), inputs left out taking their default or zero. Anything else returns None,
    and the runtime's full validation then gives the same total or the error."""
    required = [i for i in rs.inputs if not i.optional]
    optional = [i for i in rs.inputs if i.optional]
    # no unknown input: the dict holds exactly the required inputs and the optional ones present
    present = " + ".join([str(len(required))] + [f"({i.name!r} in raw)" for i in optional])
    lines = ["def _fast_total(raw, type=type, float=float, str=str, dict=dict, len=len):",
             '    """The total when every input is plainly valid, else None (see _validate)."""',
             f"    if type(raw) is not dict or len(raw) != {present}:",
             "        return None"]
    if required:
        lines.append("    try:")
        lines.extend(f"        {_ident('i_', i.name)} = raw[{i.name!r}]" for i in required)
        lines.append("    except KeyError:")
        lines.append("        return None")
    for i in rs.inputs:
        if i.optional:
            fallback = repr(i.default) if isinstance(i.default, str) else _float(i.default or Fraction(0))
            lines.append(f"    {_ident('i_', i.name)} = raw.get({i.name!r}, {fallback})")
    tests = []
    for i in rs.inputs:
        var = _ident("i_", i.name)
        if i.kind == "key":
            tests.append(f"type({var}) is str and {var} in {_literal(tuple(i.keys))}")
        else:
            tests.append(f"type({var}) is float and {_bounds_test(i, var)}")
    if tests:
        lines.append("    if not (" + "\n            and ".join(tests) + "):")
        lines.append("        return None")
    lines.append(f"    return _total(_core({args})[0])\n")
    return lines


def _core(rs: ir.Ruleset, em: _Emitter, args: str) -> list[str]:
    lines = [f"def _core({args}):",
             '    """kg of each contribution\'s gas per declared unit (CONTRIBUTIONS order), and allocation shares."""']
    for q in rs.quantities:
        _guarded(lines, _ident("q_", q.name), em.expr(q.expr), q.name, q.clause,
                 f"{q.clause} {q.name} = {_comment(q.formula)}")
    for check in rs.range_checks:
        lines.append(f"    # {check.clause} {check.name} lies in [{check.low}, {check.high}]")
        _guarded(lines, "x", em.expr(check.expr), check.name, check.clause)
        lines.append(f"    if not {_float(check.low)} <= x <= {_float(check.high)}:")
        lines.append(f"        raise CalculationError('parameter_out_of_range', '`{check.name}` = %r lies outside "
                     f"[{check.low}, {check.high}]' % x, formula={check.name!r}, clause={check.clause!r})")
    lines.append("    extras = {}" if (rs.electricity or rs.recyclings or rs.biogenic_content) else "    extras = _NO_SHARES")
    for r in rs.recyclings:
        a = next(expr for name, _, expr in r.parameters if name == "A")
        _guarded(lines, f"extras[{('A:' + r.name)!r}]", em.expr(a), r.name, r.clause)
    if rs.biogenic_content is not None:
        _guarded(lines, "extras['biogenic']", em.expr(rs.biogenic_content), "biogenic_carbon_content", "7.3")
    for c in rs.contributions:
        expr = em.hoist(c.expr, lines)
        _guarded(lines, _ident("c_", c.name.replace(".", "__")), em.expr(expr), c.name, c.clause,
                 f"{c.clause} {c.name} = {_comment(c.formula)}")
    lines.append("    shares = {}" if any(a.method != "substitution" for a in rs.allocations) else "    shares = _NO_SHARES")
    for a in rs.allocations:
        if a.method == "substitution":
            continue
        names = []
        for k, p in enumerate(a.products):
            var = f"a{k}"
            _guarded(lines, var, em.expr(p.expr), a.name, a.clause, f"{a.clause} {a.name}: {p.name} = {_comment(p.formula)}")
            lines.append(f"    if {var} < 0:")
            lines.append(f"        raise CalculationError('negative_allocation_quantity', "
                         f"{'the quantity of `%s` in `%s` is negative' % (p.name, a.name)!r}, formula={a.name!r}, clause={a.clause!r})")
            names.append((p.name, var))
        lines.append(f"    a_sum = math.fsum([{', '.join(v for _, v in names)}])")
        lines.append("    if a_sum == 0:")
        lines.append(f"        raise CalculationError('division_by_zero', "
                     f"{'the quantities of allocation `%s` sum to zero' % a.name!r}, formula={a.name!r}, clause={a.clause!r})")
        lines.append(f"    shares[{a.name!r}] = {{{', '.join(f'{n!r}: {v} / a_sum' for n, v in names)}}}")
    per_unit = ""
    if rs.production_expr is not None:
        clause = rs.input(rs.production).clause if rs.production else "5.1"
        where = f"field={rs.production!r}, formula=None" if rs.production else "field=None, formula='production'"
        _guarded(lines, "produced", em.expr(em.hoist(rs.production_expr, lines)), "production", clause,
                 f"production = {_comment(rs.production_formula)}")
        lines.append("    if not produced > 0:")
        lines.append(f"        raise CalculationError('division_by_zero', "
                     f"{'the production `%s` is not positive' % rs.production_formula!r}, {where}, clause={clause!r})")
        lines.append(f"    per_unit = {_float(rs.declared_base)} / produced  # declared units produced, inverted")
        per_unit = " * per_unit"
    terms = []
    for c in rs.contributions:
        term = _ident("c_", c.name.replace(".", "__"))
        if c.direction != "emission":
            term = f"-{term}"
        if c.allocation is not None and any(a.name == c.allocation and a.method != "substitution" for a in rs.allocations):
            product = next(a.product for a in rs.allocations if a.name == c.allocation)
            term += f" * shares[{c.allocation!r}][{product!r}]"
        terms.append(f"        {term}{per_unit},")
    lines.append("    return (")
    lines.extend(terms)
    lines.append(f"    ), shares, extras, {'produced' if rs.production_expr is not None else 'None'}\n")
    return lines


def _total(rs: ir.Ruleset) -> list[str]:
    """kg CO2e per declared unit: each gas through its GWP, refused beyond ±1e300, summed exactly."""
    terms = [f"g[{k}]" if c.gwp == 1 else f"g[{k}] * {_float(c.gwp)}" for k, c in enumerate(rs.contributions)]
    # every GWP 1 (CO2 and CO2e only): the masses are already the CO2e
    tuple_text = "g" if all(c.gwp == 1 for c in rs.contributions) else (f"({', '.join(terms)},)" if terms else "()")
    checks = " and ".join(f"-1e300 <= e[{k}] <= 1e300" for k in range(len(terms))) or "True"
    return ["def _total(g):",
            '    """The footprint from the contributions\' gas masses (see _core)."""',
            f"    e = {tuple_text}",
            f"    if not ({checks}):",
            "        _out_of_range(e)",
            "    t = math.fsum(e)",
            "    if not -1e300 <= t <= 1e300:",
            "        raise CalculationError('overflow', 'the total exceeds 1e300 kg CO2e per declared unit', formula='total')",
            "    return t\n"]
