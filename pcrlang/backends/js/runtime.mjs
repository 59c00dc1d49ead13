// ---- runtime (pcrlang/backends/js/runtime.mjs, copied verbatim into every JavaScript calculator) ----
// The JavaScript port of pcrlang/semantics/runtime.py, written once and reviewed against it:
// reading JSON inputs, validating them, the cut-off judgement, the data-quality report, grading
// and rounding, the assembly of the result, the worked examples and the command line. Every
// generated calculator carries this file verbatim, after ERRORS (the run-time error catalogue,
// emitted as JSON from pcrlang/semantics/errors.py) and before the rule's generated part. No
// dependencies: it runs in Node (18 or later) and in a browser; the command line alone uses
// Node's built-in modules, loaded only when the module runs as a program.
//
// A rule reaches this code as SPEC (pcrlang/core/spec.py, exact numbers as "p/q" strings, read
// by reviveSpec) and an engine (see runtime.py): run(args) -> [gas_kg, co2e_kg, report, produced,
// rows] in binary64 floats, exact(args) -> the same in exact rationals (Q, below), rating(scores)
// -> a data-quality rating, exactly. Figures come from run; every pass/fail (bounds, cut-off,
// data-quality levels, grades) is decided on exact numbers, as the interpreter decides them. A
// JSON number x stands for the decimal String(x) spells (Python's repr(x), up to notation); a
// JSON integer is read exactly (a BigInt), as Python reads it.
//
// Where Python and JavaScript differ, this file follows Python: str.format and "%g" for messages,
// code-point order for sorting, math.fsum for exact sums, min/max keeping the first of equals,
// json.loads' error messages and positions, int and float kept apart as JSON integers and
// fractions are. Dynamic keys go through put(), so that a key "__proto__" is an own property.

const LIMIT = 10n ** 300n; // figures beyond this (kg CO2e per declared unit) are refused
const MAX_FLOAT = 1.7976931348623157e308; // the largest binary64 number
const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_JSON_DEPTH = 64;
const MAX_PARSE_DEPTH = 900; // deeper nesting is refused while reading (Python: its recursion limit)
const RESULT_ORDER = ["ruleset", "declared_unit", "reference_period", "unit", "gwp", "footprint", "total", "absolute",
  "by_stage", "by_process", "by_gas", "by_carbon_kind", "separately_reported", "allocation", "cutoff", "data", "trace", "rows",
  "top_contributors", "recycling", "electricity", "transport", "grade", "data_quality"];
const TOP = 10; // the contributors the result lists
const PROTOCOL = 1; // the JSON-lines protocol of --jsonl (docs/protocol.md)

// ---- plain helpers ------------------------------------------------------------------------------
function put(object, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
  return object;
}

