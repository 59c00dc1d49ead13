"""A portable conformance suite of one rule version: cases with expected values, as JSON.

`build` runs every probe of the generators (pcrlang/certify/cases.py, edges.py, thresholds.py)
through the exact interpreter: a computed case lists the fields compared (each with its path,
group, defining clause, expected value and absolute tolerance), a refused case the refusal's code.
The suite carries the rule's identity and both fingerprints, the compiler version, the seed and
the tolerance; `write` gives byte-identical text for the same rule, seed and options. The format
(docs/suite-format.md) is described by pcrlang/certify/schemas/suite.schema.json and readable
without pcrlang: a verifier in any language compares `fields` with |got - value| <= tolerance.
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Optional

from .. import __version__
from ..core import ir
from ..interpret import CalculationError
from . import DEFAULT_RANDOM, GROUPS, cases, edges, tables, thresholds  # noqa: F401 (re-exported)

FORMAT = 1
DEFAULT_RELATIVE = Fraction(1, 10 ** 9)  # the agreement every generated calculator promises
VERDICT_KEYS = {"pass", "level", "class"}  # verdicts: compared exactly, never with a tolerance
SCHEMA = Path(__file__).resolve().parent / "schemas" / "suite.schema.json"


class SuiteError(ValueError):
    """A suite file that cannot be used: the message says what is wrong and what to do."""


def generators() -> tuple:
    """Every generator in the order its cases appear (an earlier case wins a duplicate input)."""
    return cases.BASIC + tables.GENERATORS + edges.GENERATORS + thresholds.GENERATORS + (cases.refusals,)


def build(rs: ir.Ruleset, fingerprint: str, publication: str, seed: int = 0, random: int = DEFAULT_RANDOM,
          relative: Optional[Fraction] = None) -> dict:
    ctx = cases.Context(rs, fingerprint)
    rel = DEFAULT_RELATIVE if relative is None else Fraction(relative)
    probes = [p for g in generators() for p in g(ctx)] + list(cases.randoms(ctx, random, seed))
    seen: dict = {}
    out = []
    for probe in probes:
        data = cases.to_json(ctx.nest(probe.input))
        key = json.dumps(data, sort_keys=True)
        if key in seen:  # the same input: one case, which says what else it covers
            seen[key].setdefault("also", []).append(probe.id)
            continue
        seen[key] = _case(ctx, probe, data, rel)
        out.append(seen[key])
    kinds = {k: sum(c["kind"] == k for c in out) for k in ("example", "boundary", "refusal", "random")}
    cited = sorted({c["clause"] for c in out if c.get("clause")} |
                   {f["clause"] for c in out for f in c.get("fields", ()) if f.get("clause")} |
                   {n for c in out for f in c.get("fields", ()) for n in f.get("defined_by", ())} |
                   {c["error"]["clause"] for c in out if c["expect"] == "error" and c["error"]["clause"]}, key=_clause_key)
    titles = {x.number: {"zh": x.title.zh, "en": x.title.en} for x in rs.clauses}
    return {
        "pcrlang_suite": FORMAT,
        "ruleset": {"identifier": rs.identifier, "version": rs.version, "status": rs.status,
                    "title": {"zh": rs.title.zh, "en": rs.title.en},
                    "fingerprint": fingerprint, "publication_fingerprint": publication},
        "compiler": f"pcrlang {__version__}",
        "generator": {"seed": seed, "random": random,
                      "tolerance": {"relative": float(rel), "basis": "default" if relative is None else "given"}},
        "summary": {"cases": len(out), "by_kind": kinds, "computed": sum(c["expect"] == "result" for c in out),
                    "refused": sum(c["expect"] == "error" for c in out),
                    "thresholds_not_reached_exactly": list(ctx.misses)},
        "clauses": {n: titles.get(n, {"zh": None, "en": None}) for n in cited},
        "cases": out,
    }


def _clause_key(number: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


def _case(ctx: cases.Context, probe: cases.Probe, data, rel: Fraction) -> dict:
    outcome = ctx.expected(data)
    case = {"id": probe.id, "kind": probe.kind, "title": {"en": probe.title("en"), "zh": probe.title("zh")},
            "clause": probe.clause, "input": data}
    if isinstance(outcome, CalculationError):
        case["expect"] = "error"
        case["error"] = {"code": outcome.code, "field": outcome.field, "formula": outcome.formula,
                         "clause": outcome.clause}
    else:
        case["expect"] = "result"
        case["fields"] = fields(ctx.rs, outcome, rel)
    return case


# ---- the compared fields ------------------------------------------------------------------------------------
def fields(rs: ir.Ruleset, result: dict, rel: Fraction) -> list:
    """The fields of an exact result a case compares: figures with an absolute tolerance (rel times
    the larger of the figure and the magnitude of the terms it sums), verdicts and names exactly."""
    clause = {c.subject: c.number for c in rs.clauses}
    trace = result["trace"]
    magnitude = sum((abs(t["co2e_kg"]) for t in trace), Fraction(0))
    out: list = []

    def add(path, group, where, value=None, scale=magnitude, defined_by=None, length=None):
        entry = {"path": list(path), "group": group, "clause": where}
        if length is not None:  # a list of exactly this many items (none missing, none extra)
            entry["length"] = length
            out.append(entry)
            return
        entry["value"] = _json(value)
        if defined_by:
            entry["defined_by"] = defined_by
        if type(value) in (Fraction, int, float) and type(value) is not bool and path[-1] not in VERDICT_KEYS:
            entry["tolerance"] = float(rel * max(abs(Fraction(value)), Fraction(scale)))
        out.append(entry)

    add(("total",), "total", clause.get("calculation"), result["total"])
    def contributions(test):  # the clauses of the contributions a figure sums
        return [c.clause for c in rs.contributions if test(c)]

    for stage, v in result["by_stage"].items():
        add(("by_stage", stage), "by_stage", clause.get(f"stage:{stage}"), v,
            defined_by=contributions(lambda c: c.stage == stage))
    for key, v in result["by_process"].items():
        add(("by_process", key), "by_process", clause.get(f"stage:{key.split('.')[0]}"), v,
            defined_by=contributions(lambda c: f"{c.stage}.{c.process}" == key))
    for gas, v in result["by_gas"].items():
        gas_scale = sum((abs(t["gas_kg"]) for t in trace if t["gas"] == gas), Fraction(0))
        by = contributions(lambda c: c.gas == gas)
        add(("by_gas", gas, "mass_kg"), "by_gas", clause.get("gwp"), v["mass_kg"], gas_scale, defined_by=by)
        add(("by_gas", gas, "co2e_kg"), "by_gas", clause.get("gwp"), v["co2e_kg"], defined_by=by)
    for kind, v in result["by_carbon_kind"].items():
        add(("by_carbon_kind", kind), "by_carbon_kind", clause.get("calculation"), v)
    for key, v in result["separately_reported"].items():
        # kg CO2e, except the biogenic carbon content (kg C), which sums no terms
        add(("separately_reported", key), "separately_reported", clause.get("reporting"), v,
            abs(Fraction(v)) if key.endswith("_kgC") else magnitude)
    for name, a in result["allocation"].items():
        for product, share in (a["shares"] or {}).items():  # substitution: no shares
            add(("allocation", name, "shares", product), "allocation", a["clause"], share, 1)
    for name, e in result["electricity"].items():
        add(("electricity", name, "source"), "electricity", e["clause"], e["source"])
        add(("electricity", name, "factor_kg_per_kWh"), "electricity", e["clause"], e["factor_kg_per_kWh"], 0)
    for name, r in result["recycling"].items():
        for key, v in r.items():
            if key in ("clause", "approach"):
                continue
            add(("recycling", name, key), "recycling", r["clause"], v, 1 if key == "A" else magnitude)
    for name, per_row in result["rows"].items():  # a contribution per row of a table
        where = next((c.clause for c in rs.contributions if c.name == name), None)
        add(("rows", name), "rows", where, length=len(per_row))
        for k, r in enumerate(per_row):
            add(("rows", name, k, "key"), "rows", where, r["key"])
            add(("rows", name, k, "gas_kg"), "rows", where, r["gas_kg"])
            add(("rows", name, k, "co2e_kg"), "rows", where, r["co2e_kg"])
    for name, t in result["transport"].items():
        tkm = sum((Fraction(m["tkm"]) for m in t["by_mode"].values()), Fraction(0))
        if "empty_return" in t:  # reported only when the block states an empty-return share
            add(("transport", name, "empty_return"), "transport", t["clause"], t["empty_return"], 1)
        for mode, m in t["by_mode"].items():
            add(("transport", name, "by_mode", mode, "tkm"), "transport", t["clause"], m["tkm"], tkm)
            add(("transport", name, "by_mode", mode, "co2e_kg"), "transport", t["clause"], m["co2e_kg"])
        add(("transport", name, "co2e_kg"), "transport", t["clause"], t["co2e_kg"])
    period = result["reference_period"]
    if period is not None:
        add(("reference_period", "start"), "reference_period", clause.get("time_and_geography"), period["start"])
        add(("reference_period", "end"), "reference_period", clause.get("time_and_geography"), period["end"])
    data = result["data"]
    where = rs.data_quality.clause if rs.data_quality is not None else clause.get("calculation")
    add(("data", "primary_data_share_percent"), "data", where, data["primary_data_share_percent"], 100)
    add(("data", "defaults_used"), "data", where, length=len(data["defaults_used"]))
    for k, d in enumerate(data["defaults_used"]):
        add(("data", "defaults_used", k, "input"), "data", d["clause"], d["input"])
    _judgements(result, add)
    return out


def _judgements(result: dict, add) -> None:
    c = result["cutoff"]
    if c["clause"] is not None:
        add(("cutoff", "pass"), "cutoff", c["clause"], c["pass"])
        add(("cutoff", "flows"), "cutoff", c["clause"], length=len(c["flows"]))
        for k, f in enumerate(c["flows"]):
            add(("cutoff", "flows", k, "input"), "cutoff", c["clause"], f["input"])
            add(("cutoff", "flows", k, "pass"), "cutoff", c["clause"], f["pass"])
            for basis, v in f["shares_percent"].items():
                add(("cutoff", "flows", k, "shares_percent", basis), "cutoff", c["clause"], v, 100)
        for basis, v in c["shares_percent"].items():
            add(("cutoff", "shares_percent", basis), "cutoff", c["clause"], v, 100)
        add(("cutoff", "exempted_emissions_percent"), "cutoff", c["clause"], c["exempted_emissions_percent"], 100)
    q = result["data_quality"]
    if q is not None:
        add(("data_quality", "pass"), "data_quality", q["clause"], q["pass"])
        for name, rating in q["inputs"].items():
            add(("data_quality", "inputs", name, "rating"), "data_quality", q["clause"], rating["rating"], 1)
            add(("data_quality", "inputs", name, "level"), "data_quality", q["clause"], rating["level"])
        add(("data_quality", "result", "rating"), "data_quality", q["clause"], q["result"]["rating"], 1)
        add(("data_quality", "result", "level"), "data_quality", q["clause"], q["result"]["level"])
        add(("data_quality", "primary_share_percent"), "data_quality", q["clause"], q["primary_share_percent"], 100)
        add(("data_quality", "violations"), "data_quality", q["clause"], length=len(q["violations"]))
        for k, v in enumerate(q["violations"]):
            add(("data_quality", "violations", k, "subject"), "data_quality", q["clause"], v["subject"])
    g = result["grade"]
    if g:
        add(("grade", "class"), "grade", g["clause"], g["class"])
        add(("grade", "rounded_total"), "grade", g["clause"], g["rounded_total"])


def _json(value):
    return float(value) if type(value) is Fraction else value


# ---- reading and writing ---------------------------------------------------------------------------------------
def dumps(suite: dict) -> str:
    """The suite as text: the header indented, one case per line (compact, diff-friendly)."""
    head = {k: v for k, v in suite.items() if k != "cases"}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in suite["cases"])
    return text[:-2] + ',\n  "cases": [\n' + lines + "\n  ]\n}\n"


def write(suite: dict, path: Path) -> Path:
    path = Path(path)
    if path.suffix != ".json":
        path.mkdir(parents=True, exist_ok=True)
        path = path / "suite.json"
    path.write_text(dumps(suite), encoding="utf-8", newline="\n")
    return path


def load(path: str) -> dict:
    """A suite file (or a directory holding suite.json), checked; SuiteError says what is wrong."""
    p = Path(path)
    if p.is_dir():
        p = p / "suite.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except OSError as error:
        raise SuiteError(f"cannot read the suite {p}: {error.strerror or error}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise SuiteError(f"{p} is not a JSON suite file ({error}); make one with `pcr suite RULESET -o DIR`") from None
    problems = check(data)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise SuiteError(f"{p} is not a valid suite (format {FORMAT}): {shown}")
    return data


def _no_constant(literal):
    raise ValueError(f"{literal} is not a JSON number")


def check(data) -> list:
    """Problems of a suite's structure (what the JSON Schema says, checked without a library)."""
    if type(data) is not dict:
        return ["the file holds no JSON object"]
    if data.get("pcrlang_suite") != FORMAT:
        return [f"`pcrlang_suite` is {data.get('pcrlang_suite')!r}, not {FORMAT} (a suite of another format, or no suite)"]
    problems = []
    r = data.get("ruleset")
    if type(r) is not dict or not all(type(r.get(k)) is str for k in ("identifier", "version", "fingerprint")):
        problems.append("`ruleset` needs identifier, version and fingerprint")
    if type(data.get("cases")) is not list:
        return problems + ["`cases` must be a list"]
    ids = set()
    for k, c in enumerate(data["cases"]):
        where = f"case {k + 1}"
        if type(c) is not dict or type(c.get("id")) is not str:
            problems.append(f"{where} has no `id`")
            continue
        where = f"case {c['id']}"
        if c["id"] in ids:
            problems.append(f"{where} appears twice")
        ids.add(c["id"])
        if "input" not in c:
            problems.append(f"{where} has no `input`")
        if c.get("expect") == "error":
            if type(c.get("error")) is not dict or type(c["error"].get("code")) is not str:
                problems.append(f"{where} expects an error without its `code`")
        elif c.get("expect") == "result":
            problems += _check_fields(where, c.get("fields"))
        else:
            problems.append(f"{where}: `expect` must be \"result\" or \"error\"")
    return problems


def _check_fields(where: str, items) -> list:
    if type(items) is not list:
        return [f"{where}: `fields` must be a list"]
    out = []
    for f in items:
        if type(f) is not dict or type(f.get("path")) is not list or not f["path"] or ("value" in f) == ("length" in f):
            out.append(f"{where}: a field needs a non-empty `path` and a `value` (or a `length`)")
        elif not all(type(p) in (str, int) for p in f["path"]):
            out.append(f"{where}: a path holds keys (strings) and indices (integers) only")
        elif "tolerance" in f and (type(f["tolerance"]) not in (int, float) or f["tolerance"] < 0):
            out.append(f"{where}: the tolerance of {'.'.join(map(str, f['path']))} must be a number >= 0")
    return out
