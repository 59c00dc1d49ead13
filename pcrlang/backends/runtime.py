# ---- runtime (pcrlang/backends/runtime.py, copied verbatim into every calculator) ----------
# Reads the data tables above (RULESET, INPUTS, CONTRIBUTIONS, ...) and the generated functions
# _validate and _core. Floats with exact summation (math.fsum); the semantics are those of
# pcrlang's reference interpreter, which this code must agree with to a relative 1e-9.


class CalculationError(ValueError):
    """A refused calculation: stable code, the input or formula at fault, and its clause."""

    def __init__(self, code, message, field=None, formula=None, clause=None):
        ValueError.__init__(self, message)
        self.code, self.message, self.field, self.formula, self.clause = code, message, field, formula, clause

    def as_dict(self):
        return {"error": {"code": self.code, "message": self.message, "field": self.field,
                          "formula": self.formula, "clause": self.clause}}


def _division_by_zero(formula, clause):
    raise CalculationError("division_by_zero", "`%s` divides by zero" % formula, formula=formula, clause=clause)


def _finite(name, x, clause):
    """x if it is a JSON number and finite, else a CalculationError naming the input."""
    if type(x) is bool or type(x) not in (int, float):
        raise CalculationError("wrong_type", "`%s` must be a number, not %s" % (name, _json_type(x)),
                               field=name, clause=clause)
    if type(x) is float and not math.isfinite(x):
        raise CalculationError("not_finite", "`%s` must be a finite number, not %s" % (name, x),
                               field=name, clause=clause)
    return x


def _check_number(name, x):
    """A finite float inside the input's bounds, or a CalculationError."""
    spec = INPUTS[name]
    _finite(name, x, spec["clause"])
    low, high, low_inclusive, high_inclusive = spec["bounds"] or (None, None, True, True)
    if low is not None:
        ok = (x >= low if low_inclusive else x > low) and (x <= high if high_inclusive else x < high)
        if not ok:
            interval = "%s%r, %r%s" % ("[" if low_inclusive else "(", low, high, "]" if high_inclusive else ")")
            raise CalculationError("out_of_bounds", "`%s` = %r %s lies outside %s" % (name, x, spec["unit"], interval),
                                   field=name, clause=spec["clause"])
    try:
        return float(x)
    except OverflowError:
        raise CalculationError("not_finite", "`%s` is too large" % name, field=name, clause=spec["clause"])


def _json_type(x):
    return {bool: "a boolean", str: "a string", list: "a list", dict: "an object", type(None): "null"}.get(
        type(x), type(x).__name__)


def _quality(name, scores):
    spec = INPUTS[name]
    if DATA_QUALITY is None:
        raise CalculationError("invalid_quality", "the rule defines no data quality scheme", field=name,
                               clause=spec["clause"])
    if type(scores) is not dict or set(scores) != set(DATA_QUALITY["criteria"]):
        raise CalculationError("invalid_quality", "the quality of `%s` gives %s" % (
            name, ", ".join(DATA_QUALITY["criteria"])), field=name, clause=DATA_QUALITY["clause"])
    low, high, low_inclusive, high_inclusive = DATA_QUALITY["bounds"]
    out = {}
    for criterion in DATA_QUALITY["criteria"]:
        x = _finite(name, scores[criterion], DATA_QUALITY["clause"])
        if not ((x >= low if low_inclusive else x > low) and (x <= high if high_inclusive else x < high)):
            raise CalculationError("invalid_quality", "%s of `%s` lies outside [%s, %s]" % (criterion, name, low, high),
                                   field=name, clause=DATA_QUALITY["clause"])
        out[criterion] = float(x)
    return out


