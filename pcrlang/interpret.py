"""The reference interpreter: what a ruleset means, in exact rational arithmetic.

Small on purpose. The Python calculator (backends/python.py) must agree with it within a
relative 1e-9 on every input the input schema admits; tests check that on random inputs.

Semantics, in order:
1. Inputs are validated (unknown, missing, wrong type, NaN or infinite, out of bounds, keys,
   cut-off requests). The first problem, in declaration order, is the error; no partial result.
2. Each input left out takes its default (reported), or zero if it is optional (reported).
3. Quantities are evaluated in dependency order, then every contribution's formula, giving a
   mass of its gas in kg for the reference period.
4. A contribution in an allocated process is multiplied by the declared product's share; removals
   and substitution credits count negative; everything is divided by the production (in
   declared units) and converted to CO2e with the ruleset's GWP set.
5. A flow given as {"cut_off": estimate} counts as zero; the estimate is only used to judge the
   cut-off: mass share = estimate / product mass; energy share = estimate / all energy inputs;
   emissions share = (total with all estimates - total without this one) / total with all.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from . import __version__, ir

KINDS = ("fossil", "biogenic", "land_use_change", "aircraft")
SIGN = {"emission": 1, "removal": -1, "credit": -1}


class CalculationError(Exception):
    """A refused calculation: a stable code, the input or formula at fault, and its clause."""

    def __init__(self, code: str, message: str, *, field: str | None = None, formula: str | None = None,
                 clause: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field, self.formula, self.clause = code, message, field, formula, clause

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "field": self.field,
                          "formula": self.formula, "clause": self.clause}}


def _number(value, name: str, clause: str) -> Fraction:
    """An exact number from JSON-like input, or a CalculationError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        raise CalculationError("wrong_type", f"`{name}` must be a number, not {type(value).__name__}",
                               field=name, clause=clause)
    if isinstance(value, (float, Decimal)) and not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        raise CalculationError("not_finite", f"`{name}` must be a finite number, not {value}", field=name, clause=clause)
    # A float stands for the decimal number it was read from (JSON text): 0.1 is one tenth.
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _check_bounds(x: Fraction, spec: ir.Input, name: str) -> None:
    """Inside the declared bounds, and representable as a binary64 number."""
    b = spec.bounds
    low_ok = b is None or (x >= b.low if b.low_inclusive else x > b.low)
    high_ok = b is None or (x <= b.high if b.high_inclusive else x < b.high)
    if not (low_ok and high_ok):
        interval = f"{'[' if b.low_inclusive else '('}{b.low}, {b.high}{']' if b.high_inclusive else ')'}"
        raise CalculationError("out_of_bounds", f"`{name}` = {_show(x)} {spec.unit} lies outside {interval}",
                               field=name, clause=spec.clause)
    if abs(x) > MAX_INPUT:
        raise CalculationError("not_finite", f"`{name}` is too large", field=name, clause=spec.clause)


MAX_INPUT = Fraction(1.7976931348623157e308)  # the largest binary64 number: calculators use floats


def _show(x: Fraction) -> str:
    return f"{float(x):g}" if abs(x) <= MAX_INPUT else str(x)


