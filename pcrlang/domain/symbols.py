"""Symbols as a rule declares them (`symbol "E_{kiln}"`): a small subset of TeX, parsed into the
layout box that the document backend typesets as LaTeX, MathML and Office Math.

It lives here, outside the document backend, because the checker validates the same text
(PCR136, PCR137) and must not import a backend; docs/design/publication-fields.md, decision 4.
"""
from __future__ import annotations

import re

# A symbol is written in a small subset of TeX: a base, then an optional subscript and superscript:
#   E_{\mathrm{calc}}   EF_{\mathrm{grid}}   w_{\mathrm{CaO}}   \alpha   m_{i}^{2}   AD_{\text{电力}}
# base and groups: letters, digits, `,`, `.`, `-`, greek letters (\alpha ... \Omega), \mathrm{...}
# and \text{...} (upright text, which may be Chinese). Single letters are italic, longer runs
# upright, as ISO 80000-2 and GB 3102.11 set them.
GREEK = {n: chr(c) for n, c in (
    ("alpha", 0x3b1), ("beta", 0x3b2), ("gamma", 0x3b3), ("delta", 0x3b4), ("epsilon", 0x3f5),
    ("varepsilon", 0x3b5), ("zeta", 0x3b6), ("eta", 0x3b7), ("theta", 0x3b8), ("iota", 0x3b9),
    ("kappa", 0x3ba), ("lambda", 0x3bb), ("mu", 0x3bc), ("nu", 0x3bd), ("xi", 0x3be), ("pi", 0x3c0),
    ("rho", 0x3c1), ("sigma", 0x3c3), ("tau", 0x3c4), ("upsilon", 0x3c5), ("phi", 0x3d5),
    ("varphi", 0x3c6), ("chi", 0x3c7), ("psi", 0x3c8), ("omega", 0x3c9), ("Gamma", 0x393),
    ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39b), ("Xi", 0x39e), ("Pi", 0x3a0),
    ("Sigma", 0x3a3), ("Phi", 0x3a6), ("Psi", 0x3a8), ("Omega", 0x3a9), ("eta", 0x3b7))}
_SYMBOL_TOKEN = re.compile(r"\\(mathrm|text|[A-Za-z]+)|([A-Za-z]+)|([0-9]+)|([,.\-+'])|([_^{}])|(\s+)|(.)")


class SymbolError(ValueError):
    pass


def parse_symbol(text: str):
    """The box of a declared symbol; SymbolError if it is outside the subset above."""
    tokens = []
    pos = 0
    while pos < len(text):
        m = _SYMBOL_TOKEN.match(text, pos)
        if m.group(1):
            name = m.group(1)
            if name in ("mathrm", "text"):
                if not text.startswith("{", m.end()):
                    raise SymbolError(f"\\{name} needs a {{...}} argument")
                close = text.find("}", m.end())
                if close < 0:
                    raise SymbolError("unclosed {")
                body = text[m.end() + 1:close]
                if any(c in body for c in "\\{}$^_"):
                    raise SymbolError(f"\\{name}{{...}} holds plain text only")
                tokens.append(("up", body))
                pos = close + 1
                continue
            if name not in GREEK:
                raise SymbolError(f"unknown command \\{name}")
            tokens.append(("it" if name[0].islower() else "up", GREEK[name]))
        elif m.group(2):
            if (m.group(2) in ("mathrm", "text") or m.group(2) in GREEK) and text.startswith("{", m.end()) \
                    or m.group(2) in ("mathrm", "text"):
                # a backslash lost to the string's escapes: "\mathrm" in a pcrlang string is "mathrm"
                raise SymbolError(f"`{m.group(2)}` without its backslash: in a pcrlang string write "
                                  f"\\\\{m.group(2)} (or leave it out: a run of letters is upright)")
            tokens.append(("it" if len(m.group(2)) == 1 else "up", m.group(2)))
        elif m.group(3) or m.group(4):
            tokens.append(("up", m.group(0)))
        elif m.group(5):
            tokens.append((m.group(5), None))
        elif m.group(6):
            pass
        else:
            raise SymbolError(f"character {m.group(0)!r} is not allowed in a symbol")
        pos = m.end()

    def group(k):
        """(box, next index) of one group or one token."""
        if k >= len(tokens):
            raise SymbolError("a _ or ^ needs something after it")
        kind, value = tokens[k]
        if kind == "{":
            items = []
            k += 1
            while k < len(tokens) and tokens[k][0] != "}":
                box, k = atom(k)
                items.append(box)
            if k >= len(tokens):
                raise SymbolError("unclosed {")
            return (items[0] if len(items) == 1 else ("row", items)), k + 1
        if kind in ("it", "up"):
            return _sym_leaf(kind, value), k + 1
        raise SymbolError(f"unexpected {kind}")

    def atom(k):
        box, k = group(k)
        sub = sup = None
        while k < len(tokens) and tokens[k][0] in ("_", "^"):
            which = tokens[k][0]
            part, k = group(k + 1)
            if which == "_":
                if sub is not None:
                    raise SymbolError("two subscripts")
                sub = part
            else:
                if sup is not None:
                    raise SymbolError("two superscripts")
                sup = part
        if sub is not None and sup is not None:
            return ("subsup", box, sub, sup), k
        if sub is not None:
            return ("sub", box, sub), k
        if sup is not None:
            return ("sup", box, sup), k
        return box, k

    items = []
    k = 0
    if not tokens:
        raise SymbolError("a symbol cannot be empty")
    while k < len(tokens):
        if tokens[k][0] in ("}", "_", "^"):
            raise SymbolError(f"unexpected {tokens[k][0]}")
        box, k = atom(k)
        items.append(box)
    return items[0] if len(items) == 1 else ("row", items)


def _sym_leaf(kind: str, value: str):
    if kind == "it":
        return ("mi", value)
    return ("mr", value)  # upright identifier or text
