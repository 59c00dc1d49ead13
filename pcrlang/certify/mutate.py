"""Mutants of a compiled calculator, and the share of them a suite catches (its mutation score).

A mutant is the generated calculator's source with one fault a hand-made calculator could have:
- constant: a folded constant of the float engine `_run` off by 1 % (figures only: verdicts and
  cut-off shares come from the exact engine, as in the real calculator);
- exact_constant: an entry of `_K`, the exact engine's constants, off by 1 % (verdicts, shares);
- drop: one contribution dropped, from the float engine or from the exact engine;
- swap: one operator of a formula in `_run` swapped (* and /, + and -);
- comparison: `<` for `<=` or the reverse, in the runtime's cut-off, grading, data-quality and
  primary-share comparisons, and an inclusive bound's end taken as exclusive (and the reverse);
- gwp: a gas's GWP from another IPCC report (AR5 for AR6, AR6 otherwise), in both engines;
- share: an allocation's share of the declared product ignored (taken as 1), everywhere;
- bound: an input's bounds not checked, on the fast path and in the full validation;
- construct: faults in the newer constructs: a per-row contribution (a bill of materials, transport
  legs) counting only a table's first row; a dated value's first or last day not in force for a
  period starting or ending on it; a twelve-month period of 365 days refused; a table's
  provenance column ignored in the primary data share.

A mutant is killed when `pcr verify` would fail it on the suite (the first failing case is enough).
A survivor is compared exactly with the original calculator on the suite's inputs, every
generator's inputs made afresh and many random ones: if no output differs
it is counted equivalent (with the reason), and so is one whose figures differ only by binary64
rounding (within 1e-12 relatively: below any tolerance a suite can ask); a comparison mutant
whose threshold the suite could not reach exactly, and the generator cannot show to be
unreachable, is a survivor.
"""
from __future__ import annotations

import json
import re
import types
from fractions import Fraction
from typing import Optional

import attrs

from ..backends.python import generate, literal
from ..core import ir
from ..domain.gases import GWP_SETS
from . import cases
from .protocol import Answer, parse
from .suite import generators
from .verify import first_failure

ROUNDING = 1e-12  # a mutant whose figures differ by less (relatively) differs by rounding only
FLOAT = re.compile(r"(?<![\w.\[])(\d+\.\d*(?:e[+-]?\d+)?|\d+e[+-]?\d+)(?![\w.])")
RUNTIME_COMPARISONS = (
    # (what it mutates, the construct it needs, original text, mutated text)
    ("cut-off `<` taken as `<=`", "cutoff", 'fraction * 100 < percent if op == "<"', 'fraction * 100 <= percent if op == "<"'),
    ("cut-off `<=` taken as `<`", "cutoff", "else fraction * 100 <= percent", "else fraction * 100 < percent"),
    ("grading `<` taken as `<=`", "grading", 'value < limit if op == "<"', 'value <= limit if op == "<"'),
    ("grading `<=` taken as `<`", "grading", "else value <= limit", "else value < limit"),
    ("quality level `<` taken as `<=`", "data_quality", 'rating < limit if op == "<"', 'rating <= limit if op == "<"'),
    ("quality level `<=` taken as `<`", "data_quality", "else rating <= limit", "else rating < limit"),
    ("primary share `>` taken as `>=`", "primary_share", 'primary > percent if op == ">"', 'primary >= percent if op == ">"'),
    ("primary share `>=` taken as `>`", "primary_share", "else primary >= percent", "else primary > percent"),
    ("inclusive lower bounds taken as exclusive", "bounds", "(s == 0 and not low_inclusive)", "(s == 0)"),
    ("exclusive lower bounds taken as inclusive", "bounds", "(s == 0 and not low_inclusive)", "(False)"),
    ("inclusive upper bounds taken as exclusive", "bounds", "(s == 0 and high_inclusive)", "(False)"),
    ("exclusive upper bounds taken as inclusive", "bounds", "(s == 0 and high_inclusive)", "(s == 0)"),
)


@attrs.frozen
class Mutant:
    id: str
    operator: str
    description: str
    source: str = attrs.field(repr=False)


def _span(source: str, name: str) -> tuple:
    """The text of one top-level function of the source: (start, end)."""
    start = source.index(f"\ndef {name}(") + 1
    end = source.find("\ndef ", start + 1)
    return start, end if end != -1 else len(source)


def _in_function(source: str, name: str, pattern: str, replace) -> Optional[str]:
    """The source with the first match of pattern inside function `name` replaced (None: no match)."""
    start, end = _span(source, name)
    body, n = re.subn(pattern, replace, source[start:end], count=1, flags=re.M)
    return source[:start] + body + source[end:] if n else None