def _read_input(name, x, estimates, qualities=None):
    """The slow path of validation: left out, cut off, keys, wrong types, quality ratings."""
    spec = INPUTS[name]
    if type(x) is dict and "value" in x and spec["kind"] == "number":
        if not set(x) <= {"value", "quality"}:
            raise CalculationError("wrong_type", "`%s` takes `value` and `quality` only" % name, field=name,
                                   clause=spec["clause"])
        if "quality" in x:
            scores = _quality(name, x["quality"])
            if qualities is not None:
                qualities[name] = scores
        x = x["value"]
        if type(x) is dict:
            raise CalculationError("wrong_type", "`%s` must be a number" % name, field=name, clause=spec["clause"])
    if x is _MISSING:
        if spec["default"] is not None:
            return spec["default"]
        if spec["optional"]:
            return 0.0
        raise CalculationError("missing_input", "required input `%s` is missing" % name, field=name,
                               clause=spec["clause"])
    if type(x) is dict:
        if set(x) != {"cut_off"}:
            raise CalculationError("wrong_type", "`%s` must be a number or {\"cut_off\": estimate}" % name,
                                   field=name, clause=spec["clause"])
        if CUTOFF is None:
            raise CalculationError("cut_off_not_allowed", "the rule allows no cut-off, so `%s` cannot be left out"
                                   % name, field=name, clause=spec["clause"])
        if spec["cut_off"] == "never":
            raise CalculationError("cut_off_not_allowed", "`%s` may never be cut off" % name, field=name,
                                   clause=CUTOFF["clause"])
        estimates[name] = _check_number(name, x["cut_off"])
        return 0.0
    if spec["kind"] == "key":
        if type(x) is not str:
            raise CalculationError("wrong_type", "`%s` must be one of the keys of `%s`" % (name, spec["keyset"]),
                                   field=name, clause=spec["clause"])
        if x not in spec["keys"]:
            raise CalculationError("unknown_key", "`%s` is not a key of `%s`" % (x, spec["keyset"]), field=name,
                                   clause=spec["clause"])
        return x
    return _check_number(name, x)


def _unknown_inputs(raw):
    if type(raw) is not dict:
        raise CalculationError("wrong_type", "the inputs must be a JSON object")
    for name in sorted(raw, key=str):
        if name not in INPUTS:
            raise CalculationError("unknown_input", "`%s` is not an input of %s" % (name, RULESET["identifier"]),
                                   field=str(name))


_LIMIT = 1e300  # results beyond this magnitude are refused, as the reference interpreter does


def _out_of_range(co2e):
    for e, c in zip(co2e, CONTRIBUTIONS):
        if not abs(e) <= _LIMIT:
            raise CalculationError("overflow", "`%s` exceeds 1e300 kg CO2e per declared unit" % c[0],
                                   formula=c[0], clause=c[1])


def _validate(raw):
    """Checked input values and cut-off estimates, or the first problem as a CalculationError."""
    _unknown_inputs(raw)
    estimates, qualities = {}, {}
    values = {name: _read_input(name, raw.get(name, _MISSING), estimates, qualities) for name in INPUTS}
    return values, estimates, qualities


def _run(raw):
    """Validated values, cut-off estimates, and the contributions (kg of gas per declared unit)."""
    values, estimates, qualities = _validate(raw)
    gas_kg, shares, extras, produced = _core(*[values[n] for n in _ORDER])
    return values, estimates, gas_kg, shares, extras, produced, qualities


def calculate_total(inputs):
    """The footprint alone (kg CO2e per declared unit), with full validation and cut-off rules."""
    total = _fast_total(inputs)
    return _total(_run(inputs)[2]) if total is None else total


