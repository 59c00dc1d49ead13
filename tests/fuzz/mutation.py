"""Mutations of the shipped rulesets and of the standard library."""
from __future__ import annotations

import random
import re
from functools import lru_cache

from .harness import ROOT, Case

# what gets inserted: the characters and tokens of the findings, and some of the language's own
INSERTS = [
    '"', "{", "}", "(", ")", "[", "]", ",", ":", "=", "1e999", "1e-999", "9" * 120, "0", "-", "/ 0", "\x00", "中",
    "\ud800", "\udfff", "\x1b[31m", "\x1b]8;;http://x/\x07", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u202e",
    "\u2066", "\ufeff", "\t", "\r", "\n", "\\", '\\"', "#", "·", "^", "%", "*", "e", ".", "..", "é", "😀", "\u0301",
    " if x > 0 then 1 else 2", " override", " import \"/etc/passwd\"\n", ' import "../../x.pcr"\n',
]


@lru_cache(maxsize=None)
def sources() -> tuple[tuple[str, str], ...]:
    """(path, text) of every shipped ruleset and standard library file."""
    paths = sorted((ROOT / "rulesets").glob("*.pcr")) + sorted((ROOT / "pcrlang" / "stdlib").glob("*.pcr"))
    return tuple((str(p), p.read_text(encoding="utf-8")) for p in paths)


@lru_cache(maxsize=None)
def _words(text: str) -> tuple[str, ...]:
    return tuple(sorted(set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))))


def _splice(rng: random.Random, text: str) -> tuple[str, str]:
    n = len(text)
    kind = rng.choice(["delete", "insert", "insert", "replace", "duplicate", "swap_lines", "duplicate_line",
                       "delete_line", "truncate", "line_endings", "rename", "number", "keyword"])
    i = rng.randrange(n + 1)
    if kind == "delete":
        j = min(n, i + rng.choice([1, 1, 2, 5, 20, 200]))
        return kind, text[:i] + text[j:]
    if kind == "insert":
        return kind, text[:i] + rng.choice(INSERTS) * rng.choice([1, 1, 1, 2, 10]) + text[i:]
    if kind == "replace":
        j = min(n, i + rng.choice([1, 3, 10]))
        return kind, text[:i] + rng.choice(INSERTS) + text[j:]
    if kind == "duplicate":
        j = min(n, i + rng.choice([5, 50, 500]))
        return kind, text[:j] + text[i:j] + text[j:]
    lines = text.split("\n")
    if kind == "swap_lines":
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return kind, "\n".join(lines)
    if kind == "duplicate_line":
        a = rng.randrange(len(lines))
        lines.insert(a, lines[a])
        return kind, "\n".join(lines)
    if kind == "delete_line":
        del lines[rng.randrange(len(lines))]
        return kind, "\n".join(lines)
    if kind == "truncate":
        return kind, text[:i]
    if kind == "line_endings":
        return kind, text.replace("\n", rng.choice(["\r", "\r\n", "\u2028", "\x85"]))
    if kind == "rename":  # a name for another name of the file: the checker's paths
        words = _words(text)
        if not words:  # truncated to nothing, say
            return kind, text
        old, new = rng.choice(words), rng.choice(words)
        matches = [m.start() for m in re.finditer(rf"\b{re.escape(old)}\b", text)]
        if not matches:
            return kind, text
        at = rng.choice(matches)
        return kind, text[:at] + new + text[at + len(old):]
    if kind == "number":
        matches = list(re.finditer(r"\b[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\b", text))
        if not matches:
            return kind, text
        m = rng.choice(matches)
        new = rng.choice(["0", "-0", "1e300", "1e-300", "1e999", "0.0", "1", "2", "100", "-1", "1e30", "3.5",
                          "0.000001", "99999999999999999999"])
        return kind, text[:m.start()] + new + text[m.end():]
    # keyword: a keyword of the grammar at a random place
    from pcrlang.syntax.keywords import KEYWORDS
    return kind, text[:i] + " " + rng.choice(sorted(KEYWORDS)) + " " + text[i:]


def case(rng: random.Random, index: int) -> Case:
    path, text = rng.choice(sources())
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        kind, text = _splice(rng, text)
        done.append(kind)
    name = path.rsplit("/", 1)[-1] + ": " + ", ".join(done)
    return Case("mutation", name, text, path)