function has(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isDict(x) {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isInt(x) {
  return typeof x === "bigint";
}

function isFloat(x) {
  return typeof x === "number";
}

function codePointCompare(a, b) {
  // Python's order of strings: by code point (UTF-16 code units order astral characters wrongly)
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xD800) x += x <= 0xDFFF ? 0x2000 : -0x800;
    if (y >= 0xD800) y += y <= 0xDFFF ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

function sortedKeys(keys) {
  return [...keys].map(String).sort(codePointCompare);
}

function sameSet(keys, names) {
  const a = new Set(keys);
  return a.size === new Set(names).size && names.every((n) => a.has(n));
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

function isPrintable(c) {
  return !NOT_PRINTABLE.test(c);
}

function hex(n, width) {
  return n.toString(16).padStart(width, "0");
}

function clean(text) {
  // text from the input shown safely: unpaired surrogates and control characters escaped
  if (typeof text !== "string" || !NOT_PRINTABLE.test(text)) return text;
  let out = "";
  for (const c of text) {
    const cp = c.codePointAt(0);
    out += isPrintable(c) ? c : cp <= 0xFFFF ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
  }
  return out;
}

// Python's repr and str of a JSON value (a message may show one)
function pyRepr(x) {
  if (x === null || x === undefined) return "None";
  if (x === true) return "True";
  if (x === false) return "False";
  if (isInt(x)) return x.toString();
  if (isFloat(x)) return floatRepr(x);
  if (typeof x === "string") return stringRepr(x);
  if (Array.isArray(x)) return "[" + x.map(pyRepr).join(", ") + "]";
  if (isDict(x)) return "{" + jsonKeys(x).map((k) => stringRepr(k) + ": " + pyRepr(x[k])).join(", ") + "}";
  if (x instanceof Q) return x.toString();
  return String(x);
}

function pyStr(x) {
  return typeof x === "string" ? x : pyRepr(x);
}

function stringRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) {
    const cp = c.codePointAt(0);
    if (c === quote || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (isPrintable(c)) out += c;
    else if (cp < 0x100) out += "\\x" + hex(cp, 2);
    else if (cp <= 0xFFFF) out += "\\u" + hex(cp, 4);
    else out += "\\U" + hex(cp, 8);
  }
  return out + quote;
}

function floatRepr(x) {
  // Python's repr of a float: the shortest round-trip digits, fixed from 1e-4 to 1e16, else exponent
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [digits, exponent] = shortest(Math.abs(x));
  const sign = x < 0 ? "-" : "";
  if (-4 <= exponent && exponent < 16) {
    return sign + fixedDigits(digits, exponent, Math.max(1, digits.length - exponent - 1));
  }
  const mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
}

function shortest(x) {
  // the shortest round-trip decimal digits of x > 0 and the exponent of the first digit
  const [mantissa, exponent] = x.toExponential().split("e");
  return [mantissa.replace(".", ""), Number(exponent)];
}

function fixedDigits(digits, exponent, places) {
  // digits d1 d2 ... with d1 at 10^exponent, written with `places` decimals (digits already rounded)
  let whole, fraction;
  if (exponent >= 0) {
    const padded = digits.padEnd(exponent + 1, "0");
    whole = padded.slice(0, exponent + 1);
    fraction = padded.slice(exponent + 1);
  } else {
    whole = "0";
    fraction = "0".repeat(-exponent - 1) + digits;
  }
  fraction = fraction.padEnd(places, "0").slice(0, places);
  return places > 0 ? whole + "." + fraction : whole;
}

// ---- exact rationals --------------------------------------------------------------------------
class Q {
  // an exact rational n/d in lowest terms, d > 0 (BigInts)
  constructor(n, d) {
    this.n = n;
    this.d = d;
  }

  toString() {
    return this.d === 1n ? this.n.toString() : this.n + "/" + this.d;
  }
}

function gcd(a, b) {
  if (a < 0n) a = -a;
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function qmake(n, d) {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return new Q(n, 1n);
  const g = gcd(n, d);
  return g === 1n ? new Q(n, d) : new Q(n / g, d / g);
}

const Q0 = new Q(0n, 1n);
const Q1 = new Q(1n, 1n);
const Q100 = new Q(100n, 1n);
const Q_HALF = new Q(1n, 2n);
const Q_LIMIT = new Q(LIMIT, 1n);
const ZERO_DIVISION = Object.freeze({ zeroDivision: true }); // thrown by fdiv and qdiv, caught where a formula divides

function qadd(a, b) {
  if (a.d === b.d) return a.d === 1n ? new Q(a.n + b.n, 1n) : qmake(a.n + b.n, a.d);
  return qmake(a.n * b.d + b.n * a.d, a.d * b.d);
}

function qsub(a, b) {
  if (a.d === b.d) return a.d === 1n ? new Q(a.n - b.n, 1n) : qmake(a.n - b.n, a.d);
  return qmake(a.n * b.d - b.n * a.d, a.d * b.d);
}

function qmul(a, b) {
  if (a.d === 1n && b.d === 1n) return new Q(a.n * b.n, 1n);
  return qmake(a.n * b.n, a.d * b.d);
}

function qdiv(a, b) {
  if (b.n === 0n) throw ZERO_DIVISION;
  return qmake(a.n * b.d, a.d * b.n);
}

function qneg(a) {
  return new Q(-a.n, a.d);
}

function qabs(a) {
  return a.n < 0n ? new Q(-a.n, a.d) : a;
}

function qcmp(a, b) {
  const x = a.n * b.d, y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

function qsign(a) {
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}

const qlt = (a, b) => qcmp(a, b) < 0;
const qle = (a, b) => qcmp(a, b) <= 0;
const qgt = (a, b) => qcmp(a, b) > 0;
const qge = (a, b) => qcmp(a, b) >= 0;
const qeq = (a, b) => a.n === b.n && a.d === b.d;
const qne = (a, b) => !qeq(a, b);

function qsum(terms) {
  let total = Q0;
  for (const t of terms) total = qadd(total, t);
  return total;
}

function qmin(...args) {
  // Python's min: the first of the least
  let m = args[0];
  for (let i = 1; i < args.length; i++) if (qlt(args[i], m)) m = args[i];
  return m;
}

function qmax(...args) {
  let m = args[0];
  for (let i = 1; i < args.length; i++) if (qgt(args[i], m)) m = args[i];
  return m;
}

function qint(a) {
  // int(x): toward zero, as a plain number (an index)
  return Number(a.n / a.d);
}

function qparse(text) {
  // "p/q" or "n", as SPEC carries exact numbers
  const slash = text.indexOf("/");
  return slash < 0 ? new Q(BigInt(text), 1n) : qmake(BigInt(text.slice(0, slash)), BigInt(text.slice(slash + 1)));
}

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([-+]?[0-9]+))?$/;

function qdecimal(text) {
  // the exact value of a decimal numeral ("-1.5e-7")
  const m = DECIMAL.exec(text);
  const fraction = m[3] || "";
  let n = BigInt(m[2] + fraction);
  if (m[1]) n = -n;
  const shift = Number(m[4] || 0) - fraction.length;
  return shift >= 0 ? new Q(n * 10n ** BigInt(shift), 1n) : qmake(n, 10n ** BigInt(-shift));
}

function exact(x) {
  // the exact number an input stands for: a float is the decimal String(x) spells (0.1 is 1/10)
  if (x instanceof Q) return x;
  if (isInt(x)) return new Q(x, 1n);
  return qdecimal(String(x));
}

function bitLength(n) {
  // n > 0
  const h = n.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

const SAFE = 2n ** 53n;

function qfloat(q) {
  // the binary64 number nearest to q (ties to even), as Python's float(Fraction) gives it
  let n = q.n;
  const d = q.d;
  if (n === 0n) return 0;
  const negative = n < 0n;
  if (negative) n = -n;
  let r;
  if (n <= SAFE && d <= SAFE) {
    r = Number(n) / Number(d); // exact operands: one correctly rounded division
  } else {
    const e = bitLength(n) - bitLength(d); // 2^(e-1) < n/d < 2^(e+1)
    if (e > 1025) {
      r = Infinity;
    } else if (e < -1076) {
      r = 0;
    } else if (e <= -1022) {
      // subnormal or the lowest binade: round at the unit 2^-1074, half to even
      const num = n << 1074n;
      let m = num / d;
      const rest = num - m * d;
      if (2n * rest > d || (2n * rest === d && (m & 1n))) m += 1n;
      r = Number(m) * Number.MIN_VALUE;
    } else {
      const shift = 65 - e; // the quotient has 65 or 66 bits; its last bit keeps what the division drops
      let m = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
      const rest = shift >= 0 ? (n << BigInt(shift)) - m * d : n - m * (d << BigInt(-shift));
      if (rest) m |= 1n;
      r = scale(Number(m), -shift);
    }
  }
  return negative ? -r : r;
}

function scale(x, k) {
  // x * 2^k, exactly where representable
  while (k > 1000) {
    x *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    x *= 2 ** -1000;
    k += 1000;
  }
  return x * 2 ** k;
}

function toFloat(x) {
  if (x instanceof Q) return qfloat(x);
  if (isInt(x)) return Number(x);
  return x;
}

function doubleExact(x) {
  // the exact value of a finite binary64 number
  if (x === 0) return Q0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7FFn);
  let mantissa = bits & 0xFFFFFFFFFFFFFn;
  let exponent;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (negative) mantissa = -mantissa;
  return exponent >= 0 ? new Q(mantissa << BigInt(exponent), 1n) : qmake(mantissa, 1n << BigInt(-exponent));
}

// ---- floats: exact sums and Python's min and max ------------------------------------------------
function fsum(terms) {
  // math.fsum: the correctly rounded sum (Shewchuk's partials, as CPython computes it); the
  // partials are p[0..n), kept in one array that never shrinks (setting an array's length is slow)
  const partials = [];
  let n = 0;
  let special = 0, infinities = 0, overflow = false;
  for (let t = 0; t < terms.length; t++) {
    let x = terms[t];
    const xsave = x;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    n = i;
    if (x !== 0) {
      if (!Number.isFinite(x)) {
        // an infinite or NaN term, or an intermediate overflow (Python raises; the sum is then out of range)
        if (Number.isFinite(xsave)) {
          overflow = true;
          special += x;
        } else {
          if (xsave === Infinity || xsave === -Infinity) infinities += xsave;
          special += xsave;
        }
        n = 0;
      } else {
        partials[n++] = x;
      }
    }
  }
  if (special !== 0 || overflow || Number.isNaN(special)) {
    return Number.isNaN(infinities) ? NaN : special;
  }
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // half-even rounding across several partials
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

function fmin(...args) {
  let m = args[0];
  for (let i = 1; i < args.length; i++) if (args[i] < m) m = args[i];
  return m;
}

function fmax(...args) {
  let m = args[0];
  for (let i = 1; i < args.length; i++) if (args[i] > m) m = args[i];
  return m;
}

function fdiv(a, b) {
  // float division; division by zero refuses (Python raises ZeroDivisionError)
  if (b === 0) throw ZERO_DIVISION;
  return a / b;
}

// ---- "%g", as Python's "%g" % x formats -----------------------------------------------------------
function formatG(x, precision = 6) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return sign + "0";
  const q = qabs(doubleExact(x));
  // the exponent of the first significant digit, exactly
  let e = Math.floor(Math.log10(Math.abs(x)));
  while (qcmp(q, power10(e)) < 0) e -= 1;
  while (qcmp(q, power10(e + 1)) >= 0) e += 1;
  // round to `precision` significant digits, half to even (the C library's printf)
  const scaled = qdiv(q, power10(e - precision + 1));
  let m = scaled.n / scaled.d;
  const rest = qsub(scaled, new Q(m, 1n));
  const c = qcmp(rest, Q_HALF);
  if (c > 0 || (c === 0 && (m & 1n))) m += 1n;
  if (m === 10n ** BigInt(precision)) {
    m /= 10n;
    e += 1;
  }
  let digits = m.toString();
  if (-4 <= e && e < precision) {
    let text = fixedDigits(digits, e, Math.max(0, precision - 1 - e));
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return sign + text;
  }
  digits = digits.replace(/0+$/, "");
  const mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return sign + mantissa + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
}

function power10(e) {
  return e >= 0 ? new Q(10n ** BigInt(e), 1n) : new Q(1n, 10n ** BigInt(-e));
}

function show(x) {
  // a number for a message: six significant digits
  const f = toFloat(x);
  if (!Number.isFinite(f) && !isFloat(x)) return x.toString(); // beyond binary64: Python shows it whole
  return formatG(f);
}

function decimalText(x) {
  // a bound or limit as its exact decimal where it has a short one (1/20 -> 0.05; 1/3 -> 0.333333)
  if (!(x instanceof Q)) return pyStr(x);
  if (x.d === 1n) return x.n.toString();
  let d = x.d, twos = 0, fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos += 1;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives += 1;
  }
  const places = Math.max(twos, fives);
  if (d !== 1n || places > 30) return show(x);
  const magnitude = x.n < 0n ? -x.n : x.n;
  const digits = ((magnitude * 10n ** BigInt(places)) / x.d).toString().padStart(places + 1, "0");
  const text = (digits.slice(0, -places) + "." + digits.slice(-places)).replace(/0+$/, "").replace(/\.$/, "");
  return (x.n < 0n ? "-" : "") + text;
}

// ---- run-time errors (the catalogue ERRORS is above, from pcrlang/semantics/errors.py) ------------
let LANGUAGE = "en"; // the language of messages: "en" or "zh" (setLanguage)

function setLanguage(lang) {
  LANGUAGE = String(lang).toLowerCase().startsWith("zh") ? "zh" : "en";
}

function errorMessage(code, variant, params, lang) {
  // str.format: {name} replaced by str(params[name]), {{ and }} by braces (a number among the
  // parameters is one of the runtime's counts, an int)
  const [en, zh] = ERRORS[code].messages[variant];
  const chinese = (lang || LANGUAGE) === "zh";
  const template = chinese ? zh : en;
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name) => {
    if (name === undefined) return m[0];
    const value = params[name];
    if (chinese && name === "got" && Object.prototype.hasOwnProperty.call(ERROR_WORDS, value)) return ERROR_WORDS[value];
    return isFloat(value) ? String(value) : pyStr(value);
  });
}

class CalculationError extends Error {
  // a refused calculation: a stable code (see ERRORS), the input or formula at fault, its clause
  constructor(code, message, field = null, formula = null, clause = null) {
    super(message);
    this.name = "CalculationError";
    this.code = code;
    this.field = field;
    this.formula = formula;
    this.clause = clause;
  }

  asDict() {
    return { error: { code: this.code, message: this.message, field: this.field, formula: this.formula,
      clause: this.clause } };
  }
}

function refuse(code, variant, field = null, formula = null, clause = null, params = {}) {
  field = clean(field);
  formula = clean(formula);
  params = Object.assign(Object.create(null), params);
  if (!("field" in params)) params.field = field;
  if (!("formula" in params)) params.formula = formula;
  throw new CalculationError(code, errorMessage(code, variant, params), field, formula, clause);
}

// ---- reading JSON: the same rules in every target ----------------------------------------------
function utf8Error(bytes) {
  // the offset of the first byte of the first ill-formed UTF-8 sequence, or -1
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need, low = 0x80, high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b === 0xE0) low = 0xA0;
      else if (b === 0xED) high = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b === 0xF0) low = 0x90;
      else if (b === 0xF4) high = 0x8F;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < n ? bytes[i + k] : -1;
      if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xBF)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function decodeUtf8(bytes) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