def read_inputs(rs: ir.Ruleset, raw) -> tuple[dict, dict, list, list, dict]:
    """Validate raw inputs: (values, cut-off estimates, defaults used, optional inputs left out,
    data-quality scores given)."""
    if not isinstance(raw, dict):
        raise CalculationError("wrong_type", "the inputs must be a JSON object")
    known = {i.name for i in rs.inputs}
    for name in sorted(raw, key=str):
        if name not in known:
            raise CalculationError("unknown_input", f"`{name}` is not an input of {rs.identifier}", field=str(name))
    values, estimates, defaults, omitted, qualities = {}, {}, [], [], {}
    for spec in rs.inputs:
        name = spec.name
        if name not in raw:
            if spec.default is not None:
                values[name] = spec.default
                defaults.append(name)
            elif spec.optional:
                values[name] = Fraction(0)
                omitted.append(name)
            else:
                raise CalculationError("missing_input", f"required input `{name}` is missing", field=name, clause=spec.clause)
            continue
        value = raw[name]
        if isinstance(value, dict) and "value" in value and spec.kind == "number":
            if not set(value) <= {"value", "quality"}:
                raise CalculationError("wrong_type", f"`{name}` takes `value` and `quality` only", field=name,
                                       clause=spec.clause)
            if "quality" in value:
                qualities[name] = _quality(rs, name, spec, value["quality"])
            value = value["value"]
            if isinstance(value, dict):
                raise CalculationError("wrong_type", f"`{name}` must be a number", field=name, clause=spec.clause)
        if isinstance(value, dict):
            if set(value) != {"cut_off"}:
                raise CalculationError("wrong_type", f"`{name}` must be a number or {{\"cut_off\": estimate}}",
                                       field=name, clause=spec.clause)
            if rs.cutoff is None:
                raise CalculationError("cut_off_not_allowed", f"the rule allows no cut-off, so `{name}` cannot be left out",
                                       field=name, clause=spec.clause)
            if spec.cut_off == "never":
                raise CalculationError("cut_off_not_allowed", f"`{name}` may never be cut off", field=name,
                                       clause=rs.cutoff.clause)
            estimate = _number(value["cut_off"], name, spec.clause)
            _check_bounds(estimate, spec, name)
            estimates[name] = estimate
            values[name] = Fraction(0)
        elif spec.kind == "key":
            if not isinstance(value, str):
                raise CalculationError("wrong_type", f"`{name}` must be one of the keys of `{spec.keyset}`",
                                       field=name, clause=spec.clause)
            if value not in spec.keys:
                raise CalculationError("unknown_key", f"`{value}` is not a key of `{spec.keyset}`", field=name,
                                       clause=spec.clause)
            values[name] = value
        else:
            x = _number(value, name, spec.clause)
            _check_bounds(x, spec, name)
            values[name] = x
    return values, estimates, defaults, omitted, qualities


def _quality(rs: ir.Ruleset, name: str, spec: ir.Input, scores) -> dict:
    """Data-quality scores of one input: every criterion of the rule's scheme, inside its bounds."""
    dq = rs.data_quality
    if dq is None:
        raise CalculationError("invalid_quality", "the rule defines no data quality scheme", field=name,
                               clause=spec.clause)
    if not isinstance(scores, dict) or set(scores) != set(dq.criteria):
        raise CalculationError("invalid_quality", f"the quality of `{name}` gives {', '.join(dq.criteria)}",
                               field=name, clause=dq.clause)
    out = {}
    b = dq.criteria_bounds
    for criterion in dq.criteria:
        x = _number(scores[criterion], name, dq.clause)
        if not ((x >= b.low if b.low_inclusive else x > b.low) and (x <= b.high if b.high_inclusive else x < b.high)):
            raise CalculationError("invalid_quality", f"{criterion} of `{name}` lies outside [{b.low}, {b.high}]",
                                   field=name, clause=dq.clause)
        out[criterion] = x
    return out


