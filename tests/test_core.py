"""The core IR: its JSON Schema, the two fingerprints, numbers by value, the run-time error
catalogue, and that a backend reads the IR alone."""
from __future__ import annotations

import json
from fractions import Fraction

import jsonschema
import pytest

from pcrlang.core import expr as cx
from pcrlang.core import ir, serialize
from pcrlang.core.schema import ir_schema
from pcrlang.compiler import compile_file
from pcrlang.semantics import errors, runtime
from pcrlang.semantics.evaluate import Engine

from helpers import HEADER, RULESETS, compile_body

ONE = '''
input fuel: t in [0, 1e6] zh "燃料" en "Fuel"
factor ef: tCO2/t = 0.5366 source "test" zh "因子" en "Factor"
emission burn in make.smelting, gas CO2, fossil zh "燃烧" en "Burning" = fuel * ef
example "one" zh "一" en "One" {
  given output = 1 t, fuel = 1 t
  expect total = 536.6 kgCO2e within 0.0001 %
}
'''


@pytest.fixture(scope="module")
def validator():
    schema = ir_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_every_shipped_ir_validates_against_the_ir_schema(path, validator):
    c = compile_file(str(path))
    data = json.loads(serialize.canonical_json(c.ruleset))
    errors_found = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors_found, errors_found[:5]


def test_the_schema_marks_publication_fields_and_names_every_node():
    schema = ir_schema()
    defs = schema["$defs"]
    assert {f"expr.{n.__name__}" for n in cx.NODES} <= set(defs)
    assert defs["Input"]["properties"]["clause"]["x-pcrlang-publication"] is True
    assert "x-pcrlang-publication" not in defs["Input"]["properties"]["bounds"]
    assert schema["properties"]["pcrlang_ir"] == {"const": ir.IR_VERSION}


def test_a_translation_fix_keeps_the_semantic_fingerprint_and_changes_the_publication_one():
    a = compile_body(ONE)
    b = compile_body(ONE.replace('en "Fuel"', 'en "Fuel burnt"'))
    assert a.fingerprint == b.fingerprint
    assert a.publication_fingerprint != b.publication_fingerprint


def test_a_comment_changes_neither_fingerprint():
    a = compile_body(ONE)
    b = compile_body("# a comment\n" + ONE)
    assert (a.fingerprint, a.publication_fingerprint) == (b.fingerprint, b.publication_fingerprint)


@pytest.mark.parametrize("spelling", ["0.53660", "5.366e-1", "53.66e-2", "2683/5000"])
def test_numbers_are_held_by_value(spelling):
    a = compile_body(ONE)
    b = compile_body(ONE.replace("= 0.5366 source", f"= {spelling} source"))
    assert (a.fingerprint, a.publication_fingerprint) == (b.fingerprint, b.publication_fingerprint)


def test_a_changed_value_changes_both_fingerprints():
    a = compile_body(ONE)
    b = compile_body(ONE.replace("= 0.5366 source", "= 0.5367 source").replace("536.6 kgCO2e", "536.7 kgCO2e"))
    assert a.fingerprint != b.fingerprint and a.publication_fingerprint != b.publication_fingerprint


def test_the_canonical_json_holds_exact_numbers_and_no_spans():
    c = compile_body(ONE)
    text = serialize.canonical_json(c.ruleset)
    data = json.loads(text)
    (factor,) = data["ruleset"]["factors"]
    # 0.5366 tCO2/t is 0.5366 kgCO2/kg in base units: by value, as an exact fraction
    assert factor["base_value"] == "2683/5000" and factor["value"] == "2683/5000"
    assert "span" not in text and "test.pcr" not in text


def test_a_backend_needs_only_the_ir_json(validator):
    """The IR's JSON alone determines the program: every expression node has its op and type."""
    c = compile_file(str(next(p for p in RULESETS if p.stem == "cement")))
    data = json.loads(serialize.canonical_json(c.ruleset))
    ops = set()

    def walk(x):
        if isinstance(x, dict):
            if "node" in x:
                ops.add(x["node"])
                if x["node"] not in ("let", "check"):
                    assert "type" in x
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(data)
    assert {"input", "to_base", "factor", "binary", "ref", "let", "check", "sum", "contribution"} <= ops