def _cutoff_report(values, estimates, reported_total):
    if not estimates:
        return {"clause": CUTOFF["clause"] if CUTOFF else None, "flows": [], "shares_percent": {},
                "exempted_emissions_percent": 0.0, "pass": True}
    full = dict(values)
    full.update(estimates)
    full_total = _total(_core(*[full[n] for n in _ORDER])[0])
    produced = _core(*[full[n] for n in _ORDER])[3]
    product_mass = DECLARED_BASE if produced is None else produced
    # energy flows: inputs in an energy unit, but not properties of the product (a battery's capacity)
    energy_total = math.fsum([full[n] * s["to_base"] for n, s in INPUTS.items()
                              if s["dimension"] == "energy" and not s["product_property"]])

    def emissions_share(difference, name):
        if full_total == 0:
            if difference == 0:
                return 0.0
            raise CalculationError("cut_off_undefined", "the total with all estimates is zero, so emission shares "
                                   "are undefined", field=name, clause=CUTOFF["clause"])
        return difference / full_total

    def share(basis, amount, name):
        denominator = product_mass if basis == "mass" else energy_total
        if denominator == 0:
            raise CalculationError("cut_off_undefined", "the %s reference of the cut-off is zero" % basis,
                                   field=name, clause=CUTOFF["clause"])
        return amount / denominator

    def passes(threshold, fraction):
        op, percent, basis = threshold
        return fraction * 100 < percent if op == "<" else fraction * 100 <= percent

    flows, all_pass = [], True
    for name in [n for n in INPUTS if n in estimates]:
        spec = INPUTS[name]
        without = dict(full)
        without[name] = 0.0
        shares = {"emissions": emissions_share(full_total - _total(_core(*[without[n] for n in _ORDER])[0]), name)}
        if spec["cut_off"] in ("mass", "energy"):
            shares[spec["cut_off"]] = share(spec["cut_off"], estimates[name] * spec["to_base"], name)
        applicable = [t for t in CUTOFF["per_flow"] if t[2] in shares]
        if CUTOFF["per_flow"] and not applicable:
            raise CalculationError("cut_off_not_allowed", "no per-flow criterion of the rule applies to `%s` (%s)"
                                   % (name, spec["dimension"]), field=name, clause=CUTOFF["clause"])
        ok = all(passes(t, shares[t[2]]) for t in applicable)
        all_pass = all_pass and ok
        flows.append({"input": name, "clause": spec["clause"], "estimate": estimates[name], "unit": spec["unit"],
                      "shares_percent": {b: s * 100 for b, s in sorted(shares.items())}, "pass": ok})
    totals = {"emissions": emissions_share(full_total - reported_total, None)}
    for basis in ("mass", "energy"):
        if any(t[2] == basis for t in CUTOFF["total"]):
            amount = math.fsum([estimates[n] * INPUTS[n]["to_base"] for n in estimates if INPUTS[n]["cut_off"] == basis])
            totals[basis] = share(basis, amount, None)
    for t in CUTOFF["total"]:
        all_pass = all_pass and passes(t, totals[t[2]])
    return {"clause": CUTOFF["clause"], "flows": flows,
            "shares_percent": {b: s * 100 for b, s in sorted(totals.items())},
            "exempted_emissions_percent": totals["emissions"] * 100, "pass": all_pass}


def _in_range(value):
    stack = [value]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is float:
            if not -_LIMIT <= v <= _LIMIT:
                return False
        elif t is dict:
            stack.extend(v.values())
        elif t is list:
            stack.extend(v)
    return True


def _check_range(value, path):
    """Refuse a result holding a number beyond ±1e300, as the reference interpreter does."""
    if _in_range(value):
        return
    if type(value) is dict:
        for k, v in value.items():
            _check_range(v, "%s.%s" % (path, k))
    elif type(value) is list:
        for i, v in enumerate(value):
            _check_range(v, "%s[%d]" % (path, i))
    elif type(value) is float and not abs(value) <= _LIMIT:
        raise CalculationError("overflow", "%s exceeds 1e300" % path, formula=path)


def calculate(inputs):
    """The full result: total, breakdowns, allocation shares, cut-off report and trace."""
    result = _calculate(inputs)
    _check_range(result, "result")
    return result