class Evaluator:
    """Evaluates IR expressions exactly. `where` names the formula being evaluated, for errors."""

    def __init__(self, rs: ir.Ruleset, values: dict):
        self.values = values
        self.factors = {f.name: f.base_value for f in rs.factors}
        self.tables = {t.name: {r.key: r.base_value for r in t.rows} for t in rs.tables}
        self.quantities: dict[str, Fraction] = {}
        self.where = ("", "")
        self.quantity_exprs = {q.name: q for q in rs.quantities}
        self.choices: dict[str, int] = {}  # electricity block -> index of the source chosen
        self.criteria: dict[str, Fraction] = {}  # data-quality scores, inside a rating

    def eval(self, e):
        op = e[0]
        if op == "const":
            return e[1]
        if op == "input":
            return self.values[e[1]]
        if op == "factor":
            return self.factors[e[1]]
        if op == "quantity":
            if e[1] not in self.quantities:  # outside the main pass (a production formula, say)
                where, q = self.where, self.quantity_exprs[e[1]]
                self.where = (q.name, q.clause)
                self.quantities[e[1]] = self.eval(q.expr)
                self.where = where
            return self.quantities[e[1]]
        if op == "key":
            return e[1]
        if op == "lookup":
            return self.tables[e[1]][self.eval(e[2])]
        if op == "add":
            return self.eval(e[1]) + self.eval(e[2])
        if op == "sub":
            return self.eval(e[1]) - self.eval(e[2])
        if op == "mul":
            return self.eval(e[1]) * self.eval(e[2])
        if op == "div":
            numerator, denominator = self.eval(e[1]), self.eval(e[2])
            if denominator == 0:
                raise CalculationError("division_by_zero", f"`{self.where[0]}` divides by zero",
                                       formula=self.where[0], clause=self.where[1])
            return numerator / denominator
        if op == "neg":
            return -self.eval(e[1])
        if op == "min":
            return min(self.eval(a) for a in e[1])
        if op == "max":
            return max(self.eval(a) for a in e[1])
        if op == "if":
            return self.eval(e[2]) if self.eval(e[1]) else self.eval(e[3])
        if op == "cmp":
            a, b = self.eval(e[2]), self.eval(e[3])
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[e[1]]
        if op == "and":
            return self.eval(e[1]) and self.eval(e[2])
        if op == "or":
            return self.eval(e[1]) or self.eval(e[2])
        if op == "not":
            return not self.eval(e[1])
        if op == "choose":
            _, name, clause, options = e
            for k, (condition, value) in enumerate(options):
                if condition is None or self.eval(condition):
                    self.choices[name] = k
                    return self.eval(value)
            raise CalculationError("no_admissible_source", f"the data qualify for no source of `{name}`",
                                   formula=name, clause=clause)
        if op == "criterion":
            return self.criteria[e[1]]
        raise ValueError(f"unknown IR operation {op}")


def contributions(rs: ir.Ruleset, values: dict, choices: dict | None = None) -> tuple[dict, dict]:
    """kg of gas per declared unit for every contribution, and each allocation's shares.
    `choices`, if given, receives the electricity source chosen in each block."""
    ev = Evaluator(rs, values)
    for q in rs.quantities:
        ev.where = (q.name, q.clause)
        ev.quantities[q.name] = ev.eval(q.expr)
    for check in rs.range_checks:
        ev.where = (check.name, check.clause)
        x = ev.eval(check.expr)
        if not (check.low <= x <= check.high):
            raise CalculationError("parameter_out_of_range", f"`{check.name}` = {_show(x)} lies outside "
                                   f"[{check.low}, {check.high}]", formula=check.name, clause=check.clause)
    shares: dict[str, dict[str, Fraction]] = {}
    for a in rs.allocations:
        if a.method == "substitution":
            continue
        ev.where = (a.name, a.clause)
        amounts = {p.name: ev.eval(p.expr) for p in a.products}
        for product, amount in amounts.items():
            if amount < 0:
                raise CalculationError("negative_allocation_quantity", f"the quantity of `{product}` in `{a.name}` is negative",
                                       formula=a.name, clause=a.clause)
        total = sum(amounts.values())
        if total == 0:
            raise CalculationError("division_by_zero", f"the quantities of allocation `{a.name}` sum to zero",
                                   formula=a.name, clause=a.clause)
        shares[a.name] = {name: amount / total for name, amount in amounts.items()}
    per_unit = Fraction(1)
    if rs.production_expr is not None:
        per_unit = rs.declared_base / produced(rs, ev)
    out = {}
    for c in rs.contributions:
        ev.where = (c.name, c.clause)
        amount = ev.eval(c.expr)
        share = shares[c.allocation][_product(rs, c.allocation)] if c.allocation in shares else 1
        out[c.name] = SIGN[c.direction] * amount * share * per_unit
    if choices is not None:
        choices.update(ev.choices)
    return out, shares


