"""Text generated from the grammar by hypothesis (`from_lark`).

Naively only ~41 % of samples parse (generated comments swallow lines, identifiers come out as
keywords); explicit strategies for NAME, COMMENT, STRING and NUMBER make nearly all of them
parse. Names come mostly from a small pool shared with the standard vocabulary (units, gases,
carbon kinds, phases), so that references resolve and the checker goes past name lookup; half
of the samples follow a valid header and boundary, so that lowering and the interpreter run too.
"""
from __future__ import annotations

import gc
import random
from functools import lru_cache

from .harness import MINIMAL, Case

POOL = ["a", "b", "c", "x", "y", "output", "coal", "grid", "power", "make", "raw", "smelting", "casting", "mining",
        "t", "kg", "kWh", "GJ", "kgCO2", "kgCO2e", "tCO2", "MJ", "CO2", "CH4_fossil", "N2O", "CO2e", "fossil",
        "biogenic", "production", "raw_material_acquisition", "use", "end_of_life", "mass", "energy", "economic",
        "fixed", "substitution", "cut_off", "cff", "half_up", "combustion", "life_cycle", "draft", "issued",
        "AR5", "AR6", "cradle_to_gate", "gate_to_gate", "north", "south", "regions", "latest", "pass", "fail",
        "min", "max", "R1", "A", "Ev", "result", "good", "poor", "TeR", "GR"]
STRINGS = ['"x"', '"中文"', '"a\\"b"', '"2022-01-01"', '"2023-12-31"', '"1.0.0"', '"1.0"', '"CN"', '"north"',
           '"lib.pcr"', '"cn_grid.pcr"', '"/etc/passwd"', '"../x.pcr"', '"<script>"', '""', '"\\\\"', '"e\\n"']
NUMBERS = ["0", "1", "2", "2.5", "1e3", "44", "12", "0.5", "100", "1e999", "12345678901234567890", "1e-9", "3"]


@lru_cache(maxsize=None)
def strategy():
    from hypothesis import strategies as st
    from hypothesis.extra.lark import from_lark
    import lark
    from pcrlang.syntax.keywords import KEYWORDS, grammar_path
    names = st.one_of(st.sampled_from([n for n in POOL if n not in KEYWORDS]),
                      st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in KEYWORDS))
    grammar = lark.Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr")  # not cached: from_lark reads it
    # from_lark puts an ignored token (blank, comment) after a symbol only now and then, so
    # words and numbers come with a blank of their own, or `input a` would come out as `inputa`
    spaced = lambda strategy: strategy.map(lambda s: s + " ")
    explicit = {t.name: st.just(t.pattern.value + " ") for t in grammar.terminals
                if t.pattern.type == "str" and (t.pattern.value[:1].isalnum() or t.pattern.value[:1] == "_")}
    explicit.update({
        "NAME": spaced(names), "STRING": spaced(st.sampled_from(STRINGS)), "NUMBER": spaced(st.sampled_from(NUMBERS)),
        "COMMENT": st.just("# c\n"), "WS": st.sampled_from([" ", "\n", "\t", "\r\n", "  "])})
    return from_lark(grammar, explicit=explicit)


def texts(n: int, seed: int) -> list[str]:
    """n samples, the same for the same seed."""
    from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings
    out: list[str] = []
    attempt = 0
    while len(out) < n:
        @hypothesis_seed(seed * 1000 + attempt)
        @settings(max_examples=n - len(out), database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy())
        def collect(text):
            out.append(text)
        collect()
        attempt += 1
    # hypothesis leaves a gc callback behind (it times collections); the cases run without it
    gc.callbacks[:] = [cb for cb in gc.callbacks if not getattr(cb, "__module__", "").startswith("hypothesis")]
    return out[:n]


def cases(n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    alone = rng.randint(0, n)
    out = [Case("grammar", "alone", t) for t in texts(alone, seed)]
    out += [Case("grammar", "after a header", MINIMAL + t) for t in texts(n - alone, seed + 1)]
    rng.shuffle(out)
    return out