def _calculate(inputs):
    values, estimates, gas_kg, shares, extras, produced, qualities = _run(inputs)
    total = _total(gas_kg)
    co2e = [g * c[6] for g, c in zip(gas_kg, CONTRIBUTIONS)]
    cutoff = _cutoff_report(values, estimates, total)
    by_stage = {s: [] for s, _ in STAGES}
    by_process = {"%s.%s" % (s, p): [] for s, processes in STAGES for p in processes}
    by_gas, by_kind = {}, {k: [] for k in ("fossil", "biogenic", "land_use_change", "aircraft")}
    trace = []
    for g, e, c in zip(gas_kg, co2e, CONTRIBUTIONS):
        name, clause, direction, stage, process, gas, gwp, kind, formula, allocation, factors = c[:11]
        by_stage[stage].append(e)
        by_process.setdefault("%s.%s" % (stage, process) if process else stage, []).append(e)
        masses = by_gas.setdefault(gas, ([], []))
        masses[0].append(g)
        masses[1].append(e)
        by_kind[kind].append(e)
        share = shares[allocation][ALLOCATIONS[allocation]["product"]] if allocation in shares else None
        trace.append({"contribution": name, "clause": clause, "direction": direction, "stage": stage,
                      "process": process, "gas": gas, "carbon_kind": kind, "formula": formula, "gas_kg": g,
                      "gwp": gwp, "co2e_kg": e, "allocation": allocation, "allocation_share": share,
                      "factors": [dict(FACTORS[f], name=f) for f in factors]})
    fsum = math.fsum
    fossil = fsum(by_kind["fossil"])
    biogenic = [e for e, c in zip(co2e, CONTRIBUTIONS) if c[7] == "biogenic"]
    result = {
        "ruleset": dict(RULESET),
        "declared_unit": {"amount": DECLARED["amount"], "unit": DECLARED["unit"]},
        "unit": "kg CO2e per declared unit",
        "gwp": GWP_SET,
        "total": total,
        "by_stage": {s: fsum(v) for s, v in by_stage.items()},
        "by_process": {p: fsum(v) for p, v in by_process.items()},
        "by_gas": {g: {"mass_kg": fsum(v[0]), "co2e_kg": fsum(v[1])} for g, v in sorted(by_gas.items())},
        "by_carbon_kind": {k: fsum(v) for k, v in by_kind.items()},
        "separately_reported": {
            "fossil": fossil,
            "biogenic_emissions": fsum([e for e in biogenic if e > 0]),
            "biogenic_removals": fsum([e for e in biogenic if e < 0]),
            "land_use_change": fsum(by_kind["land_use_change"]),
            "aircraft": fsum(by_kind["aircraft"]),
            "total_excluding_biogenic": fsum([e for e, c in zip(co2e, CONTRIBUTIONS) if c[7] != "biogenic"]),
        },
        "allocation": {name: {"clause": a["clause"], "method": a["method"], "product": a["product"],
                              "processes": list(a["processes"]), "shares": shares.get(name)}
                       for name, a in ALLOCATIONS.items()},
        "cutoff": cutoff,
        "data": {
            "defaults_used": [{"input": n, "value": values[n], "unit": s["unit"], "source": s["default_source"],
                               "clause": s["clause"]} for n, s in INPUTS.items()
                              if n not in inputs and s["default"] is not None],
            "optional_left_out": [{"input": n, "clause": s["clause"]} for n, s in INPUTS.items()
                                  if n not in inputs and s["default"] is None and s["optional"]],
        },
        "trace": trace,
        "recycling": _recycling_report(co2e, extras),
        "electricity": {name: {"clause": e["clause"], "factor_kind": e["factor_kind"],
                               "source": e["sources"][extras["choice:" + name][0]],
                               "factor_kg_per_kWh": extras["choice:" + name][1] * 3600000.0, "gas": e["gas"]}
                        for name, e in ELECTRICITY.items()},
        "grade": _grade(total),
        # secondary data: defaults and cut-off estimates; an optional input left out does not apply
        "data_quality": _quality_report(co2e, qualities, set(estimates) | {
            n for n, s in INPUTS.items() if n not in inputs and s["default"] is not None}, extras),
    }
    separately = result["separately_reported"]
    separately["packaging"] = fsum([e for e, c in zip(co2e, CONTRIBUTIONS) if c[11]])
    if "biogenic" in extras:
        content = extras["biogenic"]
        separately["biogenic_carbon_content_kgC"] = content if produced is None else content * DECLARED_BASE / produced
    return result