def mutants(rs: ir.Ruleset, fingerprint: str, source: Optional[str] = None) -> list:
    """Every mutant of the rule's generated calculator, in a stable order."""
    source = source or generate(rs, fingerprint)
    out: list = []
    out += _constants(source)
    out += _exact_constants(source)
    out += _drops(rs, source)
    out += _swaps(source)
    out += _comparisons(rs, source)
    out += _gwps(rs, source)
    out += _shares(rs, source)
    out += _bounds(rs, source)
    out += _constructs(rs, source)
    return out


def _binding_lines(source: str, name: str) -> list:
    """(offset, line) of the assignments to bindings and contributions in function `name`."""
    start, end = _span(source, name)
    out, offset = [], start
    for line in source[start:end].splitlines(keepends=True):
        if re.match(r"\s+[bg]\d+ = ", line):
            out.append((offset, line))
        offset += len(line)
    return out


def _constants(source: str) -> list:
    out = []
    for offset, line in _binding_lines(source, "_run"):
        target = line.split("=")[0].strip()
        for k, m in enumerate(FLOAT.finditer(line)):
            value = float(m.group(1))
            wrong = repr(value * 1.01) if value else "0.01"
            mutated = source[:offset + m.start(1)] + wrong + source[offset + m.end(1):]
            out.append(Mutant(f"constant/{target}/{k + 1}", "constant",
                              f"`{m.group(1)}` in {target} of the float engine taken as {wrong}", mutated))
    return out


def _exact_constants(source: str) -> list:
    """Each entry of the exact engine's constants `_K` off by 1 % (a zero taken as 1/100)."""
    line = next(x for x in source.splitlines() if x.startswith("_K = ("))
    head, comment = line[len("_K = ("):].split(")  #", 1)
    items = re.split(r"(?<=\)), (?=_F\()", head.rstrip(","))
    out = []
    for k, item in enumerate(items):
        num, den = re.fullmatch(r"_F\((-?\d+)(?:, (\d+))?\)", item).groups()
        value = Fraction(int(num), int(den or 1))
        wrong = value * Fraction(101, 100) if value else Fraction(1, 100)
        changed = items[:k] + [literal(wrong)] + items[k + 1:]
        new_line = "_K = (" + ", ".join(changed) + ("," if len(changed) == 1 else "") + ")  #" + comment
        out.append(Mutant(f"exact_constant/{k}", "exact_constant",
                          f"_K[{k}] = {value} in the exact engine taken as {wrong}", source.replace(line, new_line, 1)))
    return out


def _drops(rs: ir.Ruleset, source: str) -> list:
    out = []
    for k, c in enumerate(rs.contributions):
        for engine, zero in (("_run", "0.0"), ("_run_exact", "_ZERO")):
            mutated = _in_function(source, engine, rf"^(\s+)g{k} = .*$", rf"\g<1>g{k} = {zero}")
            if mutated:
                out.append(Mutant(f"drop/{engine}/{c.name}", "drop",
                                  f"contribution `{c.name}` ({c.clause}) dropped from {engine}", mutated))
    return out


def _swaps(source: str) -> list:
    out = []
    for offset, line in _binding_lines(source, "_run"):
        target = line.split("=")[0].strip()
        for k, m in enumerate(re.finditer(r" ([*/+-]) ", line)):
            op = m.group(1)
            other = {"*": "/", "/": "*", "+": "-", "-": "+"}[op]
            mutated = source[:offset + m.start(1)] + other + source[offset + m.end(1):]
            out.append(Mutant(f"swap/{target}/{k + 1}", "swap", f"`{op}` in {target} of the float engine taken as `{other}`",
                              mutated))
    return out


def _comparisons(rs: ir.Ruleset, source: str) -> list:
    present = {"cutoff": rs.cutoff is not None, "grading": rs.grading is not None,
               "data_quality": rs.data_quality is not None,
               "primary_share": rs.data_quality is not None and rs.data_quality.primary_share is not None,
               "bounds": any(i.bounds is not None for i in rs.inputs)}
    out = []
    for k, (what, needs, old, new) in enumerate(RUNTIME_COMPARISONS):
        if present[needs] and old in source:
            out.append(Mutant(f"comparison/{k + 1}", "comparison", what, source.replace(old, new, 1)))
    return out


def _gwps(rs: ir.Ruleset, source: str) -> list:
    other_set = "AR5" if rs.gwp_set == "AR6" else "AR6"
    out = []
    for k, c in enumerate(rs.contributions):
        if c.gwp == 1:
            continue
        wrong = GWP_SETS[other_set].get(c.gas)
        wrong = wrong if wrong is not None and wrong != c.gwp else c.gwp * Fraction(105, 100)
        mutated = _in_function(source, "_run", rf"^(\s+)e{k} = g{k} \* .*$", rf"\g<1>e{k} = g{k} * {float(wrong)!r}")
        mutated = mutated and _in_function(mutated, "_run_exact", rf"^(\s+)e{k} = g{k} \* .*$",
                                           rf"\g<1>e{k} = g{k} * {literal(wrong)}")
        if mutated:
            out.append(Mutant(f"gwp/{c.name}", "gwp", f"GWP of {c.gas} in `{c.name}` taken as {wrong} ({other_set})",
                              mutated))
    return out