function codePointLength(s) {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

const KEYS = new WeakMap(); // an object read from JSON -> its keys in the order they were written

function jsonKeys(object) {
  return KEYS.get(object) || Object.keys(object);
}

class JsonSyntax {
  constructor(message, position) {
    this.message = message;
    this.position = position;
  }
}

class JsonReader {
  // json.loads with object_pairs_hook, parse_constant and parse_int as runtime.py sets them: the
  // same values, the same first error and the same message (Python 3.11's C scanner)
  constructor(text) {
    this.s = text;
    this.depth = 0;
  }

  fail(message, position) {
    throw new JsonSyntax(message, position);
  }

  stop(position) {
    // StopIteration in the scanner: json.loads says "Expecting value" there
    this.fail("Expecting value", position);
  }

  white(i) {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i += 1;
      else return i;
    }
  }

  document() {
    const s = this.s;
    if (s.charCodeAt(0) === 0xFEFF) this.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    const [value, end] = this.value(this.white(0));
    const after = this.white(end);
    if (after !== s.length) this.fail("Extra data", after);
    return value;
  }

  value(i) {
    const s = this.s;
    if (i >= s.length) this.stop(i);
    const c = s[i];
    if (c === '"') return this.string(i + 1);
    if (c === "{" || c === "[") {
      if (++this.depth > MAX_PARSE_DEPTH) refuse("invalid_json", "depth", null, null, null, { limit: MAX_JSON_DEPTH });
      const out = c === "{" ? this.object(i + 1) : this.array(i + 1);
      this.depth -= 1;
      return out;
    }
    if (c === "n" && s.startsWith("null", i) && i + 3 < s.length) return [null, i + 4];
    if (c === "t" && s.startsWith("true", i) && i + 3 < s.length) return [true, i + 4];
    if (c === "f" && s.startsWith("false", i) && i + 4 < s.length) return [false, i + 5];
    if (c === "N" && s.startsWith("NaN", i)) this.constant("NaN");
    if (c === "I" && s.startsWith("Infinity", i)) this.constant("Infinity");
    if (c === "-" && s.startsWith("-Infinity", i)) this.constant("-Infinity");
    return this.number(i);
  }

  constant(literal) {
    refuse("invalid_json", "constant", null, null, null, { literal });
  }

  number(start) {
    const s = this.s, last = s.length - 1;
    const digit = (k) => k <= last && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57;
    let i = start, isFloat = false;
    if (s[i] === "-") {
      i += 1;
      if (i > last) this.stop(start);
    }
    if (s[i] >= "1" && s[i] <= "9") {
      i += 1;
      while (digit(i)) i += 1;
    } else if (s[i] === "0") {
      i += 1;
    } else {
      this.stop(start);
    }
    if (i < last && s[i] === "." && digit(i + 1)) {
      isFloat = true;
      i += 2;
      while (digit(i)) i += 1;
    }
    if (i < last && (s[i] === "e" || s[i] === "E")) {
      const eStart = i;
      i += 1;
      if (i < last && (s[i] === "-" || s[i] === "+")) i += 1;
      while (digit(i)) i += 1;
      if (digit(i - 1)) isFloat = true;
      else i = eStart;
    }
    const text = s.slice(start, i);
    if (isFloat) return [Number(text), i];
    // an integer: exactly, as Python's int (beyond any binary64 number: infinite, as runtime.py reads it)
    return [text.length <= 310 ? BigInt(text) : Number(text), i];
  }

  string(end) {
    const s = this.s, n = s.length, begin = end - 1;
    let out = "";
    for (;;) {
      let next = end, c = 0;
      for (; next < n; next++) {
        c = s.charCodeAt(next);
        if (c === 34 || c === 92) break;
        if (c <= 0x1f) this.fail("Invalid control character at", next);
      }
      if (next >= n) this.fail("Unterminated string starting at", begin);
      if (c === 34) {
        out += s.slice(end, next);
        return [out, next + 1];
      }
      out += s.slice(end, next);
      next += 1;
      if (next === n) this.fail("Unterminated string starting at", begin);
      const e = s[next];
      if (e !== "u") {
        end = next + 1;
        const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e];
        if (simple === undefined) this.fail("Invalid \\escape", end - 2);
        out += simple;
        continue;
      }
      next += 1;
      end = next + 4;
      if (end >= n) this.fail("Invalid \\uXXXX escape", next - 1);
      let unit = this.hex4(next, end - 5);
      next = end;
      if (unit >= 0xD800 && unit <= 0xDBFF && end + 6 < n && s[next] === "\\" && s[next + 1] === "u") {
        end += 6;
        const low = this.hex4(next + 2, end - 5);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          out += String.fromCharCode(unit, low);
          continue;
        }
        end -= 6;
      }
      out += String.fromCharCode(unit);
    }
  }

  hex4(i, errorAt) {
    const text = this.s.slice(i, i + 4);
    if (!/^[0-9A-Fa-f]{4}$/.test(text)) this.fail("Invalid \\uXXXX escape", errorAt);
    return parseInt(text, 16);
  }

  object(i) {
    const s = this.s, last = s.length - 1;
    const keys = [], values = [];
    i = this.white(i);
    if (i > last || s[i] !== "}") {
      for (;;) {
        if (i > last || s[i] !== '"') this.fail("Expecting property name enclosed in double quotes", i);
        const [key, afterKey] = this.string(i + 1);
        i = this.white(afterKey);
        if (i > last || s[i] !== ":") this.fail("Expecting ':' delimiter", i);
        const [value, afterValue] = this.value(this.white(i + 1));
        keys.push(key);
        values.push(value);
        i = this.white(afterValue);
        if (i <= last && s[i] === "}") break;
        if (i > last || s[i] !== ",") this.fail("Expecting ',' delimiter", i);
        i = this.white(i + 1);
      }
    }
    // the pairs hook: each key once, judged when the object is complete (runtime.py: _object)
    const out = {}, seen = new Set();
    for (let k = 0; k < keys.length; k++) {
      if (seen.has(keys[k])) refuse("invalid_json", "duplicate", null, null, null, { key: clean(keys[k]) });
      seen.add(keys[k]);
      put(out, keys[k], values[k]);
    }
    KEYS.set(out, keys);
    return [out, i + 1];
  }

  array(i) {
    const s = this.s, last = s.length - 1;
    const out = [];
    i = this.white(i);
    if (i > last || s[i] !== "]") {
      for (;;) {
        const [value, after] = this.value(i);
        out.push(value);
        i = this.white(after);
        if (i <= last && s[i] === "]") break;
        if (i > last || s[i] !== ",") this.fail("Expecting ',' delimiter", i);
        i = this.white(i + 1);
      }
    }
    return [out, i + 1];
  }
}

function readJson(data) {
  // inputs from JSON text or bytes: UTF-8 (a byte-order mark is allowed), one object, each key
  // once, no NaN or Infinity, at most MAX_JSON_DEPTH levels, at most MAX_JSON_BYTES. Integers are
  // read exactly (BigInt), other numbers as binary64 (beyond its range: infinite, refused later)
  let text;
  if (data instanceof Uint8Array) {
    if (data.length > MAX_JSON_BYTES) refuse("invalid_json", "size", null, null, null, { limit: MAX_JSON_BYTES });
    const bad = utf8Error(data);
    if (bad >= 0) refuse("invalid_json", "utf8", null, null, null, { offset: bad });
    text = decodeUtf8(data);
  } else {
    text = String(data);
    if (text.length > MAX_JSON_BYTES && codePointLength(text) > MAX_JSON_BYTES) {
      refuse("invalid_json", "size", null, null, null, { limit: MAX_JSON_BYTES });
    }
  }
  if (text.charCodeAt(0) === 0xFEFF) text = text.slice(1);
  let value;
  try {
    value = new JsonReader(text).document();
  } catch (error) {
    if (!(error instanceof JsonSyntax)) throw error;
    const before = text.slice(0, error.position);
    const position = codePointLength(before);
    const newline = before.lastIndexOf("\n");
    const line = before.split("\n").length;
    const column = newline < 0 ? position + 1 : position - codePointLength(before.slice(0, newline));
    refuse("invalid_json", "syntax", null, null, null,
      { detail: error.message + " at line " + line + ", column " + column });
  }
  checkText(value);
  return value;
}

function checkText(value) {
  // no unpaired surrogate escapes anywhere, and no more than MAX_JSON_DEPTH levels (runtime.py's
  // walk, in its order: the first problem it meets is the one refused)
  const stack = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop();
    if (depth > MAX_JSON_DEPTH) refuse("invalid_json", "depth", null, null, null, { limit: MAX_JSON_DEPTH });
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth + 1]);
    } else if (isDict(v)) {
      for (const k of jsonKeys(v)) {
        checkString(k);
        stack.push([v[k], depth + 1]);
      }
    } else if (typeof v === "string") {
      checkString(v);
    }
  }
}

function checkString(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xD800 || c > 0xDFFF) continue;
    if (c <= 0xDBFF && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) {
        i += 1;
        continue;
      }
    }
    refuse("invalid_json", "surrogate", null, null, null, { escape: hex(c, 4) });
  }
}