def produced(rs: ir.Ruleset, ev: "Evaluator") -> Fraction:
    """The production of the period in base units (an input, or a derived functional unit)."""
    spec = rs.input(rs.production) if rs.production is not None else None
    ev.where = ("production", spec.clause if spec else "5.1")
    amount = ev.eval(rs.production_expr)
    if amount <= 0:
        raise CalculationError("division_by_zero", f"the production `{rs.production_formula}` is not positive",
                               field=rs.production, formula=None if spec else "production",
                               clause=spec.clause if spec else "5.1")
    return amount


def _product(rs: ir.Ruleset, allocation: str) -> str:
    return next(a.product for a in rs.allocations if a.name == allocation)


# Results beyond this magnitude (kg CO2e per declared unit) are refused: a calculator in binary64
# floats could not represent them faithfully, and no real product comes near.
LIMIT = Fraction(10) ** 300


def total_co2e(rs: ir.Ruleset, gas_kg: dict) -> Fraction:
    co2e = [gas_kg[c.name] * c.gwp for c in rs.contributions]
    total = sum(co2e, Fraction(0))
    for c, value in zip(rs.contributions, co2e):
        if abs(value) > LIMIT:
            raise CalculationError("overflow", f"`{c.name}` exceeds 1e300 kg CO2e per declared unit",
                                   formula=c.name, clause=c.clause)
    if abs(total) > LIMIT:
        raise CalculationError("overflow", "the total exceeds 1e300 kg CO2e per declared unit", formula="total")
    return total


def cutoff_report(rs: ir.Ruleset, values: dict, estimates: dict, reported_total: Fraction) -> dict:
    """Judge every flow left out against the rule's thresholds (see the module docstring)."""
    if not estimates:
        return {"clause": rs.cutoff.clause if rs.cutoff else None, "flows": [], "shares_percent": {},
                "exempted_emissions_percent": Fraction(0), "pass": True}
    cutoff = rs.cutoff
    full = dict(values, **estimates)
    full_total = total_co2e(rs, contributions(rs, full)[0])
    specs = {i.name: i for i in rs.inputs}
    if rs.production_expr is not None:
        product_mass = produced(rs, Evaluator(rs, full))
    else:
        product_mass = rs.declared_base
    # energy flows: inputs in an energy unit, but not properties of the product (a battery's capacity)
    energy_total = sum((full[i.name] * i.to_base for i in rs.inputs if i.dimension == "energy"
                        and not i.product_property), Fraction(0))

    def emissions_share(difference: Fraction, name: str | None) -> Fraction:
        if full_total == 0:
            if difference == 0:
                return Fraction(0)
            raise CalculationError("cut_off_undefined", "the total with all estimates is zero, so emission shares "
                                   "are undefined", field=name, clause=cutoff.clause)
        return difference / full_total

    def share(basis: str, amount_base: Fraction, name: str | None) -> Fraction:
        denominator = product_mass if basis == "mass" else energy_total
        if denominator == 0:
            raise CalculationError("cut_off_undefined", f"the {basis} reference of the cut-off is zero", field=name,
                                   clause=cutoff.clause)
        return amount_base / denominator

    def passes(t: ir.Threshold, fraction: Fraction) -> bool:
        percent = fraction * 100
        return percent < t.percent if t.op == "<" else percent <= t.percent

    flows, all_pass = [], True
    for name in (i.name for i in rs.inputs if i.name in estimates):
        spec = specs[name]
        without = dict(full, **{name: Fraction(0)})
        shares = {"emissions": emissions_share(full_total - total_co2e(rs, contributions(rs, without)[0]), name)}
        if spec.cut_off in ("mass", "energy"):
            shares[spec.cut_off] = share(spec.cut_off, estimates[name] * spec.to_base, name)
        applicable = [t for t in cutoff.per_flow if t.basis in shares]
        if cutoff.per_flow and not applicable:
            raise CalculationError("cut_off_not_allowed", f"no per-flow criterion of the rule applies to `{name}` "
                                   f"({spec.dimension})", field=name, clause=cutoff.clause)
        ok = all(passes(t, shares[t.basis]) for t in applicable)
        all_pass &= ok
        flows.append({"input": name, "clause": spec.clause, "estimate": estimates[name], "unit": spec.unit,
                      "shares_percent": {b: s * 100 for b, s in sorted(shares.items())}, "pass": ok})
    totals = {"emissions": emissions_share(full_total - reported_total, None)}
    for basis in ("mass", "energy"):
        cut = [n for n in estimates if specs[n].cut_off == basis]
        if any(t.basis == basis for t in cutoff.total):
            totals[basis] = share(basis, sum((estimates[n] * specs[n].to_base for n in cut), Fraction(0)), None)
    for t in cutoff.total:
        all_pass &= passes(t, totals[t.basis])
    return {"clause": cutoff.clause, "flows": flows,
            "shares_percent": {b: s * 100 for b, s in sorted(totals.items())},
            "exempted_emissions_percent": totals["emissions"] * 100, "pass": all_pass}