def _shares(rs: ir.Ruleset, source: str) -> list:
    """Each allocation's share of the declared product taken as 1, in every engine."""
    binding = {s.name: f"b{k}" for k, s in enumerate(rs.steps) if type(s) is ir.Let}  # as the emitter names them
    out = []
    for a in rs.allocations:
        charged = [(k, binding[c.share]) for k, c in enumerate(rs.contributions)
                   if c.allocation == a.name and c.share in binding]
        mutated = source
        for engine, one in (("_run", "1.0"), ("_run_exact", "_F(1)"), ("_total", "1.0")):
            for k, share in charged:
                mutated = _in_function(mutated, engine, rf"^(\s+g{k} = .*)\b{share}\b", rf"\g<1>{one}") or mutated
        if mutated != source:
            out.append(Mutant(f"share/{a.name}", "share", f"allocation `{a.name}` ({a.clause}): the share of "
                              f"`{a.product}` ignored", mutated))
    return out


def _bounds(rs: ir.Ruleset, source: str) -> list:
    out = []
    spec_line = next(x for x in source.splitlines() if x.startswith("SPEC = "))
    for i in rs.inputs:
        if i.bounds is None:
            continue
        b = i.bounds
        text = "'bounds': " + literal((b.low, b.high, b.low_inclusive, b.high_inclusive))
        start = spec_line.find(f"{i.name!r}: {{'clause': ")
        at = spec_line.find(text, start)
        if start < 0 or at < 0:
            continue
        new_line = spec_line[:at] + "'bounds': None" + spec_line[at + len(text):]
        mutated = source.replace(spec_line, new_line, 1)
        var = f"i_{i.name}"
        mutated = _in_function(mutated, "_fast_args", rf"(\(|and )[^\n]*? {var} [^\n]*?(?=\n|\):)",
                               lambda m: m.group(1) + "True") or mutated
        out.append(Mutant(f"bound/{i.name}", "bound", f"the bounds of `{i.name}` ({i.clause}) not checked", mutated))
    return out


def _constructs(rs: ir.Ruleset, source: str) -> list:
    out = []
    for table in dict.fromkeys(c.rows for c in rs.contributions if c.rows):
        mutated = re.sub(rf"(for r\d+ in i_{table})\]$", r"\1[:1]]", source, flags=re.M)
        if mutated != source:
            out.append(Mutant(f"construct/first_row/{table}", "construct",
                              f"only the first row of `{table}` counted in its per-row contributions", mutated))
    if rs.period_inputs:
        start, end = rs.period_inputs
        for what, pattern, new in (("first", rf"\(i_{start} >= ", f"(i_{start} > "),
                                   ("last", rf"\(i_{end} <= ", f"(i_{end} < "),
                                   ("twelve_months", rf"(- i_{start} \+ [^)]*\) )>=", r"\1>")):
            mutated = re.sub(pattern, new, source)
            if mutated != source:
                description = {"first": "a dated value not in force on its first day (`>` for `>=`)",
                               "last": "a dated value not in force on its last day (`<` for `<=`)",
                               "twelve_months": "a twelve-month period of 365 days refused (`>` for `>=`)"}[what]
                out.append(Mutant(f"construct/period/{what}", "construct", description, mutated))
    if any(c.provenance for i in rs.inputs for c in i.columns):
        old = 'row_secondary = table["provenance"] is not None and values[c["rows"]][k][table["provenance"]] != "primary"'
        if old in source:
            out.append(Mutant("construct/provenance", "construct", "a table's provenance column ignored in the primary "
                              "data share", source.replace(old, "row_secondary = False")))
    return out


# ---- running mutants --------------------------------------------------------------------------------
def load(source: str, name: str = "mutant") -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__["__name__"] = name
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


class ModuleCalculator:
    """A calculator module called in this process; its answers go through JSON as on the wire."""

    def __init__(self, module: types.ModuleType):
        self.module = module

    def describe(self) -> dict:
        return {"protocol": "jsonl", "command": "in process"}

    def ask(self, value, timeout: float) -> Answer:
        if self.module.is_hello(value):
            return Answer("answer", self.module.hello(self.module.SPEC))
        return parse(self.answer(value))

    def answer(self, value) -> str:
        try:
            result = self.module.calculate(json.loads(json.dumps(value)))
        except self.module.CalculationError as error:
            result = error.as_dict()
        except Exception as error:  # a mutant may break: that is an answer too (a crash, in a process)
            result = {"crashed": type(error).__name__}
        return json.dumps(result, sort_keys=True, default=str)

    def stop(self) -> None:
        pass


