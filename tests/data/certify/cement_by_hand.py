"""A cement calculator written by hand from the text of tests/data/cement_v1.pcr (the superseded cement rule, frozen as a fixture), outside pcrlang:
what a company's own script might be. It speaks the JSON-lines protocol (one input per line in,
one answer per line out) and gives the total, the stages, the processes, the gases and the
carbon kinds, and the rule's refusals; it has no cut-off report. With --wrong-grid it uses the
2021 grid factor (0.5703) instead of the rule's 0.5366 kg CO2/kWh: deliberately wrong."""
import json
import math
import sys

GRID = 0.5703 if "--wrong-grid" in sys.argv else 0.5366
# name: (clause, low, high, low included, cut-off allowed); coal_ncv defaults to 25.8, purchased_clinker to 0
INPUTS = {"cement_output": ("6.1.1", 0, 1e9, False, False), "clinker_output": ("6.1.2", 0, 1e9, True, False),
          "cao_content": ("6.1.3", 0, 1, True, False), "mgo_content": ("6.1.4", 0, 1, True, False),
          "coal": ("6.1.5", 0, 1e9, True, False), "coal_ncv": ("6.1.6", 10, 35, True, False),
          "electricity": ("6.1.7", 0, 1e12, True, False), "quarry_diesel": ("6.1.8", 0, 1e6, True, True),
          "purchased_clinker": ("6.1.9", 0, 1e9, True, True)}
DEFAULTS = {"coal_ncv": 25.8, "purchased_clinker": 0}


class Refused(Exception):
    pass


def number(name, x):
    clause, low, high, low_in, _ = INPUTS[name]
    if type(x) not in (int, float):
        raise Refused("wrong_type", name)
    if abs(x) > 1.7976931348623157e308 or not math.isfinite(x):
        raise Refused("not_finite", name)
    if not (low < x or (low_in and x == low)) or x > high:
        raise Refused("out_of_bounds", name)
    return x


def calculate(raw):
    if type(raw) is not dict:
        raise Refused("wrong_type", None)
    for name in sorted(raw):
        if name not in INPUTS:
            raise Refused("unknown_input", name)
    v = {}
    for name, (clause, low, high, low_in, may_cut) in INPUTS.items():
        if name not in raw:
            if name not in DEFAULTS:
                raise Refused("missing_input", name)
            v[name] = DEFAULTS[name]
        elif type(raw[name]) is dict:
            if set(raw[name]) != {"cut_off"}:
                raise Refused("wrong_type", name)
            if not may_cut:
                raise Refused("cut_off_not_allowed", name)
            number(name, raw[name]["cut_off"])
            v[name] = 0  # left out: counts zero in the reported total
        else:
            v[name] = number(name, raw[name])
    t = v["cement_output"]
    kiln = 1000 * v["clinker_output"] * (v["cao_content"] * 44 / 56 + v["mgo_content"] * 44 / 40) / t \
        + v["coal"] * v["coal_ncv"] * 94600 / 1000 / t
    grinding = v["electricity"] * GRID / t
    quarrying = v["quarry_diesel"] * 43.0 * 74100 / 1000 / t
    bought = v["purchased_clinker"] * 520 / t
    total = kiln + grinding + quarrying + bought
    return {"total": total, "by_stage": {"raw_materials": quarrying + bought, "production": kiln + grinding},
            "by_process": {"raw_materials.quarrying": quarrying, "raw_materials.purchased_clinker": bought,
                           "production.kiln": kiln, "production.grinding": grinding},
            "by_gas": {"CO2": {"mass_kg": total, "co2e_kg": total}},
            "by_carbon_kind": {"fossil": total, "biogenic": 0.0, "land_use_change": 0.0, "aircraft": 0.0}}


for line in sys.stdin:
    try:
        answer = calculate(json.loads(line))
    except Refused as refusal:
        answer = {"error": {"code": refusal.args[0], "field": refusal.args[1]}}
    print(json.dumps(answer), flush=True)