def calculate(rs: ir.Ruleset, raw: dict, fingerprint: str) -> dict:
    """The full result with exact Fractions as numbers (see `to_json_numbers`)."""
    values, estimates, defaults, omitted, qualities = read_inputs(rs, raw)
    choices: dict = {}
    gas_kg, shares = contributions(rs, values, choices)
    co2e = {c.name: gas_kg[c.name] * c.gwp for c in rs.contributions}
    total = total_co2e(rs, gas_kg)
    result = assemble(rs, fingerprint, values, gas_kg, co2e, total, shares,
                      cutoff_report(rs, values, estimates, total), defaults, omitted, Fraction(0))
    # secondary data: defaults and cut-off estimates; an optional input left out does not apply
    result.update(extended_report(rs, values, co2e, total, choices, qualities, set(defaults) | set(estimates)))
    result["separately_reported"]["packaging"] = sum(
        (co2e[c.name] for c in rs.contributions if c.packaging), Fraction(0))
    if rs.biogenic_content is not None:
        ev = Evaluator(rs, values)
        content = ev.eval(rs.biogenic_content)
        if rs.production_expr is not None:
            content = content * rs.declared_base / produced(rs, ev)
        result["separately_reported"]["biogenic_carbon_content_kgC"] = content
    check_range(result, "result")
    return result


def extended_report(rs, values, co2e, total, choices, qualities, not_measured) -> dict:
    """Recycling terms, electricity sources chosen, the grade and the data quality report."""
    recycling = {}
    for r in rs.recyclings:
        terms = {c.term: co2e[c.name] for c in rs.contributions if c.recycling == r.name}
        a = next(expr for name, _, expr in r.parameters if name == "A")
        recycling[r.name] = {"clause": r.clause, "approach": r.approach, "A": Evaluator(rs, values).eval(a),
                             **terms, "total": sum(terms.values(), Fraction(0))}
    electricity = {}
    for e in rs.electricity:
        source = e.sources[choices[e.name]]
        factor = Evaluator(rs, values).eval(source.factor)
        electricity[e.name] = {"clause": e.clause, "factor_kind": e.factor_kind, "source": source.name,
                               "factor_kg_per_kWh": factor * 3600000, "gas": e.gas}
    return {"recycling": recycling, "electricity": electricity, "grade": grade(rs, total),
            "data_quality": quality_report(rs, co2e, qualities, not_measured, choices)}


def round_decimal(x: Fraction, decimals: int, mode: str) -> Fraction:
    """x rounded to `decimals` places: half_up (away from zero), half_even, down (toward zero), up."""
    scale = Fraction(10) ** decimals
    y = x * scale
    sign = -1 if y < 0 else 1
    y = abs(y)
    whole, rest = divmod(y, 1)
    if mode == "down":
        n = whole
    elif mode == "up":
        n = whole + (1 if rest else 0)
    elif rest != Fraction(1, 2):
        n = whole + (1 if rest > Fraction(1, 2) else 0)
    elif mode == "half_up":
        n = whole + 1
    else:  # half_even
        n = whole + (whole % 2)
    return sign * n / scale


