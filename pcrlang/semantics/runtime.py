# ---- runtime (pcrlang/semantics/runtime.py, copied verbatim into every calculator) --------------
# The reporting layer, written once: reading JSON inputs, validating them, the cut-off judgement,
# the data-quality report, grading and rounding, and the assembly of the result. The interpreter
# (pcrlang/semantics/interpret.py) runs it with an exact engine; every generated Python calculator
# carries this file verbatim and runs it with its generated float engine. Standard library only.
#
# A rule reaches this code as SPEC, plain data derived from the IR by pcrlang/core/spec.py, and
# an engine, which computes a rule's formulas (the meaning of the core IR):
#   engine.run(values)   -> (gas_kg, co2e_kg, report, produced, rows): per contribution the kg of its
#                           gas and of CO2e per declared unit, the value of every report field
#                           (None for fixed fields), the production in base units (None if none),
#                           and per contribution None or, for one per row of a table, the kg of
#                           its gas of each row; figures beyond +-1e300 refused (check_range)
#   engine.exact(values) -> the same in exact Fractions (verdicts are decided exactly)
#   engine.rating(scores)-> the data-quality rating of one input's scores, exactly
#   engine.total(raw)    -> the total on plainly valid inputs, or None (a fast path; may be None)
#   engine.arguments(raw)-> the run's arguments for plainly valid inputs, or None (a fast path; may be None)
# Figures come from engine.run (floats in calculators, Fractions in the interpreter); every
# pass/fail (bounds, cut-off, data-quality levels, grades) is decided on exact numbers, so all
# targets give the same verdicts. A JSON number x stands for the decimal repr(x) spells.

import datetime
import json
import math
import re
import sys
from decimal import Decimal
from fractions import Fraction

from .errors import ERRORS, error_message, set_language  # embedded: the catalogue is above

LIMIT = Fraction(10) ** 300  # figures beyond this (kg CO2e per declared unit) are refused
MAX_FLOAT = Fraction(1.7976931348623157e308)  # the largest binary64 number: calculators use floats
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 64
RESULT_ORDER = ("ruleset", "declared_unit", "reference_period", "unit", "gwp", "footprint", "total", "absolute", "by_stage", "by_process", "by_gas",
                "by_carbon_kind", "separately_reported", "allocation", "cutoff", "data", "trace", "rows",
                "top_contributors", "recycling", "electricity", "transport", "grade", "data_quality")
TOP = 10  # the contributors the result lists


class CalculationError(ValueError):
    """A refused calculation: a stable code (see ERRORS), the input or formula at fault, its clause."""

    def __init__(self, code, message, field=None, formula=None, clause=None):
        ValueError.__init__(self, message)
        self.code, self.message, self.field, self.formula, self.clause = code, message, field, formula, clause

    def as_dict(self):
        return {"error": {"code": self.code, "message": self.message, "field": self.field,
                          "formula": self.formula, "clause": self.clause}}


def refuse(code, variant, field=None, formula=None, clause=None, **params):
    field, formula = _clean(field), _clean(formula)
    params.setdefault("field", field)
    params.setdefault("formula", formula)
    raise CalculationError(code, error_message(code, variant, params), field=field, formula=formula, clause=clause)


def _clean(text):
    """Text from the input shown safely: unpaired surrogates and control characters escaped."""
    if text is None or type(text) is not str:
        return text
    if text.isprintable():
        try:
            text.encode("utf-8")
            return text
        except UnicodeEncodeError:
            pass
    return "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "\\u%04x" % ord(c)
                   if ord(c) <= 0xFFFF else "\\U%08x" % ord(c) for c in text)


# ---- reading JSON: the same rules in every target ----------------------------------------------
def read_json(data):
    """Inputs from JSON text or bytes: UTF-8 (a byte-order mark is allowed), one object, each key
    once, no NaN or Infinity, at most MAX_JSON_DEPTH levels, at most MAX_JSON_BYTES. Numbers are
    read as binary64 (a number beyond its range is infinite, refused later as not finite)."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_JSON_BYTES:
            refuse("invalid_json", "size", limit=MAX_JSON_BYTES)
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            refuse("invalid_json", "utf8", offset=error.start)
    elif len(data) > MAX_JSON_BYTES:
        refuse("invalid_json", "size", limit=MAX_JSON_BYTES)
    if data.startswith("\ufeff"):
        data = data[1:]
    try:
        value = json.loads(data, object_pairs_hook=_object, parse_constant=_constant, parse_int=_integer)
    except RecursionError:
        refuse("invalid_json", "depth", limit=MAX_JSON_DEPTH)
    except ValueError as error:
        if isinstance(error, CalculationError):
            raise
        detail = "%s at line %d, column %d" % (error.msg, error.lineno, error.colno) if hasattr(error, "msg") \
            else "a number has too many digits"
        refuse("invalid_json", "syntax", detail=detail)
    _check_text(value)
    return value


def _object(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            refuse("invalid_json", "duplicate", key=_clean(key))
        out[key] = value
    return out


def _constant(literal):
    refuse("invalid_json", "constant", literal=literal)


def _integer(text):
    # beyond any binary64 number: infinite (not finite), without building a huge integer
    return int(text) if len(text) <= 310 else float(text)


def _check_text(value):
    """No unpaired surrogate escapes anywhere, and no more than MAX_JSON_DEPTH levels."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            refuse("invalid_json", "depth", limit=MAX_JSON_DEPTH)
        if type(v) is dict:
            for k, x in v.items():
                _check_string(k)
                stack.append((x, depth + 1))
        elif type(v) is list:
            stack.extend((x, depth + 1) for x in v)
        elif type(v) is str:
            _check_string(v)


def _check_string(s):
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as error:
        refuse("invalid_json", "surrogate", escape="%04x" % ord(s[error.start]))