// ---- SPEC ---------------------------------------------------------------------------------------
function reviveSpec(spec) {
  // SPEC's exact numbers, emitted as "p/q" strings, as exact rationals (the fields pcrlang/core/spec.py
  // fills with Fractions; a fixed report value that is a number comes as {"exact": "p/q"})
  const q = (x) => (x === null ? null : qparse(x));
  const bounds = (b) => (b === null ? null : [q(b[0]), q(b[1]), b[2], b[3]]);
  const input = (s) => {
    s.bounds = bounds(s.bounds);
    s.to_base = q(s.to_base);
    if (s.kind === "number") s.default = q(s.default);
    if (s.columns) for (const c of Object.values(s.columns)) input(c);
  };
  spec.declared.amount = q(spec.declared.amount);
  spec.declared.base = q(spec.declared.base);
  for (const s of Object.values(spec.inputs)) input(s);
  for (const c of spec.contributions) c.gwp = q(c.gwp);
  for (const f of Object.values(spec.factors)) f.value = q(f.value);
  for (const field of spec.report) {
    if (field[1] === "fixed" && isDict(field[2]) && has(field[2], "exact")) field[2] = q(field[2].exact);
  }
  if (spec.cutoff !== null) {
    for (const t of spec.cutoff.per_flow.concat(spec.cutoff.total)) t[1] = q(t[1]);
  }
  if (spec.grading !== null) for (const k of spec.grading.classes) k[2] = q(k[2]);
  const dq = spec.data_quality;
  if (dq !== null) {
    dq.bounds = bounds(dq.bounds);
    for (const level of dq.levels) level[2] = q(level[2]);
    if (dq.primary_share !== null) dq.primary_share[1] = q(dq.primary_share[1]);
  }
  const givens = (items) => {
    for (const g of items) {
      if (g[1] === "rows") for (const row of g[2]) givens(row);
      else if (g[1] !== "key") g[2] = q(g[2]);
    }
  };
  for (const example of spec.examples) {
    givens(example[2]);
    for (const x of example[3]) {
      x[2] = q(x[2]);
      x[4] = q(x[4]);
    }
  }
  return spec;
}

function prepare(spec) {
  // what the runtime derives from SPEC once: float bounds, the inputs by kind
  if (spec._prepared) return spec;
  for (const s of Object.values(spec.inputs)) {
    for (const x of [s].concat(Object.values(s.columns || {}))) {
      const b = x.bounds;
      x.bounds_float = b !== null ? [qfloat(b[0]), qfloat(b[1])] : null;
    }
  }
  const dq = spec.data_quality;
  if (dq !== null) dq.bounds_float = [qfloat(dq.bounds[0]), qfloat(dq.bounds[1])];
  const inputs = Object.entries(spec.inputs);
  spec.defaulted = inputs.filter(([, s]) => s.default !== null).map(([n]) => n);
  spec.omittable = inputs.filter(([, s]) => s.default === null && s.optional).map(([n]) => n);
  spec._static = null;
  spec._prepared = true;
  return spec;
}

function staticParts(spec) {
  // what every result of a rule shares: the trace entries' fixed fields, the header, the report
  // tree's plan (runtime.py: _static)
  if (spec._static !== null) return spec._static;
  const factors = spec.factors;
  const trace = spec.contributions.map((c) => [
    { contribution: c.name, clause: c.clause, direction: c.direction, stage: c.stage, process: c.process,
      gas: c.gas, carbon_kind: c.carbon_kind, formula: c.formula, gas_kg: null, gwp: qfloat(c.gwp), co2e_kg: null,
      allocation: c.allocation, allocation_share: null },
    c.factors.map((n) => ({ name: n, clause: factors[n].clause, unit: factors[n].unit, source: factors[n].source,
      value: factors[n].value !== null ? qfloat(factors[n].value) : null })),
    c.share]);
  const plan = []; // [parent path, [[key, kind, fixed value or choices, index]]] for runs of one parent
  spec.report.forEach(([path, kind, fixed], k) => {
    if (kind === "fixed") fixed = fixed instanceof Q ? qfloat(fixed) : fixed;
    const parent = path.slice(0, -1);
    if (!plan.length || JSON.stringify(plan[plan.length - 1][0]) !== JSON.stringify(parent)) plan.push([parent, []]);
    plan[plan.length - 1][1].push([path[path.length - 1], kind, fixed, k]);
  });
  const declared = spec.declared;
  spec._static = { trace, plan, declared_unit: { amount: qfloat(declared.amount), unit: declared.unit } };
  return spec._static;
}

// ---- validation -------------------------------------------------------------------------------
function jsonType(x) {
  if (x === null) return "null";
  if (typeof x === "boolean") return "a boolean";
  if (typeof x === "string") return "a string";
  if (Array.isArray(x)) return "a list";
  if (isDict(x)) return "an object";
  if (isInt(x)) return "int";
  if (isFloat(x)) return "float";
  return x === undefined ? "undefined" : typeof x === "object" ? (x.constructor && x.constructor.name) || "object" : typeof x;
}

function sign(x, bound, boundFloat) {
  // the sign of x - bound, exactly as the interpreter reads x, cheaply where floats decide it
  if (isFloat(x)) {
    if (x < boundFloat) return -1;
    if (x > boundFloat) return 1;
  }
  return qsign(qsub(exact(x), bound));
}

function inside(x, b, bf) {
  // x inside bounds b = [low, high, low inclusive, high inclusive]; bf the bounds as floats
  const [low, high, lowInclusive, highInclusive] = b;
  let s = sign(x, low, bf[0]);
  if (s < 0 || (s === 0 && !lowInclusive)) return false;
  s = sign(x, high, bf[1]);
  return s < 0 || (s === 0 && highInclusive);
}

function interval(b) {
  return (b[2] ? "[" : "(") + decimalText(b[0]) + ", " + decimalText(b[1]) + (b[3] ? "]" : ")");
}

function isNumber(x) {
  return isFloat(x) || isInt(x);
}

function number(name, x, s, clause) {
  // x if it is a finite number inside the input's bounds (the first problem refuses)
  if (!isNumber(x)) refuse("wrong_type", "number", name, null, clause, { got: jsonType(x) });
  if (isFloat(x) && !Number.isFinite(x)) refuse("not_finite", "value", name, null, clause, { value: floatRepr(x) });
  if (isInt(x) && (x > 0n ? x : -x) > BigInt(MAX_FLOAT)) refuse("not_finite", "large", name, null, s.clause);
  const b = s.bounds;
  if (b !== null && !inside(x, b, s.bounds_float)) {
    refuse("out_of_bounds", "bounds", name, null, s.clause, { value: show(x), unit: s.unit, interval: interval(b) });
  }
  return x;
}

function quality(spec, name, s, scores) {
  const dq = spec.data_quality;
  if (dq === null) refuse("invalid_quality", "no_scheme", name, null, s.clause);
  if (!isDict(scores) || !sameSet(Object.keys(scores), dq.criteria)) {
    refuse("invalid_quality", "criteria", name, null, dq.clause, { criteria: dq.criteria.join(", ") });
  }
  const out = new Map();
  for (const criterion of dq.criteria) {
    const x = scores[criterion];
    if (!isNumber(x)) refuse("wrong_type", "number", name, null, dq.clause, { got: jsonType(x) });
    if (isFloat(x) && !Number.isFinite(x)) refuse("not_finite", "value", name, null, dq.clause, { value: floatRepr(x) });
    if (!inside(x, dq.bounds, dq.bounds_float)) {
      refuse("invalid_quality", "bounds", name, null, dq.clause,
        { criterion, low: decimalText(dq.bounds[0]), high: decimalText(dq.bounds[1]) });
    }
    out.set(criterion, exact(x));
  }
  return out;
}

function validate(spec, raw) {
  // checked inputs: [values, cut-off estimates, defaults used, optional inputs left out, data-quality
  // scores], values as given (numbers) or keys. The first problem, in declaration order, refuses the
  // calculation; unknown inputs are reported first, in sorted order
  if (!isDict(raw)) refuse("wrong_type", "inputs");
  const inputs = spec.inputs;
  const given = Object.keys(raw);
  if (given.length > spec.order.length || !given.every((name) => has(inputs, name))) {
    for (const name of sortedKeys(given)) {
      if (!has(inputs, name)) refuse("unknown_input", "input", name, null, null, { identifier: spec.ruleset.identifier });
    }
  }
  const values = new Map(), estimates = new Map(), defaults = [], omitted = [], qualities = new Map();
  for (const name of spec.order) {
    const s = inputs[name];
    if (!has(raw, name)) {
      if (s.default !== null) {
        values.set(name, s.default);
        defaults.push(name);
      } else if (s.optional) {
        values.set(name, s.kind === "rows" ? [] : 0); // a table left out has no rows
        omitted.push(name);
      } else {
        refuse("missing_input", "input", name, null, s.clause);
      }
      continue;
    }
    let x = raw[name];
    if (isDict(x) && has(x, "value") && s.kind === "number") {
      if (!Object.keys(x).every((k) => k === "value" || k === "quality")) refuse("wrong_type", "measured", name, null, s.clause);
      if (has(x, "quality")) qualities.set(name, quality(spec, name, s, x.quality));
      x = x.value;
      if (isDict(x)) refuse("wrong_type", "value", name, null, s.clause);
    }
    if (isDict(x)) {
      if (!sameSet(Object.keys(x), ["cut_off"])) refuse("wrong_type", "cut_off", name, null, s.clause);
      if (spec.cutoff === null) refuse("cut_off_not_allowed", "no_rule", name, null, s.clause);
      if (s.cut_off === "never") refuse("cut_off_not_allowed", "never", name, null, spec.cutoff.clause);
      estimates.set(name, number(name, x.cut_off, s, s.clause));
      values.set(name, 0);
    } else if (s.kind === "rows") {
      values.set(name, rows(spec, name, s, x, estimates, defaults, omitted));
    } else if (s.kind === "date") {
      values.set(name, date(name, x, s));
    } else if (s.kind === "key") {
      values.set(name, key(name, x, s));
    } else {
      values.set(name, number(name, x, s, s.clause));
    }
  }
  return [values, estimates, defaults, omitted, qualities];
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function leap(y) {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function dayNumber(iso) {
  // the day number of a date (YYYY-MM-DD): the proleptic Gregorian ordinal, day 1 = 0001-01-01, as
  // Python's date.toordinal; null for no such date
  const m = ISO_DATE.exec(iso);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12) return null;
  const length = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d < 1 || d > length) return null;
  const before = y - 1;
  return before * 365 + Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) +
    DAYS_BEFORE_MONTH[mo - 1] + (mo > 2 && leap(y) ? 1 : 0) + d;
}

