"""The JavaScript backend: one ES module with no dependencies (Node 18+ and browsers) from the IR,
and a TypeScript declaration file of its input and result types.

Layout of a generated calculator, as the Python one's: a comment naming the rule; ERRORS, the
run-time error catalogue as JSON (from pcrlang/semantics/errors.py's data, never retyped); the
runtime (runtime.mjs beside this file, verbatim: the reviewed JavaScript port of
pcrlang/semantics/runtime.py); SPEC (pcrlang/core/spec.py) as a JSON literal with exact numbers
as "p/q" strings; the rule's tables; the generated engine: the program in binary64 floats
(`runFloat`) and in exact rationals (`runExact`, for verdicts); then the exports `calculate`,
`calculateTotal`, `calculateJson`, `selftest` and the command line (`node calc.mjs --jsonl`).
Everything taken from the ruleset is emitted as JSON escaped for a script element (emit.literal)
or as a validated identifier with a prefix, so no ruleset text becomes code, and the module can
be inlined in an HTML page (pcrlang/backends/form.py).
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from ...core import ir
from ...core.serialize import publication_fingerprint
from ...core.spec import spec as make_spec
from ...semantics.errors import ERROR_WORDS, ERRORS
from ..translate import describe, engines
from . import emit
from .declarations import declarations  # noqa: F401  (re-exported: the .d.ts)

RUNTIME = Path(__file__).resolve().parent / "runtime.mjs"


def runtime_source() -> str:
    return RUNTIME.read_text(encoding="utf-8")


def _data(value):
    """SPEC's plain data as JSON-able data: tuples as lists, exact numbers as "p/q" strings."""
    t = type(value)
    if t is dict:
        return {k: _data(v) for k, v in value.items()}
    if t is tuple or t is list:
        return [_data(v) for v in value]
    if t is Fraction:
        return str(value)
    if value is None or t in (bool, int, str):
        return value
    raise TypeError(f"not SPEC data: {value!r}")


def spec_data(rs: ir.Ruleset, fingerprint: str, publication: str) -> dict:
    """SPEC as the JavaScript runtime reads it (reviveSpec): a fixed report value that is a number
    comes as {"exact": "p/q"}, so that no text is taken for a number."""
    spec = make_spec(rs, fingerprint, publication)
    report = [(path, kind, {"exact": str(v)} if kind == "fixed" and type(v) is Fraction else v)
              for path, kind, v in spec["report"]]
    return _data(dict(spec, report=report))


_SUPPORT = '''
const ENGINE = makeEngine(runFloat, runExact, RATING);
prepare(SPEC);

/** The full result: total, breakdowns, allocation shares, cut-off report, data quality and trace. */
export function calculate(inputs) {
  return compute(SPEC, inputs, ENGINE);
}

/** The footprint alone (kg CO2e per declared unit), with full validation and cut-off rules. */
export function calculateTotal(inputs) {
  return computeTotal(SPEC, inputs, ENGINE);
}

/** The full result from JSON text or UTF-8 bytes, read as every pcrlang calculator reads them. */
export function calculateJson(data) {
  return calculate(readJson(data));
}

/** Run the ruleset's worked examples; returns the number of failures (lines go to `write`). */
export function selftest(write = (text) => (typeof process === "object" && process.stdout
  ? process.stdout.write(text) : console.log(text.replace(/\\n$/, "")))) {
  return runExamples(SPEC, calculate, write);
}

export { SPEC, DOC, CalculationError, setLanguage, runtime };

runAsProgram(SPEC, calculate, DOC, import.meta.url);
'''


def generate(rs: ir.Ruleset, fingerprint: str, publication: str | None = None) -> str:
    publication = publication or publication_fingerprint(rs)
    doc = (describe(rs, fingerprint, publication) +
           "An ES module without dependencies (Node 18+ and browsers). Use: calculate(inputs) -> result;\n"
           "calculateTotal(inputs) -> number; node calc.mjs < inputs.json; node calc.mjs --selftest;\n"
           "node calc.mjs --jsonl (one JSON input per line in, one result per line out).\n")
    floats, exact, args, constants = engines(emit.Emitter, rs)
    engine = []
    engine += emit.run_function(floats, "runFloat", args)
    engine += emit.run_function(exact, "runExact", args)
    if rs.data_quality is not None:
        engine += emit.rating_function(exact)
    checks = [[s.code, s.variant, s.subject, s.field, s.clause, [list(p) for p in s.params]]
              for s in rs.steps if type(s) is ir.Check]
    out = ["".join(f"// {emit.comment(line)}\n" if line else "//\n" for line in doc.splitlines()).rstrip("\n"),
           f"const DOC = {emit.literal(doc)};\n",
           "// ---- run-time errors (pcrlang/semantics/errors.py, as JSON) -----------------------------------",
           f"const ERRORS = {emit.literal(ERRORS)};\n",
           f"const ERROR_WORDS = {emit.literal(ERROR_WORDS)};\n",
           runtime_source(),
           "// ---- the rule ------------------------------------------------------------------------------",
           f"const SPEC = reviveSpec({emit.literal(spec_data(rs, fingerprint, publication))});",
           "// [code, message variant, formula, input, clause, message parameters] of each run-time check",
           f"const CHECKS = {emit.literal(checks)};"]
    for k, t in enumerate(rs.tables):
        out.append(f"const T_{k} = new Map({emit.literal([[r.key, float(r.base_value)] for r in t.rows])});"
                   f"  // {emit.comment(t.name)}, base units")
        out.append(f"const TX_{k} = new Map({emit.literal([[r.key, str(r.base_value)] for r in t.rows])}"
                   ".map(([k, v]) => [k, qparse(v)]));")
    out.append("")
    out.extend(engine)
    out.append(f"const K = {emit.literal([str(x) for x in constants])}.map(qparse);  // the exact constants of runExact")
    out.append("const RATING = " + ("ratingExact" if rs.data_quality is not None else "null") + ";")
    out.append(_SUPPORT)
    return "\n".join(out)