# ---- numbers ----------------------------------------------------------------------------------
def exact(x):
    """The exact number an input stands for: a float is the decimal its repr spells (0.1 is 1/10)."""
    if type(x) is float:
        return Fraction(repr(x))
    return x if type(x) is Fraction else Fraction(x)


def _json_type(x):
    return {bool: "a boolean", str: "a string", list: "a list", dict: "an object", type(None): "null"}.get(
        type(x), type(x).__name__)


def show(x):
    """A number for a message: six significant digits."""
    try:
        return "%g" % float(x)
    except OverflowError:
        return str(x)


def _decimal(x):
    """A bound or limit as its exact decimal where it has a short one (1/20 -> 0.05; 1/3 -> 0.333333)."""
    if type(x) is not Fraction:
        return str(x)
    if x.denominator == 1:
        return str(x.numerator)
    d, twos, fives = x.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    places = max(twos, fives)
    if d != 1 or places > 30:
        return show(x)
    digits = str(abs(x.numerator) * 10 ** places // x.denominator).rjust(places + 1, "0")
    return ("-" if x < 0 else "") + (digits[:-places] + "." + digits[-places:]).rstrip("0").rstrip(".")


def _sign(x, bound, bound_float):
    """The sign of x - bound, exactly as the interpreter reads x, cheaply where floats decide it."""
    if type(x) is float:
        if x < bound_float:
            return -1
        if x > bound_float:
            return 1
    d = exact(x) - bound
    return (d > 0) - (d < 0)


def _inside(x, b, bf):
    """x inside bounds b = (low, high, low inclusive, high inclusive); bf the bounds as floats."""
    low, high, low_inclusive, high_inclusive = b
    s = _sign(x, low, bf[0])
    if s < 0 or (s == 0 and not low_inclusive):
        return False
    s = _sign(x, high, bf[1])
    return s < 0 or (s == 0 and high_inclusive)


def _interval(b):
    return "%s%s, %s%s" % ("[" if b[2] else "(", _decimal(b[0]), _decimal(b[1]), "]" if b[3] else ")")


# ---- validation -------------------------------------------------------------------------------
def prepare(spec):
    """What the runtime derives from SPEC once: float bounds, the inputs by kind."""
    if "_prepared" in spec:
        return spec
    for s in spec["inputs"].values():
        for x in [s] + list(s.get("columns", {}).values()):
            b = x["bounds"]
            x["bounds_float"] = (float(b[0]), float(b[1])) if b is not None else None
    dq = spec["data_quality"]
    if dq is not None:
        b = dq["bounds"]
        dq["bounds_float"] = (float(b[0]), float(b[1]))
    inputs = spec["inputs"]
    spec["defaulted"] = tuple(n for n, s in inputs.items() if s["default"] is not None)
    spec["omittable"] = tuple(n for n, s in inputs.items() if s["default"] is None and s["optional"])
    spec["_static"] = {}
    spec["_prepared"] = True
    return spec


def _static(spec, figure):
    """What every result of a rule shares, with `figure` applied once: the trace entries' fixed
    fields, the header, the report tree's plan. Built on first use for each figure function."""
    found = spec["_static"].get(figure)
    if found is not None:
        return found
    factors = spec["factors"]
    trace = []
    for c in spec["contributions"]:
        trace.append(({"contribution": c["name"], "clause": c["clause"], "direction": c["direction"],
                       "stage": c["stage"], "process": c["process"], "gas": c["gas"], "carbon_kind": c["carbon_kind"],
                       "formula": c["formula"], "gas_kg": None, "gwp": figure(c["gwp"]), "co2e_kg": None,
                       "allocation": c["allocation"], "allocation_share": None},
                      tuple({"name": n, "clause": factors[n]["clause"], "unit": factors[n]["unit"],
                             "source": factors[n]["source"],
                             "value": figure(factors[n]["value"]) if factors[n]["value"] is not None else None}
                            for n in c["factors"]), c["share"]))
    # the report tree: for each field, the keys of its parent and its own key, and how to fill it
    plan = []  # (parent path, [(key, kind, fixed value or choices, index)]) for runs of one parent
    for k, (path, kind, fixed) in enumerate(spec["report"]):
        if kind == "fixed":
            fixed = list(fixed) if type(fixed) is tuple else figure(fixed) if type(fixed) is Fraction else fixed
        if not plan or plan[-1][0] != path[:-1]:
            plan.append((path[:-1], []))
        plan[-1][1].append((path[-1], kind, fixed, k))
    declared = spec["declared"]
    found = {"trace": trace, "plan": plan, "declared_unit": {"amount": figure(declared["amount"]), "unit": declared["unit"]},
             "zero": figure(Fraction(0))}
    spec["_static"][figure] = found
    return found


def _number(name, x, s, clause):
    """x if it is a finite number inside the input's bounds (the first problem refuses)."""
    t = type(x)
    if t is not float and t is not int and t is not Decimal and t is not Fraction:
        refuse("wrong_type", "number", field=name, clause=clause, got=_json_type(x))
    if t is float and not math.isfinite(x) or t is Decimal and not x.is_finite():
        refuse("not_finite", "value", field=name, clause=clause, value=str(x))
    if t is not float and abs(x) > MAX_FLOAT:
        refuse("not_finite", "large", field=name, clause=s["clause"])
    b = s["bounds"]
    if b is not None and not _inside(x, b, s["bounds_float"]):
        refuse("out_of_bounds", "bounds", field=name, clause=s["clause"], value=show(x), unit=s["unit"],
               interval=_interval(b))
    return x


def _quality(spec, name, s, scores):
    dq = spec["data_quality"]
    if dq is None:
        refuse("invalid_quality", "no_scheme", field=name, clause=s["clause"])
    if type(scores) is not dict or set(scores) != set(dq["criteria"]):
        refuse("invalid_quality", "criteria", field=name, clause=dq["clause"], criteria=", ".join(dq["criteria"]))
    out = {}
    for criterion in dq["criteria"]:
        x = scores[criterion]
        t = type(x)
        if t is bool or not (t is int or t is float or t is Decimal or t is Fraction):
            refuse("wrong_type", "number", field=name, clause=dq["clause"], got=_json_type(x))
        if t is float and not math.isfinite(x) or t is Decimal and not x.is_finite():
            refuse("not_finite", "value", field=name, clause=dq["clause"], value=str(x))
        if not _inside(x, dq["bounds"], dq["bounds_float"]):
            b = dq["bounds"]
            refuse("invalid_quality", "bounds", field=name, clause=dq["clause"], criterion=criterion,
                   low=_decimal(b[0]), high=_decimal(b[1]))
        out[criterion] = exact(x)
    return out


def validate(spec, raw):
    """Checked inputs: (values, cut-off estimates, defaults used, optional inputs left out,
    data-quality scores), values as given (numbers) or keys. The first problem, in declaration
    order, refuses the calculation; unknown inputs are reported first, in sorted order."""
    if type(raw) is not dict:
        refuse("wrong_type", "inputs")
    inputs = spec["inputs"]
    if len(raw) > len(inputs) or not all(name in inputs for name in raw):
        for name in sorted(raw, key=str):
            if name not in inputs:
                refuse("unknown_input", "input", field=str(name), identifier=spec["ruleset"]["identifier"])
    values, estimates, defaults, omitted, qualities = {}, {}, [], [], {}
    for name, s in inputs.items():
        if name not in raw:
            if s["default"] is not None:
                values[name] = s["default"]
                defaults.append(name)
            elif s["optional"]:
                values[name] = [] if s["kind"] == "rows" else 0  # a table left out has no rows
                omitted.append(name)
            else:
                refuse("missing_input", "input", field=name, clause=s["clause"])
            continue
        x = raw[name]
        if type(x) is dict and "value" in x and s["kind"] == "number":
            if not set(x) <= {"value", "quality"}:
                refuse("wrong_type", "measured", field=name, clause=s["clause"])
            if "quality" in x:
                qualities[name] = _quality(spec, name, s, x["quality"])
            x = x["value"]
            if type(x) is dict:
                refuse("wrong_type", "value", field=name, clause=s["clause"])
        if type(x) is dict:
            if set(x) != {"cut_off"}:
                refuse("wrong_type", "cut_off", field=name, clause=s["clause"])
            if spec["cutoff"] is None:
                refuse("cut_off_not_allowed", "no_rule", field=name, clause=s["clause"])
            if s["cut_off"] == "never":
                refuse("cut_off_not_allowed", "never", field=name, clause=spec["cutoff"]["clause"])
            estimates[name] = _number(name, x["cut_off"], s, s["clause"])
            values[name] = 0
        elif s["kind"] == "rows":
            values[name] = _rows(spec, name, s, x, estimates, defaults, omitted)
        elif s["kind"] == "date":
            values[name] = _date(name, x, s)
        elif s["kind"] == "key":
            values[name] = _key(name, x, s)
        else:
            values[name] = _number(name, x, s, s["clause"])
    return values, estimates, defaults, omitted, qualities


def _date(field, x, s):
    """An ISO date (YYYY-MM-DD), kept as written; the engines take its day number."""
    if type(x) is not str or len(x) != 10 or x[4] != "-" or x[7] != "-":
        refuse("wrong_type", "date", field=field, clause=s["clause"], got=_json_type(x) if type(x) is not str
               else "\"%s\"" % _clean(x)[:40])
    try:
        datetime.date.fromisoformat(x)
    except ValueError:
        refuse("wrong_type", "date", field=field, clause=s["clause"], got="\"%s\"" % _clean(x))
    return x


def _key(field, x, s):
    if type(x) is not str:
        refuse("wrong_type", "key", field=field, clause=s["clause"], keyset=s["keyset"])
    if x not in s["keys"]:
        refuse("unknown_key", "key", field=field, clause=s["clause"], value=_clean(x), keyset=s["keyset"])
    return x


def _rows(spec, name, s, rows, estimates, defaults, omitted):
    """A table of rows: a list of objects, each column checked as an input is; a flow column may be
    left out of a row as {"cut_off": estimate}; a value may state its unit, which must be the
    column's. Errors name the table, the row and the column."""
    clause = s["clause"]
    if type(rows) is not list:
        refuse("wrong_type", "rows", field=name, clause=clause, got=_json_type(rows))
    if len(rows) < s["min_rows"]:
        refuse("too_few_rows", "rows", field=name, clause=clause, count=len(rows), minimum=s["min_rows"])
    columns, out, keys = s["columns"], [], {}
    for k, row in enumerate(rows):
        where = "%s[%d]" % (name, k)
        if type(row) is not dict:
            refuse("wrong_type", "row", field=where, clause=clause, got=_json_type(row))
        for column in sorted(row, key=str):
            if column not in columns:
                refuse("unknown_input", "column", field="%s.%s" % (where, _clean(str(column))), table=name)
        values = {}
        for column, c in columns.items():
            field = "%s.%s" % (where, column)
            if column not in row:
                if c["default"] is not None:
                    values[column] = c["default"]
                    defaults.append(field)
                elif c["optional"]:
                    values[column] = "" if c["kind"] == "text" else 0
                    omitted.append(field)
                else:
                    refuse("missing_input", "column", field=field, clause=clause)
                continue
            x = row[column]
            if type(x) is dict and "unit" in x and set(x) <= {"value", "unit"}:
                if x["unit"] != c["unit"]:
                    refuse("unit_mismatch", "column", field=field, clause=clause, unit=_clean(str(x["unit"])),
                           expected=c["unit"])
                x = x.get("value")
            if type(x) is dict:
                if set(x) != {"cut_off"} or c["kind"] != "number":
                    refuse("wrong_type", "cut_off", field=field, clause=clause)
                if spec["cutoff"] is None:
                    refuse("cut_off_not_allowed", "no_rule", field=field, clause=clause)
                if c["cut_off"] == "never":
                    refuse("cut_off_not_allowed", "never", field=field, clause=spec["cutoff"]["clause"])
                estimates[field] = _number(field, x["cut_off"], c, clause)
                values[column] = 0
            elif c["kind"] == "text":
                if type(x) is not str:
                    refuse("wrong_type", "text", field=field, clause=clause)
                values[column] = x
            elif c["kind"] == "key":
                values[column] = _key(field, x, c)
            else:
                values[column] = _number(field, x, c, clause)
        key = s["key"]
        if key is not None:
            if values[key] in keys:
                refuse("duplicate_row", "row", field="%s.%s" % (where, key), clause=clause, table=name,
                       first=keys[values[key]], row=k, key=_clean(str(values[key])))
            keys[values[key]] = k
        out.append(values)
    return out


def _arguments(spec, values, convert):
    """The engine's arguments: every input's value in SPEC's order, numbers converted (a table of
    rows as a list of dicts)."""
    inputs = spec["inputs"]
    return [_converted(inputs[n], values[n], convert) for n in spec["order"]]


def _converted(s, value, convert):
    kind = s["kind"]
    if kind == "number":
        return convert(value)
    if kind == "date":  # the day number (proleptic Gregorian ordinal): dates compare as numbers
        return convert(datetime.date.fromisoformat(value).toordinal())
    if kind != "rows":
        return value
    numbers = [c for c, cs in s["columns"].items() if cs["kind"] == "number"]
    out = []
    for row in value:
        row = dict(row)
        for c in numbers:
            row[c] = convert(row[c])
        out.append(row)
    return out


def _exact_values(spec, values):
    """The values with every number exact (dates stay as written: _arguments takes their day numbers)."""
    inputs = spec["inputs"]
    return {n: v if inputs[n]["kind"] == "date" else _converted(inputs[n], v, exact) for n, v in values.items()}


_CELL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]\.([A-Za-z_][A-Za-z0-9_]*)$")