function date(field, x, s) {
  // an ISO date (YYYY-MM-DD), kept as written; the engines take its day number
  const points = typeof x === "string" ? Array.from(x) : null;
  if (points === null || points.length !== 10 || points[4] !== "-" || points[7] !== "-") {
    refuse("wrong_type", "date", field, null, s.clause,
      { got: points === null ? jsonType(x) : '"' + Array.from(clean(x)).slice(0, 40).join("") + '"' });
  }
  if (dayNumber(x) === null) refuse("wrong_type", "date", field, null, s.clause, { got: '"' + clean(x) + '"' });
  return x;
}

function key(field, x, s) {
  if (typeof x !== "string") refuse("wrong_type", "key", field, null, s.clause, { keyset: s.keyset });
  if (!s.keys.includes(x)) refuse("unknown_key", "key", field, null, s.clause, { value: clean(x), keyset: s.keyset });
  return x;
}

function rows(spec, name, s, given, estimates, defaults, omitted) {
  // a table of rows: a list of objects, each column checked as an input is; a flow column may be
  // left out of a row as {"cut_off": estimate}; a value may state its unit, which must be the
  // column's. Errors name the table, the row and the column
  const clause = s.clause;
  if (!Array.isArray(given)) refuse("wrong_type", "rows", name, null, clause, { got: jsonType(given) });
  if (given.length < s.min_rows) {
    refuse("too_few_rows", "rows", name, null, clause, { count: given.length, minimum: s.min_rows });
  }
  const columns = s.columns, out = [], keys = new Map();
  given.forEach((row, k) => {
    const where = name + "[" + k + "]";
    if (!isDict(row)) refuse("wrong_type", "row", where, null, clause, { got: jsonType(row) });
    for (const column of sortedKeys(Object.keys(row))) {
      if (!has(columns, column)) refuse("unknown_input", "column", where + "." + clean(column), null, null, { table: name });
    }
    const values = Object.create(null);
    for (const [column, c] of Object.entries(columns)) {
      const field = where + "." + column;
      if (!has(row, column)) {
        if (c.default !== null) {
          values[column] = c.default;
          defaults.push(field);
        } else if (c.optional) {
          values[column] = c.kind === "text" ? "" : 0;
          omitted.push(field);
        } else {
          refuse("missing_input", "column", field, null, clause);
        }
        continue;
      }
      let x = row[column];
      if (isDict(x) && has(x, "unit") && Object.keys(x).every((k) => k === "value" || k === "unit")) {
        if (x.unit !== c.unit) {
          refuse("unit_mismatch", "column", field, null, clause, { unit: clean(pyStr(x.unit)), expected: c.unit });
        }
        x = has(x, "value") ? x.value : null;
      }
      if (isDict(x)) {
        if (!sameSet(Object.keys(x), ["cut_off"]) || c.kind !== "number") refuse("wrong_type", "cut_off", field, null, clause);
        if (spec.cutoff === null) refuse("cut_off_not_allowed", "no_rule", field, null, clause);
        if (c.cut_off === "never") refuse("cut_off_not_allowed", "never", field, null, spec.cutoff.clause);
        estimates.set(field, number(field, x.cut_off, c, clause));
        values[column] = 0;
      } else if (c.kind === "text") {
        if (typeof x !== "string") refuse("wrong_type", "text", field, null, clause);
        values[column] = x;
      } else if (c.kind === "key") {
        values[column] = key(field, x, c);
      } else {
        values[column] = number(field, x, c, clause);
      }
    }
    if (s.key !== null) {
      const value = values[s.key];
      if (keys.has(value)) {
        refuse("duplicate_row", "row", where + "." + s.key, null, clause,
          { table: name, first: keys.get(value), row: k, key: clean(pyStr(value)) });
      }
      keys.set(value, k);
    }
    out.push(values);
  });
  return out;
}

function argumentsOf(spec, values, convert) {
  // the engine's arguments: every input's value in SPEC's order, numbers converted (a table of
  // rows as a list of objects)
  return spec.order.map((n) => converted(spec.inputs[n], values.get(n), convert));
}

function converted(s, value, convert) {
  const kind = s.kind;
  if (kind === "number") return convert(value);
  // a date: its day number, so dates compare as numbers (an exact value is one already)
  if (kind === "date") return convert(typeof value === "string" ? dayNumber(value) : value);
  if (kind !== "rows") return value;
  const numbers = Object.entries(s.columns).filter(([, c]) => c.kind === "number").map(([n]) => n);
  return value.map((row) => {
    const copy = Object.assign(Object.create(null), row);
    for (const c of numbers) copy[c] = convert(copy[c]);
    return copy;
  });
}

function exactValues(spec, values) {
  // the values with every number exact (a date as its exact day number)
  const out = new Map();
  for (const [n, v] of values) out.set(n, converted(spec.inputs[n], v, exact));
  return out;
}

const CELL = /^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]\.([A-Za-z_][A-Za-z0-9_]*)$/;

function cell(flow) {
  // [table, row, column] of a flow left out of a row (`materials[2].mass`), or null for an input
  const m = CELL.exec(flow);
  return m ? [m[1], Number(m[2]), m[3]] : null;
}

function flowSpec(spec, flow) {
  const c = cell(flow);
  return c === null ? spec.inputs[flow] : spec.inputs[c[0]].columns[c[2]];
}

function withFlow(values, flow, x) {
  // the values with one flow (an input, or a column of a row) set to x
  const out = new Map(values);
  const c = cell(flow);
  if (c === null) {
    out.set(flow, x);
    return out;
  }
  const [table, k, column] = c;
  const rowsOf = out.get(table).slice();
  rowsOf[k] = Object.assign(Object.create(null), rowsOf[k]);
  rowsOf[k][column] = x;
  out.set(table, rowsOf);
  return out;
}

function flowsInOrder(spec, estimates) {
  // the flows left out, in declaration order (inputs, then each table's rows and columns)
  const order = [];
  for (const [n, s] of Object.entries(spec.inputs)) {
    if (estimates.has(n)) {
      order.push(n);
    } else if (s.kind === "rows") {
      const columns = Object.keys(s.columns);
      const cells = [...estimates.keys()].filter((f) => cell(f) && cell(f)[0] === n);
      const rank = (f) => [cell(f)[1], columns.indexOf(cell(f)[2])];
      cells.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
      order.push(...cells);
    }
  }
  return order;
}

// ---- ranges -------------------------------------------------------------------------------------
function within(x) {
  // |x| <= 1e300 (floats against the float limit; exact numbers exactly)
  if (x instanceof Q) return qcmp(qabs(x), Q_LIMIT) <= 0;
  return -1e300 <= x && x <= 1e300;
}

function checkRange(spec, co2e, report) {
  // refuse a result with a contribution or a report figure beyond +-1e300 kg CO2e
  co2e.forEach((e, k) => {
    const c = spec.contributions[k];
    if (!within(e)) refuse("overflow", "contribution", null, c.name, c.clause);
  });
  report.forEach((value, k) => {
    const field = spec.report[k];
    if (field[1] === "value" && !within(value)) refuse("overflow", "figure", null, "result." + field[0].join("."));
  });
}

// ---- cut-off ------------------------------------------------------------------------------------
function emptyCutoff(spec) {
  return { clause: spec.cutoff !== null ? spec.cutoff.clause : null, flows: [], shares_percent: {},
    exempted_emissions_percent: 0, pass: true };
}

