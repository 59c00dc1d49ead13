"""A fixed set of pathological inputs: huge strings, deep nesting, many declarations, long lines,
many errors, huge exponents, import chains and cycles, hostile import paths, hostile characters.

`cases("full")` is the set a long run runs once; `cases("short")` the same kinds at sizes
that keep the test suite quick. Every case is built here, not stored: some are megabytes.
"""
from __future__ import annotations

from .harness import MINIMAL, Case

HEADER = MINIMAL + 'input a: t in [0, 1e9] zh "甲" en "A"\nfactor f: kgCO2/t = 1 source "x"\n'
LIB = 'library "L{i}" version "1.0.0" {{ title zh "库" en "Lib" }}\n'
EMIT = "emission e in make.smelting, gas CO2, fossil = f * ({})\n"

HOSTILE_PATHS = [
    "/etc/passwd", "/etc/shadow", "/etc/passwd.pcr", "/proc/self/environ", "/proc/self/cmdline", "/dev/zero",
    "/dev/zero.pcr", "/dev/stdin", "../../../../../../../../etc/passwd", "../../../../../../../../etc/passwd.pcr",
    "..", ".", "", " ", "./", "lib/../../x.pcr", "a" * 5000 + ".pcr", "x/" * 3000 + "a.pcr", "C:\\Windows\\win.ini",
    "C:/Windows/win.pcr", "~/.ssh/id_rsa", "~root/x.pcr", "\\\\server\\share\\x.pcr", "file:///etc/passwd",
    "lib\udcff.pcr", "%2e%2e/%2e%2e/etc/passwd.pcr", "/", "//", "/tmp", "/tmp/", "\\x00.pcr",
]


def _sizes(scale: str) -> dict:
    if scale == "short":
        return {"big": 200_000, "deep": 2_000, "many": 2_000, "chain": 120}
    return {"big": 1_900_000, "deep": 50_000, "many": 25_000, "chain": 1_000}