def _cell(flow):
    """(table, row, column) of a flow left out of a row (`materials[2].mass`), or None for an input."""
    found = _CELL.match(flow)
    return (found.group(1), int(found.group(2)), found.group(3)) if found else None


def _flow_spec(spec, flow):
    cell = _cell(flow)
    return spec["inputs"][flow] if cell is None else spec["inputs"][cell[0]]["columns"][cell[2]]


def _with(values, flow, x):
    """The values with one flow (an input, or a column of a row) set to x."""
    out = dict(values)
    cell = _cell(flow)
    if cell is None:
        out[flow] = x
        return out
    table, k, column = cell
    rows = list(out[table])
    rows[k] = dict(rows[k])
    rows[k][column] = x
    out[table] = rows
    return out


def _flows_in_order(spec, estimates):
    """The flows left out, in declaration order (inputs, then each table's rows and columns)."""
    order = []
    for n, s in spec["inputs"].items():
        if n in estimates:
            order.append(n)
        elif s["kind"] == "rows":
            cells = [f for f in estimates if _cell(f) and _cell(f)[0] == n]
            columns = list(s["columns"])
            order.extend(sorted(cells, key=lambda f: (_cell(f)[1], columns.index(_cell(f)[2]))))
    return order


def _float(x):
    return float(x)