function cutoffReport(spec, engine, values, estimates) {
  // the cut-off judgement, exactly: each flow left out (an input, or a flow column of a row)
  // against the per-flow thresholds (its share of the product's mass, of all energy flows, or of
  // the emissions with every estimate in), and all of them against the cumulative ones
  const cutoff = spec.cutoff;
  if (!estimates.size) return emptyCutoff(spec);
  const exactEstimates = new Map([...estimates].map(([n, v]) => [n, exact(v)]));
  let full = exactValues(spec, values);
  const reportedValues = full;
  for (const [flow, x] of exactEstimates) full = withFlow(full, flow, x);
  const result = engine.exact(argumentsOf(spec, full, same));
  const fullTotal = qsum(result[1]), produced = result[3];
  const reportedTotal = qsum(engine.exact(argumentsOf(spec, reportedValues, same))[1]);
  const productMass = produced === null ? spec.declared.base : produced;
  let energyTotal = Q0;
  for (const [n, s] of Object.entries(spec.inputs)) {
    if (s.energy_flow) {
      energyTotal = qadd(energyTotal, qmul(full.get(n), s.to_base));
    } else if (s.kind === "rows") {
      for (const [c, cs] of Object.entries(s.columns)) {
        if (cs.energy_flow) energyTotal = qadd(energyTotal, qmul(qsum(full.get(n).map((row) => row[c])), cs.to_base));
      }
    }
  }
  const emissionsShare = (difference, name) => {
    if (qsign(fullTotal) === 0) {
      if (qsign(difference) === 0) return Q0;
      refuse("cut_off_undefined", "emissions", name, null, cutoff.clause);
    }
    return qdiv(difference, fullTotal);
  };
  const share = (basis, amount, name) => {
    const denominator = basis === "mass" ? productMass : energyTotal;
    if (qsign(denominator) === 0) refuse("cut_off_undefined", "reference", name, null, cutoff.clause, { basis });
    return qdiv(amount, denominator);
  };
  const passes = ([op, percent], fraction) => {
    const value = qmul(fraction, Q100);
    return op === "<" ? qlt(value, percent) : qle(value, percent);
  };
  const flows = [];
  let allPass = true;
  for (const name of flowsInOrder(spec, estimates)) {
    const s = flowSpec(spec, name);
    const co2e = engine.exact(argumentsOf(spec, withFlow(full, name, Q0), same))[1];
    const shares = new Map([["emissions", emissionsShare(qsub(fullTotal, qsum(co2e)), name)]]);
    if (s.cut_off === "mass" || s.cut_off === "energy") {
      shares.set(s.cut_off, share(s.cut_off, qmul(exactEstimates.get(name), s.to_base), name));
    }
    const applicable = cutoff.per_flow.filter((t) => shares.has(t[2]));
    if (cutoff.per_flow.length && !applicable.length) {
      refuse("cut_off_not_allowed", "no_criterion", name, null, cutoff.clause, { dimension: s.dimension_text });
    }
    const ok = applicable.every((t) => passes(t, shares.get(t[2])));
    allPass = allPass && ok;
    const sharesPercent = {};
    for (const basis of sortedKeys(shares.keys())) sharesPercent[basis] = percent(shares.get(basis));
    flows.push({ input: name, clause: s.clause, estimate: qfloat(exactEstimates.get(name)), unit: s.unit,
      shares_percent: sharesPercent, pass: ok });
  }
  const totals = new Map([["emissions", emissionsShare(qsub(fullTotal, reportedTotal), null)]]);
  for (const basis of ["mass", "energy"]) {
    if (cutoff.total.some((t) => t[2] === basis)) {
      let amount = Q0;
      for (const n of estimates.keys()) {
        if (flowSpec(spec, n).cut_off === basis) amount = qadd(amount, qmul(exactEstimates.get(n), flowSpec(spec, n).to_base));
      }
      totals.set(basis, share(basis, amount, null));
    }
  }
  for (const t of cutoff.total) allPass = allPass && passes(t, totals.get(t[2]));
  const sharesPercent = {};
  for (const basis of sortedKeys(totals.keys())) sharesPercent[basis] = percent(totals.get(basis));
  return { clause: cutoff.clause, flows, shares_percent: sharesPercent,
    exempted_emissions_percent: percent(totals.get("emissions")), pass: allPass };
}

function same(x) {
  return x;
}

function percent(fraction) {
  const value = qmul(fraction, Q100);
  if (!within(value)) refuse("overflow", "figure", null, "result.cutoff");
  return qfloat(value);
}

// ---- grading ----------------------------------------------------------------------------------
function roundDecimal(x, decimals, mode) {
  // x rounded to `decimals` places: half_up (away from zero), half_even, down (toward zero), up
  const scaleBy = power10(decimals);
  const y = qabs(qmul(x, scaleBy));
  const negative = qsign(x) < 0;
  const whole = y.n / y.d;
  const rest = qsub(y, new Q(whole, 1n));
  let n;
  if (mode === "down") n = whole;
  else if (mode === "up") n = whole + (rest.n !== 0n ? 1n : 0n);
  else if (!qeq(rest, Q_HALF)) n = whole + (qgt(rest, Q_HALF) ? 1n : 0n);
  else if (mode === "half_up") n = whole + 1n;
  else n = whole + (whole % 2n); // half_even
  return qdiv(new Q(negative ? -n : n, 1n), scaleBy);
}

function grade(spec, total) {
  // the class of the exact total, rounded first as the rule says
  const g = spec.grading;
  if (g === null) return null;
  const value = g.decimals !== null ? roundDecimal(total, g.decimals, g.rounding) : total;
  let chosen = null;
  for (const [name, op, limit] of g.classes) {
    if (op === null || (op === "<" ? qlt(value, limit) : qle(value, limit))) {
      chosen = name;
      break;
    }
  }
  return { clause: g.clause, rounded_total: qfloat(value), class: chosen };
}

// ---- data quality -------------------------------------------------------------------------------
function level(dq, rating) {
  for (const [name, op, limit] of dq.levels) {
    if (op === null || (op === "<" ? qlt(rating, limit) : qle(rating, limit))) return name;
  }
  return null;
}

function dataInputs(c, report) {
  // the inputs whose data a contribution rests on: for electricity, the chosen source's too
  let used = c.data_inputs;
  if (c.choice !== null) used = sortedKeys(new Set(used.concat(c.choice_inputs[report[c.choice]])));
  return used;
}

function addFigures(values) {
  // the sum of figures: exact for exact numbers, fsum for floats
  return values.length && !(values[0] instanceof Q) ? fsum(values) : qsum(values);
}

function primaryShare(spec, co2e, report, rowValues, values, notMeasured) {
  // the share (%) of the |CO2e| whose data are primary (PACT's primaryDataShare): a contribution's
  // data are primary when the company measured them (no default and no cut-off estimate among the
  // number inputs it rests on; an optional input left out does not apply) and it uses no secondary
  // dataset; a contribution per row of a table is judged row by row (a row with a default or an
  // estimate, or that its provenance column calls secondary, is secondary). null for a result of zero
  const inputs = spec.inputs;
  const measured = [], magnitude = [];
  const isExact = co2e.length > 0 && co2e[0] instanceof Q;
  const abs = isExact ? qabs : Math.abs;
  spec.contributions.forEach((c, i) => {
    const e = co2e[i], perRow = rowValues[i];
    const used = dataInputs(c, report);
    const choiceSecondary = c.choice !== null ? c.choice_secondary[report[c.choice]] : false;
    const numbers = used.filter((n) => inputs[n].kind === "number");
    const primary = !(c.secondary_data || choiceSecondary) && !numbers.some((n) => notMeasured.has(n));
    if (perRow === null) {
      magnitude.push(abs(e));
      if (numbers.length && primary) measured.push(abs(e));
      return;
    }
    const table = inputs[c.rows];
    const prefix = c.rows + "[";
    const cells = new Set([...notMeasured].filter((f) => f.startsWith(prefix)).map((f) => f.slice(0, f.indexOf("]") + 1)));
    perRow.forEach((g, k) => {
      const size = isExact ? qabs(qmul(g, c.gwp)) : Math.abs(g * qfloat(c.gwp));
      magnitude.push(size);
      const rowSecondary = table.provenance !== null && values.get(c.rows)[k][table.provenance] !== "primary";
      if (primary && !rowSecondary && !cells.has(prefix + k + "]")) measured.push(size);
    });
  });
  const total = addFigures(magnitude);
  if (isExact) return qsign(total) !== 0 ? qmul(qdiv(addFigures(measured), total), Q100) : null;
  return toFloat(total) !== 0 ? toFloat(addFigures(measured)) / toFloat(total) * 100 : null;
}

function qualityReport(spec, engine, co2e, report, rowValues, values, qualities, notMeasured) {
  // ratings of the inputs, of the result (emission-weighted, each contribution rated by its worst
  // rated input), the primary data share (emissions of contributions whose data the company
  // measured: no default and no cut-off among the inputs they use; an optional input left out
  // does not apply), and every requirement violated. Exact: co2e are exact rationals
  const dq = spec.data_quality;
  if (dq === null) return null;
  const order = dq.levels.map((l) => l[0]);
  const ratings = {}, rated = new Map();
  for (const [name, scores] of qualities) {
    const rating = engine.rating(scores);
    rated.set(name, rating);
    put(ratings, name, { rating: qfloat(rating), level: level(dq, rating) });
  }
  let weighted = Q0, weights = Q0;
  co2e.forEach((e, k) => {
    const size = qabs(e);
    const scores = dataInputs(spec.contributions[k], report).filter((n) => rated.has(n)).map((n) => rated.get(n));
    if (scores.length && size.n !== 0n) {
      weighted = qadd(weighted, qmul(size, qmax(...scores)));
      weights = qadd(weights, size);
    }
  });
  const resultRating = weights.n !== 0n ? qdiv(weighted, weights) : null;
  const primary = primaryShare(spec, co2e, report, rowValues, values, notMeasured);
  const violations = [];
  const worse = (lvl, required) => lvl === null || order.indexOf(lvl) > order.indexOf(required);
  for (const [name, required] of dq.input_minimums) {
    if (!has(ratings, name)) {
      violations.push({ subject: name, requirement: required, message: "`" + name + "` has no quality rating" });
    } else if (worse(ratings[name].level, required)) {
      violations.push({ subject: name, requirement: required,
        message: "`" + name + "` is rated " + ratings[name].level + ", below " + required });
    }
  }
  const resultLevel = resultRating !== null ? level(dq, resultRating) : null;
  const required = dq.result_minimum;
  if (required !== null && (resultRating === null || worse(resultLevel, required))) {
    violations.push({ subject: "result", requirement: required,
      message: "the result is rated " + (resultLevel || "nothing") + ", below " + required });
  }
  if (dq.primary_share !== null) {
    const [op, minimum] = dq.primary_share;
    if (primary === null || !(op === ">" ? qgt(primary, minimum) : qge(primary, minimum))) {
      violations.push({ subject: "primary_share", requirement: op + " " + decimalText(minimum) + " %",
        message: "the primary data share is below the rule's minimum" });
    }
  }
  return { clause: dq.clause, scheme: dq.scheme, inputs: ratings,
    result: { rating: resultRating !== null ? qfloat(resultRating) : null, level: resultLevel },
    primary_share_percent: primary !== null ? qfloat(primary) : null, violations, pass: !violations.length };
}