def score(rs: ir.Ruleset, fingerprint: str, suite: dict, extra: int = 300, seed: int = 1,
          only: Optional[list] = None) -> dict:
    """The suite's mutation score on the rule's calculator: every mutant run through `verify`."""
    source = generate(rs, fingerprint)
    original = ModuleCalculator(load(source, "original"))
    ctx = cases.Context(rs, fingerprint)
    # the equivalence check's inputs: the suite's, every generator's afresh (so a suite that lacks
    # a boundary does not make its mutant look equivalent) and random ones of another seed
    probes = list({json.dumps(x, sort_keys=True): x for x in
                   [c["input"] for c in suite["cases"]] + [cases.to_json(ctx.nest(p.input)) for g in generators() for p in g(ctx)]
                   + [cases.to_json(p.input) for p in cases.randoms(ctx, extra, seed)]}.values())
    expected = [original.answer(x) for x in probes]
    unreachable = [m for m in suite["summary"]["thresholds_not_reached_exactly"] if "cannot reach" in m]
    missed = [m for m in suite["summary"]["thresholds_not_reached_exactly"] if "cannot reach" not in m]
    rows = []
    for m in mutants(rs, fingerprint, source):
        if only is not None and m.id not in only and m.operator not in only:
            continue
        try:
            module = ModuleCalculator(load(m.source, "mutant"))
        except SyntaxError as error:
            rows.append({"id": m.id, "operator": m.operator, "description": m.description, "status": "invalid",
                         "reason": str(error)})
            continue
        failing = first_failure(suite, module)
        if failing is not None:
            rows.append({"id": m.id, "operator": m.operator, "description": m.description, "status": "killed",
                         "by": failing})
            continue
        answers = [module.answer(x) for x in probes]
        witness = next((k for k, a in enumerate(answers) if a != expected[k]), None)
        row = {"id": m.id, "operator": m.operator, "description": m.description}
        rounding = witness is not None and all(_within_rounding(a, b) for a, b in zip(answers, expected))
        if rounding:
            row.update(status="equivalent", reason="it differs from the original only by binary64 rounding (figures "
                       f"within {ROUNDING:g} of each other, relatively), below any tolerance a suite can ask")
        elif witness is not None:
            row.update(status="survived", reason="the suite misses a difference these inputs show",
                       witness=probes[witness])
        elif m.operator == "comparison" and _judged(m, missed + unreachable):
            if _judged(m, missed):
                row.update(status="survived", reason="no case lies exactly on the threshold: " + "; ".join(_judged(m, missed)))
            else:
                row.update(status="equivalent", reason="the threshold cannot be reached: " + "; ".join(_judged(m, unreachable)))
        else:
            row.update(status="equivalent", reason=f"no output differs on {len(probes)} inputs "
                       f"(the suite's, every generator's and {extra} random ones)")
        rows.append(row)
    counts = {s: sum(r["status"] == s for r in rows) for s in ("killed", "survived", "equivalent", "invalid")}
    judged = counts["killed"] + counts["survived"]
    return {"ruleset": rs.identifier, "version": rs.version, "mutants": len(rows), **counts,
            "score": counts["killed"] / judged if judged else 1.0, "suite_cases": len(suite["cases"]),
            "by_operator": {op: {s: sum(r["operator"] == op and r["status"] == s for r in rows)
                                 for s in ("killed", "survived", "equivalent")}
                            for op in dict.fromkeys(r["operator"] for r in rows)},
            "rows": rows}


def _within_rounding(a: str, b: str) -> bool:
    """Two answers (JSON texts) equal but for figures within ROUNDING of each other, relatively."""
    if a == b:
        return True
    stack = [(json.loads(a), json.loads(b))]
    while stack:
        x, y = stack.pop()
        if type(x) is float and type(y) in (int, float) or type(y) is float and type(x) in (int, float):
            if not abs(x - y) <= ROUNDING * max(abs(x), abs(y)):
                return False
        elif type(x) is not type(y):
            return False
        elif type(x) is dict:
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif type(x) is list:
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif x != y:
            return False
    return True


def _judged(m: Mutant, thresholds: list) -> list:
    """The thresholds (as the suite lists them) a cut-off, grading or primary-share comparison
    mutant judges: the same construct and the operator it mutates."""
    words = {"cut-off": "cut-off", "grading": "grading", "primary share": "primary data share"}
    for key, word in words.items():
        if m.description.startswith(key):
            op = m.description.split("`")[1]
            return [x for x in thresholds if x.startswith(word) and f" {op} " in x]
    return []
