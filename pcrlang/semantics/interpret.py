"""The reference interpreter: the runtime (pcrlang/semantics/runtime.py) with the exact engine
(pcrlang/semantics/evaluate.py). Results hold exact Fractions; `to_json_numbers` rounds them."""
from __future__ import annotations

from fractions import Fraction

from ..core import ir
from ..core.serialize import publication_fingerprint
from ..core.spec import spec as make_spec
from . import runtime
from .evaluate import Engine
from .runtime import CalculationError  # noqa: F401  (re-exported: the interpreter's refusals)

_SPECS: dict = {}


def _identity(x):
    return x


def prepared(rs: ir.Ruleset, fingerprint: str) -> tuple[dict, Engine]:
    """The rule's SPEC and exact engine, built once per ruleset and fingerprint."""
    key = (id(rs), fingerprint)
    hit = _SPECS.get(key)
    if hit is None or hit[0] is not rs:
        if len(_SPECS) > 64:
            _SPECS.clear()
        spec = runtime.prepare(make_spec(rs, fingerprint, publication_fingerprint(rs)))
        hit = (rs, spec, Engine(rs, spec))
        _SPECS[key] = hit
    return hit[1], hit[2]


def calculate(rs: ir.Ruleset, raw, fingerprint: str) -> dict:
    """The full result in exact Fractions, or a CalculationError."""
    spec, engine = prepared(rs, fingerprint)
    return runtime.compute(spec, raw, engine, figure=_identity)


def calculate_total(rs: ir.Ruleset, raw, fingerprint: str) -> Fraction:
    spec, engine = prepared(rs, fingerprint)
    return runtime.compute_total(spec, raw, engine)


def to_json_numbers(value):
    """Fractions to floats (correctly rounded), recursively, for JSON output."""
    if type(value) is Fraction:
        return float(value)
    if isinstance(value, dict):
        return {k: to_json_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_numbers(v) for v in value]
    return value