// ---- the result -------------------------------------------------------------------------------
function reportTree(parts, report) {
  // the report fields as nested objects, in SPEC's order
  const tree = {};
  const parents = new Map([["[]", tree]]);
  for (const [parent, fields] of parts.plan) {
    let node = parents.get(JSON.stringify(parent));
    if (node === undefined) {
      node = tree;
      for (let k = 0; k < parent.length; k++) {
        const path = JSON.stringify(parent.slice(0, k + 1));
        let sub = parents.get(path);
        if (sub === undefined) {
          sub = {};
          put(node, parent[k], sub);
          parents.set(path, sub);
        }
        node = sub;
      }
    }
    for (const [k, kind, fixed, index] of fields) {
      const value = kind === "value" ? report[index] : kind === "choice" ? fixed[report[index]] : fixed;
      put(node, k, Array.isArray(value) ? value.slice() : value);
    }
  }
  return tree;
}

function assemble(spec, values, defaults, omitted, gasKg, co2e, report, rowValues, cutoff, grading, quality, primary) {
  // the result object: the header, the report fields and the runtime's sections, in RESULT_ORDER
  const parts = staticParts(spec);
  const trace = parts.trace.map(([fixed, factors, share], k) => {
    const entry = Object.assign({}, fixed);
    entry.gas_kg = gasKg[k];
    entry.co2e_kg = co2e[k];
    if (share !== null) entry.allocation_share = report[share];
    entry.factors = factors.map((f) => Object.assign({}, f));
    return entry;
  });
  const sections = reportTree(parts, report);
  const runtime = {
    ruleset: Object.assign({}, spec.ruleset),
    declared_unit: Object.assign({}, parts.declared_unit),
    reference_period: period(spec, values),
    unit: "kg CO2e per declared unit",
    gwp: spec.gwp_set,
    cutoff,
    data: {
      defaults_used: defaults.map((n) => defaultUsed(spec, values, n)),
      optional_left_out: omitted.map((n) => ({ input: n, clause: flowSpec(spec, n).clause })),
      primary_data_share_percent: primary === null ? null : toFloat(primary),
    },
    trace,
    rows: rowsReport(spec, values, rowValues),
    top_contributors: top(spec, values, co2e, rowValues),
    grade: grading,
    data_quality: quality,
  };
  const result = {};
  for (const k of RESULT_ORDER) result[k] = has(runtime, k) ? runtime[k] : has(sections, k) ? sections[k] : {};
  return result;
}

function period(spec, values) {
  // the reference period of the result: the rule's, or the one the inputs give
  const p = spec.period;
  if (p === null) return null;
  if (has(p, "inputs")) return { start: values.get(p.inputs[0]), end: values.get(p.inputs[1]) };
  return { start: p.start, end: p.end };
}

function defaultUsed(spec, values, name) {
  // a default the calculation used: of an input, or of a column of a row (`materials[2].data`)
  const s = flowSpec(spec, name);
  const c = cell(name);
  const value = c === null ? values.get(name) : values.get(c[0])[c[1]][c[2]];
  return { input: name, value: s.kind === "number" ? toFloat(value) : value, unit: s.unit, source: s.default_source,
    clause: s.clause };
}

function rowKey(spec, table, k, values) {
  const name = spec.inputs[table].key;
  return name !== null ? values.get(table)[k][name] : null;
}

function rowCo2e(g, gwp) {
  return qeq(gwp, Q1) ? g : g * qfloat(gwp);
}

function rowsReport(spec, values, rowValues) {
  // per contribution for each row of a table: the row, its key, its kg of gas and of CO2e
  const out = {};
  spec.contributions.forEach((c, i) => {
    const perRow = rowValues[i];
    if (perRow === null) return;
    put(out, c.name, perRow.map((g, k) => ({ row: k, key: rowKey(spec, c.rows, k, values), gas_kg: g,
      co2e_kg: rowCo2e(g, c.gwp) })));
  });
  return out;
}

function top(spec, values, co2e, rowValues) {
  // the largest contributors by |CO2e|: contributions, and each row of a per-row contribution
  const items = [];
  spec.contributions.forEach((c, i) => {
    const perRow = rowValues[i];
    if (perRow === null) {
      items.push([Math.abs(co2e[i]), c.name, null, null, co2e[i]]);
      return;
    }
    perRow.forEach((g, k) => {
      const x = rowCo2e(g, c.gwp);
      items.push([Math.abs(x), c.name, k, rowKey(spec, c.rows, k, values), x]);
    });
  });
  // ranked by |CO2e| to 9 significant digits, ties in declaration order: every target ranks alike
  const ranked = items.map((item) => [Number(formatG(item[0], 9)), item]);
  ranked.sort((a, b) => b[0] - a[0]);
  return ranked.slice(0, TOP).map(([, [, name, k, rowName, x]]) => ({ contribution: name, row: k, key: rowName, co2e_kg: x }));
}

function exactArgument(a) {
  if (typeof a === "string") return a;
  if (Array.isArray(a)) {
    // a table of rows
    return a.map((row) => {
      const copy = Object.create(null);
      for (const [k, v] of Object.entries(row)) copy[k] = typeof v === "string" ? v : exact(v);
      return copy;
    });
  }
  return exact(a);
}

function floatsOf(result) {
  // the exact run's figures as floats (a refusal of the float run is confirmed exactly)
  const [gas, co2e, report, produced, perRow] = result;
  const f = (x) => (x instanceof Q ? qfloat(x) : x);
  return [gas.map(qfloat), co2e.map(qfloat), report.map(f), f(produced), perRow.map((r) => (r === null ? null : r.map(qfloat)))];
}

function makeEngine(run, runExact, rating) {
  // the runtime's engine: the rule's program in floats, and exactly for verdicts
  return {
    run(args) {
      try {
        return run(...args);
      } catch (error) {
        if (!(error instanceof CalculationError)) throw error;
        return floatsOf(runExact(...args.map(exactArgument))); // confirmed by the exact program, which decides refusals
      }
    },
    exact(args) {
      return runExact(...args);
    },
    rating,
  };
}

function divided(error, formula, clause) {
  // a division by zero in a formula refuses with the formula and its clause; anything else goes on
  if (error !== ZERO_DIVISION) throw error;
  refuse("division_by_zero", "formula", null, formula, clause);
}

function refuseSource(code, subject, clause) {
  refuse(code, "source", null, subject, clause);
}