# ---- ranges -------------------------------------------------------------------------------------
def _within(x):
    """|x| <= 1e300 (floats against the float limit; exact numbers exactly)."""
    if type(x) is float:
        return -1e300 <= x <= 1e300
    return -LIMIT <= x <= LIMIT


def check_range(spec, co2e, report):
    """Refuse a result with a contribution or a report figure beyond +-1e300 kg CO2e."""
    for e, c in zip(co2e, spec["contributions"]):
        if not _within(e):
            refuse("overflow", "contribution", formula=c["name"], clause=c["clause"])
    for value, field in zip(report, spec["report"]):
        if field[1] == "value" and not _within(value):
            refuse("overflow", "figure", formula="result." + ".".join(field[0]))


# ---- cut-off ------------------------------------------------------------------------------------
def cutoff_report(spec, engine, values, estimates, figure):
    """The cut-off judgement, exactly: each flow left out (an input, or a flow column of a row)
    against the per-flow thresholds (its share of the product's mass, of all energy flows, or of
    the emissions with every estimate in), and all of them against the cumulative ones."""
    cutoff = spec["cutoff"]
    if not estimates:
        return {"clause": cutoff["clause"] if cutoff else None, "flows": [], "shares_percent": {},
                "exempted_emissions_percent": figure(Fraction(0)), "pass": True}
    exact_values = _exact_values(spec, values)
    exact_estimates = {n: exact(v) for n, v in estimates.items()}
    full = exact_values
    for flow, x in exact_estimates.items():
        full = _with(full, flow, x)
    result = engine.exact(_arguments(spec, full, _same))
    full_co2e, produced = result[1], result[3]
    full_total = sum(full_co2e, Fraction(0))
    reported_total = sum(engine.exact(_arguments(spec, exact_values, _same))[1], Fraction(0))
    product_mass = spec["declared"]["base"] if produced is None else produced
    energy_total = Fraction(0)
    for n, s in spec["inputs"].items():
        if s["energy_flow"]:
            energy_total += full[n] * s["to_base"]
        elif s["kind"] == "rows":
            for c, cs in s["columns"].items():
                if cs["energy_flow"]:
                    energy_total += sum((row[c] for row in full[n]), Fraction(0)) * cs["to_base"]

    def emissions_share(difference, name):
        if full_total == 0:
            if difference == 0:
                return Fraction(0)
            refuse("cut_off_undefined", "emissions", field=name, clause=cutoff["clause"])
        return difference / full_total

    def share(basis, amount, name):
        denominator = product_mass if basis == "mass" else energy_total
        if denominator == 0:
            refuse("cut_off_undefined", "reference", field=name, clause=cutoff["clause"], basis=basis)
        return amount / denominator

    def passes(threshold, fraction):
        op, percent, basis = threshold
        return fraction * 100 < percent if op == "<" else fraction * 100 <= percent

    flows, all_pass = [], True
    for name in _flows_in_order(spec, estimates):
        s = _flow_spec(spec, name)
        co2e = engine.exact(_arguments(spec, _with(full, name, Fraction(0)), _same))[1]
        shares = {"emissions": emissions_share(full_total - sum(co2e, Fraction(0)), name)}
        if s["cut_off"] in ("mass", "energy"):
            shares[s["cut_off"]] = share(s["cut_off"], exact_estimates[name] * s["to_base"], name)
        applicable = [t for t in cutoff["per_flow"] if t[2] in shares]
        if cutoff["per_flow"] and not applicable:
            refuse("cut_off_not_allowed", "no_criterion", field=name, clause=cutoff["clause"],
                   dimension=s["dimension_text"])
        ok = all(passes(t, shares[t[2]]) for t in applicable)
        all_pass = all_pass and ok
        flows.append({"input": name, "clause": s["clause"], "estimate": figure(exact_estimates[name]),
                      "unit": s["unit"], "shares_percent": {b: _percent(x, figure) for b, x in sorted(shares.items())},
                      "pass": ok})
    totals = {"emissions": emissions_share(full_total - reported_total, None)}
    for basis in ("mass", "energy"):
        if any(t[2] == basis for t in cutoff["total"]):
            amount = sum((exact_estimates[n] * _flow_spec(spec, n)["to_base"] for n in estimates
                          if _flow_spec(spec, n)["cut_off"] == basis), Fraction(0))
            totals[basis] = share(basis, amount, None)
    for t in cutoff["total"]:
        all_pass = all_pass and passes(t, totals[t[2]])
    return {"clause": cutoff["clause"], "flows": flows,
            "shares_percent": {b: _percent(x, figure) for b, x in sorted(totals.items())},
            "exempted_emissions_percent": _percent(totals["emissions"], figure), "pass": all_pass}