def _recycling_report(co2e, extras):
    out = {}
    for name, r in RECYCLINGS.items():
        terms = {c[13]: e for e, c in zip(co2e, CONTRIBUTIONS) if c[12] == name}
        out[name] = dict({"clause": r["clause"], "approach": r["approach"], "A": extras["A:" + name]}, **terms)
        out[name]["total"] = math.fsum(terms.values())
    return out


def _round(x, decimals, mode):
    """x rounded like the reference interpreter: exactly, from the float's own value."""
    import decimal
    modes = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN, "down": decimal.ROUND_DOWN,
             "up": decimal.ROUND_UP}
    with decimal.localcontext() as context:
        context.prec = 400
        return float(decimal.Decimal(x).quantize(decimal.Decimal(1).scaleb(-decimals), rounding=modes[mode]))


def _grade(total):
    if GRADING is None:
        return None
    value = _round(total, GRADING["decimals"], GRADING["rounding"]) if GRADING["decimals"] is not None else total
    chosen = None
    for name, op, limit in GRADING["classes"]:
        if op is None or (value < limit if op == "<" else value <= limit):
            chosen = name
            break
    return {"clause": GRADING["clause"], "rounded_total": value, "class": chosen}


def _level(rating):
    for name, op, limit in DATA_QUALITY["levels"]:
        if op is None or (rating < limit if op == "<" else rating <= limit):
            return name
    return None


def _data_inputs(c, extras):
    """The inputs a contribution's data rest on: for electricity, the amount and the chosen source."""
    if c[15] is None:
        return c[14]
    e = ELECTRICITY[c[15]]
    return tuple(sorted(set(e["amount_inputs"]) | set(e["source_inputs"][extras["choice:" + c[15]][0]])))


def _quality_report(co2e, qualities, not_measured, extras):
    if DATA_QUALITY is None:
        return None
    order = [level[0] for level in DATA_QUALITY["levels"]]
    ratings = {}
    for name, scores in qualities.items():
        rating = _rating(scores)
        ratings[name] = {"rating": rating, "level": _level(rating)}
    weighted, weights, measured, magnitude = [], [], [], []
    for e, c in zip(co2e, CONTRIBUTIONS):
        size = abs(e)
        magnitude.append(size)
        used = _data_inputs(c, extras)
        number_inputs = [n for n in used if INPUTS[n]["kind"] == "number"]
        if number_inputs and not any(n in not_measured for n in number_inputs):
            measured.append(size)
        rated = [ratings[n]["rating"] for n in used if n in ratings]
        if rated and size:
            weighted.append(size * max(rated))
            weights.append(size)
    total_weight = math.fsum(weights)
    result_rating = math.fsum(weighted) / total_weight if total_weight else None
    magnitude = math.fsum(magnitude)
    primary = math.fsum(measured) / magnitude * 100 if magnitude else None
    violations = []

    def worse(level, required):
        return level is None or order.index(level) > order.index(required)

    for name, required in DATA_QUALITY["input_minimums"]:
        if name not in ratings:
            violations.append({"subject": name, "requirement": required, "message": "`%s` has no quality rating" % name})
        elif worse(ratings[name]["level"], required):
            violations.append({"subject": name, "requirement": required,
                               "message": "`%s` is rated %s, below %s" % (name, ratings[name]["level"], required)})
    result_level = _level(result_rating) if result_rating is not None else None
    required = DATA_QUALITY["result_minimum"]
    if required is not None and (result_rating is None or worse(result_level, required)):
        violations.append({"subject": "result", "requirement": required,
                           "message": "the result is rated %s, below %s" % (result_level or "nothing", required)})
    if DATA_QUALITY["primary_share"] is not None:
        op, percent = DATA_QUALITY["primary_share"]
        if primary is None or not (primary > percent if op == ">" else primary >= percent):
            violations.append({"subject": "primary_share", "requirement": "%s %s %%" % (op, _percent_text(percent)),
                               "message": "the primary data share is below the rule's minimum"})
    return {"clause": DATA_QUALITY["clause"], "scheme": DATA_QUALITY["scheme"], "inputs": ratings,
            "result": {"rating": result_rating, "level": result_level}, "primary_share_percent": primary,
            "violations": violations, "pass": not violations}


