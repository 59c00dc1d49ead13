// A test driver for a generated JavaScript calculator: `node js_driver.mjs calc.mjs` answers one
// JSON line [function, [arguments...]] with one JSON line. Typed values travel tagged:
// {"q": "p/q"} an exact rational, {"int": "123"} a BigInt, {"float": "0.1"} a number (Python's
// repr, so "inf", "nan" and "-0.0" too), {"bytes": base64} a Uint8Array; the answer is
// {"value": ...}, {"refused": [code, message, field, formula, clause]} or {"crash": stack}.
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";

const calc = await import(pathToFileURL(process.argv[2]).href);
const rt = calc.runtime;

function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== "object") return v;
  if ("q" in v) return rt.qparse(v.q);
  if ("int" in v) return BigInt(v.int);
  if ("float" in v) return { inf: Infinity, "-inf": -Infinity, nan: NaN }[v.float] ?? Number(v.float);
  if ("bytes" in v) return new Uint8Array(Buffer.from(v.bytes, "base64"));
  if ("object" in v) return Object.fromEntries(v.object.map(([k, x]) => [k, decode(x)]));
  throw new Error("cannot decode " + JSON.stringify(v));
}

function encode(v) {
  if (v instanceof rt.Q) return { q: v.toString() };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [k, encode(x)]) };
  if (typeof v === "bigint") return { int: v.toString() };
  if (typeof v === "number") return { float: rt.floatRepr(v) };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === "object") return { object: rt.jsonKeys(v).map((k) => [k, encode(v[k])]) };
  return v;
}

const calls = {
  calculate: (inputs) => calc.calculate(inputs),
  calculateTotal: (inputs) => calc.calculateTotal(inputs),
  calculateJson: (data) => calc.calculateJson(data),
  readJson: (data) => rt.readJson(data),
  formatG: (x, p) => rt.formatG(x, Number(p)),
  floatRepr: (x) => rt.floatRepr(x),
  show: (x) => rt.show(x),
  qfloat: (q) => rt.qfloat(q),
  fsum: (xs) => rt.fsum(xs),
  exact: (x) => rt.exact(x),
  decimalText: (q) => rt.decimalText(q),
  clean: (s) => rt.clean(s),
  sort: (xs) => [...xs].sort(rt.codePointCompare),
  roundDecimal: (q, decimals, mode) => rt.roundDecimal(q, Number(decimals), mode),
  dayNumber: (text) => rt.dayNumber(text),
  spec: () => calc.SPEC,
  selftest: () => {
    let text = "";
    const failed = calc.selftest((t) => { text += t; });
    return [failed, text];
  },
};

for await (const line of createInterface({ input: process.stdin })) {
  const [name, args] = JSON.parse(line);
  let answer;
  try {
    answer = { value: encode(calls[name](...decode(args))) };
  } catch (error) {
    answer = error instanceof calc.CalculationError
      ? { refused: [error.code, error.message, error.field, error.formula, error.clause] }
      : { crash: String(error && error.stack) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