def _same(x):
    return x


def _percent(fraction, figure):
    value = fraction * 100
    if not _within(value):
        refuse("overflow", "figure", formula="result.cutoff")
    return figure(value)


# ---- grading ----------------------------------------------------------------------------------
def round_decimal(x, decimals, mode):
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


def grade(spec, total, figure):
    """The class of the exact total, rounded first as the rule says."""
    g = spec["grading"]
    if g is None:
        return None
    value = round_decimal(total, g["decimals"], g["rounding"]) if g["decimals"] is not None else total
    chosen = None
    for name, op, limit in g["classes"]:
        if op is None or (value < limit if op == "<" else value <= limit):
            chosen = name
            break
    return {"clause": g["clause"], "rounded_total": figure(value), "class": chosen}


# ---- data quality -------------------------------------------------------------------------------
def _level(dq, rating):
    for name, op, limit in dq["levels"]:
        if op is None or (rating < limit if op == "<" else rating <= limit):
            return name
    return None


def _data_inputs(c, report):
    """The inputs whose data a contribution rests on: for electricity, the chosen source's too."""
    used = c["data_inputs"]
    if c["choice"] is not None:
        used = tuple(sorted(set(used) | set(c["choice_inputs"][report[c["choice"]]])))
    return used


def _add(values):
    """The sum of figures: exact for exact numbers, math.fsum for floats."""
    return math.fsum(values) if values and type(values[0]) is float else sum(values, Fraction(0))


def primary_share(spec, co2e, report, rows, values, not_measured):
    """The share (%) of the |CO2e| whose data are primary (PACT's primaryDataShare): a
    contribution's data are primary when the company measured them (no default and no cut-off
    estimate among the number inputs it rests on; an optional input left out does not apply) and it
    uses no secondary dataset; a contribution per row of a table is judged row by row (a row with a
    default or an estimate, or that its provenance column calls secondary, is secondary). None for a
    result of zero."""
    inputs = spec["inputs"]
    measured, magnitude = [], []
    for e, c, per_row in zip(co2e, spec["contributions"], rows):
        used = _data_inputs(c, report)
        choice_secondary = c["choice_secondary"][report[c["choice"]]] if c["choice"] is not None else False
        numbers = [n for n in used if inputs[n]["kind"] == "number"]
        primary = not (c["secondary_data"] or choice_secondary) and not any(n in not_measured for n in numbers)
        if per_row is None:
            magnitude.append(abs(e))
            if numbers and primary:
                measured.append(abs(e))
            continue
        table = inputs[c["rows"]]
        gwp = c["gwp"] if type(e) is not float else float(c["gwp"])
        cells = {f[:f.index("]") + 1] for f in not_measured if f.startswith(c["rows"] + "[")}
        for k, g in enumerate(per_row):
            size = abs(g * gwp)
            magnitude.append(size)
            row_secondary = table["provenance"] is not None and values[c["rows"]][k][table["provenance"]] != "primary"
            if primary and not row_secondary and "%s[%d]" % (c["rows"], k) not in cells:
                measured.append(size)
    total = _add(magnitude)
    return _add(measured) / total * 100 if total else None