def _percent_text(x):
    return str(int(x)) if x == int(x) else repr(x)


def _actual(result, target, subject, measure):
    if target == "grade":
        return 1.0 if result["grade"] and result["grade"]["class"] == subject[0] else 0.0
    if target == "cutoff":
        return 1 if result["cutoff"]["pass"] else 0
    if target == "total":
        return result["total"]
    if target == "stage":
        return result["by_stage"][subject[0]]
    if target == "process":
        return result["by_process"][".".join(subject)]
    if target == "kind":
        return result["by_carbon_kind"][subject[0]]
    gas = result["by_gas"].get(subject[0], {"mass_kg": 0.0, "co2e_kg": 0.0})
    return gas["co2e_kg" if measure == "co2e" else "mass_kg"]


def selftest(out=None):
    """Run the ruleset's worked examples; returns the number of failures."""
    out = out or sys.stdout
    failed = 0
    for title, clause, givens, expectations in EXAMPLES:
        try:
            result = calculate(givens)
        except CalculationError as error:
            out.write("FAIL %s (%s): refused: %s\n" % (title, clause, error.message))
            failed += 1
            continue
        problems = []
        for target, subject, expected, measure, tolerance, relative in expectations:
            actual = _actual(result, target, subject, measure)
            if target == "cutoff":
                if actual != expected:
                    problems.append("cut-off verdict: expected %s" % ("pass" if expected else "fail"))
                continue
            if target == "grade":
                if not actual:
                    problems.append("grade: expected %s, got %s" % (subject[0], (result["grade"] or {}).get("class")))
                continue
            allowed = tolerance * abs(expected) if relative else tolerance
            if not abs(actual - expected) <= allowed:
                problems.append("%s: expected %.10g, got %.10g" % (" ".join((target,) + tuple(subject)), expected, actual))
        failed += bool(problems)
        out.write("%s %s (%s)%s\n" % ("FAIL" if problems else "ok  ", title, clause,
                                      "".join("\n    " + p for p in problems)))
    out.write("%d passed, %d failed\n" % (len(EXAMPLES) - failed, failed))
    return failed


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(__doc__ + "\nusage: python %s [--selftest | --version] < inputs.json\n" % sys.argv[0])
        return 0
    if argv and argv[0] == "--version":
        sys.stdout.write("%s %s (%s; %s)\n" % (RULESET["identifier"], RULESET["version"], RULESET["fingerprint"],
                                               RULESET["compiler"]))
        return 0
    if argv and argv[0] == "--selftest":
        return 1 if selftest() else 0
    if argv:
        sys.stderr.write("unknown argument %s; see --help\n" % argv[0])
        return 2
    try:
        raw = json.loads(sys.stdin.read())
    except ValueError as error:
        json.dump({"error": {"code": "invalid_json", "message": str(error), "field": None, "formula": None,
                             "clause": None}}, sys.stdout)
        sys.stdout.write("\n")
        return 2
    try:
        result = calculate(raw)
    except CalculationError as error:
        json.dump(error.as_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 2
    try:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