def grade(rs: ir.Ruleset, total: Fraction):
    g = rs.grading
    if g is None:
        return None
    value = round_decimal(total, g.decimals, g.rounding or "half_up") if g.decimals is not None else total
    chosen = None
    for c in g.classes:
        if c.op is None or (value < c.limit if c.op == "<" else value <= c.limit):
            chosen = c.name
            break
    return {"clause": g.clause, "rounded_total": value, "class": chosen}


def _level(dq: ir.DataQuality, rating: Fraction) -> str | None:
    for level in dq.levels:
        if level.op is None or (rating < level.limit if level.op == "<" else rating <= level.limit):
            return level.name
    return None


def data_inputs(rs: ir.Ruleset, c: ir.Contribution, choices: dict) -> tuple:
    """The inputs whose data a contribution rests on: for electricity, the amount and the chosen
    source only (a source not chosen uses none of its data)."""
    if c.electricity is None:
        return c.inputs
    e = next(x for x in rs.electricity if x.name == c.electricity)
    return tuple(sorted(set(e.amount_inputs) | set(e.sources[choices[e.name]].inputs)))


def quality_report(rs: ir.Ruleset, co2e: dict, qualities: dict, not_measured: set, choices: dict):
    """Ratings of the inputs, of the result (emission-weighted, each contribution rated by its worst
    rated input), the primary data share (emissions of contributions whose data the company
    measured: no default and no cut-off among the inputs they use; an optional input left out
    does not apply), and every requirement violated."""
    dq = rs.data_quality
    if dq is None:
        return None
    order = [l.name for l in dq.levels]
    ratings = {}
    for name, scores in qualities.items():
        ev = Evaluator(rs, {})
        ev.criteria = scores
        ev.where = (dq.name, dq.clause)
        rating = ev.eval(dq.rating)
        ratings[name] = {"rating": rating, "level": _level(dq, rating)}
    weighted, weights, measured, magnitude = Fraction(0), Fraction(0), Fraction(0), Fraction(0)
    for c in rs.contributions:
        size = abs(co2e[c.name])
        magnitude += size
        used = data_inputs(rs, c, choices)
        number_inputs = [n for n in used if rs.input(n).kind == "number"]
        if number_inputs and not any(n in not_measured for n in number_inputs):
            measured += size
        rated = [ratings[n]["rating"] for n in used if n in ratings]
        if rated and size:
            weighted += size * max(rated)
            weights += size
    result_rating = weighted / weights if weights else None
    primary = measured / magnitude * 100 if magnitude else None
    violations = []

    def worse(level, required):
        return level is None or order.index(level) > order.index(required)

    for name, required in dq.input_minimums:
        if name not in ratings:
            violations.append({"subject": name, "requirement": required, "message": f"`{name}` has no quality rating"})
        elif worse(ratings[name]["level"], required):
            violations.append({"subject": name, "requirement": required,
                               "message": f"`{name}` is rated {ratings[name]['level']}, below {required}"})
    result_level = _level(dq, result_rating) if result_rating is not None else None
    if dq.result_minimum is not None and (result_rating is None or worse(result_level, dq.result_minimum)):
        violations.append({"subject": "result", "requirement": dq.result_minimum,
                           "message": f"the result is rated {result_level or 'nothing'}, below {dq.result_minimum}"})
    if dq.primary_share is not None:
        op, percent = dq.primary_share
        if primary is None or not (primary > percent if op == ">" else primary >= percent):
            text = str(percent.numerator) if percent.denominator == 1 else repr(float(percent))
            violations.append({"subject": "primary_share", "requirement": f"{op} {text} %",
                               "message": "the primary data share is below the rule's minimum"})
    return {"clause": dq.clause, "scheme": dq.name, "inputs": ratings,
            "result": {"rating": result_rating, "level": result_level}, "primary_share_percent": primary,
            "violations": violations, "pass": not violations}