def quality_report(spec, engine, co2e, report, rows, values, qualities, not_measured, figure):
    """Ratings of the inputs, of the result (emission-weighted, each contribution rated by its worst
    rated input), the primary data share (emissions of contributions whose data the company
    measured: no default and no cut-off among the inputs they use; an optional input left out
    does not apply), and every requirement violated. Exact: co2e are exact Fractions."""
    dq = spec["data_quality"]
    if dq is None:
        return None
    order = [level[0] for level in dq["levels"]]
    inputs = spec["inputs"]
    ratings, rated_values = {}, {}
    for name, scores in qualities.items():
        rating = engine.rating(scores)
        rated_values[name] = rating
        ratings[name] = {"rating": figure(rating), "level": _level(dq, rating)}
    weighted, weights = Fraction(0), Fraction(0)
    for e, c in zip(co2e, spec["contributions"]):
        size = abs(e)
        rated = [rated_values[n] for n in _data_inputs(c, report) if n in rated_values]
        if rated and size:
            weighted += size * max(rated)
            weights += size
    result_rating = weighted / weights if weights else None
    primary = primary_share(spec, co2e, report, rows, values, not_measured)
    violations = []

    def worse(level, required):
        return level is None or order.index(level) > order.index(required)

    for name, required in dq["input_minimums"]:
        if name not in ratings:
            violations.append({"subject": name, "requirement": required, "message": "`%s` has no quality rating" % name})
        elif worse(ratings[name]["level"], required):
            violations.append({"subject": name, "requirement": required,
                               "message": "`%s` is rated %s, below %s" % (name, ratings[name]["level"], required)})
    result_level = _level(dq, result_rating) if result_rating is not None else None
    required = dq["result_minimum"]
    if required is not None and (result_rating is None or worse(result_level, required)):
        violations.append({"subject": "result", "requirement": required,
                           "message": "the result is rated %s, below %s" % (result_level or "nothing", required)})
    if dq["primary_share"] is not None:
        op, percent = dq["primary_share"]
        if primary is None or not (primary > percent if op == ">" else primary >= percent):
            violations.append({"subject": "primary_share", "requirement": "%s %s %%" % (op, _decimal(percent)),
                               "message": "the primary data share is below the rule's minimum"})
    return {"clause": dq["clause"], "scheme": dq["scheme"], "inputs": ratings,
            "result": {"rating": figure(result_rating) if result_rating is not None else None, "level": result_level},
            "primary_share_percent": figure(primary) if primary is not None else None,
            "violations": violations, "pass": not violations}


# ---- the result -------------------------------------------------------------------------------
def _report_tree(static, report):
    """The report fields as nested objects, in SPEC's order."""
    tree = {}
    parents = {(): tree}
    for parent, fields in static["plan"]:
        node = parents.get(parent)
        if node is None:
            node = tree
            for k in range(len(parent)):
                sub = parents.get(parent[:k + 1])
                if sub is None:
                    sub = node[parent[k]] = parents[parent[:k + 1]] = {}
                node = sub
        for key, kind, fixed, k in fields:
            node[key] = report[k] if kind == "value" else fixed[report[k]] if kind == "choice" else fixed
    return tree


def assemble(spec, values, defaults, omitted, gas_kg, co2e, report, rows, cutoff, grading, quality, primary,
             figure):
    """The result object: the header, the report fields and the runtime's sections, in RESULT_ORDER."""
    inputs = spec["inputs"]
    static = _static(spec, figure)
    trace = []
    for g, e, (fixed, factors, share) in zip(gas_kg, co2e, static["trace"]):
        entry = dict(fixed)
        entry["gas_kg"], entry["co2e_kg"] = g, e
        if share is not None:
            entry["allocation_share"] = report[share]
        entry["factors"] = [dict(f) for f in factors]
        trace.append(entry)
    sections = _report_tree(static, report)
    sections.update({
        "ruleset": dict(spec["ruleset"]),
        "declared_unit": dict(static["declared_unit"]),
        "reference_period": _period(spec, values),
        "unit": "kg CO2e per declared unit",
        "gwp": spec["gwp_set"],
        "cutoff": cutoff,
        "data": {
            "defaults_used": [_default_used(spec, values, n, figure) for n in defaults],
            "optional_left_out": [{"input": n, "clause": _flow_spec(spec, n)["clause"]} for n in omitted],
            "primary_data_share_percent": primary if primary is None or type(primary) is float else figure(primary),
        },
        "trace": trace,
        "rows": _rows_report(spec, values, rows),
        "top_contributors": _top(spec, values, co2e, rows),
        "grade": grading,
        "data_quality": quality,
    })
    return {key: sections.get(key, {}) for key in RESULT_ORDER}


def _period(spec, values):
    """The reference period of the result: the rule's, or the one the inputs give."""
    period = spec["period"]
    if period is None:
        return None
    if "inputs" in period:
        start, end = period["inputs"]
        return {"start": values[start], "end": values[end]}
    return {"start": period["start"], "end": period["end"]}


def _default_used(spec, values, name, figure):
    """A default the calculation used: of an input, or of a column of a row (`materials[2].data`)."""
    s = _flow_spec(spec, name)
    cell = _cell(name)
    value = values[name] if cell is None else values[cell[0]][cell[1]][cell[2]]
    return {"input": name, "value": figure(value) if s["kind"] == "number" else value, "unit": s["unit"],
            "source": s["default_source"], "clause": s["clause"]}


def _row_key(spec, table, k, values):
    key = spec["inputs"][table]["key"]
    return values[table][k][key] if key is not None else None


def _rows_report(spec, values, rows):
    """Per contribution for each row of a table: the row, its key, its kg of gas and of CO2e."""
    out = {}
    for c, per_row in zip(spec["contributions"], rows):
        if per_row is None:
            continue
        table, gwp = c["rows"], c["gwp"]
        out[c["name"]] = [{"row": k, "key": _row_key(spec, table, k, values), "gas_kg": g,
                           "co2e_kg": g if gwp == 1 else g * (float(gwp) if type(g) is float else gwp)}
                          for k, g in enumerate(per_row)]
    return out