def cases(scale: str = "full") -> list[Case]:
    s = _sizes(scale)
    big, deep, many, chain = s["big"], s["deep"], s["many"], s["chain"]
    out: list[tuple[str, str]] = []

    def add(name: str, text: str) -> None:
        out.append((name, text))

    # ---- huge strings
    add("unclosed string", HEADER + 'input b: t zh "' + "a" * big)
    add("unclosed string, 10 MB (over the size limit)", 'ruleset "' + "a" * 10_000_000) if scale == "full" else None
    add("unclosed string of wide characters", HEADER + 'input b: t zh "' + "煤" * (big // 2))
    add("closed huge string", HEADER + 'input b: t zh "' + "a" * big + '" en "b"\n')
    add("string of escapes", HEADER + 'input b: t zh "' + "\\\\" * (big // 2) + '"\n')
    add("unclosed strings on many lines", HEADER + 'input b: t zh "x\n' * (big // 20))
    add("file just over the size limit", HEADER + "#" * 2_000_001) if scale == "full" else None
    # ---- deep nesting
    add("open parentheses", HEADER + "quantity q = " + "(" * deep)
    add("balanced parentheses", HEADER + EMIT.format("(" * deep + "a" + ")" * deep))
    add("unary minus", HEADER + EMIT.format("- " * deep + "a"))
    add("left chain", HEADER + EMIT.format("a" + " + a" * deep))
    add("right chain", HEADER + EMIT.format("(a + " * deep + "a" + ")" * deep))
    add("nested min", HEADER + EMIT.format("min(a, " * deep + "a" + ")" * deep))
    add("nested lookups", HEADER + EMIT.format("f[" * deep + "a" + "]" * deep))
    add("nested conditionals", HEADER + EMIT.format("if a > 0 then " * deep + "a" + " else a" * deep))
    add("nested not", HEADER + EMIT.format("if " + "not " * deep + "a > 0 then a else a"))
    add("open braces", HEADER + "cutoff " + "{" * deep)
    add("open brackets", HEADER + "quantity q = " + "[" * deep)
    add("nesting at the limit, many times", HEADER + "".join(
        f"quantity q{i} = " + "(a + " * 98 + "a" + ")" * 98 + "\n" for i in range(many // 60)))
    # ---- many declarations, long lines, many errors
    add("many declarations", HEADER + "".join(f"input x{i}: t\n" for i in range(many)))
    add("many declarations on one line", HEADER + "".join(f"input x{i}: t " for i in range(many)))
    add("many broken declarations", HEADER + "".join(f"input x{i} $\n" for i in range(many)))
    add("five thousand errors on one line", 'ruleset "x" ' * 5000 + "\n")
    add("many headers on one line", 'ruleset "x" ' * many + "\n")
    add("a long line of names", HEADER + "quantity q = a" + " a" * (big // 2) + "\n")
    add("a long comment line", HEADER + "# " + "x" * big + "\n")
    add("many unknown names", HEADER + "".join(f"quantity q{i} = nope{i}\n" for i in range(many // 4)))
    add("many duplicate names", HEADER + "input d: t\n" * many)
    add("many lines of unexpected characters", HEADER + "$\n" * many)
    add("wide key set and table", HEADER + "keys k { " + ", ".join(f"k{i}" for i in range(many)) + " }\n"
        + "table tb: t/t by k { " + " ".join(f"k{i} = {i}" for i in range(many)) + " }\n")
    add("an example giving an input many times", HEADER + 'example "e" { given ' +
        ", ".join("a = 1 t" for _ in range(many)) + " }\n")
    add("many examples", HEADER + EMIT.format("a") + "".join(
        f'example "e{i}" {{ given output = 1 t, a = 1 t\n expect total = 1 kgCO2e within 1 % }}\n'
        for i in range(min(many, 2000))))
    # ---- huge numbers
    for number in ("1e999999999", "1e-99999999", "9" * 100_000, "0." + "0" * 100_000 + "1", "1e300", "1e-300",
                   "1" + "0" * 99, "1.5e300"):
        add(f"number {number[:12]}", HEADER + EMIT.format(f"a * {number}") +
            'example "e" { given output = 1 t, a = 1 t\n expect total = 1 kgCO2e within 1 % }\n')
    add("huge products", HEADER + "factor big: t/t = 1e300 source \"x\"\n" + EMIT.format("a" + " * big" * 98) +
        'example "e" { given output = 1 t, a = 1e300 t\n expect total = 1 kgCO2e within 1 % }\n')
    for unit in ("kg^999999999", "t^-999999999", "kg^1000", "kWh^100 / kWh^100", "t^0.5", "t" + " * t" * 5000):
        add(f"unit {unit[:14]}", HEADER + f"input u: {unit} in [0, 1]\nquantity q = u\n")
    add("bounds 1e300", HEADER + "input big: t in [-1e300, 1e300] default 1e300 source \"x\"\n")
    # ---- hostile characters
    add("NUL bytes", "\x00" * big)
    add("every control character", HEADER + 'input b: t zh "' + "".join(map(chr, range(32))) + '"\n')
    add("ANSI and OSC escapes", HEADER + 'input b: t zh "\x1b[2J\x1b]0;owned\x07\x1b]8;;http://x/\x07" en "x"\n')
    add("bidi controls", HEADER + "# \u202e } \u2066 if admin \u2069 \u2066\n" + "\u202e" * 1000)
    add("lone surrogates", HEADER + 'input b: t zh "\ud800\udfff\ud83d" en "x"\n' + "\udc80" * 1000)
    add("CR-only line endings", (HEADER + "input b: t in [0 1]\n").replace("\n", "\r"))
    add("BOM and CRLF", "\ufeff" + (HEADER + "input b: t $\n").replace("\n", "\r\n"))
    add("line and paragraph separators", HEADER.replace("\n", "\u2028") + "\u2029" * 1000)
    add("combining marks", HEADER + 'input b: t zh "' + "e" + "\u0301" * 10_000 + '" en "x" $\n')
    add("wide characters before an error", HEADER + 'input b: t zh "' + "中" * 10_000 + '" $\n')
    cases_out = [Case("pathological", name, text) for name, text in out if text is not None]
    cases_out += import_cases(chain)
    return cases_out


def import_cases(chain: int) -> list[Case]:
    main = "main.pcr"
    def uses_grid(path: str) -> str:
        return HEADER + f'import "{path}"\n' + EMIT.format("a * grid")

    grid = LIB.format(i=0) + 'factor grid: kgCO2/kWh = 0.5 source "x"\n'
    out = [
        Case("pathological", f"import chain of {chain}", uses_grid("l1.pcr"), main, {
            f"l{i}.pcr": LIB.format(i=i) + f'import "l{i + 1}.pcr"\nfactor f{i}: t/t = 1 source "x"\n'
            for i in range(1, chain + 1)}),
        Case("pathological", "import cycle", uses_grid("a.pcr"), main, {
            "a.pcr": LIB.format(i=1) + 'import "b.pcr"\n', "b.pcr": LIB.format(i=2) + 'import "a.pcr"\n'}),
        Case("pathological", "self import", LIB.format(i=1) + 'import "main.pcr"\n', main, {}, True),
        Case("pathological", "import of the importing ruleset", uses_grid("main.pcr"), main, {}, True),
        Case("pathological", "extends chain", HEADER.replace("status draft", 'extends "r1.pcr"'), main, {
            f"r{i}.pcr": HEADER.replace("status draft", f'extends "r{i + 1}.pcr"') for i in range(1, chain // 4)}),
        Case("pathological", "extends cycle", HEADER.replace("status draft", 'extends "main.pcr"'), main, {}, True),
        Case("pathological", "one library imported many times", HEADER + 'import "grid.pcr"\n' * 10_000, main,
             {"grid.pcr": grid}),
        Case("pathological", "lattice of imports", uses_grid("a0.pcr"), main, {
            **{f"{x}{level}.pcr": LIB.format(i=level) + f'import "a{level + 1}.pcr"\nimport "b{level + 1}.pcr"\n'
               for level in range(24) for x in "ab"},
            "a24.pcr": grid, "b24.pcr": grid}),
        Case("pathological", "a ruleset imported", uses_grid("other.pcr"), main,
             {"other.pcr": HEADER.replace("T-FUZZ 1", "OTHER")}),
        Case("pathological", "an import of a binary file", uses_grid("bin.pcr"), main,
             {"bin.pcr": "\udcff\udcfe\x00garbage"}),
    ]
    for path in HOSTILE_PATHS:
        out.append(Case("pathological", f"import {path[:30]!r}", uses_grid(path.replace("\\", "\\\\")), main,
                        {}, True))
        out.append(Case("pathological", f"extends {path[:30]!r}",
                        HEADER.replace("status draft", 'extends "' + path.replace("\\", "\\\\") + '"'), main, {},
                        True))
    return out