def check_range(value, path: str) -> None:
    """Refuse a result holding a number beyond ±1e300 (a cut-off share of a tiny production, say)."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_range(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_range(v, f"{path}[{i}]")
    elif isinstance(value, Fraction) and abs(value) > LIMIT:
        raise CalculationError("overflow", f"{path} exceeds 1e300", formula=path)


def assemble(rs, fingerprint, values, gas_kg, co2e, total, shares, cutoff, defaults, omitted, zero) -> dict:
    """The result's shape, shared by the interpreter and (as generated text) the calculator."""
    by_stage = {s.name: zero for s in rs.stages}
    by_process = {}
    for s in rs.stages:
        for p in s.processes:
            by_process[f"{s.name}.{p.name}"] = zero
    by_gas = {}
    by_kind = {k: zero for k in KINDS}
    for c in rs.contributions:
        by_stage[c.stage] += co2e[c.name]
        key = f"{c.stage}.{c.process}" if c.process else c.stage
        by_process[key] = by_process.get(key, zero) + co2e[c.name]
        g = by_gas.setdefault(c.gas, {"mass_kg": zero, "co2e_kg": zero})
        g["mass_kg"] += gas_kg[c.name]
        g["co2e_kg"] += co2e[c.name]
        by_kind[c.carbon_kind] += co2e[c.name]
    biogenic_emissions = sum((co2e[c.name] for c in rs.contributions if c.carbon_kind == "biogenic" and co2e[c.name] > 0), zero)
    biogenic_removals = sum((co2e[c.name] for c in rs.contributions if c.carbon_kind == "biogenic" and co2e[c.name] < 0), zero)
    factors = {f.name: f for f in rs.factors}
    factors.update({t.name: t for t in rs.tables})
    trace = []
    for c in rs.contributions:
        share = shares[c.allocation][_product(rs, c.allocation)] if c.allocation in shares else None
        trace.append({
            "contribution": c.name, "clause": c.clause, "direction": c.direction, "stage": c.stage,
            "process": c.process, "gas": c.gas, "carbon_kind": c.carbon_kind, "formula": c.formula,
            "gas_kg": gas_kg[c.name], "gwp": c.gwp, "co2e_kg": co2e[c.name], "allocation": c.allocation,
            "allocation_share": share,
            "factors": [{"name": n, "clause": factors[n].clause, "unit": factors[n].unit, "source": factors[n].source,
                         "value": factors[n].value if isinstance(factors[n], ir.Factor) else None}
                        for n in c.factors],
        })
    specs = {i.name: i for i in rs.inputs}
    return {
        "ruleset": {"identifier": rs.identifier, "version": rs.version, "status": rs.status,
                    "fingerprint": fingerprint, "compiler": f"pcrlang {__version__}"},
        "declared_unit": {"amount": rs.declared_amount, "unit": rs.declared_unit},
        "unit": "kg CO2e per declared unit",
        "gwp": rs.gwp_set,
        "total": total,
        "by_stage": by_stage,
        "by_process": by_process,
        "by_gas": dict(sorted(by_gas.items())),
        "by_carbon_kind": by_kind,
        "separately_reported": {
            "fossil": by_kind["fossil"], "biogenic_emissions": biogenic_emissions,
            "biogenic_removals": biogenic_removals, "land_use_change": by_kind["land_use_change"],
            "aircraft": by_kind["aircraft"], "total_excluding_biogenic": total - by_kind["biogenic"],
        },
        "allocation": {a.name: {"clause": a.clause, "method": a.method, "product": a.product,
                                "processes": [f"{s}.{p}" if p else s for s, p in a.places],
                                "shares": shares.get(a.name)} for a in rs.allocations},
        "cutoff": cutoff,
        "data": {
            "defaults_used": [{"input": n, "value": values[n], "unit": specs[n].unit, "source": specs[n].default_source,
                               "clause": specs[n].clause} for n in defaults],
            "optional_left_out": [{"input": n, "clause": specs[n].clause} for n in omitted],
        },
        "trace": trace,
    }


def to_json_numbers(value):
    """Fractions to floats (correctly rounded), recursively, for JSON output."""
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, dict):
        return {k: to_json_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_numbers(v) for v in value]
    return value