def _top(spec, values, co2e, rows):
    """The largest contributors by |CO2e|: contributions, and each row of a per-row contribution."""
    items = []
    for c, e, per_row in zip(spec["contributions"], co2e, rows):
        if per_row is None:
            items.append((abs(e), c["name"], None, None, e))
            continue
        gwp = c["gwp"]
        for k, g in enumerate(per_row):
            x = g if gwp == 1 else g * (float(gwp) if type(g) is float else gwp)
            items.append((abs(x), c["name"], k, _row_key(spec, c["rows"], k, values), x))
    # ranked by |CO2e| to 9 significant digits, ties in declaration order: every target ranks alike
    items.sort(key=lambda item: -float("%.9g" % item[0]))
    return [{"contribution": name, "row": k, "key": key, "co2e_kg": x} for _, name, k, key, x in items[:TOP]]


class Exact:
    """An engine's exact run, computed at most once per calculation and values."""

    def __init__(self, spec, engine, values):
        self.spec, self.engine, self.values, self.result = spec, engine, values, None

    def get(self):
        if self.result is None:
            self.result = self.engine.exact(_arguments(self.spec, _exact_values(self.spec, self.values), _same))
        return self.result


def compute(spec, raw, engine, figure=_float):
    """The full result: total, breakdowns, allocation shares, cut-off report, data quality, grade
    and trace; or a CalculationError, never a partial result."""
    prepare(spec)
    args = engine.arguments(raw) if engine.arguments is not None else None
    if args is not None:  # plainly valid inputs (numbers inside their bounds, keys): nothing to judge
        values = dict(zip(spec["order"], args))
        estimates, qualities = {}, {}
        defaults = [n for n in spec["defaulted"] if n not in raw]
        omitted = [n for n in spec["omittable"] if n not in raw]
    else:
        values, estimates, defaults, omitted, qualities = validate(spec, raw)
        args = None if engine.run is engine.exact else _arguments(spec, values, _float)
    exact_run = Exact(spec, engine, values)
    gas_kg, co2e, report, _, rows = exact_run.get() if args is None else engine.run(args)
    if estimates or spec["cutoff"] is None:
        cutoff = cutoff_report(spec, engine, values, estimates, figure)
    else:
        cutoff = {"clause": spec["cutoff"]["clause"], "flows": [], "shares_percent": {},
                  "exempted_emissions_percent": _static(spec, figure)["zero"], "pass": True}
    grading = None
    if spec["grading"] is not None:
        grading = grade(spec, sum(exact_run.get()[1], Fraction(0)), figure)
    quality = None
    if spec["data_quality"] is not None:
        _, exact_co2e, exact_report, _, exact_rows = exact_run.get()
        # secondary data: defaults and cut-off estimates; an optional input left out does not apply
        quality = quality_report(spec, engine, exact_co2e, exact_report, exact_rows, values, qualities,
                                 set(defaults) | set(estimates), figure)
    share = primary_share(spec, co2e, report, rows, values, set(defaults) | set(estimates))
    return assemble(spec, values, defaults, omitted, gas_kg, co2e, report, rows, cutoff, grading, quality, share,
                    figure)


def compute_total(spec, raw, engine):
    """The footprint alone (kg CO2e per declared unit), with full validation; flows left out must
    meet the cut-off criteria (a total that does not is refused: cut_off_exceeded)."""
    if engine.total is not None:
        total = engine.total(raw)
        if total is not None:
            return total
    prepare(spec)
    values, estimates, _, _, _ = validate(spec, raw)
    if engine.run is engine.exact:
        co2e, report = Exact(spec, engine, values).get()[1:3]
    else:
        co2e, report = engine.run(_arguments(spec, values, _float))[1:3]
    if estimates:
        refuse_failed_cutoff(cutoff_report(spec, engine, values, estimates, _float))
    total = report[spec["total"]]
    if not _within(total):
        refuse("overflow", "figure", formula="result.total")
    return total


def refuse_failed_cutoff(cutoff):
    """Refuse (cut_off_exceeded) a result whose flows left out do not meet the cut-off criteria:
    its total is no footprint of the rule. `cutoff` is a result's cut-off report (or None)."""
    if cutoff and cutoff["pass"] is False:
        failing = [f["input"] for f in cutoff["flows"] if not f["pass"]] or ["all flows left out"]
        refuse("cut_off_exceeded", "total", clause=cutoff["clause"], flows=", ".join(failing))


# ---- worked examples ------------------------------------------------------------------------------
def actual_value(result, target, subject, measure):
    """The figure (or verdict) of a result an example's expectation names."""
    if target == "cutoff":
        return 1 if result["cutoff"]["pass"] else 0
    if target == "grade":
        return result["grade"]["class"] if result.get("grade") else None
    if target == "total":
        return result["total"]
    if target == "stage":
        return result["by_stage"][subject[0]]
    if target == "process":
        return result["by_process"][".".join(subject)]
    if target == "kind":
        return result["by_carbon_kind"][subject[0]]
    gas = result["by_gas"].get(subject[0], {"mass_kg": 0, "co2e_kg": 0})
    return gas["co2e_kg" if measure == "co2e" else "mass_kg"]


