"""The IR as canonical JSON, and its two fingerprints.

Canonical form: attrs records become objects (expression nodes and steps carry their kind as `node`;
a field at its declared default is left out), tuples become arrays, Fractions become "p/q" strings (or "n"): numbers by value, so 0.5366,
0.53660 and 5.366e-1 are one number. Spans and the source file are never part of it. Keys are
sorted; the text is UTF-8 (hashed with every non-ASCII character escaped, so that any string
hashes).

- The semantic fingerprint hashes the semantic fields only: what can change a number, a verdict
  or a refusal. Calculators carry it; a translation fix or a comment leaves it unchanged.
- The publication fingerprint hashes everything, texts and clause numbers included. Documents
  carry it.
"""
from __future__ import annotations

import hashlib
import json
from fractions import Fraction

import attrs

from .ir import IR_VERSION, Ruleset

_FIELDS: dict = {}


_NO_DEFAULT = object()


def _default(f):
    if f.default is attrs.NOTHING:
        return _NO_DEFAULT
    if isinstance(f.default, attrs.Factory):
        return _NO_DEFAULT if f.default.takes_self else f.default.factory()
    return f.default


def _fields(cls) -> tuple:
    """(name, is publication, default) of the serialized fields of an attrs class, cached."""
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple((f.name, bool(f.metadata.get("publication")), _default(f)) for f in attrs.fields(cls)
                      if not f.metadata.get("span") and f.name != "span")
        _FIELDS[cls] = found
    return found


def to_data(value, semantic: bool = False):
    """Plain JSON-able data; with `semantic`, publication fields are left out."""
    t = type(value)
    if t is str or t is bool or t is int or value is None:
        return value
    if t is Fraction:
        return str(value)
    if t is tuple or t is list:
        return [to_data(v, semantic) for v in value]
    if t is dict:
        return {k: to_data(v, semantic) for k, v in value.items()}
    fields = _fields(t) if attrs.has(t) else None
    if fields is None:
        raise TypeError(f"not IR data: {value!r}")
    # A field at its default is left out, so that a construct added to the IR later leaves the
    # fingerprints of the rules that do not use it unchanged.
    out = {}
    for name, publication, default in fields:
        if semantic and publication:
            continue
        field_value = getattr(value, name)
        if default is not _NO_DEFAULT and type(field_value) is type(default) and field_value == default:
            continue
        out[name] = to_data(field_value, semantic)
    op = getattr(t, "OP", None)
    if op is not None:
        out["node"] = op
    return out


def document(rs: Ruleset, semantic: bool = False) -> dict:
    return {"pcrlang_ir": IR_VERSION, "ruleset": to_data(rs, semantic)}


def canonical_json(rs: Ruleset, semantic: bool = False) -> str:
    return json.dumps(document(rs, semantic), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _hash(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def fingerprint(rs: Ruleset) -> str:
    """The semantic fingerprint (what a calculator implements)."""
    return _hash(document(rs, semantic=True))


def publication_fingerprint(rs: Ruleset) -> str:
    """The fingerprint of the whole published rule, texts included."""
    return _hash(document(rs))


@attrs.frozen
class Fingerprints:
    semantic: str
    publication: str


def fingerprints(rs: Ruleset) -> Fingerprints:
    return Fingerprints(fingerprint(rs), publication_fingerprint(rs))