# ---- the run-time error catalogue ------------------------------------------------------------------
def test_every_code_has_title_help_and_messages_in_both_languages():
    for code, entry in errors.ERRORS.items():
        assert code.isidentifier() and code == code.lower()
        for key in ("title", "help"):
            en, zh = entry[key]
            assert en and zh and en != zh, (code, key)
        for variant, (en, zh) in entry["messages"].items():
            assert en and zh, (code, variant)
            names = lambda t: sorted(x for x in __import__("string").Formatter().parse(t) if x[1])  # noqa: E731
            assert [n[1] for n in names(en)] == [n[1] for n in names(zh)] or \
                sorted(n[1] for n in names(en)) == sorted(n[1] for n in names(zh)), (code, variant)


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_the_ir_refuses_only_with_catalogued_codes(path):
    rs = compile_file(str(path)).ruleset
    for step in rs.steps:
        if isinstance(step, ir.Check):
            assert step.variant in errors.ERRORS[step.code]["messages"]
        for node in cx.walk(step.expr if isinstance(step, ir.Let) else step.condition):
            if isinstance(node, cx.Refuse):
                assert "source" in errors.ERRORS[node.code]["messages"]


def test_messages_follow_the_chosen_language():
    try:
        errors.set_language("zh")
        with pytest.raises(runtime.CalculationError) as refused:
            runtime.refuse("missing_input", "input", field="coal", clause="6.1.5")
        assert refused.value.message == "缺少必需的输入 `coal`"
    finally:
        errors.set_language("en")
    with pytest.raises(runtime.CalculationError) as refused:
        runtime.refuse("missing_input", "input", field="coal", clause="6.1.5")
    assert refused.value.message == "required input `coal` is missing"


# ---- reading JSON: one set of rules for every target -----------------------------------------------
@pytest.mark.parametrize("text, variant, message", [
    (b'{"a": 1, "a": 2}', "duplicate", "the key `a` is given twice"),
    (b'{"a": NaN}', "constant", "`NaN` is not a JSON number"),
    (b'{"a": "\\ud800"}', "surrogate", "the input holds an unpaired surrogate escape (\\ud800)"),
    (b'{"\\udc00": 1}', "surrogate", "the input holds an unpaired surrogate escape (\\udc00)"),
    (b'{"a": "\xff"}', "utf8", "the input is not valid UTF-8 (byte 7)"),
    (b"[" * 100 + b"]" * 100, "depth", "the input is nested more than 64 levels deep"),
    (b"[" * 100000 + b"]" * 100000, "depth", "the input is nested more than 64 levels deep"),
    (b'{"a": 1', "syntax", "the input is not valid JSON: Expecting ',' delimiter at line 1, column 8"),
])
def test_hostile_json_is_refused_with_one_code(text, variant, message):
    with pytest.raises(runtime.CalculationError) as refused:
        runtime.read_json(text)
    assert (refused.value.code, refused.value.message) == ("invalid_json", message)
    assert errors.error_message("invalid_json", variant, {"detail": "", "offset": 7, "escape": "d800", "key": "a",
                                                          "limit": 64, "literal": "NaN"})


def test_json_numbers_beyond_binary64_are_infinite_not_slow():
    # 1e100000000 as Decimal or Fraction would take minutes; as binary64 it is infinity at once
    assert runtime.read_json(b'{"a": 1e100000000}') == {"a": float("inf")}
    assert runtime.read_json(b'{"a": ' + b"9" * 400 + b"}") == {"a": float("inf")}
    assert runtime.read_json("\ufeff{\"a\": 1}".encode("utf-8")) == {"a": 1}  # a byte-order mark is fine


def test_the_interpreter_engine_and_the_spec_agree_on_shapes():
    c = compile_body(ONE)
    from pcrlang.semantics.interpret import prepared
    spec, engine = prepared(c.ruleset, c.fingerprint)
    assert isinstance(engine, Engine)
    gas, co2e, report, produced, rows = engine.run([Fraction(1), Fraction(2)])
    assert rows == (None,)  # no contribution per row
    assert len(gas) == len(spec["contributions"]) == 1 and len(report) == len(spec["report"])
    # 2 t fuel x 0.5366 t CO2/t = 1073.2 kg CO2, per 1 t of output (production 1 t = 1000 kg)
    assert co2e == (Fraction("1073.2"),) and produced == 1000
    assert report[spec["total"]] == Fraction("1073.2")


def test_header_is_what_helpers_use():
    assert "production output" in HEADER