def example_failures(expectations, result):
    """Messages for every expectation the result misses (empty when the example passes).
    expectations: (target, subject, expected, measure, tolerance, relative) with exact numbers."""
    out = []
    for target, subject, expected, measure, tolerance, relative in expectations:
        actual = actual_value(result, target, subject, measure)
        if target == "grade":
            if actual != subject[0]:
                out.append("expected grade %s, got %s" % (subject[0], actual))
            continue
        if target == "cutoff":
            if actual != expected:
                out.append("expected cut-off %s, got %s" % ("pass" if expected else "fail", "pass" if actual else "fail"))
            continue
        allowed = tolerance * abs(expected) if relative else tolerance
        if not abs(exact(actual) - expected) <= allowed:
            what = "%s %s" % (target, ".".join(subject)) if subject else target
            unit_note = "kg CO2e" if measure == "co2e" else "kg %s" % subject[0]
            out.append("%s: expected %.10g %s (± %.3g), got %.10g" % (what, float(expected), unit_note,
                                                                       float(allowed), float(actual)))
    return out


def example_inputs(givens, convert=_float):
    """An example's inputs as a calculator takes them: (name, kind, exact value) -> dict."""
    out = {}
    for name, kind, value in givens:
        if kind == "rows":  # a table of rows: each row's givens in turn
            out[name] = [example_inputs(row, convert) for row in value]
        else:
            out[name] = value if kind == "key" else {"cut_off": convert(value)} if kind == "cut_off" else convert(value)
    return out


def run_examples(spec, calculate_one, out=None):
    """Run the rule's worked examples through a calculator; returns the number of failures."""
    out = out or sys.stdout
    failed = 0
    for title, clause, givens, expectations in spec["examples"]:
        try:
            result = calculate_one(example_inputs(givens))
        except CalculationError as error:
            out.write("FAIL %s (%s): refused: %s\n" % (title, clause, error.message))
            failed += 1
            continue
        problems = example_failures(expectations, result)
        failed += bool(problems)
        out.write("%s %s (%s)%s\n" % ("FAIL" if problems else "ok  ", title, clause,
                                      "".join("\n    " + p for p in problems)))
    out.write("%d passed, %d failed\n" % (len(spec["examples"]) - failed, failed))
    return failed


def write_json(value, stream):
    """JSON out: UTF-8, unpaired surrogates escaped so the output is always valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=2)
    stream.write(text + "\n")


PROTOCOL = 1  # the JSON-lines protocol of `--jsonl` (docs/protocol.md)


def is_hello(value):
    """A protocol greeting: {"pcr": "hello"}, optionally with "protocol"; nothing else."""
    return type(value) is dict and value.get("pcr") == "hello" and set(value) <= {"pcr", "protocol"}


def hello(spec, source=None):
    """The calculator's answer to a greeting: the rule it implements and its own identity (the
    sha256 of its source file, when it has one)."""
    import hashlib
    r = spec["ruleset"]
    own = {"name": "pcrlang Python calculator", "compiler": r["compiler"]}
    if source:
        try:
            with open(source, "rb") as f:
                own["sha256"] = "sha256:" + hashlib.sha256(f.read()).hexdigest()
        except OSError:
            pass
    return {"pcr": "hello", "protocol": PROTOCOL, "calculator": own,
            "ruleset": {k: r[k] for k in ("identifier", "version", "fingerprint", "publication_fingerprint")}}


def _line(value):
    """One JSON value on one line, valid UTF-8 (unpaired surrogates escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text + "\n"


def serve_lines(spec, calculate_one, stdin, stdout, source=None):
    """The JSON-lines protocol over binary streams: one JSON value per line in, one answer per line
    out (UTF-8), in order and flushed: a greeting's answer, the result object, or {"error": {...}} for a refusal (an input
    line that is not valid JSON is refused as invalid_json). Blank lines are skipped."""
    for raw in stdin:
        if not raw.strip():
            continue
        try:
            value = read_json(raw.rstrip(b"\r\n") if type(raw) is bytes else raw.rstrip("\r\n"))
            answer = hello(spec, source) if is_hello(value) else calculate_one(value)
        except CalculationError as error:
            answer = error.as_dict()
        stdout.write(_line(answer).encode("utf-8"))
        stdout.flush()
    return 0


def command_line(spec, calculate_one, doc, argv=None, source=None):
    """The calculator's command line: JSON inputs on stdin, the result (or the error) on stdout;
    with --jsonl, one calculation per line (serve_lines). Exit 0: computed; 1: the examples fail
    (--selftest); 2: a usage error; 3: the calculation is refused (the error object says why), also
    when the flows left out fail the cut-off criteria (cut_off_exceeded, as calculate_total)."""
    argv = sys.argv[1:] if argv is None else argv
    if "--lang" in argv:
        k = argv.index("--lang")
        set_language(argv[k + 1] if k + 1 < len(argv) else "en")
        argv = argv[:k] + argv[k + 2:]
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(doc + "\nusage: python %s [--selftest | --version | --jsonl] [--lang zh|en] < inputs.json\n"
                         % sys.argv[0])
        return 0
    if argv and argv[0] == "--version":
        r = spec["ruleset"]
        sys.stdout.write("%s %s (%s; %s)\n" % (r["identifier"], r["version"], r["fingerprint"], r["compiler"]))
        return 0
    if argv and argv[0] == "--selftest":
        return 1 if run_examples(spec, calculate_one) else 0
    if argv == ["--jsonl"]:
        try:
            return serve_lines(spec, calculate_one, sys.stdin.buffer, sys.stdout.buffer, source)
        except (BrokenPipeError, KeyboardInterrupt):
            return 1
    if argv:
        sys.stderr.write("unknown argument %s; see --help\n" % argv[0])
        return 2
    try:
        result = calculate_one(read_json(sys.stdin.buffer.read()))
        refuse_failed_cutoff(result.get("cutoff"))  # a total the cut-off rule does not allow is refused
    except CalculationError as error:
        write_json(error.as_dict(), sys.stdout)
        return 3
    try:
        write_json(result, sys.stdout)
    except BrokenPipeError:
        return 1
    return 0