// whether floats a and b are within rounding of each other (both 0 aside): the float program then
// refuses, and the exact program, which decides refusals, decides the check (Python: _near)
function near(a, b) {
  return typeof a === "number" && typeof b === "number" && (a !== 0 || b !== 0) &&
    Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function checkFailed(checks, k, value) {
  const [code, variant, subject, field, clause, params] = checks[k];
  const all = Object.fromEntries(params);
  if (value !== null) all.value = show(value);
  refuse(code, variant, field, subject, clause, all);
}

class ExactRun {
  // an engine's exact run, computed at most once per calculation and values
  constructor(spec, engine, values) {
    this.spec = spec;
    this.engine = engine;
    this.values = values;
    this.result = null;
  }

  get() {
    if (this.result === null) this.result = this.engine.exact(argumentsOf(this.spec, exactValues(this.spec, this.values), same));
    return this.result;
  }
}

function compute(spec, raw, engine) {
  // the full result: total, breakdowns, allocation shares, cut-off report, data quality, grade
  // and trace; or a CalculationError, never a partial result
  prepare(spec);
  const [values, estimates, defaults, omitted, qualities] = validate(spec, raw);
  const exactRun = new ExactRun(spec, engine, values);
  const [gasKg, co2e, report, , rowValues] = engine.run(argumentsOf(spec, values, toFloat));
  const cutoff = estimates.size || spec.cutoff === null ? cutoffReport(spec, engine, values, estimates) : emptyCutoff(spec);
  let grading = null;
  if (spec.grading !== null) grading = grade(spec, qsum(exactRun.get()[1]));
  let quality = null;
  const notMeasured = new Set(defaults.concat([...estimates.keys()]));
  if (spec.data_quality !== null) {
    const [, exactCo2e, exactReport, , exactRows] = exactRun.get();
    // secondary data: defaults and cut-off estimates; an optional input left out does not apply
    quality = qualityReport(spec, engine, exactCo2e, exactReport, exactRows, values, qualities, notMeasured);
  }
  const share = primaryShare(spec, co2e, report, rowValues, values, notMeasured);
  return assemble(spec, values, defaults, omitted, gasKg, co2e, report, rowValues, cutoff, grading, quality, share);
}

function computeTotal(spec, raw, engine) {
  // the footprint alone (kg CO2e per declared unit), with full validation; flows left out must
  // meet the cut-off criteria (a total that does not is refused: cut_off_exceeded)
  prepare(spec);
  const [values, estimates] = validate(spec, raw);
  const report = engine.run(argumentsOf(spec, values, toFloat))[2];
  if (estimates.size) refuseFailedCutoff(cutoffReport(spec, engine, values, estimates));
  const total = report[spec.total];
  if (!within(total)) refuse("overflow", "figure", null, "result.total");
  return total;
}

function refuseFailedCutoff(cutoff) {
  // refuse (cut_off_exceeded) a result whose flows left out fail the cut-off criteria
  if (cutoff && cutoff.pass === false) {
    const failing = cutoff.flows.filter((f) => !f.pass).map((f) => f.input);
    refuse("cut_off_exceeded", "total", null, null, cutoff.clause,
      { flows: (failing.length ? failing : ["all flows left out"]).join(", ") });
  }
}

// ---- worked examples ------------------------------------------------------------------------------
function actualValue(result, target, subject, measure) {
  // the figure (or verdict) of a result an example's expectation names
  if (target === "cutoff") return result.cutoff.pass ? 1 : 0;
  if (target === "grade") return result.grade ? result.grade.class : null;
  if (target === "total") return result.total;
  if (target === "stage") return result.by_stage[subject[0]];
  if (target === "process") return result.by_process[subject.join(".")];
  if (target === "kind") return result.by_carbon_kind[subject[0]];
  const gas = has(result.by_gas, subject[0]) ? result.by_gas[subject[0]] : { mass_kg: 0, co2e_kg: 0 };
  return gas[measure === "co2e" ? "co2e_kg" : "mass_kg"];
}

function exampleFailures(expectations, result) {
  // messages for every expectation the result misses (empty when the example passes);
  // expectations: [target, subject, expected, measure, tolerance, relative] with exact numbers
  const out = [];
  for (const [target, subject, expected, measure, tolerance, relative] of expectations) {
    const actual = actualValue(result, target, subject, measure);
    if (target === "grade") {
      if (actual !== subject[0]) out.push("expected grade " + subject[0] + ", got " + pyStr(actual));
      continue;
    }
    if (target === "cutoff") {
      if (actual !== qfloat(expected)) {
        out.push("expected cut-off " + (qsign(expected) ? "pass" : "fail") + ", got " + (actual ? "pass" : "fail"));
      }
      continue;
    }
    const allowed = relative ? qmul(tolerance, qabs(expected)) : tolerance;
    if (!(qcmp(qabs(qsub(exact(actual), expected)), allowed) <= 0)) {
      const what = subject.length ? target + " " + subject.join(".") : target;
      const unitNote = measure === "co2e" ? "kg CO2e" : "kg " + subject[0];
      out.push(what + ": expected " + formatG(qfloat(expected), 10) + " " + unitNote + " (± " + formatG(qfloat(allowed), 3) +
        "), got " + formatG(toFloat(actual), 10));
    }
  }
  return out;
}

function exampleInputs(givens, convert = qfloat) {
  // an example's inputs as a calculator takes them: [name, kind, exact value] -> object
  const out = {};
  for (const [name, kind, value] of givens) {
    if (kind === "rows") put(out, name, value.map((row) => exampleInputs(row, convert))); // a table of rows
    else put(out, name, kind === "key" ? value : kind === "cut_off" ? { cut_off: convert(value) } : convert(value));
  }
  return out;
}

function runExamples(spec, calculateOne, write) {
  // run the rule's worked examples through a calculator; returns the number of failures
  let failed = 0;
  for (const [title, clause, givens, expectations] of spec.examples) {
    let result;
    try {
      result = calculateOne(exampleInputs(givens));
    } catch (error) {
      if (!(error instanceof CalculationError)) throw error;
      write("FAIL " + title + " (" + clause + "): refused: " + error.message + "\n");
      failed += 1;
      continue;
    }
    const problems = exampleFailures(expectations, result);
    if (problems.length) failed += 1;
    write((problems.length ? "FAIL" : "ok  ") + " " + title + " (" + clause + ")" + problems.map((p) => "\n    " + p).join("") + "\n");
  }
  write(spec.examples.length - failed + " passed, " + failed + " failed\n");
  return failed;
}

// ---- the JSON-lines protocol and the command line (Node) -----------------------------------------
function isHello(value) {
  // a protocol greeting: {"pcr": "hello"}, optionally with "protocol"; nothing else
  return isDict(value) && value.pcr === "hello" && Object.keys(value).every((k) => k === "pcr" || k === "protocol");
}

function hello(spec, sha256 = null) {
  // the calculator's answer to a greeting: the rule it implements and its own identity (the
  // sha256 of its source file, when it has one)
  const r = spec.ruleset;
  const own = { name: "pcrlang JavaScript calculator", compiler: r.compiler };
  if (sha256) own.sha256 = sha256;
  return { pcr: "hello", protocol: PROTOCOL, calculator: own,
    ruleset: { identifier: r.identifier, version: r.version, fingerprint: r.fingerprint,
      publication_fingerprint: r.publication_fingerprint } };
}

function isBlank(bytes) {
  // bytes.strip() is empty: only ASCII whitespace
  for (const b of bytes) if (!(b === 32 || (b >= 9 && b <= 13))) return false;
  return true;
}

function answerLine(spec, calculateOne, line, sha256) {
  // one line of the protocol: a greeting's answer, the result, or {"error": {...}}
  let end = line.length;
  while (end > 0 && (line[end - 1] === 10 || line[end - 1] === 13)) end -= 1;
  let answer;
  try {
    const value = readJson(line.subarray(0, end));
    answer = isHello(value) ? hello(spec, sha256) : calculateOne(value);
  } catch (error) {
    if (!(error instanceof CalculationError)) throw error;
    answer = error.asDict();
  }
  return JSON.stringify(answer) + "\n";
}

async function commandLine(spec, calculateOne, doc, moduleUrl) {
  // the calculator's command line: JSON inputs on stdin, the result (or the error) on stdout; with
  // --jsonl, one calculation per line. Exit 0: computed; 1: the examples fail (--selftest);
  // 2: a usage error; 3: the calculation is refused (the error object says why), also when the
  // flows left out fail the cut-off criteria (cut_off_exceeded, as calculateTotal)
  let argv = process.argv.slice(2);
  const k = argv.indexOf("--lang");
  if (k >= 0) {
    setLanguage(k + 1 < argv.length ? argv[k + 1] : "en");
    argv = argv.slice(0, k).concat(argv.slice(k + 2));
  }
  const out = (text) => process.stdout.write(text);
  if (argv.length && (argv[0] === "-h" || argv[0] === "--help")) {
    out(doc + "\nusage: node calc.mjs [--selftest | --version | --jsonl] [--lang zh|en] < inputs.json\n");
    return 0;
  }
  if (argv.length && argv[0] === "--version") {
    const r = spec.ruleset;
    out(r.identifier + " " + r.version + " (" + r.fingerprint + "; " + r.compiler + ")\n");
    return 0;
  }
  if (argv.length && argv[0] === "--selftest") return runExamples(spec, calculateOne, out) ? 1 : 0;
  if (argv.length === 1 && argv[0] === "--jsonl") return serveLines(spec, calculateOne, moduleUrl);
  if (argv.length) {
    process.stderr.write("unknown argument " + argv[0] + "; see --help\n");
    return 2;
  }
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  let result;
  try {
    result = calculateOne(readJson(new Uint8Array(Buffer.concat(chunks))));
    refuseFailedCutoff(result.cutoff); // a total the cut-off rule does not allow is refused
  } catch (error) {
    if (!(error instanceof CalculationError)) throw error;
    out(JSON.stringify(error.asDict(), null, 2) + "\n");
    return 3;
  }
  out(JSON.stringify(result, null, 2) + "\n");
  return 0;
}

async function ownSha256(moduleUrl) {
  try {
    const { readFileSync } = await import("node:fs");
    const { createHash } = await import("node:crypto");
    return "sha256:" + createHash("sha256").update(readFileSync(new URL(moduleUrl))).digest("hex");
  } catch (error) {
    return null;
  }
}

async function serveLines(spec, calculateOne, moduleUrl) {
  // one JSON value per line in, one answer per line out (UTF-8), in order; blank lines skipped
  const sha256 = await ownSha256(moduleUrl);
  let pending = Buffer.alloc(0);
  const answer = (line) => {
    if (!isBlank(line)) process.stdout.write(answerLine(spec, calculateOne, new Uint8Array(line), sha256));
  };
  for await (const chunk of process.stdin) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0, newline;
    while ((newline = pending.indexOf(10, start)) >= 0) {
      answer(pending.subarray(start, newline + 1));
      start = newline + 1;
    }
    pending = pending.subarray(start);
  }
  if (pending.length) answer(pending);
  return 0;
}

async function isMain(moduleUrl) {
  // run as a program (node calc.mjs), not imported
  if (typeof process !== "object" || !process.argv || !process.argv[1] || !/^file:/.test(moduleUrl)) return false;
  try {
    const { realpathSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
  } catch (error) {
    return false;
  }
}

async function runAsProgram(spec, calculateOne, doc, moduleUrl) {
  if (!(await isMain(moduleUrl))) return;
  process.stdout.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(1);
    throw error;
  });
  process.exitCode = await commandLine(spec, calculateOne, doc, moduleUrl);
}

// the runtime's parts a test or a tool may use (not a stable interface)
const runtime = { readJson, exact, qparse, qfloat, qdecimal, doubleExact, fsum, formatG, floatRepr, show,
  decimalText, clean, codePointCompare, roundDecimal, utf8Error, jsonKeys, dayNumber, Q };
